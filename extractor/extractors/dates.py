"""Dates: calendar points and periods, resolved against the publication date.

``find_dates(ctx)`` recognizes date mentions on the normalized text (one compiled master pattern,
``extractor/dates_grammar.py``; the words are data in ``rules/date_*.tsv``) and normalizes them as
``../shared/eval/CONTRACT.md`` says: ISO at the text's own precision (``2019``, ``2019-03``,
``2019-03-14``, ``2019-11-18T16:50``), intervals ``A/B`` with an inclusive end at the text's
precision, open intervals ``A/..`` (以来, 迄今, 起) and ``../B`` (以前), null where the text gives
no calendar anchor (近年来, 春节期间, 党的十八大以来).

Resolution: a year left out is taken from the reference date (the publication date), preferring
the past for a month or day (a date more than a few days after publication is last year's);
``今年``/``去年``/``上年同期`` are relative to it; with no reference they resolve to null. ROC years
(``109年`` = 2020) only where ``ctx.roc_era``. Invalid calendar values (2月30日) and backwards
intervals (2016—2010年) are kept as written, with a warning on the mention.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..context import ExtractionContext
from ..dates_grammar import CONN_RE, TIME_RE, cn_int, event_pattern, lexicon, master, side_pattern
from ..models import DateMention

FUTURE_SLACK_DAYS = 7      # a yearless date this far after publication still counts as this year's
# before a bare "N日": characters that make it a count or a recurring day, not a date
# a character before 前N个月 / 前三季度 that makes 前 part of another word (提前, 之前, 目前 ...)
NOT_BEFORE_FIRST_N = set("提之以此日先事眼当空目从生年天月周")
NOT_BEFORE_DAY = set("期限满每第个近约共达前后续连历余多号月年")
CN_MONTH_BEFORE = set("一二三四五六七八九十两个每第数几半统单同唯逐")
# before "N月": a count of months, not a month (连续12月同比下降)
MONTH_COUNT_CUES = ("连续", "近", "累计", "每", "第", "约", "满", "共", "达", "超过", "逾", "长达", "历时")
# before 去年/上年: a comparison with the year before the period reported (较去年减少)
COMPARE_CUES = ("较", "比", "与", "同")
# small patterns used on a matched span (compiled once)
BARE_LEFT = regex.compile(r"(?:^|年度?)[\d〇零○一二三四五六七八九十]+$")
YEAR_LIST = regex.compile(r"[、和与及至到]\s?(?:1[6-9]\d\d|20\d\d)年")
ENGLISH = regex.compile(r"(\d{1,2})\s+([A-Z][a-z]{2,3})\s+(\d{4})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?"
                        r"(?:\s*(GMT|UTC|Z|[+-]\d{4}))?)?")
EVENT_YEAR = regex.compile(r"(.+?年(?:[^年]{1,2}月(?:[^月]{1,2}日)?)?)")
AGO = regex.compile(r"(.+?)(多)?(年|个月|天)前")
YEAR_ONLY = regex.compile(r"(\d{2,4})\s?年度?$")
# after a year alone: a count of years, not a year (1300年历史, 2000年之久, 30年来)
YEAR_COUNT_AFTER = regex.compile(r"(?:的)?历史|之久|多|余|来|左右|以上|的时间")
# before a year alone: a count of years (近2000年, 长达30年)
YEAR_COUNT_BEFORE = ("近", "约", "超过", "逾", "长达", "历时", "连续", "满", "达")
PAREN = regex.compile(r"(今|明|本|去)[(（](\d{1,3})[)）](日|年|月)(.*)")
DECADE = regex.compile(r"(?:(.*?)世纪)?(?:(.+?)年代)?$")
DOTTED_RANGE = regex.compile(r"\d{4}\.\d{2}\s?\S\s?\d{4}(?:\.\d{2})?")
DOTTED_PART = regex.compile(r"\d{4}(?:\.\d{2})?")
DATE_IN_PARENS = regex.compile(r"[（(]\d{1,2}月\d{1,2}[日号]")
MONTH_NAMES = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}


# ---------------------------------------------------------------------------------------------
# Values


@dataclass
class Side:
    """One side of a date expression, resolved as far as the text and the reference allow."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    m1: int | None = None           # part of a year: first and last month
    m2: int | None = None
    d1: int | None = None           # part of a month: first and last day (99 = last)
    d2: int | None = None
    time: str | None = None         # HH:MM[:SS]
    year_given: bool = False
    month_given: bool = False
    unresolved: bool = False        # a relative expression with no reference
    warnings: list = field(default_factory=list)

    def bounds(self) -> tuple[str, str] | None:
        if self.unresolved or self.year is None:
            return None
        y = f"{self.year:04d}"
        if self.month is None:
            if self.m1 is not None:
                a, b = f"{y}-{self.m1:02d}", f"{y}-{self.m2:02d}"
                return (a, a) if a == b else (a, b)
            return y, y
        ym = f"{y}-{self.month:02d}"
        last = calendar.monthrange(self.year, self.month)[1]
        if self.day is None:
            if self.d1:
                d2 = last if self.d2 == 99 else self.d2
                return f"{ym}-{self.d1:02d}", f"{ym}-{d2:02d}"
            return ym, ym
        if self.day > last:
            self.warnings.append(f"invalid calendar date: {ym}-{self.day:02d}")
        d = f"{ym}-{self.day:02d}"
        if self.time:
            d = f"{d}T{self.time}"
        return d, d


