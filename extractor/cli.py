"""Command line: ``cnie extract PATH... --out-dir DIR`` and friends."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .cliutil import (PROGRESS_MIN_DOCS, max_bytes_option, parse_date, reference_date_option,
                      show_progress)
from .reader import read_documents

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="cnie: extract figures, dates, places and programmes from Chinese press releases.",
)

@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .html, .jsonl); "
                                       "folders are walked recursively."),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", "-d",
                                           help="Write one <stem>.json per document here."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write all documents as JSON Lines to this file."),
    reference_date: Optional[str] = reference_date_option(),
    max_bytes: int = max_bytes_option(),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar on stderr (default: when more "
                                            f"than {PROGRESS_MIN_DOCS} files)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1,
                                help="Extraction processes (results are written in input order)."),
) -> None:
    """Extract mentions from documents and write them in the evaluation contract's JSON form.

    Each document gets its text, metadata, page lines and mentions (type, start, end, text and
    the normalized value). Unreadable inputs are reported one line each on stderr; the run goes
    on, and the exit code is 1 if anything failed.
    """
    from .parallel import Serialized, as_json, process_documents

    if out_dir is None and output is None:
        raise typer.BadParameter("give --out-dir DIR and/or -o FILE.jsonl")
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    jsonl = output.open("wb") if output else None  # UTF-8 JSON lines, written as bytes
    failures = done = 0
    results = process_documents(read_documents(paths, max_bytes=max_bytes), workers=workers,
                                reference=parse_date(reference_date), post=as_json)
    show = show_progress(paths, progress)
    if show:
        from tqdm import tqdm

        results = tqdm(results, desc="extract", unit="doc", file=sys.stderr)
    try:
        for doc in results:
            if not isinstance(doc, Serialized):  # a read error or a failed extraction
                failures += 1
                typer.echo(f"error: {doc}", err=True)
                continue
            if out_dir:
                (out_dir / (Path(doc.doc).stem + ".json")).write_bytes(doc.json)
            if jsonl:
                jsonl.write(doc.json + b"\n")
            done += 1
    finally:
        if jsonl:
            jsonl.close()
    typer.echo(f"{done} document(s) written, {failures} failed", err=True)
    raise typer.Exit(1 if failures else 0)


@app.command()
def schema(
    out_dir: Path = typer.Option(Path("schemas"), "--out-dir", "-d",
                                 help="Folder for the JSON Schema files."),
) -> None:
    """Write the JSON Schemas of the output models (schemas/*.json)."""
    from .schema import write_schemas

    for path in write_schemas(out_dir):
        typer.echo(str(path))


def _register_subcommands() -> None:
    """Commands that live with their subsystem (database, QA, review page) add themselves."""
    import importlib

    for module in ("extractor.db.commands", "extractor.qa.commands", "extractor.web.commands",
                   "extractor.spark.commands"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name and module.startswith(e.name):
                continue  # subsystem not installed in this build
            raise
        mod.register(app)


_register_subcommands()

if __name__ == "__main__":  # pragma: no cover
    app()
