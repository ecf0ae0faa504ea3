"""Shared test helpers: where ``../shared`` is, and a skip marker when it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = REPO / "corpus"

needs_shared = pytest.mark.skipif(
    not (SHARED / "eval" / "score.py").is_file(),
    reason="../shared (gold annotations, real corpus, scorer) is not beside the repo; "
    "it is present in CI",
)
