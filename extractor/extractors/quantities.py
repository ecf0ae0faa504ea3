"""Quantities: every reported figure, a number with its counter or unit and qualifier.

Recognition is on characters (one compiled regex over ``ctx.text``), then each candidate is
checked against the negative knowledge in ``rules/`` (years and dates, ordinals, codes, slogans,
idioms, place names, ``一`` as an article). The lexicons are data:

- ``rules/units.tsv``: written unit/counter -> contract unit, class and flags;
- ``rules/quantity_qualifiers.tsv``: 余 多 逾 超 … -> over/under/about and where they stand;
- ``rules/quantity_negatives.tsv``: what is not a quantity.

Values come from :mod:`extractor.numerals`. Spans follow CONTRACT.md: the qualifier is inside the
span where it touches the figure (``近50万元``, ``1370余万元``, ``5年多``); two figures written
together are two mentions (``22813户95042人``); a list or range under one unit gives each number
the unit (``1.83和1.86个百分点``, ``5万至8万元``).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from ..context import ExtractionContext
from ..models import QuantityMention
from ..numerals import parse_number, parse_range, parse_share
from ..rules import load_rows

# --------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str
    cls: str
    flags: frozenset


@dataclass(frozen=True)
class Qualifier:
    word: str
    approx: str
    position: str
    not_after: re.Pattern | None
    not_before: re.Pattern | None = None


@dataclass
class Lexicon:
    units: dict[str, Unit]
    qualifiers: dict[str, list[Qualifier]]
    before: list[re.Pattern]
    after: list[re.Pattern]
    words: re.Pattern | None
    regexes: list[re.Pattern]
    cues: tuple[str, ...]
    article_classes: frozenset
    pattern: re.Pattern = field(default=None)  # type: ignore[assignment]
    # ``before`` / ``after`` as one alternation each (one search instead of one per pattern)
    before_any: re.Pattern | None = None
    after_any: re.Pattern | None = None


_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_ALL = _CN_DIGIT + "十百千万亿"
_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_FIN = "壹贰叁肆伍陆柒捌玖拾佰仟"  # financial forms (壹仟玖佰圆整)


def _numeral_re(units) -> str:
    """The numeral regex. A multiplier character that begins a unit of the lexicon is left to
    the unit (千 of 千瓦时, 千克, 千米): 4700亿千瓦时 is 4700亿 kWh, not 4700亿千 W."""
    pieces = []
    for ch in "十百千万亿仟佰兆":
        rests = sorted({w[1:] for w in units if w.startswith(ch) and len(w) > 1}, key=len,
                       reverse=True)
        look = f"(?!{'|'.join(re.escape(r) for r in rests)})" if rests else ""
        pieces.append(f"{ch}{look}")
    mult = "|".join(pieces)
    piece = rf"[{_CN_DIGIT}{_FIN.replace('拾', '').replace('佰', '').replace('仟', '')}拾]|{mult}|个(?=[万亿])"
    # Atomic: a run of digits is read one way only. Without it a failing match would try every
    # split of a long digit run (an 18-digit ID number) and take exponential time.
    return (rf"(?>(?:{_ARABIC}|{piece})"
            rf"(?:{_ARABIC}|{piece}|点(?=[{_CN_DIGIT}{_FIN}]))*)"), mult


_VAGUE = r"(?:[几数](?:十万|百万|千万|十|百|千|万|亿)|[一二三四五六七八九]?十几)"
_SEP_LIST = r"(?:和|、|与|及|或|至|到|-{1,2}|~|—{1,2}|－|～)"
_SYMBOLS = {"$": "美元", "¥": "元", "￥": "元"}
_SEP_AT = re.compile(_SEP_LIST)
_HAS_BIG = re.compile(r"[万亿兆]")
_DIGIT_CHAR = re.compile(r"[\d零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]")
_ONLY_BIG = re.compile(r"[百千万亿]+")
_ENDS_MULT = re.compile(r"[十百千万亿]$")
_ARABIC_DIGIT = re.compile(r"\d")
_ZEROS = re.compile(r"[零〇]+")
_RANGE_SEPS = {"至", "到", "-", "--", "~", "—", "——", "－", "～"}
# compiled once (the hot paths called ``re.search(pattern, ...)`` per candidate)
_VAGUE_RE = re.compile(_VAGUE)
_LIANG_BEFORE = re.compile(r"[\d一二三四五六七八九十百千万零]$")
_WAN_YI = re.compile(r"[万亿]")
_DIGIT_QIAN_BAI = re.compile(r"\d.*[千百]")
_SENTENCE_PUNCT = re.compile(r"[，。！？；,!?;]")
_MONTH_AFTER = re.compile(r"\d{1,2}月|[一二三四五六七八九十]{1,3}月")
_ARTICLE_GAP = re.compile(r"[，。；、,;\s]")
_RATE_PREFIX = re.compile(r"一(小时|天|分钟|秒钟?)$")
_LIST_MARK = re.compile(r"[、.．)）]")
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", "【": "】"}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_NOT_COMBINABLE = re.compile(r"\\[1-9]|\(\?P[<=]|\(\?[aiLmsux]")


def _any_of(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One pattern that matches (search or match) wherever one of ``patterns`` does: their
    alternation. None (the caller loops) for an empty list or a pattern that alternation could
    change (back-references, named groups, inline flags)."""
    if not patterns or any(_NOT_COMBINABLE.search(p.pattern) or p.flags & ~re.UNICODE
                           for p in patterns):
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    units: dict[str, Unit] = {}
    for row in load_rows("units.tsv"):
        written, unit = row[0], row[1]
        cls = row[2] if len(row) > 2 else "counter"
        flags = frozenset(f.strip() for f in row[3].split(",")) if len(row) > 3 and row[3] else frozenset()
        units[written] = Unit(written, unit, cls, flags)
    quals: dict[str, list[Qualifier]] = {}
    for row in load_rows("quantity_qualifiers.tsv"):
        na = re.compile(row[3]) if len(row) > 3 and row[3] else None
        nb = re.compile(row[4]) if len(row) > 4 and row[4] else None
        quals.setdefault(row[2], []).append(Qualifier(row[0], row[1], row[2], na, nb))
    before, after, words, regexes, cues, arts = [], [], [], [], [], set()
    for row in load_rows("quantity_negatives.tsv"):
        kind, pat = row[0], row[1] if len(row) > 1 else ""
        if kind == "before":
            before.append(re.compile(pat))
        elif kind == "after":
            after.append(re.compile(pat))
        elif kind == "word":
            words.append(pat)
        elif kind == "regex":
            regexes.append(re.compile(pat))
        elif kind == "cue":
            cues.append(pat)
        elif kind == "article":
            arts.add(pat)
    lex = Lexicon(units, quals, before, after,
                  re.compile(_alt(words)) if words else None, regexes, tuple(cues),
                  frozenset(arts), before_any=_any_of(before), after_any=_any_of(after))
    # unit alternation: 个月 also as 个多月 / 个半月
    alts = []
    for w in sorted(units, key=len, reverse=True):
        if w.startswith("个") and len(w) > 1:
            alts.append("个(?:多|半)?" + re.escape(w[1:]))
        else:
            alts.append(re.escape(w))
    unit_re = "|".join(alts)
    rate_units = [w for w, u in units.items() if u.cls != "share"]
    numeral, mult = _numeral_re(units)
    currencies = [w for w, u in units.items() if u.cls == "currency" and len(w) > 1]
    pre = _alt(q.word for q in quals.get("before", []))
    mid = _alt(q.word for q in quals.get("mid", []))
    post = _alt(q.word for q in quals.get("after", []))
    # Every match starts with one of these characters; checking it first makes the scan ~4x faster.
    first = set("0123456789$¥￥-+负几数半" + _CN_ALL + _FIN + "兆")
    first |= {q.word[0] for q in quals.get("before", [])}
    first |= {w[0] for w in currencies}
    head = "".join(sorted(first)).replace("\\", "\\\\").replace("-", "\\-").replace("]", "\\]")
    lex.pattern = re.compile(
        rf"(?<!\d)(?=[{head}])"
        rf"(?P<pre>{pre})?"
        rf"(?:(?P<pct>(?:负|-)?(?:百分之|千分之|万分之)(?:{numeral}))"
        rf"|(?P<frac>(?:{numeral})分之(?:{numeral}))"
        rf"|(?P<cheng>(?:[一二两三四五六七八九十]{{1,2}}(?:点[一二三四五六七八九])?|\d+(?:\.\d+)?)成半?)"
        rf"(?![员为了功本果绩都立熟交效长型品就份年人员婚])"
        rf"|(?P<cur>[$¥￥]|(?:{_alt(currencies)})\s?)?"
        rf"(?P<sign>[-+]|负)?(?P<num>{_VAGUE}|{numeral}|半(?=个?(?:年|月|天|小时|日|周|星期|分钟|季度)))"
        rf"(?P<mid>(?: ?(?:{mid})?(?:{mult})+(?:{mid})?|(?:{mid}))?)"
        rf"(?P<half>半)?"
        rf"(?: ?(?P<unit>{unit_re}))?"
        rf"(?P<half2>半(?![年月天小]))?"
        rf"(?P<rate>/每?(?:{_alt(rate_units)}))?"
        rf"(?P<alt>\((?!含)[\u4e00-\u9fff]{{1,2}}\)|（(?!含)[\u4e00-\u9fff]{{1,2}}）)?"
        rf"(?P<liang>(?<=斤)[{_CN_DIGIT}\d]两)?"
        rf"(?P<coin>(?<=[元块圆])(?:[{_CN_DIGIT}\d][角毛](?:[{_CN_DIGIT}\d]分?)?|[{_CN_DIGIT}\d]分)钱?)?"
        rf"(?P<incl>[(（]含[)）])?)"
        rf"(?P<post>{post})?"
    )
    return lex


