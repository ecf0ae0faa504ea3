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
    for w in user_dictionary_words():
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
    nlp.add_pipe("sentencizer", config={"punct_chars": ["。", "！", "？", "!", "?", "；"]})
    return nlp


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