def _past_year(ref: dt.date, month: int, day: int | None) -> int:
    """The year of a yearless month(-day): the reference year unless that is in the future."""
    try:
        cand = dt.date(ref.year, month, min(day or 1, calendar.monthrange(ref.year, month)[1]))
    except ValueError:
        return ref.year
    if (cand - ref).days > FUTURE_SLACK_DAYS:
        return ref.year - 1
    return ref.year


def _clock(t: str | None, ap_default: str | None = None) -> str | None:
    """``16:50``, ``下午3点半``, ``8时35分``, ``九点零九`` -> ``HH:MM[:SS]``."""
    if not t:
        return None
    m = TIME_RE.fullmatch(t)
    if not m:
        return None
    g = m.groupdict()
    h = cn_int(g["hh"].replace("两", "二"))
    if h is None:
        return None
    ap = g.get("ap") or ap_default
    if ap in ("下午", "晚上", "傍晚", "晚间", "夜间", "夜里", "晚") and h < 12:
        h += 12
    if ap == "中午" and h < 11:
        h += 12
    if ap == "半夜" and h == 12:
        h = 0
    if ap == "半夜" and 9 <= h < 12:
        h += 12
    if h == 24:
        h = 23                          # 24时: the end of the day
    mi = g.get("mi") or g.get("mi2")
    mi = cn_int(mi) if mi else 0
    if g.get("half"):
        mi = 30
    if g.get("q"):
        mi = 15 * int(cn_int(g["q"]) or 0)
    if mi is None or mi > 59:
        return None
    out = f"{h:02d}:{mi:02d}"
    ss = g.get("ss") or g.get("ss2")
    if ss:
        out += f":{cn_int(ss):02d}"
    return out


def parse_year(s: str, roc: bool, ref: dt.date | None) -> int | None:
    """2019, 二〇一九, 两千零四, 民国三年's 三, ROC 109, two-digit 07 / 九八."""
    s = s.strip()
    for era, first in lexicon().eras.items():
        if s.startswith(era):
            rest = s[len(era):]
            n = 1 if rest == "元" else cn_int(rest)
            return None if n is None else first + n - 1
    if "千" in s:
        rest = s.split("千", 1)[1].lstrip("零")
        return 2000 + (cn_int(rest) or 0) if rest else 2000
    n = cn_int(s)
    if n is None:
        return None
    if len(s) >= 4:
        return n
    if roc and len(s) in (2, 3) and 70 <= n <= 149:
        return 1911 + n
    if len(s) == 2:                      # two-digit year: this century unless that is the future
        cutoff = (ref.year if ref else 2030) + 5
        return 2000 + n if 2000 + n <= cutoff else 1900 + n
    return None


@lru_cache(maxsize=4096)
def _side_groups(s: str, roc: bool) -> dict[str, str | None] | None:
    """The groups of ``side_pattern`` read from one side, or None where it does not read.
    Cached: the same few sides (今年, 2025年, 5月) recur in every document, and the reading
    (a ``regex`` match and its 40-odd named groups) is most of what ``read_side`` costs.
    The dict is shared between calls: read it, never change it."""
    m = side_pattern(roc).fullmatch(s)
    if not m or not s.strip():
        return None
    return m.groupdict()


