"""The document view: the original text with its mentions, evidence spans and flagged sentences
wrapped in elements, plus the view model the templates (server page and ``cnie report``) share.

Safety: the highlighted text is built segment by segment, each piece of article text passed
through ``markupsafe.escape`` and every attribute value escaped too; nothing from a document is
ever inserted as raw HTML. The result is ``Markup`` so Jinja2 (autoescape on) keeps it as is.

Elements (``prefix`` keeps ids unique when one page holds several documents):

- ``<mark class="ent ent-<type>" data-mention-id="m<i>">`` per mention (``i`` = index in the
  document's mention list), like displaCy's span style; mentions nest. Two mentions that cross
  (neither contains the other) are split: the later parts carry the same ``data-mention-id``
  and ``data-part="cont"``, so each mention is still one id whose parts join to its text;
- ``<span class="ev" id="<prefix>span-<start>-<end>">`` per QA evidence span;
- ``<span class="sent" id="<prefix>sent-<start>-<end>">`` per sentence a flag concerns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..models import Document, IndicatorRecord

MENTION_TYPES = ("quantity", "date", "place", "program")
TYPE_LABELS = {"quantity": "figure", "date": "date", "place": "place", "program": "programme"}
_RANK = {"sent": 0, "span": 1, "mention": 2}
# Sentence ends for flags that point at text outside any record's sentence.
_SENT_END = re.compile(r"[。！？!?；;\n]")


@dataclass
class Interval:
    start: int
    end: int
    kind: str  # mention | span | sent
    key: str  # mention id, or "<start>-<end>"
    mtype: str = ""  # mention type

    def open_tag(self, prefix: str, first: bool) -> str:
        if self.kind == "mention":
            attrs = {"class": f"ent ent-{self.mtype}", "data-mention-id": self.key,
                     "data-type": self.mtype, "tabindex": "0"}
            if not first:
                attrs["data-part"] = "cont"
            return _tag("mark", attrs)
        name = "span" if self.kind == "span" else "sent"
        attrs = {"class": "ev" if self.kind == "span" else "sent", f"data-{name}": self.key}
        if first:
            attrs["id"] = f"{prefix}{name}-{self.key}"
        return _tag("span", attrs)

    @property
    def close_tag(self) -> str:
        return "</mark>" if self.kind == "mention" else "</span>"


def _tag(name: str, attrs: dict[str, str]) -> str:
    return "<" + name + "".join(f' {k}="{escape(v)}"' for k, v in attrs.items()) + ">"


def _text(segment: str) -> str:
    """Escaped text; a CR as a character reference (the HTML parser would turn a literal CR
    LF into LF, and the page's text would no longer be the document's)."""
    return str(escape(segment)).replace("\r", "&#13;")


def highlight(text: str, intervals: Iterable[Interval], prefix: str = "") -> Markup:
    """``text`` as HTML with ``intervals`` wrapped in elements (see module docstring).

    Intervals nest when they can; one that would cross an open element closes the elements
    above it and reopens them after (as continuation parts). Empty or out-of-range intervals
    are dropped. The text content of the result is ``text`` exactly.
    """
    n = len(text)
    items = sorted((iv for iv in intervals if 0 <= iv.start < iv.end <= n),
                   key=lambda iv: (iv.start, -iv.end, _RANK[iv.kind]))
    points = sorted({0, n, *(iv.start for iv in items), *(iv.end for iv in items)})
    out: list[str] = []
    stack: list[Interval] = []
    nxt = 0
    pos = 0
    for b in points:
        if b > pos:
            out.append(_text(text[pos:b]))
            pos = b
        # close everything that ends here (closing crossing elements above them first)
        ending = [i for i, iv in enumerate(stack) if iv.end == b]
        if ending:
            low = ending[0]
            popped = stack[low:]
            del stack[low:]
            out.extend(iv.close_tag for iv in reversed(popped))
            for iv in popped:
                if iv.end > b:  # crossed: reopen as a continuation part
                    out.append(iv.open_tag(prefix, first=False))
                    stack.append(iv)
        # open what starts here; a new element that outlives an open one splits it
        while nxt < len(items) and items[nxt].start == b:
            iv = items[nxt]
            nxt += 1
            low = next((i for i, o in enumerate(stack) if o.end < iv.end), None)
            if low is not None:
                popped = stack[low:]
                del stack[low:]
                out.extend(o.close_tag for o in reversed(popped))
                out.append(iv.open_tag(prefix, first=True))
                stack.append(iv)
                for o in popped:
                    out.append(o.open_tag(prefix, first=False))
                    stack.append(o)
            else:
                out.append(iv.open_tag(prefix, first=True))
                stack.append(iv)
    out.extend(iv.close_tag for iv in reversed(stack))
    return Markup("".join(out))


# --- view model --------------------------------------------------------------------------------

@dataclass
class FlagView:
    id: str
    check: str
    severity: str
    message: str
    spans: list[tuple[int, int]]  # this document's evidence spans
    texts: list[str]
    records: list[str]
    recomputed: float | None = None
    tolerance: float | None = None
    sentence: tuple[int, int] | None = None  # the sentence of the first span
    sentences: list[tuple[int, int]] = field(default_factory=list)  # one per span
    other: dict[str, Any] | None = None  # {"id", "doc_id", "title"} of the other document
    anchor: str = ""  # element id the flag links to

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "check": self.check, "severity": self.severity,
                "message": self.message, "spans": [list(s) for s in self.spans],
                "texts": self.texts, "records": self.records, "recomputed": self.recomputed,
                "tolerance": self.tolerance,
                "sentence": list(self.sentence) if self.sentence else None,
                "sentences": [list(s) for s in self.sentences],
                "other": self.other, "anchor": self.anchor}


def flag_view(flag: dict[str, Any], doc: Document) -> FlagView:
    """A flag (``QAFlag`` dumped, plus ``other`` for a cross-document one) as this document
    shows it: only the evidence spans in this document, and the sentence they are in."""
    ev = flag.get("evidence") or {}
    spans = [tuple(s) for s in ev.get("spans") or []]
    texts = list(ev.get("texts") or [])
    docs = list(ev.get("documents") or [])
    records = [str(r) for r in ev.get("records") or []]
    if docs and len(docs) == len(spans) and len(set(docs)) > 1:
        keep = [i for i, d in enumerate(docs) if d == doc.id]
        spans = [spans[i] for i in keep]
        texts = [texts[i] for i in keep if i < len(texts)]
    own = {r.id: r for r in doc.records}
    if not spans:  # fall back on the figures of the records it names
        for rid in records:
            r = own.get(rid.split(":", 1)[-1] if rid.startswith(doc.id + ":") else rid)
            if r is not None:
                spans.append((r.start, r.end))
    n = len(doc.text)
    spans = [(int(s), int(e)) for s, e in spans if 0 <= int(s) < int(e) <= n]
    if len(texts) != len(spans):
        texts = [doc.text[s:e] for s, e in spans]
    fv = FlagView(id=str(flag.get("id") or ""), check=str(flag.get("check") or ""),
                  severity=str(flag.get("severity") or "info"),
                  message=str(flag.get("message") or ""), spans=spans, texts=texts,
                  records=records, recomputed=ev.get("recomputed"),
                  tolerance=ev.get("tolerance"), other=flag.get("other"))
    fv.sentences = [sentence_bounds(doc.text, s, e, doc.records) for s, e in spans]
    if spans:
        fv.sentence = fv.sentences[0]
    return fv


def sentence_bounds(text: str, start: int, end: int,
                    records: Iterable[IndicatorRecord] = ()) -> tuple[int, int]:
    """The sentence around ``start:end``: a record's sentence when one holds the span, else
    from the sentence end before it to the one after it."""
    best = None
    for r in records:
        s, e = r.sentence_start, r.sentence_end
        if s <= start and end <= e and s < e and (best is None or e - s < best[1] - best[0]):
            best = (s, e)
    if best:
        return best
    s = start
    while s > 0 and not _SENT_END.match(text[s - 1]):
        s -= 1
    while s < start and text[s].isspace():
        s += 1
    m = _SENT_END.search(text, end)
    e = m.end() if m and text[m.start()] != "\n" else (m.start() if m else len(text))
    return s, max(e, end)


def mention_info(m) -> dict[str, Any]:
    """The normalized fields of a mention (what the popover shows), without empty ones."""
    data = m.model_dump(mode="json", exclude={"zone", "rule"})
    return {k: v for k, v in data.items() if v not in (None, [], "")}


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address (never ``javascript:`` and the like)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def format_value(value: float | None, value_max: float | None = None) -> str:
    """1500000.0 -> 1,500,000; 0.25 -> 0.25; a range as 5–6."""
    def one(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.10g}"
    if value is None:
        return ""
    return one(value) + (f"–{one(value_max)}" if value_max is not None else "")


@dataclass
class DocumentView:
    """Everything the document template needs."""

    doc: Document
    prefix: str
    html: Markup
    flags: list[FlagView]
    counts: dict[str, int]
    record_of_mention: dict[str, str]
    data: dict[str, Any]  # JSON embedded in the page (popover data)
    lang: str
    url: str | None
    db_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def document_view(doc: Document, flags: Iterable[dict[str, Any]] | None = None,
                  prefix: str = "", db_id: int | None = None) -> DocumentView:
    """Build the view of ``doc``; ``flags`` defaults to the document's own flags."""
    raw_flags = [f.model_dump(mode="json") for f in doc.flags] if flags is None else list(flags)
    fviews = [flag_view(f, doc) for f in raw_flags]
    for i, f in enumerate(fviews):
        if not f.id:
            f.id = f"f{i + 1}"
        if f.spans:
            s, e = f.spans[0]
            f.anchor = f"{prefix}span-{s}-{e}"
    intervals: list[Interval] = []
    for i, m in enumerate(doc.mentions):
        intervals.append(Interval(m.start, m.end, "mention", f"m{i}", m.type))
    spans = {s for f in fviews for s in f.spans}
    sents = {s for f in fviews for s in f.sentences}
    intervals += [Interval(s, e, "span", f"{s}-{e}") for s, e in spans]
    intervals += [Interval(s, e, "sent", f"{s}-{e}") for s, e in sents]
    html = highlight(doc.text, intervals, prefix)
    by_pos = {(r.start, r.end): r.id for r in doc.records}
    rec_of = {}
    mentions = {}
    for i, m in enumerate(doc.mentions):
        info = mention_info(m)
        rid = by_pos.get((m.start, m.end)) if m.type == "quantity" else None
        if rid:
            rec_of[f"m{i}"] = rid
            info["record"] = rid
        mentions[f"m{i}"] = info
    counts = {t: 0 for t in MENTION_TYPES}
    for m in doc.mentions:
        counts[m.type] = counts.get(m.type, 0) + 1
    data = {"prefix": prefix, "mentions": mentions,
            "records": {r.id: r.model_dump(mode="json", exclude={"sentence"})
                        for r in doc.records},
            "flags": [f.as_json() for f in fviews]}
    lang = "zh-Hant" if doc.meta.script == "traditional" else "zh-Hans"
    return DocumentView(doc=doc, prefix=prefix, html=html, flags=fviews, counts=counts,
                        record_of_mention=rec_of, data=data, lang=lang,
                        url=safe_url(doc.meta.url), db_id=db_id)
