"""spaCy pipeline components wrapping the extractors, for users who build on spaCy.

    import spacy, extractor.components  # registers the factories
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("cnie_quantities")
    doc = nlp("缴获冰毒片剂108.86公斤")
    [(s.text, s._.mention.value) for s in doc.spans["quantity"]]

Each component normalizes the Doc's text once (shared through ``doc.user_data``), runs its
extractor, and puts the mentions in ``doc.spans[type]`` with the full mention on
``span._.mention``. Spans are aligned to tokens with ``alignment_mode="expand"``; the mention
keeps the exact character offsets.
"""
from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc, Span

from .context import ExtractionContext
from .normalize import normalize

CTX_KEY = "cnie_ctx"

if not Span.has_extension("mention"):
    Span.set_extension("mention", default=None)


def _finder(typ: str):
    from .pipeline import STAGES

    return dict(STAGES)[typ]


class ExtractorComponent:
    """One extractor as a spaCy component (see module docstring)."""

    def __init__(self, typ: str, reference_date: str | None = None):
        self.typ = typ
        self.reference = dt.date.fromisoformat(reference_date) if reference_date else None

    def __call__(self, doc: Doc) -> Doc:
        from .pipeline import to_original

        ctx = doc.user_data.get(CTX_KEY)
        if ctx is None:
            ctx = ExtractionContext(norm=normalize(doc.text), reference=self.reference)
            doc.user_data[CTX_KEY] = ctx
        ctx.found[self.typ] = _finder(self.typ)(ctx)
        spans = []
        # copies: the context keeps normalized offsets for the components that run after
        for m in to_original(ctx, [m.model_copy() for m in ctx.found[self.typ]]):
            span = doc.char_span(m.start, m.end, label=self.typ, alignment_mode="expand")
            if span is not None:
                span._.mention = m
                spans.append(span)
        doc.spans[self.typ] = spans
        return doc


def _register(name: str, typ: str) -> None:
    @Language.factory(name, default_config={"reference_date": None})
    def make(nlp: Language, name: str, reference_date: str | None):  # noqa: ARG001
        return ExtractorComponent(typ, reference_date)


for _name, _typ in (("cnie_programs", "program"), ("cnie_dates", "date"),
                    ("cnie_quantities", "quantity"), ("cnie_places", "place")):
    _register(_name, _typ)
