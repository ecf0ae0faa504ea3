"""``cnie ingest``, ``cnie query`` and ``cnie export``: the achievements database commands.

``register(app)`` adds them to the main CLI (``extractor.cli._register_subcommands``).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from ..cliutil import (PROGRESS_MIN_DOCS, max_bytes_option, parse_date, reference_date_option,
                       show_progress)
from . import DEFAULT_URL

DB_HELP = ("SQLAlchemy database URL: sqlite:///file.db (created when missing) or "
           "postgresql+psycopg://user:pass@host:port/db.")


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .html, .jsonl); "
                                       "folders are walked recursively."),
    db: str = typer.Option(DEFAULT_URL, "--db", help=DB_HELP),
    workers: int = typer.Option(1, "--workers", "-j", min=1,
                                help="Extraction processes (one process writes)."),
    reference_date: Optional[str] = reference_date_option(),
    max_bytes: int = max_bytes_option(),
    force: bool = typer.Option(False, "--force", help="Extract and store again documents whose "
                               "content is already stored (after the extractors changed)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar on stderr (default: when more "
                                            f"than {PROGRESS_MIN_DOCS} files)."),
    cross_qa: bool = typer.Option(True, "--cross-qa/--no-cross-qa",
                                  help="After storing, check the figures across all stored "
                                  "documents and store those flags too."),
) -> None:
    """Extract documents and store them in the achievements database.

    Each document is written in one transaction: content already stored is skipped, a changed
    document replaces its previous version (old rows deleted with it), and an interrupted run
    leaves every stored document whole, so running again completes the rest. A new database
    is created and migrated automatically. Unreadable inputs are reported one line each on
    stderr; the run goes on, and the exit code is 1 if anything failed.
    """
    from . import open_database
    from .ingest import run_ingest

    reference = parse_date(reference_date)
    try:
        engine = open_database(db)
    except Exception as e:  # bad URL, server down, no driver: one clear line
        typer.echo(f"error: cannot open database {db}: {type(e).__name__}: {e}", err=True)
        raise typer.Exit(2)
    show = show_progress(paths, progress)
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(desc="ingest", unit="doc", file=sys.stderr)
    try:
        stats = run_ingest(engine, paths, workers=workers, reference=reference,
                           max_bytes=max_bytes, force=force,
                           on_error=lambda msg: _echo_error(bar, msg),
                           on_done=(lambda _status: bar.update(1)) if bar is not None else None)
        if cross_qa and stats.stored:
            from ..qa import check_corpus
            from ..qa.commands import write_cross_flags
            from .store import iter_documents

            # within-document checks ran with each document; these need the whole database
            n = write_cross_flags(engine, check_corpus(iter_documents(engine)))
            typer.echo(f"{n} cross-document QA flag(s) stored", err=True)
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        typer.echo("interrupted: every document stored so far is whole; run the same command "
                   "again to complete the rest", err=True)
        raise typer.Exit(130)
    finally:
        if bar is not None:
            bar.close()
        engine.dispose()
    typer.echo(stats.summary(), err=True)
    raise typer.Exit(1 if stats.failed else 0)


def _echo_error(bar, message: str) -> None:
    if bar is not None:
        bar.write(message, file=sys.stderr)
    else:
        typer.echo(message, err=True)


def query(
    indicator: Optional[str] = typer.Option(None, "--indicator", "-i",
                                            help="Substring of the indicator."),
    place: Optional[str] = typer.Option(None, "--place", "-p", help="Place name or adcode; "
                                        "a province or prefecture includes its counties."),
    period: Optional[str] = typer.Option(None, "--period", help="Year, month or day (ISO)."),
    program: Optional[str] = typer.Option(None, "--program",
                                          help="Programme id or a substring of its name."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, json or parquet."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write here instead of stdout (needed for "
                                          "parquet)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many rows."),
    db: str = typer.Option(DEFAULT_URL, "--db", help=DB_HELP),
) -> None:
    """Figures (indicator records) matching every given filter, with their documents."""
    from .output import write_rows
    from .query import figure_column_types, find_figures

    if fmt not in ("table", "csv", "json", "parquet"):
        raise typer.BadParameter("--format must be table, csv, json or parquet")
    if fmt == "parquet" and output is None:
        raise typer.BadParameter("--format parquet needs -o FILE")
    engine = _open_existing(db)
    try:
        columns, rows = find_figures(engine, indicator, place, period, program, limit)
    finally:
        engine.dispose()
    n = write_rows(fmt, columns, figure_column_types(), rows, output)
    typer.echo(f"{n} figure(s)", err=True)


def export(
    fmt: str = typer.Option(..., "--format", "-f", help="parquet, csv or jsonl."),
    output: Path = typer.Option(..., "--output", "-o", help="jsonl: a file; parquet and csv: "
                                "a folder that gets one file per table."),
    db: str = typer.Option(DEFAULT_URL, "--db", help=DB_HELP),
) -> None:
    """The whole database: every table (parquet, csv), or every document in the extraction
    output's JSON form (jsonl, one document per line)."""
    from sqlalchemy import select

    from .models import Base
    from .output import write_csv, write_parquet
    from .store import iter_documents

    if fmt not in ("parquet", "csv", "jsonl"):
        raise typer.BadParameter("--format must be parquet, csv or jsonl")
    engine = _open_existing(db)
    try:
        if fmt == "jsonl":
            output.parent.mkdir(parents=True, exist_ok=True)
            n = 0
            with output.open("w", encoding="utf-8") as f:
                for doc in iter_documents(engine):
                    f.write(json.dumps(doc.model_dump(mode="json"), ensure_ascii=False) + "\n")
                    n += 1
            typer.echo(f"{n} document(s) -> {output}", err=True)
            return
        output.mkdir(parents=True, exist_ok=True)
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                columns = [c.name for c in table.columns]
                types = {c.name: c.type for c in table.columns}
                rows = (dict(r._mapping) for r in conn.execution_options(yield_per=1000)
                        .execute(select(table).order_by(*table.primary_key.columns)))
                target = output / f"{table.name}.{fmt}"
                if fmt == "parquet":
                    n = write_parquet(target, columns, types, rows)
                else:
                    with target.open("w", encoding="utf-8", newline="") as f:
                        n = write_csv(f, columns, rows)
                typer.echo(f"{table.name}: {n} row(s) -> {target}", err=True)
    finally:
        engine.dispose()


def _open_existing(db: str):
    """Engine for a database that must exist already (query/export never create one)."""
    from . import current_revision, head_revision, make_engine, upgrade

    if db.startswith("sqlite:///") and db != "sqlite:///:memory:":
        path = Path(db[len("sqlite:///"):])
        if not path.is_file():
            typer.echo(f"error: no database at {path} (create it with `cnie ingest`)", err=True)
            raise typer.Exit(2)
    try:
        engine = make_engine(db)
        rev = current_revision(engine)
    except Exception as e:
        typer.echo(f"error: cannot open database {db}: {type(e).__name__}: {e}", err=True)
        raise typer.Exit(2)
    if rev is None:
        typer.echo(f"error: {db} is not a cnie database (create it with `cnie ingest`)",
                   err=True)
        raise typer.Exit(2)
    if rev != head_revision():
        upgrade(engine)
    return engine


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("query")(query)
    app.command("export")(export)