def read_side(s: str, roc: bool, ref: dt.date | None, prev: Side | None = None) -> Side | None:
    """Fields of one side (``2019年3月14日``, ``今年8月份``, ``上半年``, ``30日``) resolved."""
    g = _side_groups(s, roc)
    if g is None:
        return None
    L = lexicon()
    out = Side()
    ap_default = None
    if g["y"]:
        out.year = parse_year(g["y"], roc, ref)
        if out.year is None:
            return None
        out.year_given = True
    for key in ("rel", "relq", "relm", "reld", "reld2"):
        word = g.get(key)
        if not word:
            continue
        unit, off, _ = L.relative[word]
        if word.endswith("晚"):
            ap_default = "晚上"
        if ref is None:
            out.unresolved = True
        elif unit == "year":
            out.year, out.year_given = ref.year + off, True
        elif unit == "quarter":
            k = ref.year * 4 + (ref.month - 1) // 3 + off
            out.year, out.year_given = k // 4, True
            out.m1, out.m2 = k % 4 * 3 + 1, k % 4 * 3 + 3
            if g.get("ppart3"):
                out.m1 = out.m2 = out.m1 if g["ppart3"] == "初" else out.m2
        elif unit == "month":
            base_y = out.year if out.year_given else ref.year
            k = base_y * 12 + ref.month - 1 + off
            out.year, out.month, out.year_given, out.month_given = k // 12, k % 12 + 1, True, True
        else:
            d = ref + dt.timedelta(days=off)
            out.year, out.month, out.day, out.year_given, out.month_given = (
                d.year, d.month, d.day, True, True)
    part = g["part"] or g["palone"] or (("年" + g["yend"]) if g["yend"] else None)
    if part:
        out.m1, out.m2, _ = L.parts[part]
        pp = g["ppart"] or g["ppart2"]
        if pp:                              # 一季度末, 四季度初
            mo = out.m1 if pp == "初" else out.m2
            out.m1 = out.m2 = mo
    if g["fn"]:
        n = cn_int(g["fn"].replace("两", "二"))
        if not n or n > 12:
            return None
        out.m1, out.m2 = 1, n
    if g["fq"]:
        n = cn_int(g["fq"].replace("两", "二"))
        if not n or n > 4:
            return None
        out.m1, out.m2 = 1, 3 * n
    if g["first"]:
        out.m1, out.m2 = 1, 1 if g["first"] == "首月" else 3
    if g["ordm"]:                          # 70年第8个月
        n = cn_int(g["ordm"])
        if not n or n > 12:
            return None
        out.month, out.month_given = n, True
    if g["ordd"] and out.year:             # 2023年第十天
        n = cn_int(g["ordd"]) if "百" not in g["ordd"] else None
        if not n or n > 366:
            return None
        d = dt.date(out.year, 1, 1) + dt.timedelta(days=n - 1)
        out.month, out.day, out.month_given = d.month, d.day, True
    if g["m"]:
        out.month, out.month_given = cn_int(g["m"]), True
    day = g["d"] or g["dn"] or g["dn2"] or g["bd"] or g["bd2"]
    if day:
        if day.startswith("初"):            # a lunar-style day written after a Gregorian month
            day = day[1:]
        out.day = cn_int(day)
    mp = g["mpart"] or g["mpart2"]
    if mp:
        d1, d2 = L.month_parts[mp]
        if d1:
            out.d1, out.d2 = d1, d2
    out.time = _clock(g["time"] or g["time2"] or g["time3"] or g["time4"] or g["time5"], ap_default)
    if out.m1 and out.m1 == out.m2 and out.month is None:     # 年底 -> the month itself
        out.month, out.m1, out.m2 = out.m1, None, None
    if out.month is None and out.day is None and out.m1 is None and not out.year_given \
            and out.time is None and not out.unresolved:
        return None
    # fill in what the text leaves out
    if prev is not None:
        if out.year is None and not out.year_given:
            out.year = prev.year
            out.unresolved = out.unresolved or prev.unresolved
        if out.month is None and out.day is not None:
            out.month = prev.month
        if out.time and out.day is None and out.month is None:   # 下午3点至下午8点
            out.year, out.month, out.day, out.year_given = prev.year, prev.month, prev.day, True
            h = int(out.time[:2])
            if prev.time and h < 12 and int(prev.time[:2]) >= 12 and h + 12 >= int(prev.time[:2]) \
                    and not (g["time"] or g["time2"] or g["time3"] or "").lstrip().startswith(("上午", "早", "凌晨")):
                out.time = f"{h + 12:02d}{out.time[2:]}"   # 下午1点到3点: the afternoon still
    if out.year is None and not out.unresolved:
        if ref is None:
            out.unresolved = True
        elif out.month is not None:
            out.year = _past_year(ref, out.month, out.day)
            if out.month == 2 and out.day == 29:
                while not calendar.isleap(out.year):
                    out.year -= 1
        elif out.day is not None:           # a day of the month alone: this month's, or last
            y, mo = ref.year, ref.month
            if out.day > ref.day + 3:
                y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            while out.day > calendar.monthrange(y, mo)[1]:
                y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            out.year, out.month = y, mo
        elif out.time is not None:
            out.year, out.month, out.day = ref.year, ref.month, ref.day
        else:                               # a part of the year alone (上半年, 年底)
            out.year = ref.year
    return out


# ---------------------------------------------------------------------------------------------
# Recognition


@dataclass
class Found:
    start: int
    end: int
    value: str | None
    rule: str
    warnings: list = field(default_factory=list)
    lo: str | None = None           # resolved bounds (for the 同期 focus)
    hi: str | None = None
    same_years: tuple | None = None  # X年同期: the years it names
    precise: bool = False            # day or clock precision
    relative: str | None = None      # a bare relative year word (去年)
    explicit_year: int | None = None  # a written year, alone (2021年, 110年度)


def _unit_of(right: str) -> str:
    for ch in right:
        if ch in "年月日号":
            return ch
    return ""


def _range(core: str, roc: bool, ref: dt.date | None):
    """``A至B`` -> (value lo, hi, warnings); a bare left side takes the right side's unit."""
    cm = None
    for cm in CONN_RE.finditer(core):
        left, right = core[:cm.start()].strip(), core[cm.end():].strip()
        if left and right and (a := _try_sides(left, right, roc, ref)) is not None:
            return a
    return None


def _try_sides(left: str, right: str, roc: bool, ref):
    if BARE_LEFT.search(left):
        left = left + _unit_of(right)        # 1-2月, 2013-2018年, 2021年1-2月
    a = read_side(left, roc, ref)
    if a is None:
        return None
    b = read_side(right, roc, ref, prev=a)
    if b is None:
        return None
    ab, bb = a.bounds(), b.bounds()
    warns = a.warnings + b.warnings
    if ab is None or bb is None:
        return None, None, warns
    lo, hi = ab[0], bb[1]
    if _backwards(lo, hi) and not b.year_given and b.year is not None:
        b.year += 1
        bb = b.bounds()
        hi = bb[1]
    if _backwards(lo, hi):
        warns.append(f"backwards interval: {lo}/{hi}")
    return lo, hi, warns


