"""QA of reported figures: recompute what the text states and flag what does not add up.

``check_document(doc)`` runs the within-document checks (arithmetic, bounds and units, dates,
duplicates); ``check_corpus(docs)`` adds the checks across documents. Every flag carries its
evidence: record ids, spans, the recomputed value and the tolerance it was compared with.
"""
from .checks import check_document
from .cross import check_corpus

__all__ = ["check_document", "check_corpus"]
