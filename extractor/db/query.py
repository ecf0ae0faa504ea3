"""Reading figures back: ``find_figures`` filters indicator records by indicator, place,
period and programme; every user value is a bound parameter (LIKE patterns are escaped).

Place: an adcode matches by prefix at its own level (``52`` or ``520000`` -> every ``52xxxx``,
``522300`` -> every ``5223xx``); a name matches records whose place contains it and, through the
``places`` table, every record under the adcodes of places with that name (``贵州`` -> 贵州省
520000 -> the figures of its prefectures and counties).
Period: ``2022`` matches ``2022``, ``2022-03``, ``2022-03-05`` and intervals starting or ending
in it (``2020/2022``). Indicator: substring. Programme: its id, or a substring of its name.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, Engine, Select, and_, or_, select

from .models import DocumentRow, PlaceRow, ProgrammeRow, RecordRow

FIGURE_COLUMNS = [
    DocumentRow.doc_id, DocumentRow.title, DocumentRow.published, DocumentRow.url,
    RecordRow.record_id, RecordRow.text, RecordRow.value, RecordRow.value_max, RecordRow.unit,
    RecordRow.approx, RecordRow.indicator, RecordRow.place, RecordRow.place_adcode,
    RecordRow.period, RecordRow.program, RecordRow.program_id, RecordRow.change,
    RecordRow.baseline, RecordRow.start, RecordRow.end, RecordRow.sentence,
]
_ADCODE = re.compile(r"^\d{2,6}$")


def adcode_prefix(code: str) -> str:
    """The prefix every division under ``code`` shares: 520000 -> 52, 522300 -> 5223."""
    code = code.strip()
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def _place_condition(conn: Connection, place: str):
    place = place.strip()
    if _ADCODE.match(place):
        return RecordRow.place_adcode.startswith(adcode_prefix(place), autoescape=True)
    codes = set(conn.execute(
        select(PlaceRow.adcode).distinct()
        .where(PlaceRow.name.contains(place, autoescape=True), PlaceRow.adcode.is_not(None))
    ).scalars())
    codes |= set(conn.execute(
        select(RecordRow.place_adcode).distinct()
        .where(RecordRow.place.contains(place, autoescape=True),
               RecordRow.place_adcode.is_not(None))
    ).scalars())
    prefixes = sorted({adcode_prefix(c) for c in codes if c and c.isdigit()})
    # Keep the shortest prefixes only (52 covers 5223).
    prefixes = [p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)]
    return or_(RecordRow.place.contains(place, autoescape=True),
               *[RecordRow.place_adcode.startswith(p, autoescape=True) for p in prefixes])


def _period_condition(period: str):
    period = period.strip()
    return or_(RecordRow.period.startswith(period, autoescape=True),
               RecordRow.period.contains("/" + period, autoescape=True))


def _program_condition(program: str):
    program = program.strip()
    ids = (select(ProgrammeRow.program_id)
           .where(ProgrammeRow.name.contains(program, autoescape=True),
                  ProgrammeRow.program_id.is_not(None)))
    return or_(RecordRow.program_id == program,
               RecordRow.program.contains(program, autoescape=True),
               RecordRow.program_id.in_(ids))


def figures_select(conn: Connection, indicator: str | None = None, place: str | None = None,
                   period: str | None = None, program: str | None = None,
                   limit: int | None = None) -> Select:
    conds = []
    if indicator:
        conds.append(RecordRow.indicator.contains(indicator.strip(), autoescape=True))
    if place:
        conds.append(_place_condition(conn, place))
    if period:
        conds.append(_period_condition(period))
    if program:
        conds.append(_program_condition(program))
    stmt = (select(*FIGURE_COLUMNS).join(DocumentRow, DocumentRow.id == RecordRow.document_id)
            .where(and_(True, *conds))
            .order_by(DocumentRow.published, DocumentRow.doc_id, RecordRow.seq))
    if limit:
        stmt = stmt.limit(limit)
    return stmt


def find_figures(engine: Engine, indicator: str | None = None, place: str | None = None,
                 period: str | None = None, program: str | None = None,
                 limit: int | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """(column names, rows as dicts) of the figures matching every given filter."""
    with engine.connect() as conn:
        stmt = figures_select(conn, indicator, place, period, program, limit)
        result = conn.execute(stmt)
        columns = list(result.keys())
        return columns, [dict(r._mapping) for r in result]


def figure_column_types() -> dict[str, Any]:
    return {c.key: c.type for c in FIGURE_COLUMNS}