def _backwards(lo: str, hi: str) -> bool:
    n = min(len(lo), len(hi))
    return hi[:n] < lo[:n]


def _interval(lo: str | None, hi: str | None, cue: str | None, closed: bool = False) -> str | None:
    L = lexicon()
    if lo is None:
        return None
    kind = L.open_cues.get(cue) if cue else None
    if closed and kind == "until":          # 2020至2025年前: the range itself
        kind = None
    if kind == "from":
        return f"{lo}/.."
    if kind == "until":
        return f"../{hi}"
    return lo if lo == hi else f"{lo}/{hi}"


def _weak_year_ok(text: str, s: int, e: int, ctx: ExtractionContext, blockers) -> bool:
    """A four-digit number without 年 is a year only where nothing makes it a count or a code."""
    nxt = text[e:e + 1]
    prev = text[s - 1:s] if s else ""
    if prev in ("(", "（", "[", "〔", "第", "号", "#", "№") or nxt in (")", "）", "]", "〕"):
        return False
    for cue in lexicon().duration_cues:
        if text.endswith(cue, max(0, s - len(cue)), s):
            return False
    if nxt in ("、", "和", "与", "及", "至", "到"):
        ok = bool(YEAR_LIST.match(text, e, e + 8))
    else:
        ok = bool(nxt) and nxt not in blockers and "\u4e00" <= nxt <= "\u9fff"
    # inside a programme's name (the costliest test, so the last)
    return ok and not ctx.overlaps(s, e, "program")


def _bare_day_ok(text: str, s: int) -> bool:
    prev = text[s - 1:s] if s else "\n"
    return prev not in NOT_BEFORE_DAY


# a date whose own text writes its year (2025年, 2025年6月): the year it gives a yearless
# month-day later in the same sentence
_WRITTEN_YEAR = regex.compile(r"\d{4}")
_YEAR_WORD = regex.compile(r"\d{4}年|[〇零一二三四五六七八九]{4}年")
_MONTH_DAY = regex.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月")
_SENTENCE_BREAK = regex.compile(r"[。！？；\n]")


def _sentence_year(text: str, s: int, year_at: tuple[int, int] | None,
                   ref: dt.date | None) -> dt.date | None:
    """A reference for a month-day written without its year right after a date of the same
    sentence that writes one (2025年高考全国统考6月7日起: 2025-06-07, not the year before the
    publication date): the last day of that year, so that no day of it lies in the future."""
    if year_at is None or ref is None or not _MONTH_DAY.match(text, s):
        return None
    end, year = year_at
    if end <= s and _SENTENCE_BREAK.search(text, end, s) is None:
        return dt.date(year, 12, 31)
    return None


def find_dates(ctx: ExtractionContext) -> list[DateMention]:
    text = ctx.text
    roc = bool(ctx.roc_era)
    ref = ctx.reference
    L = lexicon()
    out: list[Found] = []
    year_at: tuple[int, int] | None = None  # (end, year) of the last date with a written year
    for m in master(roc).finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        anchored = _sentence_year(text, s, year_at, ref) if kind == "span" else None
        f = _recognize(m, kind, text, s, e, ctx, roc, anchored or ref, L)
        if f is not None:
            out.append(f)
            if kind == "span" and _WRITTEN_YEAR.match(f.value or "") and \
                    _YEAR_WORD.search(text, s, e):
                year_at = (e, int(f.value[:4]))
    _find_events(text, out)
    _year_lists(text, out, roc, ref)
    _resolve_same_period(out, ref)
    _resolve_comparisons(out, text, ref)
    return [DateMention(start=f.start, end=f.end, text=text[f.start:f.end], value=f.value,
                        rule=f.rule, warnings=f.warnings) for f in out]


# years listed before the one that carries 年 (108、109、110年; 2019、2020年): each a date
_YEAR_LIST = regex.compile(r"(?<![\d.])(?:\d{2,4}、)+\Z")


def _year_lists(text: str, out: list, roc: bool, ref: dt.date | None) -> None:
    """A year found alone (110年, 2020年) after a list of bare years sharing its 年: the listed
    years are dates too (连续3年（108、109、110年）), written as the found one is (ROC or not)."""
    added = []
    taken = {f.start for f in out}
    for f in out:
        if f.explicit_year is None or f.start < 3 or text[f.start - 1] != "、":
            continue
        lo = max(0, f.start - 40)
        m = _YEAR_LIST.search(text[lo:f.start])
        if m is None:
            continue
        width = len(text[f.start:f.end].rstrip("年度"))
        for n in regex.finditer(r"\d{2,4}", m.group()):
            if len(n.group()) != width:
                break  # (a list of years is written one way)
            y = parse_year(n.group(), roc, ref)
            s0 = lo + m.start() + n.start()
            if y is not None and s0 not in taken:  # (a bare 2019 is found on its own)
                added.append(Found(s0, s0 + len(n.group()), str(y), "date.year_list", [],
                                   explicit_year=y))
    if added:
        out.extend(added)
        out.sort(key=lambda f: f.start)