# --------------------------------------------------------------------------- candidates


@dataclass
class Cand:
    start: int
    end: int
    value: float | None
    value_max: float | None
    unit: str | None
    cls: str | None
    approx: set
    rule: str
    num_start: int
    num_end: int
    unit_start: int | None
    numtext: str
    has_mult: bool
    bare: bool = False  # a number with no unit (kept only to inherit one from a list)
    flags: frozenset = frozenset()
    written: str | None = None
    source: "Cand | None" = None  # the figure a list member took its unit from


def _joins(prev: str) -> bool:
    """A hyphen after this character joins two figures (1-2月, 1万-5万元), it is no minus."""
    return bool(prev) and (prev.isascii() and prev.isalnum() or prev in _CN_ALL + _FIN
                           + "-~—～－./" or prev in "元亿万吨人个户")


def _approx(c: Cand) -> str | None:
    a = c.approx
    if not a:
        return None
    if len(a) == 1:
        return next(iter(a))
    return None  # 约2.2亿余元: conflicting qualifiers leave it open


def _qual_ok(lex: Lexicon, position: str, word: str, text: str, at: int) -> str | None:
    for q in lex.qualifiers.get(position, []):
        if q.word == word:
            if q.not_after is not None and q.not_after.search(text[max(0, at - 3):at]):
                return None
            if q.not_before is not None and q.not_before.search(text[at + len(word):at + len(word) + 3]):
                return None
            return q.approx
    return None


