"""Numeral parser: every way press releases write a number, read to a float.

Handles Arabic figures with thousands separators and decimals (``1,234.5``), Chinese numerals
(``一百二十三``, ``两``, ``〇``, ``廿``, financial ``壹贰叁``), mixed forms (``14.52万``,
``3万5千``, ``2亿469万6998``), the 万/亿/兆 multipliers, abbreviated colloquial forms
(``三万五`` = 35000, ``一百二`` = 120), digit-by-digit readings (``一七二零`` = 1720),
decimals written ``点``, fractions (``三分之二``, ``3又一千分之23``), shares (``百分之四十``,
``六成``), and approximate ranges of adjacent digits (``五六`` -> 5..6, ``三四百`` -> 300..400).

The text given is expected to be normalized already (Simplified, ASCII digits); the
Traditional and full-width forms are folded here too, so the parser can be used on its own.

Entry points:
- :func:`parse_number` -> ``float | None`` (lenient, what the extractor uses);
- :func:`parse_range` -> ``(low, high)`` for an approximate range, else ``None``;
- :func:`parse_share` -> ``(value, unit)`` for ``百分之四十``, ``六成``, ``五分之一`` ...;
- :func:`cn2an` -> cn2an-compatible reading with its ``strict``/``normal``/``smart``/``direct``
  modes (raises ``ValueError`` where cn2an does).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

# --------------------------------------------------------------------------- characters

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "幺": 1,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8, "兆": 10**12}

# Financial, Traditional and variant forms folded onto the plain Simplified characters.
_FOLD = str.maketrans({
    "壹": "一", "贰": "二", "貳": "二", "叁": "三", "參": "三", "叄": "三", "肆": "四",
    "伍": "五", "陆": "六", "陸": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十",
    "佰": "百", "仟": "千", "萬": "万", "億": "亿", "兩": "两", "倆": "两", "俩": "两",
    "點": "点", "負": "负", "個": "个", "貮": "二", "弍": "二", "弌": "一",
    "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7",
    "８": "8", "９": "9", "．": ".", "，": ",", "％": "%", "－": "-", "＋": "+", "／": "/",
    "幾": "几", "餘": "余", "Ｋ": "k", "ｋ": "k", "Ｗ": "w", "ｗ": "w",
})
# 廿 20, 卅 30, 卌 40 (written like 廿二 = 22).
_TENS = {"廿": "二十", "卅": "三十", "卌": "四十"}

_MIXED_FRACTION = re.compile(r"([0-9０-９]+)\s+([0-9０-９]+)\s*[/／]\s*([0-9０-９]+)")
ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_ARABIC_FULL = re.compile(r"^(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)$")


def fold(s: str) -> str:
    """Fold financial/Traditional/full-width numeral characters and remove inner spaces."""
    s = s.translate(_FOLD)
    for k, v in _TENS.items():
        if k in s:
            s = s.replace(k, v)
    return re.sub(r"\s+", "", s)


# --------------------------------------------------------------------------- tokenizing

def _tokens(s: str) -> list[tuple[str, float]] | None:
    """Split a folded numeral into tokens: ('n', value) numbers, ('u', 10/100/1000) small units,
    ('b', 1e4/1e8/1e12) big units, ('z', 0) zeros, ('x', 0) 几 (unknown digit).
    Returns None when a character is not part of a numeral."""
    out: list[tuple[str, float]] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isdigit() or (c == "." and i + 1 < n and s[i + 1].isdigit()):
            m = ARABIC.match(s, i)
            text = m.group(0)
            out.append(("n", float(text.replace(",", ""))))
            i = m.end()
            if i < n and s[i] in "kK":
                out[-1] = ("n", out[-1][1] * 1000)
                i += 1
            elif i < n and s[i] == "M":
                out[-1] = ("n", out[-1][1] * 10**6)
                i += 1
            elif i < n and s[i] in "wW":
                out[-1] = ("n", out[-1][1] * 10000)
                i += 1
            continue
        if c in ("零", "〇"):
            out.append(("z", 0))
        elif c in DIGITS:
            out.append(("d", DIGITS[c]))
        elif c in SMALL_UNITS:
            out.append(("u", SMALL_UNITS[c]))
        elif c in BIG_UNITS:
            out.append(("b", BIG_UNITS[c]))
        elif c in "几":
            out.append(("x", 0))
        elif c in "多余":
            out.append(("m", 0))  # 十多万, 五百余万: an approximate remainder, read as 0
        else:
            return None
        i += 1
    return out


# --------------------------------------------------------------------------- integers

def _read_integer(toks: list[tuple[str, float]], abbreviate: bool = True) -> float | None:
    """Read a token list (no decimal point) to a number.

    Positional reading with sections: small units (十百千) build a section, big units (万亿兆)
    close it; a big unit after a smaller one multiplies everything before it (三万亿, 万万).
    A trailing bare digit right after a unit is the abbreviated next place (三万五 = 35000,
    一百二 = 120) when ``abbreviate``. Digits with no unit at all are read digit by digit
    (一七二零 = 1720)."""
    if not toks:
        return None
    kinds = [k for k, _ in toks]
    if len(toks) > 1 and all(k in ("d", "z") for k in kinds):
        return float("".join(str(int(v)) for _, v in toks))
    total = section = 0.0
    pending = None
    last_small = None
    last_big = None
    prev = None
    for k, v in toks:
        if k in ("d", "n", "x"):
            if prev in ("d", "n", "x"):
                return None
            pending = v
        elif k == "z":
            if prev == "n":
                return None
            pending = None
        elif k == "m":
            pass
        elif k == "u":
            if pending is None:
                if prev in (None, "b", "z", "m") or (prev == "u" and last_small and v < last_small):
                    pending = 1
                else:
                    return None
            elif last_small is not None and v >= last_small and prev != "z":
                return None  # 一百一千
            section += pending * v
            pending = None
            last_small = v
        elif k == "b":
            if pending is not None:
                section += pending
                pending = None
            if prev == "b" and section == 0:
                total *= v  # 万万, 万亿
            elif section == 0 and total == 0:
                total = v  # 万 alone
            elif last_big is not None and v > last_big:
                total = (total + section) * v  # 三万亿, 一万五千亿
            else:
                total += section * v
            section = 0.0
            last_small = None
            last_big = v
        prev = k
    if pending is not None:
        if abbreviate and prev == "d" and len(toks) >= 2 and toks[-2][0] in ("u", "b") \
                and toks[-2][1] >= 100:
            section += pending * toks[-2][1] / 10  # 三万五, 两千六, 一百二, 千三
        else:
            section += pending
    return total + section


def _read_decimal_digits(s: str) -> str | None:
    out = []
    for c in s:
        if c.isdigit():
            out.append(c)
        elif c in DIGITS:
            out.append(str(DIGITS[c]))
        else:
            return None
    return "".join(out)


@lru_cache(maxsize=65536)
def parse_number(text: str) -> float | None:
    """Read a numeral (no unit) to a float; None when it is not one.

    >>> parse_number("2億469萬6,998")
    204696998.0
    >>> parse_number("14.52万")
    145200.0
    """
    try:
        v = _parse_number(text)
    except (OverflowError, ValueError, ZeroDivisionError, RecursionError):
        return None
    return v if v is None or math.isfinite(v) else None


def _parse_number(text: str) -> float | None:
    s = fold(_MIXED_FRACTION.sub(r"\1又\2/\3", text))
    if not s:
        return None
    sign = 1.0
    if s[0] in "-负+":
        if s[0] in "-负":
            sign = -1.0
        s = s[1:]
        if not s:
            return None
    if s.startswith("半") and len(s) > 1 and s[1] in SMALL_UNITS:
        v = SMALL_UNITS[s[1]] / 2  # 半百
        return sign * v if len(s) == 2 else None
    if s == "半":
        return sign * 0.5
    # fractions: 三分之二, 3又一千分之23, 一百分之十万零六百五十一, 1 3/5
    if "分之" in s:
        whole = 0.0
        if "又" in s:
            w, s = s.split("又", 1)
            wv = parse_number(w)
            if wv is None:
                return None
            whole = wv
        den_s, num_s = s.split("分之", 1)
        if den_s == "":
            return None
        den = parse_number(den_s)
        num = parse_number(num_s) if num_s else None
        if den in (None, 0) or num is None:
            return None
        return sign * (whole + num / den)
    m = re.fullmatch(r"(?:(\d+)又)?(\d+)/(\d+)", s)
    if m:
        whole = float(m.group(1) or 0)
        den = float(m.group(3))
        return None if den == 0 else sign * (whole + float(m.group(2)) / den)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\^([+-]*)(\d+(?:\.\d+)?)", s)
    if m:  # 2^5, 1.1^+23 (Recognizers' power notation)
        exp = float(m.group(3)) * (-1 if m.group(2).count("-") % 2 else 1)
        return sign * float(m.group(1)) ** exp
    m = re.fullmatch(r"(\d+(?:\.\d+)?|\.\d+)[eE]([+-]?\d+)", s)
    if m:
        return sign * float(m.group(1)) * 10 ** int(m.group(2))
    if _ARABIC_FULL.match(s):
        return sign * float(s.replace(",", ""))
    # a trailing 半 after a unit: 一万半? rare; 三斤半 is handled by the extractor
    # Chinese decimal point: integer 点 digits [big unit]
    if "点" in s:
        ip, _, fp = s.partition("点")
        tail_mult = 1
        while fp and fp[-1] in BIG_UNITS:
            tail_mult *= BIG_UNITS[fp[-1]]
            fp = fp[:-1]
        digits = _read_decimal_digits(fp)
        if not digits:
            return None
        iv = parse_number(ip) if ip else None
        if iv is None:
            return None
        return sign * (abs(iv) + float("0." + digits)) * tail_mult
    toks = _tokens(s)
    if not toks:
        return None
    v = _read_integer(toks)
    return None if v is None else sign * v


# --------------------------------------------------------------------------- ranges

_CN_DIGIT_CHARS = "一二三四五六七八九"


@lru_cache(maxsize=8192)
def parse_range(text: str) -> tuple[float, float] | None:
    """Approximate range written with two adjacent digits: 五六 (5-6), 三四百 (300-400),
    十五六 (15-16), 二三十 (20-30), 七八千万. None when the text is no such range."""
    s = fold(text)
    m = re.fullmatch(r"(.*?)([一二三四五六七八九])([一二三四五六七八九])(.*)", s)
    if not m:
        return None
    head, a, b, tail = m.groups()
    da, db = DIGITS[a], DIGITS[b]
    if db != da + 1 and not (da == 3 and db == 5):  # 三五 (a few) also reads as a range
        return None
    if tail and not all(c in SMALL_UNITS or c in BIG_UNITS for c in tail):
        return None
    if head and head[-1] not in SMALL_UNITS and head[-1] not in BIG_UNITS:
        return None
    lo = parse_number(head + a + tail) if (head or tail) else float(da)
    hi = parse_number(head + b + tail) if (head or tail) else float(db)
    if lo is None or hi is None:
        return None
    return lo, hi


# --------------------------------------------------------------------------- shares

_SHARE = re.compile(
    r"^(?P<neg>负|-)?(?:(?P<pct>百分之|千分之|万分之)(?P<pn>.+)"
    r"|(?P<den>.+?)分之(?P<num>.+)"
    r"|(?P<sn>\d+)/(?P<sd>\d+)"
    r"|(?P<cn>.+?)成(?P<half>半)?"
    r"|(?P<pp>.+?)(?:个)?百分点"
    r"|(?P<ar>.+?)(?P<sym>[%‰]))$")


def parse_share(text: str) -> tuple[float, str] | None:
    """A share to (value, unit): 百分之四十 -> (40, '%'), 六成 -> (60, '%'),
    五分之一 -> (20, '%'), 2/3 -> (66.67, '%'), 1.5个百分点 -> (1.5, '百分点'), 8% -> (8, '%').
    Shares are percentages (CONTRACT.md), so 千分之三 and 3‰ are (0.3, '%')."""
    s = fold(text)
    m = _SHARE.match(s)
    if not m:
        return None
    sign = -1 if m.group("neg") else 1
    if m.group("pct"):
        v = parse_number(m.group("pn"))
        if v is None:
            return None
        scale = {"百分之": 1, "千分之": 0.1, "万分之": 0.01}[m.group("pct")]
        return sign * v * scale, "%"  # shares are percentages: 千分之三 = 0.3%
    if m.group("den") is not None:
        den, num = parse_number(m.group("den")), parse_number(m.group("num"))
        if not den or num is None:
            return None
        return sign * num / den * 100, "%"
    if m.group("sd") is not None:  # 2/3: a share below the whole (9/8 is no share)
        num, den = int(m.group("sn")), int(m.group("sd"))
        return (sign * num / den * 100, "%") if num < den else None
    if m.group("cn") is not None:
        v = parse_number(m.group("cn"))
        if v is None:
            return None
        return sign * (v + (0.5 if m.group("half") else 0)) * 10, "%"
    if m.group("pp") is not None:
        v = parse_number(m.group("pp"))
        return None if v is None else (sign * v, "百分点")
    v = parse_number(m.group("ar"))
    if v is None:
        return None
    return (sign * v / 10, "%") if m.group("sym") == "‰" else (sign * v, "%")


# --------------------------------------------------------------------------- cn2an modes

_CN_NUM = "零一二三四五六七八九"


def _section_to_cn(n: int) -> str:
    """0 < n < 10000 -> canonical Chinese (一千零一十)."""
    out, zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d:
            if zero:
                out.append("零")
                zero = False
            out.append(_CN_NUM[d] + name)
        elif out:
            zero = True
    return "".join(out)


def int_to_cn(n: int) -> str:
    """Canonical (strict) Chinese reading of a non-negative integer, as cn2an's an2cn 'low'."""
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    names = ["", "万", "亿", "万"]  # 1e12 is written 万 (万亿), as cn2an does
    out = []
    need_zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out.append("零")
        out.append(_section_to_cn(g) + (names[i] if i < len(names) else ""))
        need_zero = False
    return "".join(out)


