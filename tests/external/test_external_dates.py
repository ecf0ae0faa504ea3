"""External yardsticks for the date recognizer and normalizer (peers' suites, not our gold).

Runs ``extractor.api.extract_dates`` on the Chinese date cases of four third-party suites
(``../shared/eval/external``, see its README), maps each case's expectation onto
``../shared/eval/CONTRACT.md`` with the reference time the suite uses, and reports a pass rate per
suite. Cases where the contract deliberately differs from the suite are listed in
``DELIBERATE`` (category -> reason and the test that picks the cases out) and are not counted.
Everything else counts, including what we do not support yet (lunar dates, weekdays, imperial
eras): those are failures, not exclusions.

The test fails when a suite's pass rate drops below the committed baseline
(``baseline_dates.json``); the baseline only goes up (``CNIE_UPDATE_BASELINE=1`` rewrites it
with the current rates when they are higher).

    .venv/bin/python -m pytest tests/external/test_external_dates.py -s     # prints the rates
    .venv/bin/python tests/external/test_external_dates.py -v               # lists failures
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest

if __package__:
    from .ratchet import EXT, Baseline, load_jsonl, needs_external
else:  # run as a script (see the docstring)
    from ratchet import EXT, Baseline, load_jsonl, needs_external

HERE = Path(__file__).resolve().parent
BASELINE = Baseline(HERE / "baseline_dates.json",
                    "pass rates of tests/external/test_external_dates.py; only ever raised")

pytestmark = needs_external

# ---------------------------------------------------------------------------------------------
# Deliberate differences: category -> (reason, predicate on the case). A predicate sees the case
# dict (its "input", the suite name in "_suite" and the expectation) and returns True when the
# category applies. Cases picked out here are reported but not counted.

_WEEK = re.compile(r"周|星期|礼拜|禮拜|週")
_DURATION = re.compile(
    r"(?:近|过去|未来|最近|(?<!年)前|后|上|下|过)\s?(?:的)?\s?(?:\d+|[一二三四五六七八九十两几]+)\s?(?:个)?\s?"
    r"(?:年|月|周|天|日|小时|分钟|秒|季度|星期)"
    r"|(?:\d+|[一二三四五六七八九十两几半]+)(?:个)?(?:多|半)?(?:个)?(?:年|月|周|天|日|小时|钟头|分钟|分|秒|季度|刻钟)"
    r"(?:半)?(?:以来|以后|之后|后|以内|之内|内|里)"
)
_CLOCK = re.compile(r"\d+[:：]\d+|(?:\d|[一二三四五六七八九十两])\s?(?:[点點时時]|钟)|上午|下午|晚上|早上|中午|凌晨|黎明|白天|夜间|夜間|今晚|昨晚|明晚|半夜|傍晚|早晨|刻")
_DATE_WORD = re.compile(r"年|月|日|号|號|天|节|節|\d{4}-\d|\d{4}/\d|\d{4}\.\d")
_NUMERIC_DMY = re.compile(r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}/\d{1,2})(?![\d年])")
_NOW = re.compile(r"^(?:现在|此时|此刻|当前|目前|最近|刚刚|马上|立刻|立即|今天|今日)$")


def _is_clock_only(c) -> bool:
    s = c["_s"]
    return bool(_CLOCK.search(s)) and not _DATE_WORD.search(s) and not re.search(r"今|昨|明|前天|后天", s)


DELIBERATE: dict[str, tuple[str, object]] = {
    "clock_offset": (
        "Clock-time offsets from the moment of writing (6个小时前, 半小时前, 再过半个小时, 15个工作日内): "
        "a release is dated by the day; the contract has no sub-day relative times",
        lambda c: bool(re.search(
            r"(?:\d+|[一二三四五六七八九十两半几]+)\s?个?半?(?:小时|钟头|分钟|分半钟|秒钟?|工作日)(?:前|后|以后|之后|内|以内|里)$"
            r"|^再过", c["_s"])),
    ),
    "duration": (
        "Durations and periods counted back or forward from now (近三年, 前1周, 未来两天, "
        "三个多月以来, 20天后) are quantities in the contract (4个小时, 近十年), not dates",
        lambda c: bool(_DURATION.search(c["_s"])) and not re.search(r"\d{4}|年前$", c["_s"]),
    ),
    "week": (
        "Week grain (下周, 这周, 第一周, 周末) and weekdays: press releases date events by "
        "calendar day, and the contract has no week value",
        lambda c: bool(_WEEK.search(c["_s"])),
    ),
    "clock_only": (
        "A clock time or part of day with no written day (早上7点, 下午三点, 白天) is not a date "
        "mention in the contract; clock times are attached to their day",
        _is_clock_only,
    ),
    "now": (
        "现在/此刻/最近/当前: the moment of writing is not a calendar mention in the contract "
        "(no anchor written; 近年来-like words are null)",
        lambda c: bool(_NOW.match(c["_s"].strip())),
    ),
    "numeric_day_first": (
        "Day-first or month-first numeric dates (13.5.2015, 1/2/2020, 3-7-07, 12/1) are not "
        "used in Chinese releases; the contract reads numeric dates year first only",
        lambda c: bool(_NUMERIC_DMY.search(c["_s"])) and not re.search(r"\d{4}[./-]\d", c["_s"]),
    ),
    "future_reading": (
        "The suite asks for the future reading (ret_future, Recognizers' future resolution); "
        "the contract prefers the past for news",
        lambda c: bool((c.get("kwargs") or {}).get("ret_future")),
    ),
    "past_preference": (
        "A date written without its year that the suite resolves to a day more than a week "
        "after the reference (JioNLP's nearest-future reading); the contract prefers the past "
        "for news (8月27日 in a 2019-11 article is 2019-08-27)",
        lambda c: (c["_suite"] == "jionlp_parse_time" and _jio_future_without_year(c))
        or (c["_suite"] == "duckling_time" and _duck_future_without_year(c)),
    ),
    "jionlp_lunar_default": (
        "JioNLP reads a month-day written without 日/号 in Chinese numerals (二月十五, 八月十五, "
        "五月初五) as a lunar date; the contract reads a written month as Gregorian unless "
        "农历/阴历 (or a lunar month name) says otherwise",
        lambda c: c["_suite"] == "jionlp_parse_time" and bool(re.search(
            r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:初|廿|[一二三四五六七八九十]{2})(?![日号])",
            c["_s"])) and not re.search(r"农历|阴历|腊月|正月", c["_s"]),
    ),
    "month_part_precision": (
        "初/底/末 after a month keep the month's precision in the contract (gold: 8月初 -> 2018-08, "
        "110年底 -> 2021-12); JioNLP narrows them to a few days",
        lambda c: c["_suite"] == "jionlp_parse_time" and bool(re.search(r"月(?:初|底|末)$", c["_s"])),
    ),
    "anaphora": (
        "当月/同月/这一年/本日 refer back to the period just mentioned in a news text; JioNLP "
        "resolves them to its time base (the contract does not date an anaphor by the "
        "publication date)",
        lambda c: bool(re.match(r"^(?:当月|同月|这一年|本日|当天|当日)", c["_s"])),
    ),
    "bare_numeral_holiday": (
        "十一 for National Day is a bare numeral; the contract reads it as a number",
        lambda c: c["_s"].strip() == "十一",
    ),
    "fuzzy_bounds": (
        "JioNLP 'blur' readings widen the written unit (年底 -> Nov-Dec, 10月底 -> 25-31, 左右); "
        "the contract keeps the text's own precision (110年底 -> 2021-12, 8月初 -> 2018-08)",
        lambda c: c["_suite"] == "jionlp_parse_time" and (c.get("expected") or {}).get("definition") == "blur",
    ),
    "not_a_date_type": (
        "time_delta (4周) is a quantity and time_period (每周六) a recurring set: neither is a "
        "contract date; Recognizers duration/set/time/timerange likewise",
        lambda c: (c["_suite"] == "jionlp_parse_time"
                   and (c.get("expected") or {}).get("type") in ("time_delta", "time_period")),
    ),
    "exclusive_year_end": (
        "Recognizers reads 从2016到2018 / 2007年与2009年之间 with an exclusive end year "
        "(2016-2017); the contract's inclusive end is the year written (2016/2018)",
        lambda c: c["_suite"] == "recognizers" and bool(re.search(
            r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s?年?\s?(?:到|至|-|与|和)\s?(?:\d{4}|[〇零一二三四五六七八九]{4})(?!\s?年\s?[^到至与和之间，,]*月)",
            c["_s"])) and "月" not in c["_s"],
    ),
    "open_cue_in_span": (
        "The contract keeps an open-interval cue in the mention (2018年以来 -> 2018/.., 07年以前 -> "
        "../2007, as the gold does); Recognizers leaves 以前/以后 outside the span and the value",
        lambda c: c["_suite"] == "recognizers" and any(
            c["_s"][e["end"]:e["end"] + 2] in ("以前", "以后", "以来", "之前", "之后")
            for e in c["expected"]),
    ),
    "invalid_date": (
        "Recognizers resolves an impossible date (2月30日) to a sentinel (0001-01-01); the contract "
        "keeps the value as written and flags it with a warning",
        lambda c: "0001-01-01" in json.dumps(c["expected"]) or "not -" in json.dumps(c["expected"]),
    ),
    "recognizers_lunar_as_gregorian": (
        "Recognizers writes lunar dates with Gregorian fields (农历十月初一 -> 2015-10-01, "
        "正月三十 -> XXXX-01-30); a contract value is a Gregorian date",
        lambda c: c["_suite"] == "recognizers" and bool(re.search(r"农历|正月|腊月|大年|初[一二三四五六七八九十]|月[二三]?十$", c["_s"])),
    ),
}


def _written_day_re():
    from extractor.dates_grammar import lexicon

    names = "|".join(sorted(lexicon().holidays, key=len, reverse=True))
    return re.compile(rf"(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}}|腊|正|冬)\s?(?:月|日|号)|{names}")


class _Lazy:
    def __init__(self, fn):
        self.fn, self.re = fn, None

    def search(self, s):
        if self.re is None:
            self.re = self.fn()
        return self.re.search(s)


# a month, a day or a holiday we know, written without its year
_WRITTEN_DAY = _Lazy(_written_day_re)


def _jio_future_without_year(c) -> bool:
    exp = c.get("expected") or {}
    base = (c.get("context") or {}).get("time_base")
    if not isinstance(exp, dict) or not isinstance(exp.get("time"), list) or not base or base[0] < 0:
        return False
    # a month-day or a day written without a year or any relative word (今 明 下 后 ...)
    if re.search(r"年|今|明|昨|前天|后天|大前|大后|上个|上月|上周|下个|下月|下周|本月|这|次日|未来|过去|周|星期|礼拜",
                 c["_s"]):
        return False
    if not _WRITTEN_DAY.search(c["_s"]):
        return False
    try:
        start = dt.datetime.strptime(exp["time"][0], "%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        return False
    ref = dt.datetime(base[0], max(base[1], 1), max(base[2], 1))
    return start - ref > dt.timedelta(days=7)


def _duck_future_without_year(c) -> bool:
    if re.search(r"年|今|明|昨|前天|后天|大前|大后|上个|上月|上周|下个|下月|下周|本月|这|次日|未来|过去|周|星期|礼拜",
                 c["_s"]):
        return False
    if not _WRITTEN_DAY.search(c["_s"]):
        return False
    res = c["expected"][0]["resolution"]
    v = res.get("value") or (res.get("from") or {}).get("value")
    if not v:
        return False
    ref = dt.datetime.fromisoformat(c["context"]["reference_time"][:19])
    return dt.datetime.fromisoformat(v[:19]) - ref > dt.timedelta(days=7)


def deliberate(case) -> str | None:
    for name, (_, pred) in DELIBERATE.items():
        if pred(case):
            return name
    return None


# ---------------------------------------------------------------------------------------------
# Running our extractor


def _extract(text: str, ref: dt.date | None):
    from extractor.api import extract_dates

    return extract_dates(text, reference=ref, roc_era=False)


_PREP = re.compile(r"^(?:时间)?(?:从|在|自|于|由)\s?|(?:之间|间|止)$")


def _norm_span(s: str) -> str:
    return re.sub(r"\s+", "", _PREP.sub("", s.strip()))


# ---------------------------------------------------------------------------------------------
# Mapping expectations onto the contract


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _jio_expected(case):
    """JioNLP's inclusive [start, end] as datetimes; None for an open side (-inf/inf, or the
    time base itself, which JioNLP uses for 'now' in 起/以来/之前 spans)."""
    lo, hi = case["expected"]["time"]
    base = case["context"].get("time_base")
    base_s = None
    if base and all(x >= 0 for x in base):
        base_s = dt.datetime(*base).strftime("%Y-%m-%d %H:%M:%S")

    def p(s):
        return dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")

    a = None if lo == "-inf" or (base_s and lo == base_s and hi != base_s) else p(lo)
    b = None if hi == "inf" or (base_s and hi == base_s and lo != base_s) else p(hi)
    return a, b


def _iso_bounds(v: str):
    """Inclusive datetime bounds of one contract ISO piece (2019, 2019-03, 2019-03-14, ...T16:50)."""
    if len(v) == 4:
        y = int(v)
        return dt.datetime(y, 1, 1), dt.datetime(y, 12, 31, 23, 59, 59)
    if len(v) == 7:
        y, m = int(v[:4]), int(v[5:7])
        return dt.datetime(y, m, 1), dt.datetime(y, m, _last_day(y, m), 23, 59, 59)
    if len(v) == 10:
        d = dt.datetime.fromisoformat(v)
        return d, d.replace(hour=23, minute=59, second=59)
    t = dt.datetime.fromisoformat(v.rstrip("Z"))
    if len(v.rstrip("Z")) == 16:
        return t, t.replace(second=59)
    return t, t


def _value_bounds(value: str | None):
    if not value:
        return "none"
    a, _, b = value.partition("/")
    if not b:
        return _iso_bounds(a)
    lo = None if a == ".." else _iso_bounds(a)[0]
    hi = None if b == ".." else _iso_bounds(b)[1]
    return lo, hi


def _same_interval(ours, want) -> bool:
    if ours == "none":
        return False
    (a, b), (x, y) = ours, want
    if a != x:
        return False
    if b == y:
        return True
    # a clock time ends where JioNLP ends it (12:00:00) or at the end of its minute
    if b is not None and y is not None and b.second == 59 and y == b.replace(second=0):
        return True
    # the contract writes an hour as HH:00 (2010-01-29T18 -> T18:00)
    return (b is not None and y is not None and b.second == 59 and b.minute == 0
            and y.minute == 59 and y.second == 59 and b.replace(minute=59) == y)


_TIMEX_DATE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?(?:T(\d{2})(?::(\d{2}))?)?$")
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def _rec_expected(res: dict, past: dict | None) -> str | None:
    """A Recognizers timex (with its past resolution where the year is unknown) in contract form."""
    timex = res.get("Timex") or res.get("timex")
    if not timex:
        return None
    if timex.startswith("("):
        a, b, dur = timex[1:-1].split(",")
        if "X" in a + b:
            if not past:
                return None
            a, b = past.get("startDate"), past.get("endDate")
            if not a or not b:
                return None
        da, db = dt.date.fromisoformat(a[:10]), dt.date.fromisoformat(b[:10])
        if dur.endswith("D") and not dur.startswith("PT"):
            return f"{da}/{db}" if da != db else str(da)
        if dur.endswith("M") and da.day == 1 and db.day == 1:
            last = db - dt.timedelta(days=1)
            return f"{da:%Y-%m}/{last:%Y-%m}" if (da.year, da.month) != (last.year, last.month) else f"{da:%Y-%m}"
        if dur.endswith("Y") and da.month == da.day == db.month == db.day == 1:
            return f"{da.year}/{db.year - 1}" if db.year - 1 != da.year else str(da.year)
        return f"{da}/{db}"
    m = re.match(r"^(\d{4})-(SP|SU|FA|WI)$", timex)
    if m:
        y, (m1, m2) = int(m.group(1)), _SEASONS[m.group(2)]
        return f"{y}-{m1:02d}/{y + (1 if m2 < m1 else 0)}-{m2:02d}"
    m = _TIMEX_DATE.match(timex)
    if not m:
        return None
    if "X" in timex:
        if not past:
            return None
        v = past.get("date") or past.get("value") or past.get("startDate")
        if not v:
            return None
        y, mo, d = v[:4], v[5:7], v[8:10]
        out = y
        if m.group(2):
            out += f"-{mo}"
        if m.group(3):
            out += f"-{d}"
        if m.group(4):
            out += f"T{m.group(4)}:{m.group(5) or '00'}"
        return out
    y, mo, d, hh, mi = m.groups()
    out = y + (f"-{mo}" if mo else "") + (f"-{d}" if d else "")
    if hh:
        out += f"T{hh}:{mi or '00'}"
    return out


# ---------------------------------------------------------------------------------------------
# Suites: each yields (case, check) where check() -> (passed, detail)


def _simplified(text: str) -> str:
    from extractor.normalize import normalize

    return normalize(text).text




def _ref_of(ctx: dict, default: str | None = "2016-11-07") -> dt.date | None:
    r = ctx.get("reference_datetime") or default
    return dt.date.fromisoformat(r[:10]) if r else None


REC_MODELS = {"DateExtractor", "DateParser", "DatePeriodExtractor", "DatePeriodParser"}
REC_TYPES = {"datetimeV2.date", "datetimeV2.daterange"}


def recognizers_cases():
    for c in load_jsonl(EXT / "recognizers_zh" / "datetime_components.jsonl"):
        if c.get("model") in REC_MODELS:
            yield c
    for c in load_jsonl(EXT / "recognizers_zh" / "datetime.jsonl"):
        types = {e["type_name"] for e in c["expected"]}
        if types <= REC_TYPES:
            yield c


def check_recognizers(c):
    ref = _ref_of(c["context"])
    got = _extract(c["input"], ref)
    exp = c["expected"]
    if not exp:
        return not got, [m.text for m in got]
    spans = {_norm_span(m.text): m for m in got}
    for e in exp:
        s = _norm_span(e["surface"])
        m = spans.get(s)
        if m is None:
            return False, f"span {[m.text for m in got]} vs {e['surface']!r}"
        res = e.get("resolution")
        if not res:
            continue
        if "values" in res:                       # DateTimeModel
            vals = res["values"]
            past = None
            if len(vals) > 1:
                past = min(vals, key=lambda v: v.get("value") or v.get("start") or "")
                past = {"date": past.get("value"), "startDate": past.get("start"),
                        "endDate": past.get("end")}
            want = _rec_expected({"timex": vals[0]["timex"]},
                                 past or {"date": vals[0].get("value"), "startDate": vals[0].get("start"),
                                          "endDate": vals[0].get("end")})
        else:
            past = res.get("PastResolution") or {}
            want = _rec_expected(res, past)
        if want is None:
            return False, f"no contract value for {res}"
        if m.value != want:
            return False, f"value {m.value!r} vs {want!r}"
    return True, ""


def duckling_cases():
    for c in load_jsonl(EXT / "duckling_zh" / "time.jsonl"):
        yield c


def _duck_value(res: dict) -> str | None:
    def cut(v, grain):
        t = dt.datetime.fromisoformat(v[:19])
        return {"year": f"{t:%Y}", "quarter": f"{t:%Y-%m}", "month": f"{t:%Y-%m}",
                "day": f"{t:%Y-%m-%d}", "hour": f"{t:%Y-%m-%dT%H:%M}",
                "minute": f"{t:%Y-%m-%dT%H:%M}", "second": f"{t:%Y-%m-%dT%H:%M:%S}"}.get(grain)

    if res["type"] == "value":
        if res["grain"] == "quarter":
            t = dt.datetime.fromisoformat(res["value"][:19])
            return f"{t:%Y-%m}/{t.year:04d}-{t.month + 2:02d}"
        return cut(res["value"], res["grain"])
    fr, to = res.get("from"), res.get("to")
    if not fr or not to:
        return None
    g = fr["grain"]
    a = dt.datetime.fromisoformat(fr["value"][:19])
    b = dt.datetime.fromisoformat(to["value"][:19])
    step = {"year": None, "month": None, "day": dt.timedelta(days=1), "hour": dt.timedelta(hours=1),
            "minute": dt.timedelta(minutes=1), "second": dt.timedelta(seconds=1)}
    if g == "year":
        b = b.replace(year=b.year - 1)
    elif g in ("month", "quarter"):
        b = (b.replace(day=1) - dt.timedelta(days=1))
    elif g in step and step[g]:
        b = b - step[g]
    else:
        return None
    x, y = cut(a.isoformat(), "month" if g == "quarter" else g), cut(b.isoformat(), "month" if g == "quarter" else g)
    return x if x == y else f"{x}/{y}"


def check_duckling(c):
    ref = dt.date.fromisoformat(c["context"]["reference_time"][:10])
    got = _extract(c["input"], ref)
    e = c["expected"][0]
    want = _duck_value(e["resolution"])
    whole = [m for m in got if _norm_span(m.text) == _norm_span(c["input"])]
    if len(got) != 1 or not whole:
        return False, f"spans {[m.text for m in got]}"
    if want is None:
        return False, f"no contract value for {e['resolution']}"
    return whole[0].value == want, f"value {whole[0].value!r} vs {want!r}"


def jionlp_parse_cases():
    for c in load_jsonl(EXT / "jionlp" / "parse_time.jsonl"):
        yield c


def check_jionlp_parse(c):
    base = c["context"].get("time_base")
    ref = None
    if base and base[0] > 0:
        # a base known only to the year (or month) is taken at its end: all of it is the past
        mo = base[1] if base[1] > 0 else 12
        ref = dt.date(base[0], mo, base[2] if base[2] > 0 else _last_day(base[0], mo))
    got = _extract(c["input"], ref)
    want = _jio_expected(c)
    # parse_time normalizes a whole string; the date must be the one mention found in it
    whole = [m for m in got if _norm_span(m.text) == _norm_span(c["input"])] or (got if len(got) == 1 else [])
    if not whole:
        return False, f"spans {[m.text for m in got]}"
    ok = _same_interval(_value_bounds(whole[0].value), want)
    return ok, f"value {whole[0].value!r} vs {c['expected']['time']}"


def jionlp_extract_cases():
    for c in load_jsonl(EXT / "jionlp" / "extract_time.jsonl"):
        yield c


def check_jionlp_extract(c):
    got = _extract(c["input"], dt.date(2021, 6, 14))
    want = sorted(_norm_span(e["text"]) for e in c["expected"])
    have = sorted(_norm_span(m.text) for m in got)
    return want == have, f"{have} vs {want}"


SUITES = {
    "recognizers": (recognizers_cases, check_recognizers),
    "duckling_time": (duckling_cases, check_duckling),
    "jionlp_parse_time": (jionlp_parse_cases, check_jionlp_parse),
    "jionlp_extract_time": (jionlp_extract_cases, check_jionlp_extract),
}


def run_suite(name: str, verbose: bool = False):
    cases_fn, check = SUITES[name]
    passed = counted = 0
    skipped: dict[str, int] = {}
    failures = []
    for c in cases_fn():
        c = dict(c, _suite=name, _s=_simplified(c["input"]))
        why = deliberate(c)
        if why:
            skipped[why] = skipped.get(why, 0) + 1
            continue
        counted += 1
        try:
            ok, detail = check(c)
        except Exception as exc:  # a crash is a failure, not an error of the harness
            ok, detail = False, f"crash: {exc!r}"
        if ok:
            passed += 1
        else:
            failures.append((c["input"], detail, c.get("source")))
    rate = passed / counted if counted else 1.0
    if verbose:
        for inp, detail, src in failures:
            print(f"  FAIL {inp!r}: {detail}  [{src}]")
    return rate, passed, counted, skipped, failures


@pytest.mark.parametrize("suite", list(SUITES))
def test_external_dates(suite):
    import time

    t0 = time.perf_counter()
    rate, passed, counted, skipped, failures = run_suite(suite)
    print(f"\n{suite}: {passed}/{counted} = {rate:.1%} (deliberate differences: {skipped}) "
          f"in {time.perf_counter() - t0:.1f}s")
    BASELINE.check(suite, rate, "; ".join(str(f[0])[:30] for f in failures[:10]))


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(HERE.parents[1]))
    verbose = "-v" in sys.argv
    only = [a for a in sys.argv[1:] if not a.startswith("-")]
    for s in only or SUITES:
        r, p, n, sk, _ = run_suite(s, verbose)
        print(f"{s}: {p}/{n} = {r:.1%}  deliberate: {sk}")