def _find_events(text: str, out: list) -> None:
    """Event-anchored periods (党的十八大以来): each 以来 not already inside a date, read
    backwards with ``event_pattern`` on the few characters before it."""
    pat = event_pattern()
    taken = [(f.start, f.end) for f in out]
    i = text.find("以来")
    added = []
    while i >= 0:
        end = i + 2
        if not any(a < end and i < b for a, b in taken):
            m = pat.search(text, max(0, i - 24), end)
            if m and m.end() == end:
                added.append(Found(m.start(), end, None, "date.event", []))
        i = text.find("以来", end)
    if added:
        out.extend(added)
        out.sort(key=lambda f: f.start)


def _recognize(m, kind, text, s, e, ctx, roc, ref, L) -> Found | None:
    g = m.group
    if kind == "span" and text[s] == "前" and s > 0 and text[s - 1] in NOT_BEFORE_FIRST_N:
        return None  # 提前3个月, 项目前3个月, 此前两个月: not the first months of a year
    if kind == "span" or kind == "range1":
        same = g("same2") if kind == "span" else g("same1")
        cue = g("cue2") if kind == "span" else g("cue1")
        core_end = e - len(cue or "") - len(same or "")
        core = text[s:core_end]
        if not _duration_guard(text, s, core_end, roc, L):
            return None
        if core[0].isdigit() and "年" not in core and text.endswith(MONTH_COUNT_CUES, 0, s):
            return None                    # 连续12月: a count of months
        if core[0] in "一二三四五六七八九十" and "年" not in core[:4] and s and \
                text[s - 1] in CN_MONTH_BEFORE:
            return None
        lo = hi = None
        warns: list = []
        precise = False
        if kind == "range1" or CONN_RE.search(core):
            r = _range(core, roc, ref)
            if r is None:
                if kind == "range1":
                    return None
                r = _single(core, roc, ref)
                if r is None:
                    return None
            lo, hi, warns = r
        else:
            side = read_side(core, roc, ref)
            if side is None:
                return None
            b = side.bounds()
            warns = side.warnings
            if b:
                lo, hi = b
            precise = side.day is not None or side.time is not None
        f = Found(s, e, None, "date.range" if lo != hi else "date.point", warns, lo, hi,
                  precise=precise)
        if core in L.relative:
            f.relative = core
        elif lo and lo == hi and len(lo) == 4 and core[0].isdigit():
            f.explicit_year = int(lo)
        if same:
            f.rule = "date.same_period"
            f.same_years = (lo[:4], hi[:4]) if lo else None
            f.value = None if lo is None else (lo[:4] if lo[:4] == hi[:4] else f"{lo[:4]}/{hi[:4]}")
            if cue:                        # 同期以来 is not a thing; drop the cue
                f.end = e - len(cue)
            return f
        f.value = _interval(lo, hi, cue, closed=kind == "range1" or bool(CONN_RE.search(core)))
        if cue:
            f.rule = "date.open"
        return f
    if kind == "iso":
        t = g("iso")
        pieces = [t]
        for cm in CONN_RE.finditer(t):
            rest = t[cm.end():].strip()
            if cm.start() >= 8 and t[cm.start() - 1] == "起":
                pieces = [t[:cm.start() - 1].strip(), rest]
                break
            if cm.start() >= 8 and t[cm.start() - 1].isdigit() and len(rest) >= 8 and rest[:4].isdigit():
                pieces = [t[:cm.start()].strip(), rest]
                break
        vals, w = [], []
        if _rx_month_range(t):
            return _month_range_dotted(t, s, e)
        for piece in pieces:
            parts = piece.replace("T", " ").split(" ")
            sep = "-" if "-" in parts[0] else ("/" if "/" in parts[0] else ".")
            y, mo, d = (int(x) for x in parts[0].split(sep)[:3])
            v = f"{y:04d}-{mo:02d}-{d:02d}"
            if len(parts) > 1 and parts[1]:
                hm = parts[1].split(":")
                v += f"T{int(hm[0]):02d}:{hm[1]}" + (f":{hm[2]}" if len(hm) > 2 else "")
            if d > calendar.monthrange(y, mo)[1]:
                w.append(f"invalid calendar date: {v[:10]}")
            vals.append(v)
        v = vals[0] if len(vals) == 1 else f"{vals[0]}/{vals[1]}"
        if len(vals) == 2 and _backwards(vals[0], vals[1]):
            w.append(f"backwards interval: {v}")
        return Found(s, e, v, "date.iso", w, vals[0], vals[-1], precise=True)
    if kind == "english":
        t = g("english")
        mm = ENGLISH.search(t)
        if not mm or mm.group(2)[:3] not in MONTH_NAMES:
            return None
        v = f"{int(mm.group(3)):04d}-{MONTH_NAMES[mm.group(2)[:3]]:02d}-{int(mm.group(1)):02d}"
        if mm.group(4):
            v += f"T{mm.group(4)}:{mm.group(5)}" + (f":{mm.group(6)}" if mm.group(6) else "")
            if mm.group(7) in ("GMT", "UTC", "Z", "+0000"):
                v += "Z"
        return Found(s, e, v, "date.english", [], v, v, precise=True)
    if kind == "dated_event":
        t = text[s:e]
        ym = EVENT_YEAR.match(t)
        side = read_side(ym.group(1), roc, ref) if ym else None
        b = side.bounds() if side else None
        return Found(s, e, f"{b[0]}/.." if b else None, "date.event_dated", [])
    if kind == "holiday":
        return _holiday(text[s:e], s, e, roc, ref, L)
    if kind == "lunar":
        return _lunar(text[s:e], s, e, roc, ref)
    if kind == "period":
        t = text[s:e]
        for name, (y1, y2) in L.periods.items():
            if name in t:
                cue = t[t.index(name) + len(name):].lstrip("”")
                k = L.period_cues.get(cue, "period")
                v = {"period": f"{y1}/{y2}", "from": f"{y1}/..", "end": str(y2),
                     "start": str(y1)}[k]
                return Found(s, e, v, "date.plan_period", [], f"{y1}", f"{y2}")
        return None
    if kind == "vague":
        return Found(s, e, None, "date.vague", [])
    if kind == "ago":
        mm = AGO.match(text[s:e])
        n = cn_int(mm.group(1).replace("两", "二"))
        if n is None or ref is None or mm.group(2):  # 十多年前: no calendar value
            return Found(s, e, None, "date.ago", []) if n is not None else None
        if mm.group(3) == "年":
            v = str(ref.year - n)
        elif mm.group(3) == "个月":
            k = ref.year * 12 + ref.month - 1 - n
            v = f"{k // 12:04d}-{k % 12 + 1:02d}"
        else:
            v = (ref - dt.timedelta(days=n)).isoformat()
        return Found(s, e, v, "date.ago", [], v, v)
    if kind == "relday":
        word = text[s:e]
        if text[e:e + 1] in ("之", "的") or text[s - 1:s] == "的":
            return None                    # 美好的明天, 明日之星: figurative
        if DATE_IN_PARENS.match(text, e, e + 8):
            return None                    # 昨天（6月15日）: the date in brackets is the mention
        side = read_side(word, roc, ref)
        b = side.bounds() if side else None
        return Found(s, e, b[0] if b else None, "date.relative", side.warnings if side else [],
                     *(b or (None, None)), precise=True)
    if kind == "decade":
        cue = g("cue3")
        f = _decade(text[s:e - len(cue or "")], s, e, ref)
        if f is not None and cue and f.value:      # 21世纪以来, 上世纪60年代以来
            f.value, f.rule = f"{f.lo}/..", "date.open"
        return f
    if kind == "paren":
        return _paren(text[s:e], s, e, roc, ref)
    if kind == "bare_day":
        if not _bare_day_ok(text, s):
            return None
        if CONN_RE.search(text, s, e):        # 7日至10日, 21—22日
            r = _range(text[s:e], roc, ref)
            if r is None:
                return None
            lo, hi, warns = r
            return Found(s, e, _interval(lo, hi, None), "date.day", warns, lo, hi, precise=True)
        side = read_side(text[s:e], roc, ref)
        if side is None:
            return None
        b = side.bounds()
        return Found(s, e, b[0] if b else None, "date.day", side.warnings,
                     *(b or (None, None)), precise=True)
    if kind == "bare_year":
        if not _weak_year_ok(text, s, e, ctx, L.year_blockers):
            return None
        v = text[s:e]
        return Found(s, e, v, "date.bare_year", [], v, v)
    return None