def _scan(text: str, lex: Lexicon) -> list[Cand]:
    out: list[Cand] = []
    for m in lex.pattern.finditer(text):
        g = m.groupdict()
        if not (g["pct"] or g["frac"] or g["cheng"] or g["unit"] or g["cur"]):
            # the test "a bare number that is no list member" below, taken early for the many
            # numbers it drops (nothing in between can give such a number a unit, except 两)
            num = g["num"]
            if not num.endswith("两") and not _HAS_BIG.search(num + (g["mid"] or "")) \
                    and not _SEP_AT.match(text, m.end()):
                continue
        start, end = m.start(), m.end()
        approx: set = set()
        if g["pre"]:
            a = _qual_ok(lex, "before", g["pre"], text, m.start("pre"))
            if a is None:
                start = m.end("pre")
            else:
                approx.add(a)
        if g["pct"] or g["frac"] or g["cheng"]:
            key = "pct" if g["pct"] else "frac" if g["frac"] else "cheng"
            share = parse_share(g[key])
            if share is None:
                continue
            num_start, num_end = m.start(key), m.end(key)
            if g["post"]:
                a = _qual_ok(lex, "after", g["post"], text, m.start("post"))
                if a is None or g["post"] in ("多", "余"):
                    end = m.start("post")
                else:
                    approx.add(a)
            if key != "pct" and num_start > 0 and text[num_start - 1] == "第":
                continue
            out.append(Cand(start, end, share[0], None, share[1], "share", approx, f"share.{key}",
                            num_start, num_end, None, g[key], False))
            continue
        num = g["num"]
        num_start, num_end = m.start("num"), m.end("num")
        if len(num) > 40:
            continue  # no figure is written with more than 40 characters (a code, a table dump)
        cur = g["cur"]
        if cur and not g["pre"]:
            start = m.start("num") if not g["sign"] else m.start("sign")
        if g["sign"]:
            prev = text[m.start("sign") - 1] if m.start("sign") > 0 else ""
            if g["sign"] == "负" or (g["sign"] == "-" and not _joins(prev)):
                num_start = m.start("sign")
                num = "-" + num
            elif g["pre"] or cur:
                continue  # 超-3 is nothing we know
            else:
                start = m.end("sign")
        if not g["sign"] and not g["pre"] and text[max(0, num_start - 2):num_start] == "零下":
            num_start = start = num_start - 2
            num = "-" + num  # 零下5度 = -5 degrees
        if any(ch in _FIN for ch in num) and len(num + (g["mid"] or "")) < 2:
            continue  # 陆部队, 拾起: a lone financial character is a word
        mid = g["mid"] or ""
        if (mid.startswith(" ") or (g["unit"] and text[m.start("unit") - 1] == " ")) \
                and num_start > 0 and text[num_start - 1].isascii() and text[num_start - 1].isalnum():
            continue  # SDG17 臺南: a space before the unit only in "達 178 處" typography
        mults = "".join(c for c in mid if c in "十百千万亿仟佰兆")
        for q in ("余", "多"):
            if q in mid:
                a = _qual_ok(lex, "mid", q, text, m.start("mid") + mid.index(q))
                if a:
                    approx.add(a)
        unit_w = g["unit"]
        unit_start = m.start("unit") if unit_w else None
        if not unit_w and len(num) > 1 and num.endswith("两") and not mid and "两" in lex.units \
                and _LIANG_BEFORE.search(num[:-1]):
            num, unit_w = num[:-1], "两"  # 二两, 三千两百两: 两 is the weight (liang)
            unit_start = num_end - 1
            num_end -= 1
        if not unit_w and not cur and not _HAS_BIG.search(num + mid) \
                and not _SEP_AT.match(text, m.end()):
            continue  # a bare number that is no list member can never become a figure
        half = bool(g["half"]) or bool(g["half2"])
        ge_more = False
        if unit_w and unit_w.startswith("个") and len(unit_w) > 1 and unit_w[1] in "多半" \
                and unit_w not in lex.units:
            if unit_w[1] == "多":
                ge_more = True
            else:
                half = True
            unit_w = "个" + unit_w[2:]
        vague = _VAGUE_RE.fullmatch(num) is not None
        value = value_max = None
        numeral = num + mults
        if vague:
            value = None
        else:
            rng = parse_range(numeral) if not _ARABIC_DIGIT.search(numeral) else None
            if rng:
                value, value_max = None, rng[1]
            else:
                value = parse_number(numeral.replace("个", ""))
                if value is None:
                    continue
                if half:
                    value += 0.5
        if ge_more:
            approx.add("over")
        u = lex.units.get(unit_w) if unit_w else None
        if unit_w and u is None:
            continue
        if g["half"] and not unit_w and not g["half2"]:
            end = m.start("half")
        has_mult = bool(_WAN_YI.search(num + mults)) or bool(_DIGIT_QIAN_BAI.search(num + mults))
        if g["post"]:
            post = g["post"]
            ok = True
            if post in ("多", "余") and (u is not None and u.cls != "time"):
                ok = False
            if post in ("多", "余") and u is None and not has_mult:
                ok = False
            a = _qual_ok(lex, "after", post, text, m.start("post")) if ok else None
            if a is None:
                end = m.start("post")
            else:
                approx.add(a)
        if g["alt"] and not (u is not None and "alt" in u.flags):
            end = min(end, m.start("alt")) if m.start("alt") >= 0 else end
            if g["post"] and m.start("post") > m.start("alt"):
                approx.discard(_qual_ok(lex, "after", g["post"], text, m.start("post")))
        unit = u.unit if u else None
        if u is not None and value is not None:
            for f in u.flags:
                if f.startswith("scale="):
                    value *= float(f[6:])  # 3‰ = 0.3%
        if cur:
            cu = lex.units.get(cur.strip()) or lex.units.get(_SYMBOLS.get(cur.strip(), ""))
            if u is None and cu is not None:
                u, unit, start = cu, cu.unit, m.start("cur") if not g["pre"] else start
            elif u is not None and u.cls == "currency" and u.unit == "元" and cu is not None:
                unit = cu.unit  # 港币2960元 is in HK dollars
        if g["coin"] and u is not None and u.unit == "元" and value is not None:
            for amount, div in re.findall(r"(\S)([角毛分])", g["coin"]):
                d = parse_number(amount)
                if d is not None:
                    value += d / (10 if div in "角毛" else 100)
        elif g["coin"]:
            end = m.start("coin")
        if g["liang"] and value is not None:
            d = parse_number(g["liang"][0])
            if d is not None:
                value += d / 10  # 3斤5两 = 3.5斤
        if g["rate"] and u is None:
            end = min(end, m.start("rate"))  # a bare 10万/亩 keeps no half-read rate
        if g["rate"] and u is not None:
            den = g["rate"].lstrip("/").lstrip("每")
            du = lex.units.get(den)
            unit = f"{u.unit}/{du.unit if du else den}"
        c = Cand(start, end, value, value_max, unit, u.cls if u else None, approx,
                 "num.unit" if u else "num.bare", num_start, num_end, unit_start, num, has_mult,
                 bare=u is None, flags=u.flags if u else frozenset(), written=unit_w)
        c.numtext = num + mults
        out.append(c)
    return out


