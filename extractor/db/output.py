"""Writing rows as a table, CSV, JSON, JSON Lines or Parquet (pyarrow), streaming where the
format allows. JSON columns become JSON text in CSV and Parquet."""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any, Iterable, TextIO

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer
from sqlalchemy.types import TypeEngine


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _cell(value: Any) -> Any:
    """A value for CSV/Parquet: lists and dicts as JSON text."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return _jsonable(value)


def arrow_schema(columns: list[str], types: dict[str, TypeEngine]):
    import pyarrow as pa

    fields = []
    for name in columns:
        t = types.get(name)
        if isinstance(t, Integer):
            at = pa.int64()
        elif isinstance(t, Float):
            at = pa.float64()
        elif isinstance(t, Boolean):
            at = pa.bool_()
        elif isinstance(t, DateTime):
            at = pa.timestamp("us")
        else:  # strings, and JSON as text
            at = pa.string()
        fields.append(pa.field(name, at))
    return pa.schema(fields)


class ParquetSink:
    """Rows to a Parquet file in batches."""

    def __init__(self, path: Path, columns: list[str], types: dict[str, TypeEngine],
                 batch: int = 5000):
        import pyarrow.parquet as pq

        self.columns, self.batch = columns, batch
        self.schema = arrow_schema(columns, types)
        self.json_cols = {c for c in columns if isinstance(types.get(c), JSON)}
        self.writer = pq.ParquetWriter(str(path), self.schema)
        self.rows: list[dict] = []

    def write(self, row: dict) -> None:
        self.rows.append({c: (_cell(row.get(c)) if c in self.json_cols else row.get(c))
                          for c in self.columns})
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def write_parquet(path: Path, columns: list[str], types: dict[str, TypeEngine],
                  rows: Iterable[dict]) -> int:
    sink = ParquetSink(path, columns, types)
    n = 0
    try:
        for row in rows:
            sink.write(row)
            n += 1
    finally:
        sink.close()
    return n


def write_csv(stream: TextIO, columns: list[str], rows: Iterable[dict]) -> int:
    w = csv.writer(stream)
    w.writerow(columns)
    n = 0
    for row in rows:
        w.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in columns])
        n += 1
    return n


def write_json(stream: TextIO, columns: list[str], rows: Iterable[dict]) -> int:
    data = [{c: _jsonable(r.get(c)) for c in columns} for r in rows]
    json.dump(data, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
    return len(data)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _fmt(value: Any, limit: int = 40) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        s = (f"{value:.6f}".rstrip("0").rstrip(".") if 1e-4 <= abs(value) < 1e15 or value == 0
             else repr(value))
    else:
        s = str(_cell(value)).replace("\n", " ")
    if _width(s) > limit:
        while _width(s) > limit - 1:
            s = s[:-1]
        s += "…"
    return s


def write_table(stream: TextIO, columns: list[str], rows: list[dict]) -> int:
    """An aligned plain-text table (CJK counted double width)."""
    cells = [[_fmt(r.get(c)) for c in columns] for r in rows]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    stream.write(line(columns) + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        stream.write(line(row) + "\n")
    return len(rows)


def write_rows(fmt: str, columns: list[str], types: dict[str, TypeEngine], rows: list[dict],
               output: Path | None) -> int:
    """Rows in ``fmt`` to ``output`` (stdout when None; Parquet needs a file)."""
    if fmt == "parquet":
        if output is None:
            raise ValueError("Parquet output needs -o FILE")
        return write_parquet(output, columns, types, rows)
    stream: TextIO = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "csv":
            return write_csv(stream, columns, rows)
        if fmt == "json":
            return write_json(stream, columns, rows)
        if fmt == "table":
            return write_table(stream, columns, rows)
        raise ValueError(f"unknown format {fmt!r}")
    finally:
        if output:
            stream.close()


__all__ = ["write_rows", "write_parquet", "write_csv", "write_json", "write_table",
           "ParquetSink", "arrow_schema"]
