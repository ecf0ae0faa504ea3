"""Extraction over many documents in parallel processes, results in input order.

``process_documents(items, workers)`` takes what ``read_documents`` yields (``RawDocument`` or
``ReadError``) and yields, in the same order, a ``Document`` per readable input or the error:
``ReadError`` passes through untouched, a document whose extraction raised becomes an
``ExtractionError``. With ``workers <= 1`` everything runs in this process. Otherwise a
``multiprocessing`` pool is used: each worker process builds its ``Pipeline`` once (rules and
lexicons compiled once per process), documents go out in chunks (``imap``, ordered) and the
caller stays the single consumer, so a database has one writer.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
from dataclasses import dataclass
from typing import Iterable, Iterator, Union

from .models import Document
from .reader import RawDocument, ReadError


@dataclass
class ExtractionError:
    """A document that was read but whose extraction failed."""

    path: str
    message: str
    doc_id: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: extraction failed: {self.message}"


@dataclass
class Processed:
    """A document with its normalized text (what ``cnie ingest`` stores beside the original)."""

    document: Document
    normalized: str


Result = Union[Document, ReadError, ExtractionError]

_PIPELINE = None  # one per worker process


def _init_worker(reference: dt.date | None) -> None:
    global _PIPELINE
    from .pipeline import Pipeline

    _PIPELINE = Pipeline(reference=reference)


def _work(task: tuple[RawDocument | ReadError, bool]):
    item, with_normalized = task
    if isinstance(item, ReadError):
        return item
    try:
        doc = _PIPELINE.process(item)
        if not with_normalized:
            return doc
        from .normalize import normalize

        return Processed(doc, normalize(item.text).text)
    except Exception as e:  # one bad document must not stop a corpus run
        return ExtractionError(item.path or item.id, f"{type(e).__name__}: {e}", item.id)


def _run(items: Iterable[RawDocument | ReadError], workers: int, reference, with_normalized: bool,
         chunksize: int) -> Iterator:
    tasks = ((item, with_normalized) for item in items)
    if workers <= 1:
        _init_worker(reference)
        for task in tasks:
            yield _work(task)
        return
    # fork: workers start at once with the parent's imports; spawn where fork is unavailable.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(reference,))
    try:
        yield from pool.imap(_work, tasks, chunksize=max(1, chunksize))
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def process_documents(items: Iterable[RawDocument | ReadError], workers: int = 1,
                      reference: dt.date | None = None, chunksize: int = 2) -> Iterator[Result]:
    """Documents (or errors) for ``items``, in order, extracted by ``workers`` processes."""
    return _run(items, workers, reference, False, chunksize)


def process_for_ingest(items: Iterable[RawDocument | ReadError], workers: int = 1,
                       reference: dt.date | None = None, chunksize: int = 2
                       ) -> Iterator[Processed | ReadError | ExtractionError]:
    """Like ``process_documents``, with each document's normalized text (``Processed``)."""
    return _run(items, workers, reference, True, chunksize)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
