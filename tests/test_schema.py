"""schemas/*.json are generated from the pydantic models; a drift fails here."""
from __future__ import annotations

from extractor.schema import schema_texts

from .conftest import REPO


def test_committed_schemas_match_models():
    for name, text in schema_texts().items():
        path = REPO / "schemas" / name
        assert path.is_file(), f"{path} missing: run `cnie schema`"
        assert path.read_text(encoding="utf-8") == text, f"{name} drifted: run `cnie schema`"