_RMB = re.compile(r"^(?P<num>.+?)[元圆](?P<rest>.*)$")


def cn2an(text: str, mode: str = "strict") -> float | int | str:
    """cn2an-compatible reading; raises ValueError where cn2an would."""
    if mode == "direct":
        s = fold(text)
        neg = s.startswith("负")
        body = s[1:] if neg else s
        out = []
        for c in body:
            if c in DIGITS:
                out.append(str(DIGITS[c]))
            elif c == "点":
                out.append(".")
            elif c.isdigit():
                out.append(c)
            else:
                raise ValueError(text)
        return ("-" if neg else "") + "".join(out)
    raw = text
    s = text.translate(str.maketrans({k: v for k, v in _FOLD_TABLE_ITEMS}))
    for k, v in _TENS.items():
        s = s.replace(k, v)
    if not s:
        raise ValueError(text)
    # money strings: 壹佰壹拾壹圆整, 壹拾壹元壹角壹分
    m = _RMB.match(s)
    if m:
        rest = m.group("rest")
        value = _cn2an_plain(m.group("num"), mode, raw)
        frac = 0.0
        mm = re.fullmatch(r"(?:([^角分整正])角)?(?:([^角分整正])分)?([整正])?", rest)
        if not mm:
            raise ValueError(raw)
        if mode == "strict" and not (mm.group(3) or mm.group(1) or mm.group(2)):
            raise ValueError(raw)  # cn2an strict wants 整/正 or 角/分 after 元
        if mm.group(1):
            frac += DIGITS[mm.group(1)] / 10
        if mm.group(2):
            frac += DIGITS[mm.group(2)] / 100
        return _num(round(value + frac, 2))
    return _cn2an_plain(s, mode, raw)


