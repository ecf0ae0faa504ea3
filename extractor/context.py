"""What every extractor receives: the normalized text and what earlier stages know about it.

Extractors recognize on characters (``ctx.text``, the normalized text) and report spans in
normalized offsets; the pipeline maps them back to the original text. Tokens from the
segmenter are available for context (``ctx.doc``, built on first use, so an extractor that does
not need them costs nothing).
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .normalize import NormalizedText

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


@dataclass
class ExtractionContext:
    norm: NormalizedText
    # Reference date for relative expressions: the publication date, or --reference-date.
    reference: dt.date | None = None
    # The publication time when the page gives one (a date-time mention is resolved against it).
    reference_time: dt.datetime | None = None
    # Republic of China era in use (Taiwan releases): 109年 = 2020.
    roc_era: bool = False
    # Line starts (normalized offsets) and the zone of each line: header, body, boilerplate.
    line_starts: list[int] = field(default_factory=list)
    line_zones: list[str] = field(default_factory=list)
    # Mentions found so far, by type (normalized offsets), for later extractors to respect.
    found: dict[str, list[Any]] = field(default_factory=dict)
    # Indicator records built by the linking stage (normalized offsets).
    records: list[Any] = field(default_factory=list)
    _doc: Any = None
    _tokenizer: Any = None

    @property
    def text(self) -> str:
        return self.norm.text

    def zone_at(self, i: int) -> str:
        if not self.line_starts:
            return "body"
        k = bisect_right(self.line_starts, i) - 1
        return self.line_zones[max(k, 0)]

    def spans(self, *types: str) -> list[tuple[int, int]]:
        """Normalized spans of the mentions of these types found so far."""
        return [(m.start, m.end) for t in types for m in self.found.get(t, [])]

    def overlaps(self, start: int, end: int, *types: str) -> bool:
        return any(s < end and start < e for s, e in self.spans(*types))

    @property
    def doc(self) -> "Doc":
        """The spaCy Doc of the normalized text (jieba tokens), built on first use."""
        if self._doc is None:
            from .tokenize import get_nlp

            self._doc = get_nlp().make_doc(self.text)
        return self._doc