# --------------------------------------------------------------------------- filters


def _quoted(text: str, start: int, end: int, limit: int = 16) -> bool:
    """Inside a short quotation or a title (“十个一”, “三个100%”, 《…》)."""
    lo = max(0, start - limit)
    left = text[lo:start]
    for op, cl in _QUOTES.items():
        i = left.rfind(op)
        if i < 0 or cl in left[i:]:
            continue
        j = text.find(cl, end, end + limit)
        if j < 0 or "\n" in text[lo + i:j]:
            continue
        inner = text[lo + i + 1:j]
        if op == "《" or ((j - (lo + i)) <= limit and not _SENTENCE_PUNCT.search(inner)):
            return True  # a slogan or title; quoted speech has sentence punctuation
    return False


def _enumeration(text: str, c: Cand) -> bool:
    """A count summing up a list just before it (构元、蜀河两个战区; 州、县、乡三级)."""
    if c.value is None or c.value > 10 or _ARABIC_DIGIT.search(c.numtext):
        return False
    i = c.num_start
    j = i
    while j > 0 and i - j < 30 and text[j - 1] not in "，。；：,;:！？!?\n“”\"（(）)":
        j -= 1
    head = text[j:i]
    n = int(c.value)
    parts = [p for p in head.split("、") if p]
    if len(parts) == n >= 2 and all(len(p) <= 8 for p in parts[1:]):
        return True
    parts = [p for p in re.split(r"[、和与及]", head) if p]
    return len(parts) == n >= 2 and all(len(p) <= 6 for p in parts)


