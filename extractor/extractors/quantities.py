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
from operator import attrgetter

from ..context import ExtractionContext
from ..models import QuantityMention
from ..numerals import parse_number, parse_range, parse_share
from ..rules import alternation as _alt
from ..rules import load_rows

# --------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str
    cls: str
    flags: frozenset
    scales: tuple[float, ...] = ()  # the flags' scale=K factors (‰ is 0.1 %), read once


def _scales(flags: frozenset) -> tuple[float, ...]:
    """The factors of a unit's ``scale=K`` flags, in the flags' order."""
    return tuple(float(f[6:]) for f in flags if f.startswith("scale="))


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
    # where any of ``regexes`` may match (see ``_scan_any``): one pass over the text for them all
    regexes_at: re.Pattern | None = None


_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_ALL = _CN_DIGIT + "十百千万亿"
# 1,234.5 or 1234.5, possessive: inside the atomic numeral this reads the same figure as
# ``\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`` without retrying every split of the digit run
_ARABIC = r"\d++(?:,\d{3})*+(?:\.\d++)?+"
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


# Every character a numeral (``_numeral_re``) can read, possessive: a numeral followed by 分之
# or 成 is a maximal run of these followed by it (neither 分 nor 成 is one of them).
_NUMERAL_RUN = rf"[\d,.点个{_CN_ALL}{_FIN}兆]++"
_VAGUE = r"(?:[几数](?:十万|百万|千万|十|百|千|万|亿)|[一二三四五六七八九]?十几)"
# 2/3, 1/10: a fraction written with a slash (a share, as 三分之二); not a page or part number
# ([1/6]), a date (9/10日) nor one of a run of slashes (2020/21/22).
_SLASH_FRACTION = r"(?<![\d/.\[])[1-9]\d?/[1-9]\d?(?![\d/.\]日号月])"
_SEP_LIST = r"(?:和|、|与|及|或|至|到|-{1,2}|~|—{1,2}|－|～)"
_SYMBOLS = {"$": "美元", "¥": "元", "￥": "元"}
_SEP_AT = re.compile(_SEP_LIST)
_HAS_BIG = re.compile(r"[万亿兆]")
_DIGIT_CHAR = re.compile(r"[\d零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]")
_ENDS_MULT = re.compile(r"[十百千万亿]$")
_ARABIC_DIGIT = re.compile(r"\d")
_HAN_CHAR = re.compile(r"[\u3400-\u9fff]")
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
_CLAUSE_MARK = re.compile(r'[，。；：,;:！？!?\n“”"（(）)]')
_LIST_SEP = re.compile(r"[、和与及]")
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", "【": "】"}
_QUOTE_OPEN = re.compile(f"[{re.escape(''.join(_QUOTES))}]")


def _class(chars) -> str:
    """The inside of a ``[...]`` set of these characters."""
    return "".join(re.escape(ch) for ch in sorted(chars))


_NOT_COMBINABLE = re.compile(r"\\[1-9]|\(\?P[<=]|\(\?[aiLmsux]")


