"""``build_report(docs)``: the document view of each document in one self-contained HTML page
(CSS and JS inline, a Content-Security-Policy that allows only them)."""
from __future__ import annotations

import sys
from typing import Any, Iterable

from ..models import Document
from .render import document_view
from .templating import render_report


def cross_flags(docs: list[Document]) -> dict[str, list[dict[str, Any]]]:
    """Cross-document QA flags (``extractor.qa.cross``) per document id, each with ``other``
    naming the other document; empty when the QA module is not there."""
    try:
        from ..qa.cross import check_corpus

        found = check_corpus(docs)
    except Exception as e:  # the report goes on without them
        print(f"warning: cross-document checks failed: {type(e).__name__}: {e}",
              file=sys.stderr)
        return {}
    titles = {d.id: d.meta.title for d in docs}
    anchors = {d.id: f"d{i + 1}-doc" for i, d in enumerate(docs)}
    out: dict[str, list[dict[str, Any]]] = {}
    for f in found:
        involved = list(dict.fromkeys(f.evidence.documents))
        for d in involved:
            others = [o for o in involved if o != d]
            other = {"id": 0, "doc_id": others[0], "title": titles.get(others[0]),
                     "anchor": anchors.get(others[0], "top")} if others else None
            out.setdefault(d, []).append({**f.model_dump(mode="json"), "other": other})
    return out


def build_report(docs: Iterable[Document], title: str = "cnie review report", cross: bool = True,
                 errors: Iterable[str] = (), generated: str = "") -> str:
    docs = list(docs)
    extra = cross_flags(docs) if cross and len(docs) > 1 else {}
    views = []
    for i, d in enumerate(docs):
        flags = [f.model_dump(mode="json") for f in d.flags] + extra.get(d.id, [])
        views.append(document_view(d, flags, prefix=f"d{i + 1}-"))
    return render_report(views, title=title, generated=generated, errors=errors)
