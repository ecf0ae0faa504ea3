"""Programs extractor (placeholder until its issue lands)."""
from __future__ import annotations

from ..context import ExtractionContext
from ..models import ProgramMention


def find_programs(ctx: ExtractionContext) -> list[ProgramMention]:
    return []
