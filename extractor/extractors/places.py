"""Places extractor (placeholder until its issue lands)."""
from __future__ import annotations

from ..context import ExtractionContext
from ..models import PlaceMention


def find_places(ctx: ExtractionContext) -> list[PlaceMention]:
    return []
