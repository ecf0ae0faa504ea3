"""Dates extractor (placeholder until its issue lands)."""
from __future__ import annotations

from ..context import ExtractionContext
from ..models import DateMention


def find_dates(ctx: ExtractionContext) -> list[DateMention]:
    return []
