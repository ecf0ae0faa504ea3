"""The ingest loop: read -> skip stored content -> extract and build rows (N processes) ->
write (one writer, one transaction per document).

``run_ingest`` is what ``cnie ingest`` and ``benchmarks/bench_ingest.py`` run. Content already
stored is recognised by its hash before extraction, so a rerun after an interruption only
extracts what is missing. Each document is written in its own transaction by this process.
"""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ..reader import DEFAULT_MAX_BYTES, RawDocument, ReadError, read_documents
from .store import content_hash, ingest_document, stored_hashes


@dataclass
class IngestStats:
    counts: Counter = field(default_factory=Counter)  # added/replaced/unchanged/duplicate/failed
    errors: list[str] = field(default_factory=list)
    write_seconds: float = 0.0  # time spent in the writer's transactions

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    @property
    def stored(self) -> int:
        return self.counts["added"] + self.counts["replaced"]

    def summary(self) -> str:
        c = self.counts
        return (f"{c['added']} added, {c['replaced']} replaced, {c['unchanged']} unchanged, "
                f"{c['duplicate']} duplicate, {c['failed']} failed")


def run_ingest(engine: Engine, paths: Iterable | None = None, *,
               items: Iterable[RawDocument | ReadError] | None = None, workers: int = 1,
               reference: dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               force: bool = False, on_error: Callable[[str], None] | None = None,
               on_done: Callable[[str], None] | None = None) -> IngestStats:
    """Ingest the documents under ``paths`` (or the given ``items``) into ``engine``.

    ``on_error(message)`` is called once per failed input (the run goes on); ``on_done(status)``
    once per input handled by the writer (for progress).
    """
    from ..parallel import ExtractionError, process_documents
    from .store import prepare_for_ingest

    stats = IngestStats()
    known = set() if force else stored_hashes(engine)
    if workers > 1:
        engine.dispose()  # no open connection is inherited by the forked workers
    source = items if items is not None else read_documents(paths or [], max_bytes=max_bytes)

    def feed():
        for item in source:
            if isinstance(item, RawDocument) and content_hash(item.text) in known:
                stats.counts["unchanged"] += 1  # stored already: not even extracted
                continue
            yield item

    def fail(message: str) -> None:
        stats.counts["failed"] += 1
        stats.errors.append(message)
        if on_error:
            on_error(message)

    # Workers extract and build the rows (prepare_for_ingest); this process only writes.
    for res in process_documents(feed(), workers=workers, reference=reference,
                                 post=prepare_for_ingest):
        if isinstance(res, (ReadError, ExtractionError)):
            fail(f"error: {res}")
            status = "failed"
        else:
            t0 = time.perf_counter()
            try:
                status = ingest_document(engine, res, force=force).status
                stats.counts[status] += 1
            except SQLAlchemyError as e:
                orig = getattr(e, "orig", None)
                msg = (str(orig if orig is not None else e).strip().splitlines() or [""])[0]
                fail(f"error: {res.label}: cannot store: {type(e).__name__}: {msg}")
                status = "failed"
            stats.write_seconds += time.perf_counter() - t0
        if on_done:
            on_done(status)
    return stats
