"""JSON Schema files generated from the pydantic models (the models are the source)."""
from __future__ import annotations

import json
from pathlib import Path

from .models import (DateMention, Document, IndicatorRecord, PlaceMention, ProgramMention,
                     QAFlag, QuantityMention)

SCHEMAS = {
    "document": Document,
    "quantity": QuantityMention,
    "date": DateMention,
    "place": PlaceMention,
    "program": ProgramMention,
    "record": IndicatorRecord,
    "qa_flag": QAFlag,
}


def schema_texts() -> dict[str, str]:
    return {f"{name}.schema.json": json.dumps(model.model_json_schema(), ensure_ascii=False,
                                              indent=2, sort_keys=True) + "\n"
            for name, model in SCHEMAS.items()}


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in schema_texts().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