def _any_of(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One pattern that matches (search or match) wherever one of ``patterns`` does: their
    alternation. None (the caller loops) for an empty list or a pattern that alternation could
    change (back-references, named groups, inline flags)."""
    if not patterns or any(_NOT_COMBINABLE.search(p.pattern) or p.flags & ~re.UNICODE
                           for p in patterns):
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


_CLASS_ESCAPE = re.compile(r"([\\\]\[^-])")
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _first_chars(items, out: list[str]) -> bool:
    """Add to ``out`` (pieces of a ``[...]`` class) every character a match of the parsed
    ``items`` can start with. False when the first item may match empty or is not read here."""
    while items and str(items[0][0]) in ("ASSERT", "ASSERT_NOT"):
        items = items[1:]  # a look-around reads no character: the next item reads the first
    if not items:
        return False
    op, av = items[0]
    op = str(op)
    if op == "LITERAL":
        out.append(_CLASS_ESCAPE.sub(r"\\\1", chr(av)))
        return True
    if op == "IN":
        for kind, arg in av:
            kind = str(kind)
            if kind == "LITERAL":
                out.append(_CLASS_ESCAPE.sub(r"\\\1", chr(arg)))
            elif kind == "RANGE":
                out.append("-".join(_CLASS_ESCAPE.sub(r"\\\1", chr(c)) for c in arg))
            elif kind == "CATEGORY" and str(arg) in _CATEGORIES:
                out.append(_CATEGORIES[str(arg)])
            else:
                return False  # a negated set, a locale category: left to the general scan
        return True
    if op == "BRANCH":
        return all(_first_chars(list(alt), out) for alt in av[1])
    if op == "SUBPATTERN":
        _group, add_flags, del_flags, sub = av
        return not add_flags and not del_flags and _first_chars(list(sub), out)
    if op == "ATOMIC_GROUP":
        return _first_chars(list(av), out)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, sub = av
        return low >= 1 and _first_chars(list(sub), out)
    return False


def _scan_any(patterns: list[re.Pattern]) -> re.Pattern | None:
    """A pattern whose matches start exactly where one of ``patterns`` matches (each match is
    one character long: use its start, or whether there is one).

    ``re`` has a fast scan only for a pattern that starts with a character or a set: it skips in
    C to the next position holding one. An alternation, or a pattern that starts with a
    repeat or a look-around, is instead tried in full at every position. So the pattern read
    here starts with the set of the characters the patterns can start with, and checks the
    alternation, from the position before, in a look-behind:
    ``[F](?<=(?=p1|p2|...)[F])``. None when a pattern's first characters cannot be read (the
    caller then tries the patterns one by one)."""
    if not patterns or any(_NOT_COMBINABLE.search(p.pattern) or p.flags & ~re.UNICODE
                           for p in patterns):
        return None
    try:
        from re import _parser  # the stdlib's own parser (Python >= 3.11)

        firsts: list[str] = []
        for p in patterns:
            if not _first_chars(list(_parser.parse(p.pattern, p.flags)), firsts):
                return None
        alternation = "|".join(f"(?:{p.pattern})" for p in patterns)
        first = f"[{''.join(dict.fromkeys(firsts))}]"
        return re.compile(f"{first}(?<=(?={alternation}){first})")
    except (ImportError, AttributeError, TypeError, ValueError, re.error):
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    units: dict[str, Unit] = {}
    for row in load_rows("units.tsv"):
        written, unit = row[0], row[1]
        cls = row[2] if len(row) > 2 else "counter"
        flags = frozenset(f.strip() for f in row[3].split(",")) if len(row) > 3 and row[3] else frozenset()
        units[written] = Unit(written, unit, cls, flags, _scales(flags))
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
                  frozenset(arts), before_any=_scan_any(before) or _any_of(before),
                  after_any=_any_of(after),
                  regexes_at=_scan_any([_unasserted(p) or p for p in regexes]))
    # unit alternation: 个月 also as 个多月 / 个半月
    alts = []
    for w in sorted(units, key=len, reverse=True):
        if w.startswith("个") and len(w) > 1:
            alts.append("个(?:多|半)?" + re.escape(w[1:]))
        else:
            alts.append(re.escape(w))
    unit_re = "|".join(alts)
    unit_first = _class({w[0] for w in units})
    rate_units = [w for w, u in units.items() if u.cls != "share"]
    numeral, mult = _numeral_re(units)
    currencies = [w for w, u in units.items() if u.cls == "currency" and len(w) > 1]
    pre = _alt(q.word for q in quals.get("before", []))
    mid = _alt(q.word for q in quals.get("mid", []))
    post = _alt(q.word for q in quals.get("after", []))
    # Every match starts with one of these characters; checking it first makes the scan ~4x faster.
    # (Before the look-behind, not after: at the many other positions it is then the only test.)
    alone = set("0123456789$¥￥-+负几数半" + _CN_ALL + _FIN + "兆")
    first = alone | {q.word[0] for q in quals.get("before", [])} | {w[0] for w in currencies}
    # ... and it starts either with a character that can begin a figure by itself (个 of 个万 too)
    # or with a qualifier or a currency word: tested next, it stops at once the many 新, 大, 人
    # that no 新台币, 大约, 人民币 follows.
    alone.add("个")
    starts = f"[{_class(alone)}]|{_alt([q.word for q in quals.get('before', [])] + currencies)}"
    lex.pattern = re.compile(
        rf"(?=[{_class(first)}])(?<!\d)(?={starts})"
        rf"(?:(?P<pre>{pre}) ?)?"  # (a space in "約達 126,000" typography)
        rf"(?:(?P<pct>(?:负|-)?(?:百分之|千分之|万分之)(?:{numeral}))"
        # (?=…分之), (?=…成): what a fraction or a 成 share needs, tested in one step before its
        # numeral is read (most figures are neither: it saved reading each number twice)
        rf"|(?={_NUMERAL_RUN}分之|{_SLASH_FRACTION})"
        rf"(?P<frac>(?:{numeral})分之(?:{numeral})|{_SLASH_FRACTION})"
        rf"|(?={_NUMERAL_RUN}成)"
        rf"(?P<cheng>(?:[一二两三四五六七八九十]{{1,2}}(?:点[一二三四五六七八九])?|\d+(?:\.\d+)?)成半?)"
        rf"(?![员为了功本果绩立熟交效长型品就份年人员婚])"
        rf"|(?P<cur>[$¥￥]|(?:{_alt(currencies)})\s?)?"
        rf"(?P<sign>[-+]|负)?(?P<num>{_VAGUE}|{numeral}|半(?=个?(?:年|月|天|小时|日|周|星期|分钟|季度)))"
        rf"(?P<mid>(?: ?(?:{mid})?(?:{mult})+(?:{mid})?|(?:{mid}))?)"
        rf"(?P<half>半)?"
        # (?=[…]): one test skips the alternation of every unit where no unit can begin
        rf"(?: ?(?=[{unit_first}])(?P<unit>{unit_re}))?"
        rf"(?P<half2>半(?![年月天小]))?"
        rf"(?P<rate>/每?(?:{_alt(rate_units)})|每(?:秒钟?|分钟|小时)(?![\u4e00-\u9fff]))?"
        rf"(?P<alt>\((?!含)[\u4e00-\u9fff]{{1,2}}\)|（(?!含)[\u4e00-\u9fff]{{1,2}}）)?"
        rf"(?P<liang>(?<=斤)[{_CN_DIGIT}\d]两)?"
        rf"(?P<coin>(?<=[元块圆])(?:[{_CN_DIGIT}\d][角毛](?:[{_CN_DIGIT}\d]分?)?|[{_CN_DIGIT}\d]分)钱?)?"
        rf"(?P<incl>[(（]含[)）])?)"
        rf"(?P<post>{post})?"
    )
    assert tuple(lex.pattern.groupindex) == _GROUPS and lex.pattern.groups == len(_GROUPS)
    return lex


# --------------------------------------------------------------------------- candidates


@dataclass(slots=True)
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


_START = attrgetter("start")


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


# The named groups of ``Lexicon.pattern``, in order: ``_scan`` unpacks ``m.groups()`` (one tuple)
# instead of building ``m.groupdict()`` for each of the many matches.
_GROUPS = ("pre", "pct", "frac", "cheng", "cur", "sign", "num", "mid", "half", "unit", "half2",
           "rate", "alt", "liang", "coin", "incl", "post")
_MULT_CHARS = frozenset("十百千万亿仟佰兆")
_NO_FLAGS: frozenset = frozenset()
_COIN = re.compile(r"(\S)([角毛分])")


@lru_cache(maxsize=16384)
def _figure(num: str, mults: str) -> tuple[bool, float | None, float | None, bool]:
    """What the numeral ``num`` + ``mults`` (its multipliers) says, cached (figures repeat):
    (readable, value, value_max, has_mult). A vague 几十 has no value; an approximate range 五六
    has only value_max; unreadable text is no figure. has_mult: a 万/亿, or 千/百 after a digit."""
    numeral = num + mults
    has_mult = bool(_WAN_YI.search(numeral)) or bool(_DIGIT_QIAN_BAI.search(numeral))
    if _VAGUE_RE.fullmatch(num) is not None:
        return True, None, None, has_mult
    rng = parse_range(numeral) if not _ARABIC_DIGIT.search(numeral) else None
    if rng:
        return True, None, rng[1], has_mult
    value = parse_number(numeral.replace("个", ""))
    return value is not None, value, None, has_mult


def _scan(text: str, lex: Lexicon) -> list[Cand]:
    out: list[Cand] = []
    units = lex.units
    for m in lex.pattern.finditer(text):
        (pre, pct, frac, cheng, cur, sign, num, mid, g_half, unit_w, half2, rate, alt, liang, coin,
         _incl, post) = m.groups()
        if not (pct or frac or cheng or unit_w or cur):
            # the test "a bare number that is no list member" below, taken early for the many
            # numbers it drops (nothing in between can give such a number a unit, except 两)
            if num[-1] != "两" and not _HAS_BIG.search(num + (mid or "")) \
                    and not _SEP_AT.match(text, m.end()):
                continue
        start, end = m.span()
        approx: set = set()
        if pre:
            a = _qual_ok(lex, "before", pre, text, m.start(1))
            if a is None:
                start = m.end(1)
            else:
                approx.add(a)
        if pct or frac or cheng:
            key = 2 if pct else 3 if frac else 4
            written = pct or frac or cheng
            share = parse_share(written)
            if share is None:
                continue
            num_start, num_end = m.span(key)
            if post:
                a = _qual_ok(lex, "after", post, text, m.start(17))
                if a is None or post in ("多", "余"):
                    end = m.start(17)
                else:
                    approx.add(a)
            if key != 2 and num_start > 0 and text[num_start - 1] == "第":
                continue
            out.append(Cand(start, end, share[0], None, share[1], "share", approx,
                            f"share.{_GROUPS[key - 1]}", num_start, num_end, None, written, False))
            continue
        num_start, num_end = m.span(7)
        if len(num) > 40:
            continue  # no figure is written with more than 40 characters (a code, a table dump)
        if cur and not pre:
            start = num_start if not sign else m.start(6)
        if sign:
            sign_start = m.start(6)
            prev = text[sign_start - 1] if sign_start > 0 else ""
            if sign == "-" and unit_w and _HAN_CHAR.match(prev) and \
                    getattr(units.get(unit_w), "cls", "") in ("counter", "people"):
                start = m.end(6)  # 招牌-15面金牌: a dash after a word, no negative count
            elif sign == "负" or (sign == "-" and not _joins(prev)):
                num_start = sign_start
                num = "-" + num
            elif pre or cur:
                continue  # 超-3 is nothing we know
            else:
                start = m.end(6)
        elif num_start >= 2 and text[num_start - 1] == "下" and text[num_start - 2] == "零" \
                and not pre:
            num_start = start = num_start - 2
            num = "-" + num  # 零下5度 = -5 degrees
        mid = mid or ""
        if not mid and len(num) == 1 and num in _FIN:
            continue  # 陆部队, 拾起: a lone financial character is a word
        unit_start = m.start(10) if unit_w else None
        if (mid[:1] == " " or (unit_w and text[unit_start - 1] == " ")) \
                and num_start > 0 and text[num_start - 1].isascii() and text[num_start - 1].isalnum():
            continue  # SDG17 臺南: a space before the unit only in "達 178 處" typography
        mults = ""
        if mid:
            mults = "".join(c for c in mid if c in _MULT_CHARS)
            for q in ("余", "多"):
                if q in mid:
                    a = _qual_ok(lex, "mid", q, text, m.start(8) + mid.index(q))
                    if a:
                        approx.add(a)
        if not unit_w and len(num) > 1 and num[-1] == "两" and not mid and "两" in units \
                and _LIANG_BEFORE.search(num[:-1]):
            num, unit_w = num[:-1], "两"  # 二两, 三千两百两: 两 is the weight (liang)
            unit_start = num_end - 1
            num_end -= 1
        if not unit_w and not cur and not _HAS_BIG.search(num + mid) \
                and not _SEP_AT.match(text, m.end()):
            continue  # a bare number that is no list member can never become a figure
        half = bool(g_half) or bool(half2)
        ge_more = False
        if unit_w and unit_w not in units and unit_w[0] == "个" and len(unit_w) > 1 \
                and unit_w[1] in "多半":
            if unit_w[1] == "多":
                ge_more = True
            else:
                half = True
            unit_w = "个" + unit_w[2:]
        readable, value, value_max, has_mult = _figure(num, mults)
        if not readable:
            continue
        if half and value is not None:
            value += 0.5
        if ge_more:
            approx.add("over")
        u = units.get(unit_w) if unit_w else None
        if unit_w and u is None:
            continue
        if g_half and not unit_w and not half2:
            end = m.start(9)
        if post:
            ok = True
            if post in ("多", "余") and (u is not None and u.cls != "time"
                                         and "more" not in u.flags):
                ok = False
            if post in ("多", "余") and u is None and not has_mult:
                ok = False
            a = _qual_ok(lex, "after", post, text, m.start(17)) if ok else None
            if a is None:
                end = m.start(17)
            else:
                approx.add(a)
        if alt and not (u is not None and "alt" in u.flags):
            alt_start = m.start(13)
            end = min(end, alt_start) if alt_start >= 0 else end
            if post and m.start(17) > alt_start:
                approx.discard(_qual_ok(lex, "after", post, text, m.start(17)))
        unit = u.unit if u else None
        if u is not None and value is not None:
            for scale in u.scales:
                value *= scale  # 3‰ = 0.3%
        if cur:
            cu = units.get(cur.strip()) or units.get(_SYMBOLS.get(cur.strip(), ""))
            if u is None and cu is not None:
                u, unit, start = cu, cu.unit, m.start(5) if not pre else start
            elif u is not None and u.cls == "currency" and u.unit == "元" and cu is not None:
                unit = cu.unit  # 港币2960元 is in HK dollars
        if coin and u is not None and u.unit == "元" and value is not None:
            for amount, div in _COIN.findall(coin):
                d = parse_number(amount)
                if d is not None:
                    value += d / (10 if div in "角毛" else 100)
        elif coin:
            end = m.start(15)
        if liang and value is not None:
            d = parse_number(liang[0])
            if d is not None:
                value += d / 10  # 3斤5两 = 3.5斤
        if rate and u is None:
            end = min(end, m.start(12))  # a bare 10万/亩 keeps no half-read rate
        if rate and u is not None:
            den = rate.lstrip("/").lstrip("每").replace("秒钟", "秒")
            du = units.get(den)
            unit = f"{u.unit}/{du.unit if du else den}"
        if u is None:  # (positional arguments: half the cost of keywords, for ~15k candidates)
            out.append(Cand(start, end, value, value_max, unit, None, approx, "num.bare",
                            num_start, num_end, unit_start, num + mults, has_mult, True,
                            _NO_FLAGS, unit_w))
        else:
            out.append(Cand(start, end, value, value_max, unit, u.cls, approx, "num.unit",
                            num_start, num_end, unit_start, num + mults, has_mult, False,
                            u.flags, unit_w))
    return out


# --------------------------------------------------------------------------- filters


def _quoted(text: str, start: int, end: int, limit: int = 16) -> bool:
    """Inside a short quotation or a title (“十个一”, “三个100%”, 《…》)."""
    lo = max(0, start - limit)
    if _QUOTE_OPEN.search(text, lo, start) is None:
        return False  # most figures: no opening mark in reach, one search instead of seven
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
    if c.value is None or not 2 <= c.value <= 10 or _ARABIC_DIGIT.search(c.numtext):
        return False  # (a list of fewer than two items sums up nothing)
    i = c.num_start
    lo = max(0, i - 30)
    # the head runs back to the last clause mark within 30 characters: the first one in the
    # reversed text, found by one search instead of a loop over the characters
    stop = _CLAUSE_MARK.search(text[lo:i][::-1])
    head = text[i - stop.start() if stop else lo:i]
    n = int(c.value)
    parts = [p for p in head.split("、") if p]
    if len(parts) == n >= 2 and all(len(p) <= 8 for p in parts[1:]):
        return True
    parts = [p for p in _LIST_SEP.split(head) if p]
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


def _negative(text: str, c: Cand, lex: Lexicon) -> bool:
    """What stands just before or after the figure rules it out (第3, 3号楼). (The spans of
    ``lex.regexes`` are tested with those of dates and programmes: see ``find_quantities``.)"""
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
    return False


def _word_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    return _sorted_spans([m.span() for m in lex.words.finditer(text)]) \
        if lex.words else []


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of ``spans`` (sorted by start) overlaps [start, end): a bisect, not a scan.
    The list's last item is a sentinel (reach, reach) holding the longest span's length, so
    only the spans from ``start - reach`` on can reach ``start``."""
    n = len(spans) - 1  # the sentinel is not a span
    if n <= 0:
        return False
    i = bisect_left(spans, (start - spans[-1][0], -1), 0, n)
    while i < n:
        s, e = spans[i]
        if s >= end:
            return False
        if start < e:
            return True
        i += 1
    return False