def _is_date(ctx: ExtractionContext, text: str, c: Cand, lex: Lexicon) -> bool:
    if c.written is None:
        return False
    w = c.written
    if w == "年" and not c.approx and c.value is not None and float(c.value).is_integer():
        v = c.value
        if 1000 <= v <= 2200:
            return True  # 2018年, 二〇一八年
        after = text[c.end:c.end + 4]
        if _MONTH_AFTER.match(after):
            return True  # 98年4月
        if _roc_years(ctx) and 60 <= v <= 150:
            before = text[max(0, c.start - 4):c.start]
            if not before.endswith(lex.cues):
                return True  # 109年 (Republic of China era)
    if "cue" in c.flags and not c.approx:
        before = text[max(0, c.start - 4):c.start]
        if not before.endswith(lex.cues):
            return True  # 3月, 12日: dates unless 连续12月
    return False


def _negative(text: str, c: Cand, lex: Lexicon, spans: list[tuple[int, int]]) -> bool:
    before = text[max(0, c.num_start - 12):c.num_start]
    if c.start < c.num_start:
        before2 = text[max(0, c.start - 12):c.start]
    else:
        before2 = before
    if lex.before_any is not None:
        if lex.before_any.search(before) or (before2 is not before and
                                             lex.before_any.search(before2)):
            return True
    else:
        for p in lex.before:
            if p.search(before) or p.search(before2):
                return True
    tail_from = c.unit_start if c.unit_start is not None else c.num_end
    tail = text[tail_from:tail_from + 12]
    if lex.after_any is not None:
        if lex.after_any.match(tail):
            return True
    else:
        for p in lex.after:
            if p.match(tail):
                return True
    return any(s < c.end and c.start < e for s, e in _near(spans, c.start, c.end))


