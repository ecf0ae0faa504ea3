"""``cnie spark PATH_OR_GLOB... --out DIR [--master URL]``: extraction on Apache Spark.

This module imports neither PySpark nor Java: ``cnie`` works without them, and ``cnie spark``
says how to install them when they are missing.
"""
from __future__ import annotations

import shutil
import sys
import time
from typing import Optional

import typer

from ..cliutil import max_bytes_option, parse_date, reference_date_option

INSTALL_HINT = ("cnie spark needs PySpark: pip install 'cnie[spark]' "
                "(and Java 17 or later on the PATH or in JAVA_HOME)")


def register(app: typer.Typer) -> None:
    app.command("spark")(spark)


def pyspark_available() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return True


def spark(
    paths: list[str] = typer.Argument(..., help="Files, folders or globs (.txt, .html, "
                                      ".jsonl); folders are walked recursively. Executors must "
                                      "see the same paths (local mode or a shared file system)."),
    out: str = typer.Option(..., "--out", help="Output folder (or URI): Parquet tables "
                            "documents/, mentions/, records/, flags/ are written under it."),
    master: str = typer.Option("local[2]", "--master", help="Spark master URL "
                               "(local[N], spark://host:7077, yarn, k8s://...)."),
    partitions: Optional[int] = typer.Option(None, "--partitions", min=1,
                                             help="Read tasks (default: 4 per core, at most "
                                             "one per file)."),
    reference_date: Optional[str] = reference_date_option(),
    max_bytes: int = max_bytes_option(),
    conf: list[str] = typer.Option([], "--conf", help="Extra Spark setting KEY=VALUE "
                                   "(repeatable)."),
) -> None:
    """Extract mentions, records and QA flags on Apache Spark and write them as Parquet.

    Files are read through the same reader as ``cnie extract`` (encodings, HTML, JSONL,
    manifest.jsonl metadata), so offsets and values equal the single-process output. The flags
    table holds the within-document checks (doc_id = the document) and the cross-document
    checks (doc_id = "*"). Exit code 1 if a file could not be read or a document failed.
    """
    if not pyspark_available():
        typer.echo(f"error: {INSTALL_HINT}", err=True)
        raise typer.Exit(2)
    if master.startswith("local") and not _java_available():
        typer.echo("error: Spark needs Java 17 or later: none found on the PATH or in "
                   "JAVA_HOME", err=True)
        raise typer.Exit(2)
    reference = parse_date(reference_date)
    settings = {}
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"--conf takes KEY=VALUE, not {item!r}")
        settings[key.strip()] = value.strip()

    from .run import run_files, session

    started = time.perf_counter()
    spark_session = session(master, conf=settings)
    try:
        summary = run_files(spark_session, paths, out, reference=reference,
                            max_bytes=max_bytes, partitions=partitions)
    finally:
        spark_session.stop()
    seconds = time.perf_counter() - started
    c = summary["counts"]
    for where, error in summary["errors"]:
        typer.echo(f"error: {where}: {error}", err=True)
    typer.echo(f"{c['documents']} document(s), {c['chars']} chars, {c['mentions']} mention(s), "
               f"{c['records']} record(s), {c['flags']} flag(s) + {c['cross_flags']} "
               f"cross-document, {len(summary['errors'])} error(s) in {seconds:.1f}s "
               f"-> {summary['out']}/{{documents,mentions,records,flags}}")
    sys.stdout.flush()
    if summary["errors"]:
        raise typer.Exit(1)


def _java_available() -> bool:
    import os

    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "java")):
        return True
    return shutil.which("java") is not None