def _sorted_spans(spans) -> list[tuple[int, int]]:
    spans = sorted(spans)
    reach = max([e - s for s, e in spans], default=0)
    return spans + [(reach, reach)]


def _in_word(c: Cand, words: list[tuple[int, int]]) -> bool:
    """Idioms and names with numerals (一鼓作气, 三天两头, 四川): a figure starting where one
    starts, or lying inside one. 一百四十三元 is money even though 三元 is also a place."""
    n = len(words) - 1  # the bisect of ``_overlaps``, with the word test
    if n <= 0:
        return False
    start, end, num_start = c.start, c.end, c.num_start
    i = bisect_left(words, (start - words[-1][0], -1), 0, n)
    while i < n:
        s, e = words[i]
        if s >= end:
            return False
        if num_start == s or start == s or (s <= start and end <= e):
            return True
        i += 1
    return False


def _neg_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """The spans of every ``p.finditer(text)`` for ``p`` in ``lex.regexes`` (unsorted)."""
    if lex.regexes_at is None:
        spans: list[tuple[int, int]] = []
        for p in lex.regexes:
            spans += _match_spans(p, _unasserted(p), text)
        return spans
    # One scan for all: each position where one of them may match (``regexes_at`` finds where
    # one matches without its leading look-around) is tried with each pattern whose previous
    # match ended at or before it. None matches empty (each starts with a character), so each
    # gets exactly the spans of its own finditer, as ``_match_spans`` gives them.
    spans = []
    regexes = lex.regexes
    free = [0] * len(regexes)  # where each pattern's previous match ended
    search = lex.regexes_at.search
    m = search(text)
    while m is not None:
        q = m.start()
        for k, p in enumerate(regexes):
            if free[k] <= q:
                fm = p.match(text, q)
                if fm is not None:
                    spans.append((q, fm.end()))
                    free[k] = fm.end()
        m = search(text, q + 1)
    return spans


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
    for c in sorted(cands, key=_START, reverse=True):  # (reverse keeps ties in order, as -start)
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
    """Drop binary noise from decimal arithmetic (2.28万 -> 22800, not 22799.999999999996).
    A whole number under 10**12 has at most 12 digits: it is its own 12-digit form."""
    if v is None:
        return None
    if type(v) is float and v.is_integer() and -1e12 < v < 1e12:
        return v
    return float(f"{v:.12g}")


