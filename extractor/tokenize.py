"""Tokenization: spaCy's Chinese language, segmented with jieba's dictionary and algorithm, plus
our user dictionary.

The user dictionary is generated from ``rules/`` (units, counters, place names, programme head
nouns) so that segmentation does not cut ``青山镇`` or ``鲁础营乡``, and a figure written with its
multiplier and unit (``14.52万张``) is merged into one token. Extractors never depend on token
boundaries to *find* a mention (they recognize on characters); tokens give context.

The segmenter is ``rjieba``, the Python binding of jieba-rs (the Rust port of jieba: same
dictionary, same DAG + HMM algorithm). Python jieba takes seconds to load our 30k user words and
segments ~140k characters/s; the port loads them in milliseconds and segments millions of
characters/s. ``tests/test_tokenize.py`` checks that both give the same tokens on the corpus.
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from .rules import rule_path

# Sentence ends in Chinese news text; a closing quote or bracket after the mark stays with it.
_END_MARKS = "。！？!?；;…"
_CLOSERS = "”’」』）)"
SENTENCE_END = regex.compile(rf"[{_END_MARKS}]+[{_CLOSERS}]*|\n+")
USER_WORD_FREQ = 2000
USER_DICT_FILES = ("units.tsv", "gazetteer_names.txt", "program_heads.txt", "tokenizer_words.txt")


@lru_cache(maxsize=1)
def user_dictionary_words() -> tuple[str, ...]:
    """Words for the segmenter's user dictionary, from every ``rules/`` lexicon that lists names."""
    words: list[str] = []
    for name in USER_DICT_FILES:
        path = rule_path(name)
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                w = line.split("\t", 1)[0].strip()
                if len(w) > 1:
                    words.append(w)
    return tuple(words)


@lru_cache(maxsize=1)
def get_segmenter():
    """jieba-rs with our user dictionary (once per process)."""
    import rjieba

    seg = rjieba.Jieba()
    for w in user_dictionary_words():
        # never lower the frequency of a word jieba knows (工作, 建设 …): that would re-cut text
        if not seg.has_word(w):
            seg.add_word(w, USER_WORD_FREQ, None)
    return seg


@lru_cache(maxsize=1)
def get_jieba():
    """Python jieba with the same user dictionary: the reference the port is checked against."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for w in user_dictionary_words():
        if not jieba.get_FREQ(w):
            jieba.add_word(w, freq=USER_WORD_FREQ)
    return jieba


def segment(text: str) -> list[str]:
    """Tokens of a text (jieba's algorithm with HMM for unknown words)."""
    return get_segmenter().cut(text, True)


class SegmenterTokenizer:
    """spaCy tokenizer over ``segment``: whitespace is kept the way spaCy's zh tokenizer keeps it."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc
        from spacy.util import get_words_and_spaces

        words = [w for w in segment(text) if w]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


@lru_cache(maxsize=1)
def get_nlp():
    """A blank ``zh`` spaCy pipeline on our segmenter, figures merged, sentences split (no model
    download)."""
    import spacy

    _register_components()
    nlp = spacy.blank("zh")
    nlp.tokenizer = SegmenterTokenizer(nlp.vocab)
    nlp.add_pipe("cnie_merge_figures")
    nlp.add_pipe("sentencizer", config={"punct_chars": ["。", "！", "？", "!", "?", "；"]})
    return nlp


def user_unit_words() -> list[str]:
    path = rule_path("units.tsv")
    if not path.exists():
        return []
    return [ln.split("\t", 1)[0].strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def _figure_pattern():
    """A number with a multiplier and a unit from rules/units.tsv (14.52万张, 1370余万元)."""
    units = sorted(set(user_unit_words()), key=len, reverse=True)
    unit_alt = "|".join(regex.escape(u) for u in units) or "(?!)"
    return regex.compile(rf"\d+(?:[.,]\d+)*(?:[余多])?(?:[万亿千百]+)?(?:[余多])?(?:{unit_alt})?")


def merge_figures(doc):
    """Merge the tokens of a figure written with its multiplier and unit into one token:
    segmentation cuts 14.52万张 into 14.52 / 万张, and a figure is one thing to the pipeline."""
    spans = []
    for m in _figure_pattern().finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="contract")
        if span is not None and len(span) > 1 and span.start_char == m.start() \
                and span.end_char == m.end():
            spans.append(span)
    with doc.retokenize() as retok:
        for span in spans:
            retok.merge(span)
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if "cnie_merge_figures" not in Language.factories:
        Language.component("cnie_merge_figures", func=merge_figures)


# The sentence holding one position, found from that position alone (the linker asks for the
# sentences of a few hundred figures in a long text; listing every sentence costs a scan of all
# of it). A sentence ends where SENTENCE_END's matches end: after a run of end marks and the
# closers that follow it, or after a run of newlines. Both patterns open with one character class,
# which ``re`` skips to in C.
# The next end after a position: SENTENCE_END itself, written that way.
_END_AFTER = re.compile(rf"[{_END_MARKS}\n](?:(?<=\n)\n*|(?<!\n)[{_END_MARKS}]*[{_CLOSERS}]*)")
# The last end before a position, searched in the reversed text, where an end is the first
# character of: a mark not followed (in the text) by a mark or closer; closers going back to a
# mark, not followed by a closer; a newline not followed by a newline.
_END_BEFORE_REVERSED = re.compile(
    rf"[{_END_MARKS}{_CLOSERS}\n](?:"
    rf"(?<=[{_END_MARKS}])(?<![{_END_MARKS}{_CLOSERS}][{_END_MARKS}])"
    rf"|(?<=[{_CLOSERS}])(?<![{_CLOSERS}][{_CLOSERS}])[{_CLOSERS}]*[{_END_MARKS}]"
    rf"|(?<=\n)(?<!\n\n))")
_NOT_INSIDE = frozenset(_END_MARKS + _CLOSERS + "\n")


def sentence_around(text: str, reversed_text: str, i: int) -> tuple[int, int] | None:
    """The span of ``sentence_spans(text)`` that holds position ``i``, found from ``i`` alone
    (``reversed_text`` is ``text[::-1]``). None when ``text[i]`` is blank or a sentence-end
    character: a blank may lie between sentences, and an end mark may be inside an end; ask
    ``sentence_spans`` then. Any other character is inside exactly one span, which is kept."""
    n = len(text)
    if i >= n or i < 0 or text[i] in _NOT_INSIDE or text[i].isspace():
        return None
    m = _END_BEFORE_REVERSED.search(reversed_text, n - i)  # reversed r is text position n-1-r
    start = n - m.start() if m else 0
    m = _END_AFTER.search(text, i)
    return start, (m.end() if m else n)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences (clause-final punctuation or line breaks end them)."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
