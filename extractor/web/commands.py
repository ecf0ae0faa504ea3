"""``cnie serve`` and ``cnie report``: the review page.

``register(app)`` adds them to the main CLI (``extractor.cli._register_subcommands``). Web
dependencies are imported inside the commands, so the CLI starts without them.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

DEFAULT_DB = "sqlite:///achievements.db"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("report")(report)


def _check_database(url: str):
    """An engine for ``url`` whose database has been ingested into, or a clear error."""
    from sqlalchemy import inspect

    from ..db import make_engine

    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        path = Path(url[len("sqlite:///"):].split("?", 1)[0])
        if not path.is_file():
            typer.echo(f"error: no database at {path} (run `cnie ingest PATH... --db {url}` "
                       "first)", err=True)
            raise typer.Exit(2)
    try:
        engine = make_engine(url)
        tables = set(inspect(engine).get_table_names())
    except Exception as e:  # bad URL, server down, missing driver
        typer.echo(f"error: cannot open database {url}: {type(e).__name__}: {e}", err=True)
        raise typer.Exit(2)
    if "documents" not in tables:
        typer.echo(f"error: {url} has no documents table (run `cnie ingest PATH... --db {url}` "
                   "first)", err=True)
        raise typer.Exit(2)
    return engine


def serve(
    db: str = typer.Option(DEFAULT_DB, "--db", help="Database URL of `cnie ingest`: "
                           "sqlite:///file.db or postgresql+psycopg://user:pass@host:port/db."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
) -> None:
    """Serve the review page: the corpus with filters, each document with its figures,
    dates, places and programmes highlighted, its records and QA flags, and a JSON API
    (/api/documents, OpenAPI schema at /openapi.json). Read-only."""
    import uvicorn

    from .app import create_app

    engine = _check_database(db)
    typer.echo(f"cnie review on http://{host}:{port}/ (database {engine.url!r}); Ctrl-C stops",
               err=True)
    uvicorn.run(create_app(engine), host=host, port=port, log_level="warning")


def report(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .html, .jsonl); "
                                       "folders are walked recursively."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o",
                                help="The HTML file to write."),
    title: str = typer.Option("cnie review report", "--title", help="Title of the report."),
    cross: bool = typer.Option(True, "--cross/--no-cross",
                               help="Also run the cross-document QA checks."),
) -> None:
    """Run the pipeline over documents and write ONE self-contained HTML file (styles and
    script inline, nothing loaded from elsewhere) with the document view of each: text with
    mentions highlighted, records table and QA flags linked to their evidence."""
    from ..pipeline import Pipeline
    from ..reader import ReadError, read_documents
    from .report import build_report

    pipeline = Pipeline()
    docs, errors = [], []
    for item in read_documents(paths):
        if isinstance(item, ReadError):
            errors.append(str(item))
            typer.echo(f"error: {item}", err=True)
            continue
        try:
            docs.append(pipeline.process(item))
        except Exception as e:  # one bad document does not stop the report
            name = getattr(item, "path", "") or getattr(item, "id", "?")
            msg = f"{name}: {type(e).__name__}: {e}"
            errors.append(msg)
            typer.echo(f"error: {msg}", err=True)
    html = build_report(docs, title=title, cross=cross, errors=errors,
                        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    typer.echo(f"{output}: {len(docs)} document(s), {len(errors)} failed", err=True)
    raise typer.Exit(1 if errors else 0)