def _single(core, roc, ref):
    side = read_side(core, roc, ref)
    if side is None:
        return None
    b = side.bounds()
    return (b[0], b[1], side.warnings) if b else (None, None, side.warnings)


def _duration_guard(text, s, e, roc, L) -> bool:
    """``近5年``, ``连续30年``, ``1300年历史``: a number + 年 standing alone after a duration
    cue, or before 历史/之久/来, is a count of years, not a year."""
    mm = YEAR_ONLY.match(text, s, e)
    if not mm:
        return True
    digits = mm.group(1)
    if len(digits) < 4 and not roc:
        return True
    cues = L.duration_cues if len(digits) < 4 else YEAR_COUNT_BEFORE
    if text.endswith(tuple(cues), max(0, s - 2), s):
        return False
    return not YEAR_COUNT_AFTER.match(text, e, e + 4)


def _prefix_side(prefix: str, roc: bool, ref: dt.date | None) -> Side | None:
    """The year written before a holiday or a lunar date; bare digits are a year (2026元旦)."""
    return read_side(prefix + "年" if prefix.isdigit() else prefix, roc, ref)


def _holiday(t, s, e, roc, ref, L) -> Found | None:
    """2026年元旦, 去年春节, 春节期间 (null: no year written), 国庆节前夕, 教师节, 2024年冬至;
    a range of two (去年春节到元宵节); a quoted name reads the same (“五一”假期)."""
    t = t.replace("“", "").replace("”", "")
    for cm in CONN_RE.finditer(t):
        a = _holiday_one(t[:cm.start()], roc, ref, L)
        if a is None or a[0] is None:
            continue
        b = _holiday_one(t[cm.end():], roc, ref, L, prev_year=a[1])
        if b is None or b[0] is None:
            continue
        v = f"{a[0]}/{b[0]}"
        return Found(s, e, v, "date.holiday", [f"backwards interval: {v}"] if _backwards(a[0], b[0]) else [])
    r = _holiday_one(t, roc, ref, L)
    if r is None:
        return None
    return Found(s, e, r[0], "date.holiday", [])


