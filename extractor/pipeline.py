"""One pipeline, data flowing one way: normalize -> layout -> extract -> link -> validate -> QA.

``Pipeline.process(raw)`` turns a ``RawDocument`` into a validated ``Document`` whose mentions
carry offsets into the original text. Extractors find spans in the normalized text; this module
maps every span back and checks ``original[start:end] == text`` before the document leaves.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .context import ExtractionContext
from .extractors.dates import find_dates
from .extractors.places import find_places
from .extractors.programs import find_programs
from .extractors.quantities import find_quantities
from .layout import analyze_layout
from .models import Document, MentionBase, set_fields
from .normalize import normalize
from .reader import RawDocument

Finder = Callable[[ExtractionContext], list]

# Order matters: programme names are found first so that no place or quantity is reported
# inside one; dates before quantities so that a year is never a figure.
STAGES: list[tuple[str, Finder]] = [
    ("program", find_programs),
    ("date", find_dates),
    ("quantity", find_quantities),
    ("place", find_places),
]


def link_stage(ctx: ExtractionContext) -> None:
    """Attribution of figures to indicator, place, period and change (see ``linking``)."""
    from .linking import link

    link(ctx)


def reference_date(published: str | None) -> tuple[dt.date | None, dt.datetime | None]:
    """The publication date (and time, when given) as the anchor for relative dates."""
    if not published:
        return None, None
    try:
        if len(published) >= 16:
            t = dt.datetime.fromisoformat(published.replace("Z", "+00:00"))
            return t.date(), t
        if len(published) >= 10:
            return dt.date.fromisoformat(published[:10]), None
    except ValueError:
        return None, None
    return None, None


@dataclass
class Pipeline:
    """Reusable across documents: rules and lexicons are compiled once, on first use."""

    reference: dt.date | None = None  # --reference-date: overrides the publication date
    stages: list[tuple[str, Finder]] = field(default_factory=lambda: list(STAGES))
    qa: bool = True  # run the within-document QA checks (flags on the document)

    def context(self, raw: RawDocument):
        norm = normalize(raw.text)
        layout = analyze_layout(norm, raw.meta)
        ref, ref_time = reference_date(layout.meta.published)
        if self.reference is not None:
            ref, ref_time = self.reference, None
        ctx = ExtractionContext(
            norm=norm, reference=ref, reference_time=ref_time, roc_era=layout.roc_era,
            line_starts=layout.norm_line_starts, line_zones=layout.norm_line_zones,
        )
        return ctx, layout

    def process(self, raw: RawDocument) -> Document:
        ctx, layout = self.context(raw)
        for typ, finder in self.stages:
            ctx.found[typ] = finder(ctx)
        link_stage(ctx)
        layout.meta.script = ctx.norm.script  # type: ignore[assignment]
        mentions = to_original(ctx, [m for typ, _ in self.stages for m in ctx.found[typ]])
        doc = Document(doc=raw.doc, id=raw.id, source_path=raw.path, meta=layout.meta,
                       text=raw.text, lines=layout.lines, mentions=mentions,
                       records=records_to_original(ctx))
        if self.qa:
            from .qa import check_document

            check_document(doc)
        return doc

    def process_text(self, text: str, doc_id: str = "text", meta: dict | None = None) -> Document:
        return self.process(RawDocument(id=doc_id, doc=f"{doc_id}.txt", text=text,
                                        meta=dict(meta or {})))


def records_to_original(ctx: ExtractionContext) -> list:
    """Records carry the figure's and the sentence's offsets: map both back."""
    original, to_orig = ctx.norm.original, ctx.norm.to_original
    for r in ctx.records:  # built for this document alone: updated in place
        start, end = to_orig(r.start, r.end)
        ss, se = to_orig(r.sentence_start, max(r.sentence_end, r.sentence_start + 1))
        set_fields(r, {"start": start, "end": end, "text": original[start:end],
                       "sentence_start": ss, "sentence_end": se,
                       "sentence": original[ss:se].strip()})
    return list(ctx.records)


def to_original(ctx: ExtractionContext, mentions: Iterable[MentionBase]) -> list:
    """Map normalized spans back to the original text; sort by position. The mentions were
    made for this document by its extractors, so they are updated in place (no copies)."""
    out = []
    original, to_orig, zone_at = ctx.norm.original, ctx.norm.to_original, ctx.zone_at
    for m in mentions:
        start, end = to_orig(m.start, m.end)
        set_fields(m, {"zone": zone_at(m.start), "start": start, "end": end,
                       "text": original[start:end]})
        out.append(m)
    out.sort(key=lambda m: (m.start, m.end, m.type))
    return out

