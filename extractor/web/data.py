"""Read-only queries of the review page over the achievements database (``extractor.db``).

Every user value is a bound parameter (``contains(..., autoescape=True)`` escapes LIKE
wildcards); nothing is interpolated into SQL. The document itself is read back with
``extractor.db.store.load_document``; its QA flags are read here, both the document's own and
the cross-document ones that name it as the other document (``load_document`` returns only
the former).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, exists, func, or_, select

from ..db.models import DocumentRow, PlaceRow, ProgrammeRow, QAFlagRow, RecordRow
from ..db.query import adcode_prefix
from ..db.store import load_document
from ..models import Document

_ADCODE = re.compile(r"^\d{2,6}$")
MAX_LIMIT = 500
FACET_LIMIT = 300


@dataclass
class Filters:
    place: str | None = None
    indicator: str | None = None
    program: str | None = None
    flag: str | None = None  # "any", a check id or a severity
    q: str | None = None  # title or file name contains

    def clean(self) -> "Filters":
        def c(v: str | None) -> str | None:
            v = (v or "").strip()
            return v[:200] or None
        return Filters(c(self.place), c(self.indicator), c(self.program), c(self.flag),
                       c(self.q))

    def active(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def _flag_count():
    return (select(func.count(QAFlagRow.id))
            .where(or_(QAFlagRow.document_id == DocumentRow.id,
                       QAFlagRow.other_document_id == DocumentRow.id))
            .correlate(DocumentRow).scalar_subquery())


def _place_condition(conn, place: str):
    if _ADCODE.match(place):
        prefix = adcode_prefix(place)
        return or_(
            exists().where(PlaceRow.document_id == DocumentRow.id,
                           PlaceRow.adcode.startswith(prefix, autoescape=True)),
            exists().where(RecordRow.document_id == DocumentRow.id,
                           RecordRow.place_adcode.startswith(prefix, autoescape=True)))
    codes = set(conn.execute(
        select(PlaceRow.adcode).distinct()
        .where(PlaceRow.name.contains(place, autoescape=True), PlaceRow.adcode.is_not(None))
    ).scalars())
    prefixes = sorted({adcode_prefix(c) for c in codes if c and c.isdigit()})
    prefixes = [p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)]
    place_match = or_(PlaceRow.name.contains(place, autoescape=True),
                      *[PlaceRow.adcode.startswith(p, autoescape=True) for p in prefixes])
    return or_(
        exists().where(PlaceRow.document_id == DocumentRow.id, place_match),
        exists().where(RecordRow.document_id == DocumentRow.id,
                       RecordRow.place.contains(place, autoescape=True)))


def _conditions(conn, f: Filters) -> list:
    conds = []
    if f.place:
        conds.append(_place_condition(conn, f.place))
    if f.indicator:
        conds.append(exists().where(RecordRow.document_id == DocumentRow.id,
                                    RecordRow.indicator.contains(f.indicator, autoescape=True)))
    if f.program:
        conds.append(or_(
            exists().where(ProgrammeRow.document_id == DocumentRow.id,
                           or_(ProgrammeRow.name.contains(f.program, autoescape=True),
                               ProgrammeRow.program_id == f.program)),
            exists().where(RecordRow.document_id == DocumentRow.id,
                           RecordRow.program.contains(f.program, autoescape=True))))
    if f.flag:
        mine = or_(QAFlagRow.document_id == DocumentRow.id,
                   QAFlagRow.other_document_id == DocumentRow.id)
        if f.flag.lower() == "any":
            conds.append(exists().where(mine))
        else:
            conds.append(exists().where(mine, or_(QAFlagRow.check_id == f.flag,
                                                  QAFlagRow.severity == f.flag)))
    if f.q:
        conds.append(or_(DocumentRow.title.contains(f.q, autoescape=True),
                         DocumentRow.doc_name.contains(f.q, autoescape=True),
                         DocumentRow.source.contains(f.q, autoescape=True)))
    return conds


def list_documents(engine: Engine, filters: Filters | None = None, limit: int = 100,
                   offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(number of matching documents, one page of them with their counts)."""
    f = (filters or Filters()).clean()
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    with engine.connect() as conn:
        where = and_(True, *_conditions(conn, f))
        total = conn.execute(select(func.count(DocumentRow.id)).where(where)).scalar_one()
        n_flags = _flag_count().label("n_flags")
        rows = conn.execute(
            select(DocumentRow.id, DocumentRow.doc_id, DocumentRow.doc_name, DocumentRow.title,
                   DocumentRow.published, DocumentRow.source, DocumentRow.url,
                   DocumentRow.script, DocumentRow.n_mentions, DocumentRow.n_records, n_flags)
            .where(where)
            .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.id)
            .limit(limit).offset(offset)).all()
    return total, [dict(r._mapping) for r in rows]