def _word_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    return _sorted_spans((m.start(), m.end()) for m in lex.words.finditer(text)) \
        if lex.words else []


def _near(spans: list[tuple[int, int]], start: int, end: int):
    """The spans (sorted by start) that may overlap [start, end): a bisect, not a scan. The
    list's last item is a sentinel (reach, reach) holding the longest span's length."""
    if not spans:
        return
    reach = spans[-1][0]
    i = bisect_left(spans, (start - reach, -1), 0, len(spans) - 1)
    while i < len(spans) - 1 and spans[i][0] < end:
        yield spans[i]
        i += 1


def _sorted_spans(spans) -> list[tuple[int, int]]:
    spans = sorted(spans)
    reach = max((e - s for s, e in spans), default=0)
    return spans + [(reach, reach)]


def _in_word(c: Cand, words: list[tuple[int, int]]) -> bool:
    """Idioms and names with numerals (一鼓作气, 三天两头, 四川): a figure starting where one
    starts, or lying inside one. 一百四十三元 is money even though 三元 is also a place."""
    return any(c.num_start == s or c.start == s or (s <= c.start and c.end <= e)
               for s, e in _near(words, c.start, c.end))


def _neg_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for p in lex.regexes:
        spans += _match_spans(p, _unasserted(p), text)
    return _sorted_spans(spans)


_ASSERTION_OPEN = ("(?<!", "(?<=", "(?!", "(?=")


