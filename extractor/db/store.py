"""Writing documents to the achievements database, one transaction per document.

``ingest_document(engine, doc)`` is idempotent and atomic:

- the document's identity is its ``source_key`` (absolute source path; ``file.jsonl#id`` for a
  JSON Lines record; ``id:<doc id>`` when there is no path) and its content is the sha256 of its
  text (``content_hash``);
- content already stored (under any key) -> nothing is written (``unchanged``, or ``duplicate``
  when another source holds the same text);
- a known key with new content -> the old version and every row hanging off it (mentions,
  records, programmes, places, QA flags) are deleted and the new version inserted in the same
  transaction (``replaced``); otherwise the document is ``added``.

A process killed mid-document leaves its transaction uncommitted, so every stored document is
whole; a rerun skips stored content and completes the rest.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import JSON, Connection, Engine, delete, func, insert, or_, select

from ..models import (
    DateMention, Document, IndicatorRecord, PlaceMention, ProgramMention, QuantityMention,
)
from .models import (
    CHILD_TABLES, Base, DocumentRow, MentionRow, PlaceRow, ProgrammeRow, QAFlagRow, RecordRow,
)


def _mention_types() -> dict[str, type]:
    """type -> mention model, from the ``Mention`` union (new types are picked up)."""
    from typing import get_args

    from .. import models

    out = {"quantity": QuantityMention, "date": DateMention, "place": PlaceMention,
           "program": ProgramMention}
    union = get_args(models.Mention)[0] if get_args(models.Mention) else None
    for cls in get_args(union) if union is not None else ():
        default = getattr(cls, "model_fields", {}).get("type")
        if default is not None and isinstance(default.default, str):
            out[default.default] = cls
    return out


MENTION_TYPES = _mention_types()
_MENTION_SKIP = {"id", "document_id", "seq", "extra"}
MENTION_COLUMNS = {c.name for c in MentionRow.__table__.columns} - _MENTION_SKIP
RECORD_COLUMNS = {c.name for c in RecordRow.__table__.columns} - {"id", "document_id", "seq",
                                                                   "extra"}
# Test hook: seconds to sleep inside each document's transaction, between the document row and
# its mentions (lets a test kill an ingest mid-transaction). Never set it otherwise.
SLOW_WRITE_ENV = "CNIE_DB_SLOW_WRITE"
_JSONL_PATH = re.compile(r"^(?P<file>.*\.(?:jsonl|ndjson)):(?P<line>\d+)$", re.IGNORECASE)


@dataclass
class IngestResult:
    status: str  # added | replaced | unchanged | duplicate
    document_id: int
    key: str


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def source_key(doc: Document) -> str:
    """Identity of a document across versions (see module docstring)."""
    path = doc.source_path
    if not path:
        return f"id:{doc.id}"
    m = _JSONL_PATH.match(path)
    if m:
        return f"{os.path.abspath(m['file'])}#{doc.id}"
    return os.path.abspath(path)


# --- model -> rows ---------------------------------------------------------------------------

def _mention_column(typ: str, field: str) -> str:
    return "date_value" if typ == "date" and field == "value" else field


def mention_values(m, seq: int) -> dict[str, Any]:
    data = m.model_dump(mode="json")
    row: dict[str, Any] = {c: None for c in MENTION_COLUMNS}
    extra: dict[str, Any] = {}
    for field, value in data.items():
        col = _mention_column(data["type"], field)
        if col in MENTION_COLUMNS:
            row[col] = None if value == [] else value  # empty list: NULL, read as the default
        else:
            extra[field] = value
    row.update(seq=seq, extra=extra or None)
    return row


def record_values(r: IndicatorRecord, seq: int) -> dict[str, Any]:
    data = r.model_dump(mode="json")
    row: dict[str, Any] = {c: None for c in RECORD_COLUMNS}
    extra: dict[str, Any] = {}
    for field, value in data.items():
        col = "record_id" if field == "id" else field
        if col in RECORD_COLUMNS:
            row[col] = None if value == [] else value
        else:
            extra[field] = value
    row.update(seq=seq, extra=extra or None)
    return row


def _distinct_rows(mentions: Iterable, typ: str, key: Callable[[Any], str],
                   row: Callable[[Any], dict[str, Any]], fill: tuple[str, ...] = ()
                   ) -> list[dict[str, Any]]:
    """One row per distinct ``key`` among the mentions of type ``typ``: ``row`` of its first
    mention, with that mention's start and the count; ``fill``: fields a later mention
    supplies when the first left them empty."""
    out: dict[str, dict[str, Any]] = {}
    for m in mentions:
        if m.type != typ:
            continue
        k = key(m)
        got = out.get(k)
        if got is None:
            out[k] = {**row(m), "first_start": m.start, "n_mentions": 1}
        else:
            got["n_mentions"] += 1
            for f in fill:
                got[f] = got[f] or getattr(m, f)
    return list(out.values())


def programme_values(mentions: Iterable) -> list[dict[str, Any]]:
    """One row per distinct programme (by ``program_id``, else name) among the mentions."""
    return _distinct_rows(
        mentions, "program", lambda m: m.program_id or m.name or m.text,
        lambda m: {"program_id": m.program_id, "name": m.name or m.text, "kind": m.kind},
        fill=("kind",))


def place_values(mentions: Iterable) -> list[dict[str, Any]]:
    """One row per distinct place (by adcode, else name) among the mentions."""
    return _distinct_rows(
        mentions, "place", lambda m: m.adcode or m.name or m.text,
        lambda m: {"name": m.name or m.text, "level": m.level, "adcode": m.adcode,
                   "parent": m.parent})


def document_values(doc: Document, normalized: str | None, key: str, digest: str
                    ) -> dict[str, Any]:
    meta = doc.meta
    return {
        "source_key": key, "content_hash": digest, "doc_id": doc.id, "doc_name": doc.doc,
        "source_path": doc.source_path, "url": meta.url, "title": meta.title,
        "published": meta.published, "source": meta.source, "author": meta.author,
        "script": meta.script, "meta": meta.model_dump(mode="json"),
        "lines": [ln.model_dump(mode="json") for ln in doc.lines],
        "warnings": list(doc.warnings), "raw_text": doc.text, "normalized_text": normalized,
        "n_mentions": len(doc.mentions), "n_records": len(doc.records),
    }


# --- writing ---------------------------------------------------------------------------------

def delete_document(conn: Connection, document_id: int) -> None:
    """Delete a document and every row that hangs off it (explicitly: no reliance on FKs)."""
    conn.execute(delete(QAFlagRow).where(or_(QAFlagRow.document_id == document_id,
                                             QAFlagRow.other_document_id == document_id)))
    for table in CHILD_TABLES:
        if table is not QAFlagRow:
            conn.execute(delete(table).where(table.document_id == document_id))
    conn.execute(delete(DocumentRow).where(DocumentRow.id == document_id))


@dataclass
class PreparedDocument:
    """A document turned into rows, ready for the writer (built in the extraction workers, so
    that the single writer only writes, and plain rows cross the process boundary)."""

    key: str
    digest: str
    label: str  # source path or id, for messages
    values: dict[str, Any]  # the documents row
    children: list[tuple[str, list[dict[str, Any]]]]  # (table name, rows without document_id)


def prepare_document(doc: Document, normalized: str | None = None,
                     qa_flags: Iterable[dict] | None = None) -> PreparedDocument:
    key = source_key(doc)
    digest = content_hash(doc.text)
    flags = list(getattr(doc, "flags", None) or []) + list(qa_flags or ())
    children = [
        (MentionRow.__tablename__, [mention_values(m, i) for i, m in enumerate(doc.mentions)]),
        (RecordRow.__tablename__, [record_values(r, i) for i, r in enumerate(doc.records)]),
        (ProgrammeRow.__tablename__, programme_values(doc.mentions)),
        (PlaceRow.__tablename__, place_values(doc.mentions)),
        (QAFlagRow.__tablename__, [_flag_values(f) for f in flags]),
    ]
    return PreparedDocument(key, digest, doc.source_path or doc.id,
                            document_values(doc, normalized, key, digest), children)


def prepare_for_ingest(doc: Document, raw) -> PreparedDocument:
    """``post`` step of ``parallel.process_documents`` for ``cnie ingest`` (runs in workers)."""
    from ..normalize import normalize

    return prepare_document(doc, normalize(raw.text).text)


def write_prepared(conn: Connection, prepared: PreparedDocument) -> int:
    """Insert a prepared document and its rows on ``conn`` (in the caller's transaction)."""
    doc_pk = conn.execute(insert(DocumentRow).returning(DocumentRow.id),
                          prepared.values).scalar_one()
    delay = os.environ.get(SLOW_WRITE_ENV)
    if delay:
        time.sleep(float(delay))
    tables = Base.metadata.tables
    for name, rows in prepared.children:
        if rows:
            insert_rows(conn, tables[name], [{**row, "document_id": doc_pk} for row in rows])
    return doc_pk


def write_document(conn: Connection, doc: Document, normalized: str | None = None,
                   qa_flags: Iterable[dict] | None = None) -> int:
    """Insert ``doc`` and its rows on ``conn`` (inside the caller's transaction)."""
    return write_prepared(conn, prepare_document(doc, normalized, qa_flags))


COPY_MIN_ROWS = 20


def insert_rows(conn: Connection, table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) on ``conn``, in its transaction: PostgreSQL
    gets one ``COPY ... FROM STDIN`` (several times faster than row-by-row inserts), everything
    else a bulk ``INSERT`` (executemany)."""
    if conn.dialect.name != "postgresql" or len(rows) < COPY_MIN_ROWS:
        conn.execute(insert(getattr(table, "__table__", table)), rows)
        return
    t = getattr(table, "__table__", table)
    cols = list(rows[0])
    # COPY bypasses SQLAlchemy's Python-side column defaults: compute them here.
    defaults = {c.name: c.default for c in t.columns
                if c.default is not None and c.name not in cols and not c.primary_key}
    if defaults:
        values = {name: (d.arg(None) if d.is_callable else d.arg) for name, d in defaults.items()}
        rows = [{**row, **values} for row in rows]
        cols += list(values)
    json_cols = {c for c in cols if isinstance(t.c[c].type, JSON)}
    quote = conn.dialect.identifier_preparer.quote
    sql = f"COPY {quote(t.name)} ({', '.join(quote(c) for c in cols)}) FROM STDIN"
    cursor = conn.connection.driver_connection.cursor()
    try:
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c], ensure_ascii=False)
                                if c in json_cols and row[c] is not None else row[c]
                                for c in cols])
    finally:
        cursor.close()


def _flag_values(flag) -> dict[str, Any]:
    """Row values of a flag: a ``QAFlag`` model (the document's own flags) or a dict with
    ``check_id`` (or ``check``), ``severity``, ``message`` and optionally ``flag_id``/``id``,
    ``record_ids``, ``evidence``, ``other_document_id``."""
    if hasattr(flag, "model_dump"):
        flag = flag.model_dump(mode="json")
    evidence = flag.get("evidence") or {}
    if hasattr(evidence, "model_dump"):
        evidence = evidence.model_dump(mode="json")
    records = flag.get("record_ids")
    if records is None:
        records = evidence.get("records") or []
    return {
        "flag_id": flag.get("flag_id", flag.get("id")),
        "other_document_id": flag.get("other_document_id"),
        "record_ids": list(records),
        "check_id": flag.get("check_id", flag.get("check")), "severity": flag["severity"],
        "message": flag["message"], "evidence": dict(evidence),
    }


def ingest_document(engine: Engine, doc: Document | PreparedDocument,
                    normalized: str | None = None, force: bool = False,
                    qa_flags: Iterable[dict] | None = None) -> IngestResult:
    """Store ``doc`` (a ``Document``, or one prepared by ``prepare_document``) in one
    transaction (see module docstring); ``force`` re-stores stored content (e.g. after the
    extractors changed)."""
    prepared = doc if isinstance(doc, PreparedDocument) else \
        prepare_document(doc, normalized, qa_flags)
    key, digest = prepared.key, prepared.digest
    with engine.begin() as conn:
        same = conn.execute(select(DocumentRow.id, DocumentRow.source_key)
                            .where(DocumentRow.content_hash == digest)).first()
        if same is not None and not force:
            return IngestResult("unchanged" if same.source_key == key else "duplicate",
                                same.id, key)
        old = conn.execute(select(DocumentRow.id)
                           .where(DocumentRow.source_key == key)).scalar_one_or_none()
        for pk in {pk for pk in (old, same.id if same else None) if pk is not None}:
            delete_document(conn, pk)
        pk = write_prepared(conn, prepared)
    return IngestResult("replaced" if old is not None or same is not None else "added", pk, key)


def add_qa_flags(engine: Engine, document_id: int, flags: Iterable[dict]) -> int:
    """Write QA flags for a stored document (issue 9) in one transaction; returns how many."""
    rows = [{**_flag_values(f), "document_id": document_id} for f in flags]
    if rows:
        with engine.begin() as conn:
            insert_rows(conn, QAFlagRow, rows)
    return len(rows)


# --- reading ---------------------------------------------------------------------------------

def _model_from_row(cls, row, column_of: Callable[[str], str], columns) -> Any:
    """A model from its stored row: each field from its column (``column_of``) when it has one
    among ``columns``, else from the row's ``extra`` JSON."""
    extra = row.extra or {}
    data: dict[str, Any] = {}
    for field in cls.model_fields:
        col = column_of(field)
        if col in columns:
            value = getattr(row, col)
            if value is not None:
                data[field] = value
        elif field in extra:
            data[field] = extra[field]
    return cls.model_validate(data)


def _mention_from_row(row) -> Any:
    return _model_from_row(MENTION_TYPES[row.type], row,
                           lambda field: _mention_column(row.type, field), MENTION_COLUMNS)


def _record_from_row(row) -> IndicatorRecord:
    return _model_from_row(IndicatorRecord, row,
                           lambda field: "record_id" if field == "id" else field, RECORD_COLUMNS)


def load_document(conn: Connection, document_id: int) -> Document:
    """The stored document as the ``Document`` model (what ``cnie extract`` would write)."""
    d = conn.execute(select(DocumentRow).where(DocumentRow.id == document_id)).one()
    mentions = [_mention_from_row(r) for r in conn.execute(
        select(MentionRow).where(MentionRow.document_id == document_id).order_by(MentionRow.seq))]
    records = [_record_from_row(r) for r in conn.execute(
        select(RecordRow).where(RecordRow.document_id == document_id).order_by(RecordRow.seq))]
    extra: dict[str, Any] = {}
    if "flags" in Document.model_fields:  # the document's own QA flags
        extra["flags"] = [
            {"id": r.flag_id, "check": r.check_id, "severity": r.severity,
             "message": r.message, "evidence": r.evidence}
            for r in conn.execute(
                select(QAFlagRow).where(QAFlagRow.document_id == document_id,
                                        QAFlagRow.other_document_id.is_(None),
                                        QAFlagRow.flag_id.is_not(None))
                .order_by(QAFlagRow.id))]
    return Document.model_validate({
        "doc": d.doc_name, "id": d.doc_id, "source_path": d.source_path, "meta": d.meta,
        "text": d.raw_text, "lines": d.lines, "mentions": mentions, "records": records,
        "warnings": d.warnings, **extra})


def iter_documents(engine: Engine) -> Iterator[Document]:
    with engine.connect() as conn:
        ids = conn.execute(select(DocumentRow.id).order_by(DocumentRow.id)).scalars().all()
        for pk in ids:
            yield load_document(conn, pk)


def stored_hashes(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(DocumentRow.content_hash)).scalars())


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (the idempotency tests compare these)."""
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}
