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
import gc
import multiprocessing as mp
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Union

from pydantic import TypeAdapter

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
    if _PIPELINE is not None and _PIPELINE.reference == reference:
        return  # inherited, warm, from the parent (fork)
    from .pipeline import Pipeline

    _PIPELINE = Pipeline(reference=reference)


WARM_UP_TEXT = "2020年1月，贵州省普安县完成投资100亿元，同比增长8.5%。"


def _warm_up(reference: dt.date | None) -> None:
    """Build the pipeline here and run it once, so that its compiled rules and lexicons exist
    before ``gc.freeze`` and forked workers inherit them instead of each loading them again."""
    _init_worker(reference)
    try:
        _PIPELINE.process_text(WARM_UP_TEXT)
    except Exception:  # pragma: no cover - a broken extractor shows on the real documents
        pass


def _work(task: tuple[RawDocument | ReadError, Callable | None]):
    item, post = task
    if isinstance(item, ReadError):
        return item
    try:
        doc = _PIPELINE.process(item)
        return doc if post is None else post(doc, item)
    except Exception as e:  # one bad document must not stop a corpus run
        return ExtractionError(item.path or item.id, f"{type(e).__name__}: {e}", item.id)


@dataclass
class Serialized:
    """A document as its JSON text in UTF-8 (what ``cnie extract`` writes), made in the worker
    so that the parent only writes bytes: unpickling whole models cost it a core of its own,
    and bytes cross the pipe and reach the file without the decode and encode a ``str`` needs
    (the JSON is ~12x the text: mentions and records carry their sentences)."""

    doc: str
    json: bytes


@lru_cache(maxsize=1)
def _document_json() -> TypeAdapter:
    return TypeAdapter(Document)


def as_json(doc: Document, raw: RawDocument) -> Serialized:
    """A ``post`` step: the document serialized by its model (``model_dump_json`` as bytes)."""
    return Serialized(doc.doc, _document_json().dump_json(doc))


def with_normalized(doc: Document, raw: RawDocument) -> Processed:
    """A ``post`` step: the document with its normalized text."""
    from .normalize import normalize

    return Processed(doc, normalize(raw.text).text)


def _run(items: Iterable[RawDocument | ReadError], workers: int, reference,
         post: Callable | None, chunksize: int) -> Iterator:
    tasks = ((item, post) for item in items)
    # fork: workers start at once with the parent's imports; spawn where fork is unavailable.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if workers <= 1 or method == "fork":
        _warm_up(reference)
    # The lexicons (~50k tracked lists, entries and places) live as long as the process:
    # frozen, the cyclic collector stops walking them on every full collection, and forked
    # workers stop writing to (and so copying) the pages that hold them.
    gc.freeze()
    try:
        if workers <= 1:
            for task in tasks:
                yield _work(task)
            return
        pool = mp.get_context(method).Pool(workers, initializer=_init_worker,
                                           initargs=(reference,))
        try:
            yield from pool.imap(_work, tasks, chunksize=max(1, chunksize))
            pool.close()
        finally:
            pool.terminate()
            pool.join()
    finally:
        gc.unfreeze()


def process_documents(items: Iterable[RawDocument | ReadError], workers: int = 1,
                      reference: dt.date | None = None, chunksize: int = 2,
                      post: Callable | None = None) -> Iterator[Result]:
    """Documents (or errors) for ``items``, in order, extracted by ``workers`` processes.

    ``post(document, raw)``, a module-level function, runs in the worker on each document and
    its result is yielded instead (``cnie ingest`` builds its database rows there, so that the
    single writer only writes).
    """
    return _run(items, workers, reference, post, chunksize)


def process_for_ingest(items: Iterable[RawDocument | ReadError], workers: int = 1,
                       reference: dt.date | None = None, chunksize: int = 2
                       ) -> Iterator[Processed | ReadError | ExtractionError]:
    """Like ``process_documents``, with each document's normalized text (``Processed``)."""
    return _run(items, workers, reference, with_normalized, chunksize)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