def _holiday_one(t, roc, ref, L, prev_year=None):
    """(value, year of the calendar the holiday was read in) or None."""
    name = None
    names = list(L.holidays) + list(L.solar_terms)
    for h in sorted(names, key=len, reverse=True):
        i = t.find(h)
        if i >= 0:
            name, prefix, rest = h, t[:i].replace("农历", ""), t[i + len(h):]
            break
    if name is None:
        return None
    cue = next((c for c in sorted(L.holiday_cues, key=len, reverse=True) if rest.startswith(c)), "")
    if rest[len(cue):] and not TIME_RE.fullmatch(rest[len(cue):]):
        return None
    clock = _clock(rest[len(cue):]) if rest[len(cue):] else None
    kind = L.holiday_cues.get(cue, "point") if cue else "point"
    rule = L.holidays.get(name) or f"term:{name}"
    year = None
    if prefix:
        side = _prefix_side(prefix, roc, ref)
        year = side.year if side else None
        if year is None:
            return None, None
    elif prev_year is not None:
        year = prev_year
    elif rule.startswith("lunar") and cue:     # 春节期间, 春节以来: no year written
        return None, None
    if year is None and ref is not None:
        year = ref.year
        d = _holiday_date(rule, year)
        if d is not None and (d - ref).days > FUTURE_SLACK_DAYS:
            year -= 1
    d = _holiday_date(rule, year) if year is not None else None
    v = d.isoformat() if d else None
    if v and clock:
        v += f"T{clock}"
    if v and kind == "from":
        v = f"{v}/.."
    return v, year


def _paren(t, s, e, roc, ref) -> Found | None:
    mm = PAREN.match(t)
    n, unit, rest = int(mm.group(2)), mm.group(3), mm.group(4)
    if unit == "年":
        y = n + 1911 if n < 1000 else n
        return Found(s, e, str(y), "date.paren", [], str(y), str(y))
    if ref is None:
        return Found(s, e, None, "date.paren", [])
    if unit == "月":
        v = f"{ref.year:04d}-{n:02d}"
        return Found(s, e, v, "date.paren", [], v, v)
    side = read_side(f"{n}日{rest}", roc, ref)
    b = side.bounds() if side else None
    return Found(s, e, b[0] if b else None, "date.paren", side.warnings if side else [],
                 *(b or (None, None)), precise=True)


def _resolve_same_period(found: list[Found], ref: dt.date | None) -> None:
    """``2020年同期``, ``上年同期``: the period in focus (the latest current-year period before it,
    e.g. ``1-2月``), taken in the named year; the year alone when the focus is a whole year."""
    focus: tuple[int, str | None, str | None] | None = None
    for f in found:
        if f.rule == "date.same_period":
            if f.same_years is None:
                continue
            y1, y2 = f.same_years
            if y1 != y2 or focus is None or focus[1] is None:
                continue
            m1, m2 = focus[1], focus[2]
            a, b = f"{y1}-{m1}", f"{y1}-{m2}"
            f.value = a if a == b else f"{a}/{b}"
            continue
        if f.precise or f.lo is None or ref is None:
            continue
        if f.lo[:4] != str(ref.year):
            continue
        if len(f.lo) == 4:
            focus = (int(f.lo[:4]), None, None)
        elif len(f.lo) == 7 and f.hi and len(f.hi) == 7 and f.hi[:4] == f.lo[:4]:
            focus = (int(f.lo[:4]), f.lo[5:7], f.hi[5:7])


def _resolve_comparisons(found: list[Found], text: str, ref: dt.date | None) -> None:
    """``较去年减少`` in a report on the previous year (110年度 in a 2022 release): the year
    before the year reported, not before the publication year."""
    if ref is None:
        return
    L = lexicon()
    focus = None
    for f in found:
        if f.explicit_year is not None and f.rule in ("date.point", "date.open"):
            focus = f.explicit_year
            continue
        if f.relative is None or focus is None or focus != ref.year - 1:
            continue
        unit, off, _ = L.relative[f.relative]
        if unit != "year" or off >= 0 or not text.endswith(COMPARE_CUES, 0, f.start):
            continue
        f.value = str(focus + off)


