"""Checks across documents: the same figure or indicator reported differently.

* ``cross_conflict``: one indicator, place and period with different values in two documents;
* ``cross_object``: one distinctive figure (``108.86公斤``) for one place, credited to different
  objects (冰毒片剂 in one article, 海洛因 in another).

Works on any iterable of documents (files given to ``cnie qa``, or a database's documents).
"""
from __future__ import annotations

import re
from itertools import count
from typing import Iterable

from ..models import Document, Evidence, QAFlag

_IGNORED_UNITS = {"%", "百分点", "倍", "年", "月", "天", "日", "小时", "岁", None}


def _norm(s: str | None) -> str:
    return re.sub(r"\W", "", s or "")


def _distinctive(value: float | None, text: str) -> bool:
    """A figure unlikely to repeat by chance: decimals, or four significant digits."""
    if value is None:
        return False
    digits = re.sub(r"\D", "", text.split("万")[0].split("亿")[0])
    return "." in text or len(digits.rstrip("0")) >= 4


def check_corpus(docs: Iterable[Document]) -> list[QAFlag]:
    ids = count(1)
    flags: list[QAFlag] = []
    by_key: dict[tuple, list] = {}
    by_value: dict[tuple, list] = {}
    for d in docs:
        for r in d.records:
            if r.value is None or r.change or r.approx:
                continue
            ind = _norm(r.indicator)
            if len(ind) >= 4 and r.place and r.period and not r.period.endswith(".."):
                # an open period (2017年以来) grows with the publication date: not comparable
                by_key.setdefault((ind, r.place, r.period, r.unit), []).append((d, r))
            if r.unit not in _IGNORED_UNITS and _distinctive(r.value, r.text):
                by_value.setdefault((r.value, r.unit), []).append((d, r))

    def flag(check, message, pairs):
        flags.append(QAFlag(
            id=f"x{next(ids)}", check=check, severity="warning", message=message,
            evidence=Evidence(records=[f"{d.id}:{r.id}" for d, r in pairs],
                              spans=[(r.start, r.end) for _, r in pairs],
                              texts=[r.text for _, r in pairs],
                              documents=[d.id for d, _ in pairs])))

    for (ind, place, period, unit), items in by_key.items():
        docs_values = {(d.id, r.value) for d, r in items}
        values = {v for _, v in docs_values}
        if len(values) > 1 and len({d for d, _ in docs_values}) > 1:
            pair = next(((a, b) for a in items for b in items
                         if b[1].value != a[1].value and b[0].id != a[0].id), None)
            if pair is None:  # the values differ only within one document
                continue
            a, b = pair
            flag("cross_conflict", f"{ind} ({place}, {period}): {a[1].text} in {a[0].id}, "
                 f"{b[1].text} in {b[0].id}", [a, b])
    for (value, unit), items in by_value.items():
        seen = {}
        for d, r in items:
            seen.setdefault(d.id, (d, r))
        if len(seen) < 2:
            continue
        pairs = list(seen.values())
        a = pairs[0]
        for b in pairs[1:]:
            ia, ib = _norm(a[1].indicator), _norm(b[1].indicator)
            same_place = not a[1].place or not b[1].place or a[1].place == b[1].place
            if ia and ib and ia not in ib and ib not in ia and same_place:
                flag("cross_object", f"{a[1].text} is {a[1].indicator} in {a[0].id} but "
                     f"{b[1].indicator} in {b[0].id}", [a, b])
    return flags