def _list_marker(text: str, c: Cand) -> bool:
    """一、 二、 (1) at the start of a line: a list marker, not a figure."""
    if not _LIST_MARK.match(text, c.num_end):  # the rarer condition first
        return False
    line_start = text.rfind("\n", 0, c.num_start) + 1
    return not text[line_start:c.num_start].strip(" \t　(（")


def _roc_years(ctx: ExtractionContext) -> bool:
    """Republic of China years (109年) are in use: set by the layout, or a Traditional text."""
    return bool(ctx.roc_era) or getattr(ctx.norm, "script", "") == "traditional"


def _rejected(ctx: ExtractionContext, text: str, c: Cand, lex: Lexicon, words, blocked) -> bool:
    """Whether the negative knowledge rules the candidate out (years, dates, codes, names ...).
    Every test is a plain condition (the answer is whether any holds), so the commonest one,
    a figure overlapping a date or programme already found or a negative regex, comes first."""
    if _overlaps(blocked, c.start, c.end):
        return True
    numtext = c.numtext
    if c.bare:
        if c.value is None:
            return True
        if c.start < c.num_start and not numtext.strip("百千万亿"):
            pass  # 突破百亿, 过千万: a qualifier makes a bare multiplier a figure
        elif c.unit is None and not (c.has_mult and _DIGIT_CHAR.search(numtext)):
            return True
        elif c.unit is None and numtext[0] in "百千万亿":
            return True  # 万一, 千万: words, not figures
    written = c.written
    if written:
        flags = c.flags
        # (``not numtext.strip(chars)``: numtext, never empty, is only those characters)
        if not numtext.strip("百千万亿") and "bare" not in flags and not c.approx:
            return True  # 万人, 百家: a bare multiplier is no count (千余人, 近万人 are)
        if written == "级" and _ENDS_MULT.search(numtext):
            return True  # 万亿级城市, 百亿级开发区: a size class
        if "arabic" in flags and not _ARABIC_DIGIT.search(numtext):
            return True
        if written.isascii() and written[-1].isalpha() \
                and text[c.end:c.end + 1].isascii() and text[c.end:c.end + 1].isalpha():
            return True  # 15,500CMD: a Latin unit running on into a longer abbreviation
    if _is_date(ctx, text, c, lex):
        return True
    if not numtext.strip("零〇") or _list_marker(text, c):
        return True
    if _in_word(c, words) or _negative(text, c, lex):
        return True
    return _quoted(text, c.start, c.end) or _enumeration(text, c)