def facets(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """The values the corpus filters offer, most frequent first (documents per value)."""
    n_docs = func.count(func.distinct(PlaceRow.document_id))
    with engine.connect() as conn:
        places = conn.execute(
            select(PlaceRow.name, PlaceRow.adcode, n_docs.label("n"))
            .group_by(PlaceRow.name, PlaceRow.adcode)
            .order_by(n_docs.desc(), PlaceRow.name).limit(FACET_LIMIT)).all()
        n_rec = func.count(func.distinct(RecordRow.document_id))
        indicators = conn.execute(
            select(RecordRow.indicator, n_rec.label("n"))
            .where(RecordRow.indicator.is_not(None), RecordRow.indicator != "")
            .group_by(RecordRow.indicator)
            .order_by(n_rec.desc(), RecordRow.indicator).limit(FACET_LIMIT)).all()
        n_prog = func.count(func.distinct(ProgrammeRow.document_id))
        programmes = conn.execute(
            select(ProgrammeRow.name, ProgrammeRow.kind, n_prog.label("n"))
            .group_by(ProgrammeRow.name, ProgrammeRow.kind)
            .order_by(n_prog.desc(), ProgrammeRow.name).limit(FACET_LIMIT)).all()
        n_flag = func.count(QAFlagRow.id)
        checks = conn.execute(
            select(QAFlagRow.check_id, QAFlagRow.severity, n_flag.label("n"))
            .group_by(QAFlagRow.check_id, QAFlagRow.severity)
            .order_by(n_flag.desc(), QAFlagRow.check_id)).all()
    return {"places": [dict(r._mapping) for r in places],
            "indicators": [dict(r._mapping) for r in indicators],
            "programmes": [dict(r._mapping) for r in programmes],
            "checks": [dict(r._mapping) for r in checks]}


def document_flags(conn, pk: int) -> list[dict[str, Any]]:
    """The QA flags of a stored document: its own and the cross-document ones naming it,
    as ``QAFlag`` dicts plus ``other`` ({id, doc_id, title}) for the other document."""
    rows = conn.execute(
        select(QAFlagRow).where(or_(QAFlagRow.document_id == pk,
                                    QAFlagRow.other_document_id == pk))
        .order_by(QAFlagRow.other_document_id.is_not(None), QAFlagRow.id)).all()
    others = {r.other_document_id if r.document_id == pk else r.document_id
              for r in rows if r.other_document_id is not None}
    info = {}
    if others:
        info = {r.id: {"id": r.id, "doc_id": r.doc_id, "title": r.title}
                for r in conn.execute(select(DocumentRow.id, DocumentRow.doc_id,
                                             DocumentRow.title)
                                      .where(DocumentRow.id.in_(others)))}
    out = []
    for r in rows:
        other = None
        if r.other_document_id is not None:
            other = info.get(r.other_document_id if r.document_id == pk else r.document_id)
        out.append({"id": r.flag_id or f"db{r.id}", "check": r.check_id,
                    "severity": r.severity, "message": r.message,
                    "evidence": r.evidence or {}, "other": other})
    return out


def get_document(engine: Engine, pk: int) -> tuple[Document, list[dict[str, Any]]] | None:
    """The stored document ``pk`` and its flags, or None."""
    with engine.connect() as conn:
        if conn.execute(select(DocumentRow.id).where(DocumentRow.id == pk)).first() is None:
            return None
        doc = load_document(conn, pk)
        flags = document_flags(conn, pk)
    return doc, flags


def document_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count(DocumentRow.id))).scalar_one()
