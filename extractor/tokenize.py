"""Tokenization: spaCy's Chinese language with the jieba segmenter and our user dictionary.

The user dictionary is generated from ``rules/`` (units, counters, place names, programme head
nouns) so that segmentation does not cut ``青山镇`` or ``14.52万张``. Extractors never depend on
token boundaries to *find* a mention (they recognize on characters); tokens give context.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .rules import rule_path

# Sentence ends in Chinese news text; a closing quote or bracket after the mark stays with it.
SENTENCE_END = regex.compile(r"[。！？!?；;…]+[”’」』）)]*|\n+")


def user_dictionary_words() -> list[str]:
    """Words for jieba's user dictionary, from every ``rules/`` lexicon that lists names."""
    words: list[str] = []
    for name in ("units.tsv", "gazetteer_names.txt", "program_heads.txt", "tokenizer_words.txt"):
        path = rule_path(name)
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                w = line.split("\t", 1)[0].strip()
                if len(w) > 1:
                    words.append(w)
    return words


@lru_cache(maxsize=1)
def get_jieba():
    """jieba with our user dictionary loaded (once per process)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for w in user_dictionary_words():
        # never lower the frequency of a word jieba knows (工作, 建设 …): that would re-cut text
        if not jieba.get_FREQ(w):
            jieba.add_word(w, freq=2000)
    return jieba


def segment(text: str) -> list[str]:
    """jieba tokens of a short text (used on windows around figures, not whole documents)."""
    return get_jieba().lcut(text, HMM=True)


@lru_cache(maxsize=1)
def get_nlp():
    """A blank ``zh`` spaCy pipeline segmenting with jieba, user words added (no model download)."""
    import spacy

    get_jieba()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("cnie_merge_figures")
    nlp.add_pipe("sentencizer", config={"punct_chars": ["。", "！", "？", "!", "?", "；"]})
    return nlp


@lru_cache(maxsize=1)
def _figure_pattern():
    """A number with a multiplier and a unit from rules/units.tsv (14.52万张, 1370余万元)."""
    units = sorted({w for w in user_unit_words()}, key=len, reverse=True)
    unit_alt = "|".join(regex.escape(u) for u in units) or "(?!)"
    return regex.compile(rf"\d+(?:[.,]\d+)*(?:[余多])?(?:[万亿千百]+)?(?:[余多])?(?:{unit_alt})?")


def user_unit_words() -> list[str]:
    path = rule_path("units.tsv")
    if not path.exists():
        return []
    return [ln.split("\t", 1)[0].strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


def merge_figures(doc):
    """Merge the tokens of a figure written with its multiplier and unit into one token:
    jieba cuts 14.52万张 into 14.52 / 万张, and a figure is one thing to the pipeline."""
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


_register_components()


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
