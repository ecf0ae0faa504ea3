"""Quantities extractor (placeholder until its issue lands)."""
from __future__ import annotations

from ..context import ExtractionContext
from ..models import QuantityMention


def find_quantities(ctx: ExtractionContext) -> list[QuantityMention]:
    return []
