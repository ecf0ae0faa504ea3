"""SQLAlchemy 2 models of the achievements database.

One row in ``documents`` per stored document version; everything else hangs off it by
``document_id`` and goes with it when the document is replaced:

- ``mentions``: every mention with the fields of its type in their own columns (quantities:
  value/unit/approx/indicator/place/period/change; dates: ``date_value``; places:
  name/level/adcode/parent/candidates; programmes: name/kind/program_id/reason) and, in
  ``extra``, any field a later version of the output models adds;
- ``indicator_records``: the figures as achievements (what ``cnie query`` returns);
- ``programmes`` and ``places``: one row per distinct programme / place a document mentions
  (derived from its mentions), for lookups by name;
- ``qa_flags``: results of the consistency checks (issue 9), per document, with the record ids,
  check id, severity, message and evidence JSON: the document's own ``flags`` (``QAFlag``, with
  their ``flag_id``) and flags added later (``store.add_qa_flags``); a cross-document flag names
  the other document in ``other_document_id`` and is deleted when either document is replaced.

The pydantic models in ``extractor.models`` stay the single source of the output schema; this
module maps them to tables (see ``store``). The Alembic migrations under ``migrations/`` must
create exactly these tables (a test compares them).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# Nullable JSON columns: Python None is SQL NULL (not the JSON text 'null'); ``store`` writes
# empty lists as NULL there, which saves a JSON encoding per row and reads back as the default.
NULLABLE_JSON = JSON(none_as_null=True)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_key: Mapped[str] = mapped_column(
        Text, comment="identity of the document across versions: absolute source path "
        "(file.jsonl#id for JSON Lines records), or id:<doc id> without a path")
    content_hash: Mapped[str] = mapped_column(String(64), comment="sha256 of the text")
    doc_id: Mapped[str] = mapped_column(Text)
    doc_name: Mapped[str] = mapped_column(Text, comment="<stem>.txt, as the scorer keys")
    source_path: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    script: Mapped[str | None] = mapped_column(String(16))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, comment="Metadata, as the model dumps it")
    lines: Mapped[list[Any]] = mapped_column(JSON)
    warnings: Mapped[list[Any]] = mapped_column(JSON)
    raw_text: Mapped[str] = mapped_column(Text)
    normalized_text: Mapped[str | None] = mapped_column(Text)
    n_mentions: Mapped[int] = mapped_column(Integer, default=0)
    n_records: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    __table_args__ = (
        UniqueConstraint("source_key"),
        UniqueConstraint("content_hash"),
        Index(None, "doc_id"),
        Index(None, "published"),
        # Never reuse the id of a deleted version (SQLite would reuse the largest rowid).
        {"sqlite_autoincrement": True},
    )


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer, comment="position in the document's mention list")
    type: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    zone: Mapped[str | None] = mapped_column(String(16))
    rule: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[list[Any] | None] = mapped_column(NULLABLE_JSON)
    # quantity
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(Text)
    approx: Mapped[str | None] = mapped_column(String(16))
    indicator: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    period: Mapped[str | None] = mapped_column(Text)
    change: Mapped[str | None] = mapped_column(String(16))
    # date
    date_value: Mapped[str | None] = mapped_column(Text)
    # place
    name: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(String(16))
    adcode: Mapped[str | None] = mapped_column(String(6))
    parent: Mapped[str | None] = mapped_column(Text)
    candidates: Mapped[list[Any] | None] = mapped_column(NULLABLE_JSON)
    # programme
    kind: Mapped[str | None] = mapped_column(String(16))
    program_id: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None] = mapped_column(
        NULLABLE_JSON, comment="fields of the mention model that have no column of their own")

    __table_args__ = (
        Index(None, "document_id", "seq"),
        Index(None, "type", "adcode"),
        Index(None, "type", "date_value"),
    )


class RecordRow(Base):
    __tablename__ = "indicator_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    record_id: Mapped[str] = mapped_column(String(64), comment="r1, r2 ... within the document")
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(Text)
    approx: Mapped[str | None] = mapped_column(String(16))
    indicator: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    place_adcode: Mapped[str | None] = mapped_column(String(32))
    place_scope: Mapped[str | None] = mapped_column(String(16))
    period: Mapped[str | None] = mapped_column(Text)
    period_scope: Mapped[str | None] = mapped_column(String(16))
    program: Mapped[str | None] = mapped_column(Text)
    program_id: Mapped[str | None] = mapped_column(Text)
    change: Mapped[str | None] = mapped_column(String(16))
    baseline: Mapped[str | None] = mapped_column(Text)
    links: Mapped[list[Any] | None] = mapped_column(NULLABLE_JSON)
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    rules: Mapped[list[Any] | None] = mapped_column(NULLABLE_JSON)
    extra: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)

    __table_args__ = (
        UniqueConstraint("document_id", "record_id"),
        Index(None, "place_adcode"),
        Index(None, "place"),
        Index(None, "period"),
        Index(None, "program_id"),
    )


class ProgrammeRow(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    program_id: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(16))
    first_start: Mapped[int] = mapped_column(Integer)
    n_mentions: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index(None, "document_id"),
        Index(None, "program_id"),
        Index(None, "name"),
    )


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(String(16))
    adcode: Mapped[str | None] = mapped_column(String(6))
    parent: Mapped[str | None] = mapped_column(Text)
    first_start: Mapped[int] = mapped_column(Integer)
    n_mentions: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index(None, "document_id"),
        Index(None, "adcode"),
        Index(None, "name"),
    )


class QAFlagRow(Base):
    __tablename__ = "qa_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    other_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"),
        comment="the other document of a cross-document flag")
    flag_id: Mapped[str | None] = mapped_column(
        String(64), comment="the flag's id within its document (QAFlag.id)")
    record_ids: Mapped[list[Any]] = mapped_column(JSON)
    check_id: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    __table_args__ = (
        Index(None, "document_id"),
        Index(None, "other_document_id"),
        Index(None, "check_id"),
        Index(None, "severity"),
    )


# Children of a document, in the order they are deleted on replace.
CHILD_TABLES = (QAFlagRow, MentionRow, RecordRow, ProgrammeRow, PlaceRow)
