"""Date grammar: the regular expressions of the date recognizer, built once from ``rules/date_*``.

Recognition is on characters of the normalized text (Simplified, ASCII digits). One master
pattern finds the span of a whole mention (a point, a range ``A至B``, a cue such as ``以来``);
``parse_side`` then reads the fields of each side of a range with a second, anchored pattern.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from .rules import alternation as _alt
from .rules import load_rows, load_words

CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
            "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_int(s: str) -> int | None:
    """ASCII digits, a digit-by-digit Chinese year (二〇一九), or a Chinese number below 100."""
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        if len(a) > 1 or len(b) > 1:
            return None
        tens = CN_DIGIT.get(a, None) if a else 1
        ones = CN_DIGIT.get(b, None) if b else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if all(c in CN_DIGIT for c in s):
        return int("".join(str(CN_DIGIT[c]) for c in s))
    return None


@dataclass(frozen=True)
class Lexicon:
    relative: dict          # word -> (unit, offset, only before a clock time)
    parts: dict             # word -> (m1, m2, standalone)
    month_parts: dict       # word -> (d1, d2)
    open_cues: dict         # cue -> from|until
    holidays: dict          # name -> "MM-DD" | "lunar"
    holiday_cues: dict      # cue -> point|from
    periods: dict           # name -> (y1, y2)
    period_cues: dict       # cue -> period|from|end|start
    vague: tuple
    events: tuple
    event_verbs: tuple
    titles: tuple
    year_blockers: frozenset
    duration_cues: tuple
    eras: dict              # era name -> first year
    lunar_years: dict       # lunar year -> (new year date, leap month, month lengths)
    solar_terms: dict       # name -> (month, C, may stand alone, {year: delta})


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    rel = {r[0]: (r[1], int(r[2]), len(r) > 3 and r[3] == "time")
           for r in load_rows("date_relative.tsv")}
    parts = {r[0]: (int(r[1]), int(r[2]), r[3] == "1" if len(r) > 3 else True)
             for r in load_rows("date_parts.tsv")}
    mparts = {r[0]: (int(r[1]), int(r[2])) for r in load_rows("date_month_parts.tsv")}
    ev = load_rows("date_events.tsv")
    return Lexicon(
        relative=rel, parts=parts, month_parts=mparts,
        open_cues={r[0]: r[1] for r in load_rows("date_open_cues.tsv")},
        holidays={r[0]: r[1] for r in load_rows("date_holidays.tsv")},
        holiday_cues={r[0]: r[1] for r in load_rows("date_holiday_cues.tsv")},
        periods={r[0]: (int(r[1]), int(r[2])) for r in load_rows("date_periods.tsv")},
        period_cues={r[0]: r[1] for r in load_rows("date_period_cues.tsv")},
        vague=load_words("date_vague.tsv"),
        events=tuple(r[0] for r in ev if len(r) > 1 and r[1] == "event"),
        event_verbs=tuple(r[0] for r in ev if len(r) > 1 and r[1] == "verb"),
        titles=load_words("date_titles.tsv"),
        year_blockers=frozenset(load_words("date_year_blockers.tsv")),
        duration_cues=load_words("date_duration_cues.tsv"),
        eras={r[0]: int(r[1]) for r in load_rows("date_eras.tsv")},
        solar_terms={r[0]: (int(r[1]), float(r[2]), r[3] == "1",
                            {int(x.split(":")[0]): int(x.split(":")[1]) for x in r[4:]})
                     for r in load_rows("date_solar_terms.tsv")},
        lunar_years={int(r[0]): (r[1], int(r[2]), tuple(int(x) for x in r[3].split(",")))
                     for r in load_rows("date_lunar_years.tsv")},
    )


# ---------------------------------------------------------------------------------------------
# Building blocks (strings, so the master and the side patterns share them)

Y4 = r"(?:1\d{3}|20\d\d|2100)"
YCN = r"(?:[〇零○一二三四五六七八九]{4}|[两二]千(?:零?[一二三四五六七八九]十[一二三四五六七八九]?|零[一二三四五六七八九])?)"
ROC = r"(?:[7-9]\d|1[0-4]\d)"          # ROC years 70..149 = 1981..2060
M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
D = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
DCN2 = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]|初[一二三四五六七八九十])"
CONN = r"(?:至|到|——|—|–|-|~|～|－|―)"
AMPM = r"(?:上午|下午|晚上|凌晨|早上|早晨|中午|傍晚|晚间|夜间|夜里|半夜|晚)"
HOUR = r"(?:[01]?\d|2[0-4]|二十[一二三四]?|十[一二]?|[零一二两三四五六七八九])"
MIN = r"(?:[0-5]?\d|[二三四五]?十[一二三四五六七八九]?|零?[一二三四五六七八九])"
TIME = (rf"(?:\s?{AMPM}?{HOUR}(?::[0-5]\d(?::[0-5]\d)?时?|[时点](?:[一二三123]刻|{MIN}分?(?:{MIN}秒)?|半|整|许)?))")
MONTHS_EN = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
WEEKDAYS_EN = "Mon|Tue|Wed|Thu|Fri|Sat|Sun"
NB = r"(?<![\d./:A-Za-z])"            # a number starts here
LDAY = r"(?:初(?:[一二三四五六七八九十]|\d)|十[一二三四五六七八九]|廿[一二三四五六七八九]?|二十[一二三四五六七八九]?|三十|卅|\d{1,2}[日号]?)"
ORD = r"(?:\d{1,3}|[一二三四五六七八九十百]{1,5})"
DAY_DIGITS = r"(?:3[01]|[12]\d|0?[1-9])"
DAY_END = r"(?=$|[，。,；;、\s至到~\-—）)])"   # a day written without 日 ends here


def _y2(tail: str) -> str:
    """A two-digit year (07年, 零八年, 98年4月): with a leading zero, or followed by a month.
    Before 前 only where a count follows (五八年前七个月): 10年前 is ten years ago (the ``ago``
    branch), not before 2010."""
    tail = tail.replace("|前|", "|前(?=[0-9一二三四五六七八九十两]+个?[月季])|")
    return (rf"(?:0\d|[零〇○][〇零○一二三四五六七八九]"
            rf"|(?:\d{{2}}|[一二三四五六七八九][〇零○一二三四五六七八九])(?=\s?年\s?(?:{tail})))")


def _era() -> str:
    """An era year: 民国三年, 康熙20年, 神龙元年 (era names from rules/date_eras.tsv)."""
    return rf"(?:(?:{_alt(lexicon().eras)})(?:\d{{1,3}}|[元一二三四五六七八九十百]{{1,4}}))"


def _year_alts(roc: bool, tail: str) -> str:
    alts = [_era()]
    if roc:
        alts.append(ROC)
    alts += [Y4, YCN]
    if not roc:
        alts.append(_y2(tail))
    return "|".join(alts)


def _pieces(roc: bool, named: bool) -> dict:
    L = lexicon()

    def g(name, body):
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    rel_years = _alt(w for w, (u, _, _) in L.relative.items() if u == "year")
    rel_months = _alt(w for w, (u, _, _) in L.relative.items() if u == "month")
    rel_quarters = _alt(w for w, (u, _, _) in L.relative.items() if u == "quarter")
    parts_after_year = _alt(w for w in L.parts if not w.startswith("年"))
    year_ends = _alt(w[1:] for w in L.parts if w.startswith("年"))
    parts_alone = _alt(w for w, (_, _, a) in L.parts.items() if a)
    mparts = _alt(L.month_parts)
    n = r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})"
    firstn = (rf"(?:前{g('fn', n)}个?月|前{g('fq', '[一二三四两1-4]')}个?季度|{g('first', '首月|首季度')}"
              rf"|第{g('ordm', n)}个月|第{g('ordd', ORD)}天(?:{g('time4', TIME)})?)")
    tail = rf"{M}月|{parts_after_year}|底|初|末|前|首|第|{_alt(L.holidays)}|农历|阴历|正月|腊月"
    if named:                                # reading a side on its own: the year may end it
        tail += "|$"
    year = NB + g("y", _year_alts(roc, tail)) + r"(?=\s?年)"
    time = g("time", TIME)
    day = (rf"(?:{g('d', D)}[日号](?:{time})?|{g('dn', DCN2)}(?![一二三四五六七八九十日号])(?:{time})?"
           rf"|{g('dn2', DAY_DIGITS)}{DAY_END})")
    month_expr = rf"{NB}{g('m', M)}\s?月份?(?:{day}|{g('mpart', mparts)})?"
    month_expr_rel = rf"{g('relm', rel_months)}(?:{day}|{g('mpart2', mparts)})?"
    yearw = rf"(?:{year}\s?年度?|{g('rel', rel_years)})"
    side = (rf"(?:{yearw}\s?(?:{g('part', parts_after_year)}{g('ppart', '初|末|底')}?|(?<=年)年?{g('yend', year_ends)}"
            rf"|{firstn}|{month_expr}|{month_expr_rel})?"
            rf"|{month_expr}|{month_expr_rel}|{g('palone', parts_alone)}{g('ppart2', '初|末|底')}?"
            rf"|{g('relq', rel_quarters)}{g('ppart3', '初|末|底')}?)")
    rel_days = _alt(w for w, (u, _, _) in L.relative.items() if u == "day")
    side = (rf"(?:{side}|{g('reld', rel_days)}{g('time3', TIME)}"
            rf"|(?<![\d.\-/:月年号第]){g('bd2', DAY_DIGITS)}日{g('time5', TIME)})")
    return dict(side=side, year=year, yearw=yearw, parts_after_year=parts_after_year, tail=tail,
                rel_years=rel_years)


# ---------------------------------------------------------------------------------------------
# The master pattern runs on the standard library's ``re``: about 3x faster to scan with than
# ``regex`` on this grammar, and faster to compile. The grammar is written for ``regex``; the
# escapes whose meaning differs between the two are spelled out as the sets ``regex`` (2026.11)
# gives them: ``\p{Han}`` does not exist in ``re``, ``re``'s ``\s`` also takes U+001C-U+001F,
# and its ``\d`` follows Python's older Unicode (the digits added since are listed). So both
# engines accept the same strings (checked on the corpora and on fuzzed text).
_RX_SETS = {
    "Han": r"\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
           r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3"
           r"\U00016ff0-\U00016ff6\U00020000-\U0002a6df\U0002a700-\U0002b81e"
           r"\U0002b820-\U0002cead\U0002ceb0-\U0002ebe0\U0002ebf0-\U0002ee5d"
           r"\U0002f800-\U0002fa1d\U00030000-\U0003134a\U00031350-\U00033479",
    "s": r"\x09-\x0d\x20\x85\xa0\u1680\u2000-\u200a\u2028-\u2029\u202f\u205f\u3000",
    # re's \d (Unicode 14 decimal digits here) plus the digits Unicode added since
    "d": r"\d\U00010d40-\U00010d49\U000116d0-\U000116e3\U00011bf0-\U00011bf9"
         r"\U00011de0-\U00011de9\U00011f50-\U00011f59\U00016130-\U00016139"
         r"\U00016d70-\U00016d79\U0001ccf0-\U0001ccf9\U0001e4f0-\U0001e4f9"
         r"\U0001e5f1-\U0001e5fa",
}


def to_re(pattern: str) -> str:
    r"""A ``regex`` pattern (VERSION0, no flags) rewritten for ``re`` with the same meaning:
    ``\p{Han}``, ``\s`` and ``\d`` become explicit sets; a ``[`` inside a set is escaped."""
    out = []
    i, n = 0, len(pattern)
    in_set = first = False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            first = False
            nxt = pattern[i + 1]
            key = None
            if nxt == "p":
                j = pattern.index("}", i)
                key = pattern[i + 3:j]
                if key not in _RX_SETS:
                    raise ValueError(f"unsupported property {key}")
                i = j + 1
            elif nxt in "sd":
                key = nxt
                i += 2
            elif nxt in "SDPwWbBNXGKmMLpQEZ":
                raise ValueError(f"unsupported escape \\{nxt}")
            else:
                out.append(pattern[i:i + 2])
                i += 2
                continue
            if in_set:
                out.append(_RX_SETS[key])
            elif key == "s":
                out.append(r"[^\S\x1c-\x1f]")  # re's \s without U+001C-U+001F
            else:
                out.append(f"[{_RX_SETS[key]}]")
            continue
        if in_set:
            if ch == "]" and not first:
                in_set = False
            elif ch == "[":
                ch = "\\["
            first = False
        elif ch == "[":
            in_set = True
            first = True
            out.append(ch)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=4)
def master(roc: bool, prefilter: bool = True) -> re.Pattern:
    """The date grammar as one pattern. ``prefilter``: tried only where ``_first_chars``
    allows a date to start (the same matches, found faster; a test checks the two agree)."""
    L = lexicon()
    P = _pieces(roc, named=False)
    side, year, yearw, parts_after_year = P["side"], P["year"], P["yearw"], P["parts_after_year"]
    rel_days = _alt(w for w, (u, _, t) in L.relative.items() if u == "day" and not t)
    rel_days_t = _alt(w for w, (u, _, t) in L.relative.items() if u == "day" and t)
    side2 = rf"(?:{side}|{NB}{D}[日号](?:{TIME})?|{TIME})"
    yr_bare = _year_alts(roc, P["tail"])
    # ranges written with one unit: 2013-2018年, 1-2月, 9月29日至30日
    yrange = rf"{NB}(?:{yr_bare})\s?{CONN}\s?(?:{yr_bare})\s?年度?(?:{parts_after_year})?"
    mrange = rf"(?:{yearw})?{NB}{M}\s?{CONN}\s?{M}月份?"
    drange = rf"(?:{yearw})?{NB}{M}月{D}[日号]?\s?{CONN}\s?{D}[日号]"
    # a cue is not one where a count follows (今年前5个月, 2019年后三个月)
    open_cues = rf"(?:{_alt(L.open_cues)})(?![\d一二三四五六七八九十两几个半])"
    same = r"(?:相应|相同)?同期"
    ev_verbs = _alt(L.event_verbs)
    dated_event = (rf"(?:{year}年(?:{M}月(?:{D}日)?)?)(?:“[^”\n]{{1,12}}”|(?![为是均都的在和与及底末初])\p{{Han}}){{0,4}}?"
                   rf"(?:{ev_verbs})以来")
    hol = _alt(L.holidays)
    hol_bare = _alt(h for h, v in L.holidays.items()
                    if not v.startswith("lunar") and (h.endswith("节") or h in ("元旦", "国庆")))
    hcues = _alt(L.holiday_cues)
    terms = _alt(L.solar_terms)
    terms_bare = _alt(t for t, v in L.solar_terms.items() if v[2])
    # (a year may go without 年 right before a holiday: 2026元旦假期)
    hol1 = (rf"(?:(?:{yearw}|{NB}{Y4}(?=(?:{hol})))(?:农历)?(?:{hol}|{terms})(?:{hcues})?(?:{TIME})?"
            rf"|“?(?:{hol})”?(?:{hcues})"
            rf"|农历(?:{hol})|(?<!\p{{Han}})(?:{hol_bare}|{terms_bare})(?!\p{{Han}}))")
    hol2 = rf"(?:(?:{yearw})?(?:农历)?(?:{hol}|{terms}))"
    holiday = rf"{hol1}(?:{CONN}{hol2})?"
    periods = _alt(L.periods)
    pcues = _alt(L.period_cues)
    period = rf"(?:“(?:{periods})”(?:{pcues})|(?<![\p{{Han}}])(?:{periods})(?:{pcues})?(?!\p{{Han}}?规划纲要)|(?:{periods}))"
    vague = _alt(L.vague)
    # (多: 十多年前, 20多年前 - more than that long ago, with no calendar value)
    ago = r"(?<![\d一二三四五六七八九十两〇零百千万])(?:\d{1,2}|[一二三四五六七八九十两]{1,3})多?(?:年|个月|天)前"
    iso1 = (r"(?<![\d.\-/A-Za-z])" + Y4 + r"(?P<sep>[-/.])(?:1[0-2]|0?[1-9])(?P=sep)(?:3[01]|[12]\d|0?[1-9])(?!\d)"
            r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?")
    iso2 = (r"" + Y4 + r"(?P<sep2>[-/.])(?:1[0-2]|0?[1-9])(?P=sep2)(?:3[01]|[12]\d|0?[1-9])(?!\d)"
            r"(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?")
    iso = (rf"{iso1}(?:起?\s?{CONN}\s?{iso2})?"
           rf"|(?<![\d.\-/A-Za-z]){Y4}\.(?:1[0-2]|0[1-9])\s?{CONN}\s?{Y4}(?:\.(?:1[0-2]|0[1-9]))?(?![\d.])")
    english = (rf"(?:(?:{WEEKDAYS_EN}),?\s+)?\d{{1,2}}\s+(?:{MONTHS_EN})\s+\d{{4}}"
               r"(?:\s+\d{2}:\d{2}(?::\d{2})?(?:\s*(?:GMT|UTC|Z|[+-]\d{4}))?)?")
    paren = rf"(?:今|明|本|去)[(（]\d{{1,3}}[)）](?:日(?:{TIME})?|年|月)"
    decade = (r"(?:(?:上|本|\d{1,2}|[一二]?十?[一二三四五六七八九十])世纪)?(?:[1-9]0|[一二三四五六七八九]十)年代"
              r"|(?<![\d上本])(?:\d{1,2}|[一二]?十?[一二三四五六七八九十])世纪(?!\s?(?:\d|[一二三四五六七八九十])+年代)")
    bare_year = rf"{NB}(?:1[5-9]\d\d|20\d\d|2100)(?![\d.%年\-—~/:])"
    lmonth = rf"(?:闰)?(?:{M}|正|腊|冬)月"
    lunar = (rf"(?:(?:农历|阴历)\s?(?:{yearw})?{lmonth}|(?:{yearw})(?:农历|阴历){lmonth}"
             rf"|(?:{yearw})?(?:闰{M}|正|腊|冬)月)(?:{LDAY})?(?:{TIME})?"
             rf"|(?:{yearw})?大年(?:初[一二三四五六七八九十]|三十)(?:{TIME})?")
    dn = r"(?:3[01]|[12]\d|[1-9])"
    bare_day = (rf"(?<![\d.\-/:月年号第])(?:{dn}日?\s?{CONN}\s?{dn}日|{dn}日(?:{TIME})?)"
                rf"(?!内|以内|之内|以上|以下|左右|元|\d)")
    relday = rf"(?:(?:{rel_days})(?:{TIME})?|(?:{rel_days_t}){TIME})"
    pat = (
        rf"(?P<english>{english})"
        rf"|(?P<iso>{iso})"
        rf"|(?P<decade>(?:{decade})(?P<cue3>以来)?)"
        rf"|(?P<dated_event>{dated_event})"
        rf"|(?P<lunar>{lunar})"
        rf"|(?P<holiday>{holiday})"
        rf"|(?P<range1>(?:{yrange}|{drange}|{mrange})(?P<same1>{same})?(?P<cue1>{open_cues})?)"
        rf"|(?P<paren>{paren})"
        rf"|(?P<span>{side}(?:\s?{CONN}\s?{side2})?(?P<same2>{same})?(?P<cue2>{open_cues})?)"
        rf"|(?P<period>{period})"
        rf"|(?P<vague>{vague})"
        rf"|(?P<ago>{ago})"
        rf"|(?P<relday>{relday})"
        rf"|(?P<bare_day>{bare_day})"
        rf"|(?P<bare_year>{bare_year})"
    )
    # only positions where a date can start are tried (a cheap look-ahead on the first character)
    if not prefilter:
        return re.compile(to_re(pat))
    return re.compile(to_re(rf"(?={_first_chars()})(?:{pat})"))


# What must follow where a date starts on a digit, a numeral, a letter or a quote. Each is a
# necessary condition read off the master pattern's branches (it decides nothing itself: the
# master still matches in full), so that the many digits and numerals inside amounts, codes and
# words are turned down by the look-ahead instead of by trying every branch. (Each alternative
# starts with a character or a set: the engine then skips it on the first character alone.)
START_DIGIT = (
    r"[0-9]\d?(?:\s|世纪)"      # 12 Jan 2020, 21世纪: no look-behind on these two
    r"|[1-9]0年代"                # 90年代
    # every other branch starts a number here (NB and its kin all refuse a digit before: the
    # look-behinds below, after the first digit), and every number in the grammar ends before
    # a non-digit: four digits for a year (2019年, 2019-03-14, a bare 2019), or up to three
    # before a unit (年 月 日 号), a count that is a date (N个月前, N天前), a space or a range
    # mark (1-2月, 7日至10日)
    r"|[12](?<!\d[12])\d{3}(?!\d)"
    rf"|[0-9](?<!\d[0-9])\d{{0,2}}(?:\s|[年月日号]|个月前|天前|多(?:年|个月|天)前|{CONN})"
)
# A run of Chinese numerals before the same marks: two numerals or more before 年 (二〇一九年,
# 九十年代), one only in 三年前; 十二月, 二十世纪, 两个月前. The words that start with a
# numeral (一季度, 五一, 十四五) are among the word prefixes.
NUMERAL_FIRST = "〇零○一二三四五六七八九十两廿"
START_NUMERAL = (rf"[{NUMERAL_FIRST}](?:[{NUMERAL_FIRST}千]+\s?年|年前|[{NUMERAL_FIRST}]?多(?:年|个月|天)前"
                 rf"|[{NUMERAL_FIRST}千]*\s?(?:[月世]|个月前|天前|{CONN}))")


@lru_cache(maxsize=1)
def _first_chars() -> str:
    """A look-ahead for where a date can start: a digit or a numeral before a date mark, an
    English weekday, a quoted plan period, or the first characters of a date word (今年, 国庆,
    中华民国, 上半年, 一季度, 十四五 ...)."""
    L = lexicon()
    words = (list(L.relative) + list(L.parts) + list(L.holidays) + list(L.solar_terms)
             + list(L.periods) + list(L.vague) + list(L.eras)
             + ["农历", "阴历", "闰", "正月", "腊月", "冬月", "大年", "上世纪", "本世纪"]
             + [w + b for w in "今明本去" for b in "(（"])
    esc = re.escape
    # first characters (a set's contents) -> the condition on what follows
    starts = {
        "0-9": START_DIGIT,
        NUMERAL_FIRST: START_NUMERAL,
        "A-Z": rf"(?:{WEEKDAYS_EN}),?\s",            # Mon, 12 Jan 2020
        "“": f"“(?:{_alt(list(L.periods) + list(L.holidays))})”",  # “十四五”时期, “五一”假期
    }
    alts = list(starts.values())
    # the first three characters of each word (two turn down too little: 中华 starts 中华民国
    # but far more often 中华人民共和国, 第一 starts 第一季度), one that starts another left out
    heads = {w[:3] for w in words}
    heads = sorted(h for h in heads if not any(g != h and h.startswith(g) for g in heads))
    one = "".join(esc(h) for h in heads if len(h) == 1)
    if one:
        alts.append(f"[{one}]")
    # the longer ones grouped by their first character
    rests: dict[str, list[str]] = {}
    for h in heads:
        if len(h) > 1:
            rests.setdefault(h[0], []).append(esc(h[1:]))
    alts += [f"{esc(a)}(?:{'|'.join(rs)})" for a, rs in rests.items()]
    firsts = "".join(esc(a) for a in rests)
    # one set of every possible first character turns most positions down at once (the whole
    # is a look-ahead: the alternatives may read on)
    return f"(?=[{''.join(starts)}{one}{firsts}])(?:{'|'.join(alts)})"


@lru_cache(maxsize=1)
def event_pattern() -> regex.Pattern:
    """An event that anchors a period, read backwards from its 以来 (党的十八大以来,
    “双脱”创建以来, 黄市长上任以来); matched on a short window that ends at 以来."""
    L = lexicon()
    ev_verbs = _alt(L.event_verbs)
    events = _alt(L.events)
    titles = _alt(L.titles)
    subject = rf"(?:“[^”\n]{{1,12}}”|(?:(?![自从在于是为和与及的])\p{{Han}}){{1,2}}(?:{titles}))"
    return regex.compile(rf"(?:(?:{events})|{subject}?(?:{ev_verbs}))以来$", regex.REVERSE)


@lru_cache(maxsize=2)
def side_pattern(roc: bool) -> regex.Pattern:
    """Anchored reading of one side: year, part, month, day, part of month, clock time."""
    L = lexicon()
    P = _pieces(roc, named=True)
    rel_days = _alt(w for w, (u, _, _) in L.relative.items() if u == "day")
    return regex.compile(rf"(?:{P['side']}|(?P<reld2>{rel_days})|(?P<bd>{D})[日号])?(?P<time2>{TIME})?")


TIME_RE = regex.compile(
    rf"\s?(?P<ap>{AMPM})?(?P<hh>{HOUR})(?::(?P<mi>[0-5]\d)(?::(?P<ss>[0-5]\d))?时?"
    rf"|[时点](?:(?P<q>[一二三123])刻|(?P<mi2>{MIN})分?(?:(?P<ss2>{MIN})秒)?|(?P<half>半)|整|许)?)")
CONN_RE = regex.compile(CONN)