def find_quantities(ctx: ExtractionContext) -> list[QuantityMention]:
    text = ctx.text
    lex = lexicon()
    cands = sorted(_scan(text, lex), key=_START)
    _inherit(text, cands)
    words = _word_spans(text, lex)
    # a figure may overlap neither a date or programme found before nor a negative regex's
    # match: one list of spans, one bisect per figure
    blocked = _sorted_spans(ctx.spans("program", "date") + _neg_spans(text, lex))
    rejected = {id(c) for c in cands if _rejected(ctx, text, c, lex, words, blocked)}
    for c in reversed(cands):  # a list member shares the fate of the figure it took its unit from
        if c.source is not None and id(c.source) in rejected:
            rejected.add(id(c))
    out: list[QuantityMention] = []
    prev: Cand | None = None
    validate = QuantityMention.model_validate  # (from a dict: faster than keywords, same model)
    for c in cands:
        if id(c) in rejected or (c.numtext == "一" and _article(text, c, prev, lex)):
            continue
        if c.cls == "measure":
            _rate_prefix(text, c)
        while out and out[-1].end > c.start:
            if out[-1].end - out[-1].start > c.end - c.start:
                break
            out.pop()  # 一小时 inside 一小时几十公里
        if out and out[-1].end > c.start:
            continue
        prev = c
        out.append(validate({
            "start": c.start, "end": c.end, "text": text[c.start:c.end], "value": _clean(c.value),
            "value_max": _clean(c.value_max), "unit": c.unit, "approx": _approx(c),
            "rule": c.rule}))
    return out

