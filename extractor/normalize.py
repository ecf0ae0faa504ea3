"""Normalization with an alignment map back to the original text.

Extractors work on one canonical form of the text: pinyin readings removed (``戰(zhàn)場`` ->
``战场``), full-width digits and letters folded to ASCII, odd spaces made plain, Traditional
converted to Simplified with OpenCC ``t2s``. Every normalized character keeps the index of the
original character it came from, so a span found in the normalized text maps back to the exact
original characters (pinyin included when it sits inside the span).

OpenCC has no offset map of its own (its phrase tables may in principle change lengths), so we
convert line by line and check the length; a line whose length changes is converted character by
character instead, which keeps the map one-to-one at the cost of phrase context on that line.
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from operator import ne

import regex

# A pinyin reading spliced in after a Han character: 戰(zhàn), 創(chuàng), also in full-width brackets.
_READING = r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,7}[)）]"
_PINYIN = rf"(?<=\p{{Han}}){_READING}"
READING_AT = regex.compile(_READING)
# Characters dropped outright: zero-width marks, BOMs, and the CR of CRLF.
_DROP = r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]|\r(?=\n)"
# An HTML character reference left in scraped text (接种率(1-5月)&mdash;6个月以上, 撙节优先&bull;
# 开源并济): read as the one character it stands for, kept at the index of its "&" (the rest
# is deleted), so that its ";" ends no sentence. Only references ``html.unescape`` reads as
# one character are taken.
_ENTITY = r"(?P<ent>&(?:[A-Za-z]{2,8}|#[0-9]{2,6}|#[xX][0-9A-Fa-f]{2,5});)"
DELETIONS = regex.compile(f"{_PINYIN}|{_DROP}|{_ENTITY}")

# One-to-one folds: full-width ASCII digits, letters and the signs figures use; odd spaces.
_FOLD = {0xFF10 + i: ord("0") + i for i in range(10)}
_FOLD.update({0xFF21 + i: ord("A") + i for i in range(26)})
_FOLD.update({0xFF41 + i: ord("a") + i for i in range(26)})
_FOLD.update({ord(a): ord(b) for a, b in zip("％．＋－／＜＞＝～", "%.+-/<>=~")})
_FOLD.update({c: ord(" ") for c in (0x00A0, 0x3000, 0x2002, 0x2003, 0x2009, 0x202F, 0x205F)})
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")
_FOLD_CHAR = {chr(a): chr(b) for a, b in _FOLD.items()}
# A full-width colon or comma between digits is part of a time or figure (16：30, 2，387).
_DIGIT_PUNCT = regex.compile(r"(?<=\d)[：，](?=\d)")
_DIGIT_PUNCT_MAP = {"：": ":", "，": ","}


@lru_cache(maxsize=1)
def _variants() -> dict[int, int]:
    """Variant -> standard Simplified characters (rules/char_variants.tsv), one to one."""
    from .rules import load_rows

    return {ord(a): ord(b) for a, b, *_ in load_rows("char_variants.tsv")
            if len(a) == 1 and len(b) == 1}


@lru_cache(maxsize=1)
def _variant_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """The variant characters as one character class, and their replacements."""
    table = {chr(a): chr(b) for a, b in _variants().items()}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(table)) + "]"), table


def _replace_chars(text: str, pattern: re.Pattern, table: dict[str, str]) -> str:
    """``text.translate`` for a table of rare characters: a dict-driven translate visits every
    character in Python-level lookups (~60 ns each), a compiled class skips to the few hits."""
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: table[m.group()], text)


def _standard_chars(text: str) -> str:
    """Variant characters replaced by their standard form (rules/char_variants.tsv)."""
    return _replace_chars(text, *_variant_pattern())


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC, length-preserving (see module docstring)."""
    conv = _t2s().convert
    out = conv(text)
    if len(out) == len(text):
        return _standard_chars(out)
    lines = text.split("\n")
    fixed = []
    for line in lines:
        c = conv(line)
        if len(c) != len(line):
            c = "".join(ch2 if len(ch2 := conv(ch)) == 1 else ch for ch in line)
        fixed.append(c)
    return _standard_chars("\n".join(fixed))


@dataclass(frozen=True)
class NormalizedText:
    """The normalized text and, per normalized character, the original index it came from."""

    original: str
    text: str
    _src: array | None  # None: identity map (nothing was deleted)
    script: str = "simplified"  # "traditional" when OpenCC changed a noticeable share of Han

    def orig_index(self, i: int) -> int:
        return i if self._src is None else self._src[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span [start, end) to the original span covering the same characters."""
        if start >= end:
            raise ValueError(f"empty span {start}:{end}")
        if self._src is None:
            return start, end
        s, e = self._src[start], self._src[end - 1] + 1
        # A reading spliced after the span's last character belongs to it: 攻堅戰(zhàn).
        m = READING_AT.match(self.original, e)
        if m and (end == len(self._src) or self._src[end] >= m.end()):
            e = m.end()
        return s, e

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span to the smallest normalized span inside it (for metadata lines)."""
        if self._src is None:
            return start, end
        from bisect import bisect_left

        return bisect_left(self._src, start), bisect_left(self._src, end)


# Kept as written: an interpunct joins the halves of a programme name, and the name is the
# simplified surface (撙节优先&bull;开源并济); it ends no sentence either.
_KEPT_ENTITIES = frozenset(("&bull;", "&middot;"))


@lru_cache(maxsize=256)
def _entity_char(ref: str) -> str:
    """The one character an HTML reference stands for (&mdash; -> —), else ""."""
    import html

    if ref in _KEPT_ENTITIES:
        return ""
    char = html.unescape(ref)
    return char if len(char) == 1 and char != ref else ""


def normalize(original: str) -> NormalizedText:
    """Build the canonical text extractors run on, with its alignment map."""
    pieces: list[str] = []
    src: array | None = None
    pos = 0
    for m in DELETIONS.finditer(original):
        char = _entity_char(m.group("ent")) if m.group("ent") else ""
        if m.group("ent") and not char:
            continue  # not a reference we read: left as written
        if src is None:
            src = array("l")
        pieces.append(original[pos : m.start()] + char)
        src.extend(range(pos, m.start() + len(char)))
        pos = m.end()
    if src is not None:
        pieces.append(original[pos:])
        src.extend(range(pos, len(original)))
        kept = "".join(pieces)
    else:
        kept = original
    folded = _replace_chars(kept, _FOLDABLE, _FOLD_CHAR)
    folded = _DIGIT_PUNCT.sub(lambda m: _DIGIT_PUNCT_MAP[m.group()], folded)
    simplified = to_simplified(folded)
    return NormalizedText(original=original, text=simplified, _src=src,
                          script=detect_script(folded, simplified))


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def detect_script(before: str, after: str, sample: int = 5000) -> str:
    """"traditional" when t2s changed at least 3% of the Han characters of a sample."""
    a, b = before[:sample], after[:sample]
    if a == b:
        return "simplified"  # t2s changed nothing (the usual case, checked at C speed)
    han = len(a) - len(_HAN.sub("", a))
    if not han:
        return "simplified"
    changed = sum(map(ne, a, b))
    return "traditional" if changed >= max(2, 0.03 * han) else "simplified"
