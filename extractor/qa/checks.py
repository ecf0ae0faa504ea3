"""Within-document checks of reported figures (statcheck's recipe: extract, recompute, compare).

Each check looks for one structure the text states and recomputes one figure from the others:

* ``rate_parts``: a rate against its part and whole (``在库的3628人经教育成功转化3261人，转化率为
  90%``: 3261/3628 = 89.9%, within the rounding of "90%", so not flagged);
* ``implied_denominator``: two rates of one indicator, each with its count, imply one population
  (``79744人 … 24.68%`` and ``18151人 … 5.79%`` imply 323 thousand and 313 thousand);
* ``stated_change``: a from-to pair against the change stated beside it;
* ``stated_multiple``: a from-to pair against a stated multiple (``是原来的3倍``);
* ``parts_total``: parts (``其中``) that add up to more than their total;
* ``share_bound``, ``negative_count``: a share above 100% where it cannot be, a negative count;
* ``date_*``: impossible calendar dates and backwards intervals (the date extractor's warnings),
  a date after the publication date that no plan word explains;
* ``conflicting_values``: one indicator, place and period stated twice with different values
  (the same value twice is merged with a ``same_value`` link, not flagged).

Tolerances come from the printed precision (``90%`` means 89.5–90.5); parameters and word lists
are in ``rules/qa_checks.tsv``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import count

from ..models import Document, Evidence, IndicatorRecord, QAFlag, RecordLink
from ..rules import load_rows

_NUM = re.compile(r"-?\d+(?:\.(\d+))?")


@dataclass(frozen=True)
class QAParams:
    bounded: tuple[str, ...]
    future_ok: tuple[str, ...]
    count_units: frozenset[str]
    denominator_tolerance: float


@lru_cache(maxsize=1)
def params() -> QAParams:
    groups: dict[str, list[str]] = {}
    for kind, value in load_rows("qa_checks.tsv"):
        groups.setdefault(kind, []).append(value)
    return QAParams(tuple(groups.get("bounded", [])), tuple(groups.get("future_ok", [])),
                    frozenset(groups.get("count_units", [])),
                    float(groups.get("denominator_tolerance", ["0.01"])[0]))


def half_unit(record: IndicatorRecord) -> float:
    """Half a unit of the last printed digit (90% -> 0.5, 99.85% -> 0.005)."""
    m = _NUM.search(record.text.replace(",", ""))
    decimals = len(m.group(1)) if m and m.group(1) else 0
    return 0.5 * 10 ** (-decimals)


class _Flags:
    def __init__(self, doc: Document):
        self.doc, self.items, self._ids = doc, [], count(1)

    def add(self, check: str, severity: str, message: str, records=(), spans=(),
            recomputed: float | None = None, tolerance: float | None = None) -> None:
        spans = list(spans) or [(r.start, r.end) for r in records]
        self.items.append(QAFlag(
            id=f"q{next(self._ids)}", check=check, severity=severity, message=message,
            evidence=Evidence(records=[r.id for r in records], spans=spans,
                              texts=[self.doc.text[s:e] for s, e in spans],
                              recomputed=None if recomputed is None else round(recomputed, 6),
                              tolerance=None if tolerance is None else round(tolerance, 6),
                              documents=[self.doc.id])))


def _sentences(records: list[IndicatorRecord]) -> dict[int, list[IndicatorRecord]]:
    out: dict[int, list[IndicatorRecord]] = {}
    for r in records:
        out.setdefault(r.sentence_start, []).append(r)
    return out


def _by_id(records) -> dict[str, IndicatorRecord]:
    return {r.id: r for r in records}


# ------------------------------------------------------------------------------- arithmetic

def check_rate_parts(doc: Document, flags: _Flags) -> None:
    """A rate named after a verb (转化率) against the count that verb applies to and the
    count before it."""
    for rs in _sentences(doc.records).values():
        for i, rate in enumerate(rs):
            if rate.unit != "%" or rate.change or not rate.indicator or rate.value is None:
                continue
            stem = rate.indicator.rsplit("率", 1)[0][-2:] if "率" in rate.indicator else ""
            if len(stem) < 2:
                continue
            counts = [r for r in rs[:i] if r.unit not in ("%", "百分点") and r.value
                      and not r.change]
            parts = [c for c in counts if stem in (c.indicator or "")
                     or stem in doc.text[max(c.start - 8, rate.sentence_start):c.start]]
            if not parts:
                continue
            part = parts[-1]
            wholes = [c for c in counts if c.start < part.start and c.unit == part.unit
                      and c.value >= part.value and stem not in (c.indicator or "")]
            if not wholes:
                continue
            whole = wholes[-1]
            recomputed = 100.0 * part.value / whole.value
            tol = half_unit(rate) + (1.0 if rate.approx or part.approx or whole.approx else 0.0)
            if abs(recomputed - rate.value) > tol:
                flags.add("rate_parts", "error",
                          f"{rate.text} does not match {part.text} of {whole.text} "
                          f"({recomputed:.2f}%)", [whole, part, rate], recomputed=recomputed,
                          tolerance=tol)


def _from_to(records) -> list[tuple[IndicatorRecord, IndicatorRecord]]:
    ids = _by_id(records)
    return [(r, ids[link.target]) for r in records for link in r.links
            if link.kind == "from_to" and link.target in ids]


def check_implied_denominator(doc: Document, flags: _Flags) -> None:
    """Two rates of a from-to pair, each beside its count: both imply the same whole."""
    tol_rel = params().denominator_tolerance
    pairs = _from_to(doc.records)
    for r1, r2 in pairs:
        if r1.unit != "%" or not r1.value or not r2.value:
            continue
        counts = [(a, b) for a, b in pairs if a.sentence_start == r1.sentence_start
                  and a.unit not in ("%", "百分点") and a.value and b.value]
        if not counts:
            continue
        persons = [(a, b) for a, b in counts if a.unit == "人"]
        a, b = (persons or counts)[0]
        ranges = []
        for c, r in ((a, r1), (b, r2)):
            h = half_unit(r)
            lo, hi = c.value / ((r.value + h) / 100), c.value / ((r.value - h) / 100)
            ranges.append((lo * (1 - tol_rel), hi * (1 + tol_rel)))
        (lo1, hi1), (lo2, hi2) = ranges
        if hi1 < lo2 or hi2 < lo1:
            w1, w2 = a.value / (r1.value / 100), b.value / (r2.value / 100)
            flags.add("implied_denominator", "warning",
                      f"{a.text} at {r1.text} implies {w1:,.0f}, {b.text} at {r2.text} "
                      f"implies {w2:,.0f}", [a, r1, b, r2], recomputed=w2,
                      tolerance=tol_rel)


def check_stated_change(doc: Document, flags: _Flags) -> None:
    """从A下降至B …下降X% / 提高X个百分点 / 是原来的N倍: recompute X from A and B."""
    for a, b in _from_to(doc.records):
        if not a.value or b.value is None:
            continue
        later = [r for r in doc.records if r.sentence_start == a.sentence_start
                 and r.start > b.end and (r.change or r.unit == "倍")]
        for c in later[:1]:
            if c.value is None:
                continue
            if c.unit == "%" and a.unit != "%":
                recomputed = abs(b.value - a.value) / a.value * 100
            elif c.unit == "百分点" and a.unit == "%":
                recomputed = abs(b.value - a.value)
            elif c.unit == "倍":
                recomputed = b.value / a.value
            else:
                continue
            tol = half_unit(c) + half_unit(a) / max(abs(a.value), 1e-9) * 100 * (c.unit == "%")
            if abs(recomputed - c.value) > tol:
                check = "stated_multiple" if c.unit == "倍" else "stated_change"
                flags.add(check, "error", f"from {a.text} to {b.text} is {recomputed:.2f}"
                          f"{'' if c.unit == '倍' else c.unit}, not {c.text}", [a, b, c],
                          recomputed=recomputed, tolerance=tol)


def check_parts_total(doc: Document, flags: _Flags) -> None:
    ids = _by_id(doc.records)
    parts: dict[str, list[IndicatorRecord]] = {}
    for r in doc.records:
        for link in r.links:
            if link.kind == "part_of" and link.target in ids:
                parts.setdefault(link.target, []).append(r)
    for total_id, ps in parts.items():
        total = ids[total_id]
        same = [p for p in ps if p.unit == total.unit and p.value is not None]
        if total.value is None or not same or total.unit in ("%", "百分点", "倍") \
                or total.approx or any(p.approx for p in same):
            continue
        s = sum(p.value for p in same)
        if s > total.value * 1.0001 + half_unit(total):
            flags.add("parts_total", "error", f"parts add up to {s:g}, more than {total.text}",
                      [total, *same], recomputed=s, tolerance=half_unit(total))


# --------------------------------------------------------------------------- bounds, units

def check_bounds(doc: Document, flags: _Flags) -> None:
    p = params()
    for r in doc.records:
        if r.value is None:
            continue
        ind = r.indicator or ""
        if r.unit == "%" and not r.change and any(w in ind for w in p.bounded) \
                and r.value > 100 + half_unit(r):
            hint = " (a missing 万 or 千?)" if r.value >= 1000 else ""
            flags.add("share_bound", "error", f"{ind} {r.text} is above 100%{hint}", [r],
                      tolerance=half_unit(r))
        if r.unit in p.count_units and r.value < 0 and not r.change:
            flags.add("negative_count", "error", f"a negative count: {r.text}", [r])


# ------------------------------------------------------------------------------------ dates

def check_dates(doc: Document, flags: _Flags) -> None:
    published = (doc.meta.published or "")[:10]
    for m in doc.mentions:
        if m.type != "date":
            continue
        for w in m.warnings:
            check = "date_backwards" if "backward" in w else "date_invalid"
            flags.add(check, "error", f"{m.text}: {w}", spans=[(m.start, m.end)])
        if not published or not m.value or m.zone != "body" or m.warnings:
            continue
        start, _, end = m.value.partition("/")
        since = end == ".." and start != ".." and not m.text.endswith("起")
        if since and _after(start, published):
            # 2025年3月以来 in a 2023 article: "since" a date that has not come yet (a date
            # with 起, "from", may be a plan's start: 6月7日起举行 is checked as a plan below)
            flags.add("date_future", "error", f"{m.text}: since {start}, after the "
                      f"publication date {published}", spans=[(m.start, m.end)])
        elif (not end or end == "..") and not since and len(start) >= 10 \
                and _after(start, _plus_month(published)):
            # a day after publication, told as done (plans say 将, 计划, 预计 …)
            lead = doc.text[max(0, m.start - 8):m.end + 6]
            if not any(w in lead for w in params().future_ok):
                flags.add("date_future", "warning",
                          f"{m.text} ({start}) is after the publication date {published}",
                          spans=[(m.start, m.end)])


def _plus_month(day: str) -> str:
    """ISO day a month later (news may date an event a few weeks ahead)."""
    import datetime as dt

    try:
        return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=31)).isoformat()
    except ValueError:
        return day


def _after(value: str, published: str) -> bool:
    """True when a point date lies wholly after the publication day."""
    precision = len(value)
    return value[:10] > published[:precision] if precision >= 4 else False


# ------------------------------------------------------------------------------- duplicates

def check_duplicates(doc: Document, flags: _Flags) -> None:
    groups: dict[tuple, list[IndicatorRecord]] = {}
    for r in doc.records:
        ind = re.sub(r"\W", "", r.indicator or "")
        if len(ind) < 4 or not r.period or not r.place or r.change or r.value is None \
                or r.approx:
            continue
        groups.setdefault((ind, r.place, r.period, r.unit), []).append(r)
    for (ind, place, period, unit), rs in groups.items():
        first = rs[0]
        for other in rs[1:]:
            if other.value == first.value:
                if not any(link.target == first.id for link in other.links):
                    other.links.append(RecordLink(kind="same_value", target=first.id))
            elif other.sentence_start != first.sentence_start:
                flags.add("conflicting_values", "warning",
                          f"{ind} ({place}, {period}) is {first.text} and also {other.text}",
                          [first, other])


CHECKS = (check_rate_parts, check_implied_denominator, check_stated_change, check_parts_total,
          check_bounds, check_dates, check_duplicates)


def check_document(doc: Document) -> list[QAFlag]:
    """Run every within-document check; returns the flags (also set on ``doc.flags``)."""
    flags = _Flags(doc)
    for check in CHECKS:
        check(doc, flags)
    doc.flags = flags.items
    return flags.items