_FOLD_TABLE_ITEMS = [(k, v) for k, v in {
    "壹": "一", "贰": "二", "貳": "二", "叁": "三", "參": "三", "肆": "四", "伍": "五", "陆": "六",
    "陸": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十", "佰": "百", "仟": "千", "萬": "万",
    "億": "亿", "點": "点", "負": "负", "個": "个", "兩": "两",
}.items()]


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _cn2an_plain(s: str, mode: str, raw: str) -> float | int:
    neg = s.startswith("负") or (mode == "smart" and s.startswith("-"))
    body = s[1:] if neg else s
    if not body:
        raise ValueError(raw)
    has_arabic = any(c.isdigit() for c in body)
    if has_arabic and mode != "smart":
        raise ValueError(raw)
    if not re.fullmatch(r"[0-9.,零〇一二两三四五六七八九十百千万亿点]+", body):
        raise ValueError(raw)
    if mode == "strict":
        if "〇" in body or "两" in body:
            raise ValueError(raw)
        ip, dot, fp = body.partition("点")
        if dot:
            if not fp or not ip or fp.endswith("零") or "点" in fp:
                raise ValueError(raw)
            if any(c not in _CN_NUM for c in fp):
                raise ValueError(raw)
        v = parse_number(ip)
        if v is None or not float(v).is_integer():
            raise ValueError(raw)
        canon = int_to_cn(int(v))
        variants = {canon, canon.replace("零一十", "零十")}
        variants |= {c[1:] for c in variants if c.startswith("一十")}  # 十一 as well as 一十一
        # cn2an strict also accepts 零 before a bare 百 (一万零百一十一)
        if ip not in variants and ip.replace("零百", "零一百") not in variants:
            raise ValueError(raw)
        val = v + (float("0." + _read_decimal_digits(fp)) if dot else 0)
        return _num(-val if neg else val)
    v = parse_number(body)
    if v is None:
        raise ValueError(raw)
    return _num(-v if neg else v)
