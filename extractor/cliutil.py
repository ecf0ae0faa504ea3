"""Small helpers shared by the commands of every subsystem (extract, ingest, spark ...)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from .reader import DEFAULT_MAX_BYTES

PROGRESS_MIN_DOCS = 5  # a progress bar is shown for more files than this


def reference_date_option():
    """``--reference-date``, as every command that extracts takes it (see ``parse_date``)."""
    return typer.Option(None, "--reference-date", help="Resolve relative dates against this "
                        "date (YYYY-MM-DD) instead of each document's publication date.")


def max_bytes_option():
    """``--max-bytes``, as every command that reads files takes it."""
    return typer.Option(DEFAULT_MAX_BYTES, "--max-bytes",
                        help="Skip (with an error) files larger than this.")


def parse_date(value: Optional[str]) -> Optional[dt.date]:
    """--reference-date: an ISO day, or a clear usage error."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date (YYYY-MM-DD): {value}") from None


def count_files(paths: list[Path], stop: int = PROGRESS_MIN_DOCS) -> int:
    """How many files the paths hold, counting no further than ``stop + 1``."""
    n = 0
    for p in paths:
        n += sum(1 for f in p.rglob("*") if f.is_file()) if p.is_dir() else 1
        if n > stop:
            break
    return n


def show_progress(paths: list[Path], progress: Optional[bool]) -> bool:
    return progress if progress is not None else count_files(paths) > PROGRESS_MIN_DOCS