@lru_cache(maxsize=None)
def _unasserted(p: re.Pattern) -> re.Pattern | None:
    r"""``p`` without its leading look-around (``(?<![一二三\d])[一二三\d]++次``): a pattern that
    matches wherever ``p`` does, and that ``re`` can scan fast (a leading assertion makes it try
    the whole pattern at every position). None when ``p`` does not start with one."""
    pat = p.pattern
    if not pat.startswith(_ASSERTION_OPEN):
        return None
    depth, i, n = 0, 0, len(pat)
    while i < n:
        ch = pat[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a set: skip to its end (a ] right after [ or [^ is literal)
            i += 2 if pat.startswith("[^", i) else 1
            i += 1 if pat[i:i + 1] == "]" else 0
            while i < n and pat[i] != "]":
                i += 2 if pat[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    rest = pat[i + 1:]
    if not rest or rest.startswith(_ASSERTION_OPEN):
        return None
    try:
        return re.compile(rest, p.flags)
    except re.error:
        return None


def _match_spans(p: re.Pattern, rest: re.Pattern | None, text: str) -> list[tuple[int, int]]:
    """The spans of ``p.finditer(text)``, found with ``rest`` (``_unasserted(p)``): the first
    position from ``pos`` where ``p`` matches is among those where ``rest`` does, tried in order."""
    if rest is None:
        return [(m.start(), m.end()) for m in p.finditer(text)]
    out = []
    pos, n = 0, len(text)
    search, match = rest.search, p.match
    while pos <= n:
        m = search(text, pos)
        if m is None:
            break
        q = m.start()
        fm = match(text, q)
        if fm is None:
            pos = q + 1
            continue
        if fm.end() == q:  # an empty match: leave the stepping rules to finditer
            return [(m.start(), m.end()) for m in p.finditer(text)]
        out.append((q, fm.end()))
        pos = fm.end()
    return out


def _inherit(text: str, cands: list[Cand]) -> None:
    """Give a unitless number the unit of the figure it is listed with (1.83和1.86个百分点)."""
    by_start = {c.start: c for c in cands}
    for c in sorted(cands, key=lambda c: -c.start):
        if c.value is None:
            continue
        if c.unit is not None and not (c.written == "个" and c.end < len(text)):
            continue
        m = _SEP_AT.match(text[c.end:c.end + 2])
        if not m:
            continue
        nxt = by_start.get(c.end + len(m.group(0)))
        if nxt is None or nxt.unit is None:
            continue
        if c.unit is not None and not (nxt.written or "").startswith("个"):
            continue  # 5.4个和7.5个百分点: the 个 is that of 个百分点
        if m.group(0) == "、" and _list_head(text, c):
            continue  # 一、2025年: a list marker
        c.unit, c.cls, c.written, c.flags = nxt.unit, nxt.cls, nxt.written, nxt.flags
        c.bare = False
        c.rule = "num.list"
        c.source = nxt
        if m.group(0) in _RANGE_SEPS and not re.search(r"[万亿]$", c.numtext) \
                and nxt.value and re.search(r"[百千万亿佰仟]$", nxt.numtext):
            suffix = re.search(r"[十百千万亿拾佰仟]+$", nxt.numtext).group(0)
            for k in range(len(suffix)):  # longest multiplier that keeps the range ordered
                mult = parse_number("一" + suffix[k:]) or 1
                if c.value * mult <= nxt.value and c.value * mult * 100 > nxt.value:
                    c.value *= mult  # 3至5万元, 两到三仟澳元
                    break
        if c.unit_start is None:
            c.unit_start = None


def _list_head(text: str, c: Cand) -> bool:
    line_start = text.rfind("\n", 0, c.num_start) + 1
    return not text[line_start:c.num_start].strip(" \t　(（")


def _article(text: str, c: Cand, prev: Cand | None, lex: Lexicon) -> bool:
    """一 + counter as an article (一个…基地, 一条通道), not a count."""
    if c.numtext != "一":
        return False
    if c.cls not in lex.article_classes and c.written not in lex.article_classes:
        return False
    if prev is not None and 0 <= c.start - prev.end <= 2 and prev.cls == c.cls and \
            not _ARTICLE_GAP.search(text[prev.end:c.start]):
        return False  # 两头牛一匹马
    return True


def _rate_prefix(text: str, c: Cand) -> None:
    """一小时几十公里: a speed written with its time base first."""
    if c.cls != "measure":
        return
    m = _RATE_PREFIX.search(text[max(0, c.start - 4):c.start])
    if m:
        c.start -= len(m.group(0))
        c.unit = f"{c.unit}/{m.group(1)}"


def _clean(v: float | None) -> float | None:
    """Drop binary noise from decimal arithmetic (2.28万 -> 22800, not 22799.999999999996)."""
    return None if v is None else float(f"{v:.12g}")


def _list_marker(text: str, c: Cand) -> bool:
    """一、 二、 (1) at the start of a line: a list marker, not a figure."""
    line_start = text.rfind("\n", 0, c.num_start) + 1
    if text[line_start:c.num_start].strip(" \t　(（"):
        return False
    return bool(_LIST_MARK.match(text[c.num_end:c.num_end + 1]))


def _roc_years(ctx: ExtractionContext) -> bool:
    """Republic of China years (109年) are in use: set by the layout, or a Traditional text."""
    return bool(ctx.roc_era) or getattr(ctx.norm, "script", "") == "traditional"


def _rejected(ctx: ExtractionContext, text: str, c: Cand, lex: Lexicon, neg, words, taken) -> bool:
    """Whether the negative knowledge rules the candidate out (years, dates, codes, names ...)."""
    if c.bare:
        if c.unit is None and not (c.has_mult and _DIGIT_CHAR.search(c.numtext)):
            return True
        if c.value is None:
            return True
        if c.unit is None and c.numtext[0] in "百千万亿":
            return True  # 万一, 千万: words, not figures
    if c.written and _ONLY_BIG.fullmatch(c.numtext) and "bare" not in c.flags and not c.approx:
        return True  # 万人, 百家: a bare multiplier is no count (千余人, 近万人 are)
    if c.written == "级" and _ENDS_MULT.search(c.numtext):
        return True  # 万亿级城市, 百亿级开发区: a size class
    if c.written and "arabic" in c.flags and not _ARABIC_DIGIT.search(c.numtext):
        return True
    if c.written and c.written.isascii() and c.written[-1].isalpha() \
            and text[c.end:c.end + 1].isascii() and text[c.end:c.end + 1].isalpha():
        return True  # 15,500CMD: a Latin unit running on into a longer abbreviation
    if _is_date(ctx, text, c, lex):
        return True
    if _ZEROS.fullmatch(c.numtext) or _list_marker(text, c):
        return True
    if _negative(text, c, lex, neg) or _in_word(c, words):
        return True
    if any(s < c.end and c.start < e for s, e in _near(taken, c.start, c.end)):
        return True
    return _quoted(text, c.start, c.end) or _enumeration(text, c)


def find_quantities(ctx: ExtractionContext) -> list[QuantityMention]:
    text = ctx.text
    lex = lexicon()
    cands = sorted(_scan(text, lex), key=lambda c: c.start)
    _inherit(text, cands)
    neg = _neg_spans(text, lex)
    words = _word_spans(text, lex)
    taken = _sorted_spans(ctx.spans("program", "date"))
    rejected = {id(c) for c in cands if _rejected(ctx, text, c, lex, neg, words, taken)}
    for c in reversed(cands):  # a list member shares the fate of the figure it took its unit from
        if c.source is not None and id(c.source) in rejected:
            rejected.add(id(c))
    out: list[QuantityMention] = []
    prev: Cand | None = None
    for c in cands:
        if id(c) in rejected or _article(text, c, prev, lex):
            continue
        _rate_prefix(text, c)
        while out and out[-1].end > c.start:
            if out[-1].end - out[-1].start > c.end - c.start:
                break
            out.pop()  # 一小时 inside 一小时几十公里
        if out and out[-1].end > c.start:
            continue
        prev = c
        out.append(QuantityMention(
            start=c.start, end=c.end, text=text[c.start:c.end], value=_clean(c.value),
            value_max=_clean(c.value_max), unit=c.unit, approx=_approx(c), rule=c.rule))
    return out