def _decade(t: str, s: int, e: int, ref: dt.date | None) -> Found | None:
    """``上世纪90年代`` -> 1990/1999; ``19世纪70年代`` -> 1870/1879; ``18世纪`` -> 1700/1799."""
    mm = DECADE.match(t)
    cent, dec = mm.group(1), mm.group(2)
    base = None
    now = ref.year if ref else 2030
    if cent is not None:
        if cent == "上":
            base = (now // 100 - 1) * 100
        elif cent == "本":
            base = now // 100 * 100
        else:
            n = cn_int(cent)
            if n is None or not 1 <= n <= 22:
                return None
            base = (n - 1) * 100
    if dec is None:
        if base is None:
            return None
        return Found(s, e, f"{base}/{base + 99}", "date.century", [], str(base), str(base + 99))
    d = cn_int(dec)
    if d is None or d % 10 or d >= 100:
        return None
    if base is None:
        base = 1900 if 1900 + d + 9 < now else 2000
    y = base + d
    return Found(s, e, f"{y}/{y + 9}", "date.decade", [], str(y), str(y + 9))


def lunar_to_gregorian(year: int, month: int, day: int | None, leap: bool = False):
    """A lunar date (or a whole lunar month when ``day`` is None) as Gregorian (first, last)."""
    info = lexicon().lunar_years.get(year)
    if info is None:
        return None
    ny, leap_month, lengths = info
    start = dt.date.fromisoformat(ny)
    order = []
    for m in range(1, 13):
        order.append((m, False))
        if m == leap_month:
            order.append((m, True))
    for (m, lp), n in zip(order, lengths):
        if m == month and lp == leap:
            if day is None:
                return start, start + dt.timedelta(days=n - 1)
            if day == -1:                       # the last day (除夕)
                d = start + dt.timedelta(days=n - 1)
                return d, d
            if not 1 <= day <= n:
                return None
            d = start + dt.timedelta(days=day - 1)
            return d, d
        start += dt.timedelta(days=n)
    return None


def _lunar_day(s: str) -> int | None:
    s = s.rstrip("日号")
    if s.startswith("初"):
        return cn_int(s[1:])
    if s.startswith("廿"):
        return 20 + (cn_int(s[1:]) or 0) if len(s) > 1 else 20
    if s == "卅":
        return 30
    return cn_int(s)


_LUNAR_RE = None


def _lunar(t: str, s: int, e: int, roc: bool, ref: dt.date | None) -> Found | None:
    """农历八月十五, 腊月初十, 2012年正月初8, 闰四月, 大年初十 -> Gregorian."""
    global _LUNAR_RE
    if _LUNAR_RE is None:
        from ..dates_grammar import LDAY, M, TIME
        _LUNAR_RE = regex.compile(
            rf"(?P<pre>.*?)(?:农历|阴历)?\s?(?P<pre2>.*?)(?:(?P<leap>闰)?(?P<m>{M}|正|腊|冬)月|大年(?P<dn>初[一二三四五六七八九十]|三十))"
            rf"(?P<d>{LDAY})?(?P<time>{TIME})?$")
    mm = _LUNAR_RE.match(t)
    if not mm:
        return None
    prefix = (mm.group("pre") + mm.group("pre2")).replace("农历", "").replace("阴历", "").strip()
    year = None
    if prefix:
        side = _prefix_side(prefix, roc, ref)
        if side is None or side.year is None:
            return Found(s, e, None, "date.lunar", []) if side and side.unresolved else None
        year = side.year
    leap = bool(mm.group("leap"))
    if mm.group("dn"):
        month, day = 1, (-1 if mm.group("dn") == "三十" else _lunar_day(mm.group("dn")))
        if day == -1:
            month = 12
    else:
        mw = mm.group("m")
        month = {"正": 1, "腊": 12, "冬": 11}.get(mw) or cn_int(mw)
        day = _lunar_day(mm.group("d")) if mm.group("d") else None
    if year is None:
        if ref is None:
            return Found(s, e, None, "date.lunar", [])
        year = ref.year
        r = lunar_to_gregorian(year, month, day, leap)
        if r and (r[0] - ref).days > FUTURE_SLACK_DAYS:
            year -= 1
    r = lunar_to_gregorian(year, month, day, leap)
    if r is None:
        return Found(s, e, None, "date.lunar", ["no such lunar date"])
    a, b = r
    if a == b:
        v = a.isoformat()
        clock = _clock(mm.group("time")) if mm.group("time") else None
        if clock:
            v += f"T{clock}"
        return Found(s, e, v, "date.lunar", [], v, v, precise=True)
    return Found(s, e, f"{a}/{b}", "date.lunar", [], a.isoformat(), b.isoformat())


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    d = dt.date(year, month, 1)
    d += dt.timedelta(days=(weekday - 1 - d.weekday()) % 7)
    return d + dt.timedelta(weeks=n - 1)


def _holiday_date(rule: str, year: int) -> dt.date | None:
    if rule.startswith("term:"):
        return solar_term(rule[5:], year)
    if rule.startswith("lunar:"):
        md = rule[6:]
        if md == "eve":
            r = lunar_to_gregorian(year, 12, -1)
        else:
            mo, d = (int(x) for x in md.split("-"))
            r = lunar_to_gregorian(year, mo, d)
        return r[0] if r else None
    if rule.startswith("nth:"):
        _, mo, wd, n = rule.split(":")
        return _nth_weekday(year, int(mo), int(wd), int(n))
    mo, d = (int(x) for x in rule.split("-"))
    return dt.date(year, mo, d)


def solar_term(name: str, year: int) -> dt.date | None:
    """The day of a solar term in ``year`` (2000-2099), by the 21st-century formula."""
    month, c, _, fixes = lexicon().solar_terms[name]
    if not 2000 <= year <= 2099:
        return None
    y = year % 100
    leap_base = (y - 1) // 4 if month <= 2 else y // 4
    day = int(y * 0.2422 + c) - leap_base + fixes.get(year, 0)
    return dt.date(year, month, day)


def _rx_month_range(t: str) -> bool:
    return bool(DOTTED_RANGE.fullmatch(t))


def _month_range_dotted(t: str, s: int, e: int) -> Found:
    """1999.08-2002.02 -> 1999-08/2002-02; 2008.03-2009 -> 2008-03/2009."""
    a, b = DOTTED_PART.findall(t)[:2]
    a, b = a.replace(".", "-"), b.replace(".", "-")
    v = f"{a}/{b}"
    return Found(s, e, v, "date.dotted", [f"backwards interval: {v}"] if _backwards(a, b) else [], a, b)
