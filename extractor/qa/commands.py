"""``cnie qa``: check reported figures in files (or a database) and print a summary."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    app.command("qa")(qa)


def qa(
    paths: list[Path] = typer.Argument(None, help="Files or folders to check."),
    db: Optional[str] = typer.Option(None, "--db", help="Check the documents of this database "
                                     "instead; cross-document flags are written back to it."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write the flags as JSON Lines here."),
    show: int = typer.Option(20, "--show", help="Print this many flags after the summary."),
) -> None:
    """Recompute what the texts state and flag figures that do not add up.

    Within each document: rates against parts and wholes, implied populations, stated changes
    and multiples, parts against totals, shares above 100%, negative counts, impossible or
    backwards dates, dates after publication, one indicator stated with two values. Across
    documents: one indicator with different values, one figure credited to different objects.
    """
    from ..reader import ReadError, read_documents
    from .checks import check_document
    from .cross import check_corpus

    docs = []
    engine = None
    if db:
        from ..db import open_database
        from ..db.store import iter_documents

        engine = open_database(db)
        docs = list(iter_documents(engine))
    else:
        from ..pipeline import Pipeline

        pipeline = Pipeline()
        for item in read_documents(paths or []):
            if isinstance(item, ReadError):
                typer.echo(f"error: {item}", err=True)
                continue
            docs.append(pipeline.process(item))
    flags = []
    for d in docs:
        for f in d.flags or check_document(d):
            flags.append((d.id, f))
    cross = check_corpus(docs)
    for f in cross:
        flags.append(("*", f))
    if engine is not None:
        write_cross_flags(engine, cross)
    by_check = Counter(f.check for _, f in flags)
    typer.echo(f"{len(docs)} document(s), {sum(len(d.records) for d in docs)} record(s), "
               f"{len(flags)} flag(s)")
    for check, n in by_check.most_common():
        typer.echo(f"  {check:22} {n}")
    for doc_id, f in flags[:show]:
        typer.echo(f"[{f.severity}] {doc_id} {f.check}: {f.message}")
    if output:
        with output.open("w", encoding="utf-8") as fh:
            for doc_id, f in flags:
                fh.write(json.dumps({"doc": doc_id, **f.model_dump(mode="json")},
                                    ensure_ascii=False) + "\n")
    sys.stdout.flush()


def write_cross_flags(engine, flags) -> int:
    """Store cross-document flags (on the first document, naming the other); the earlier
    cross-document flags are replaced, so running ``cnie qa --db`` twice stores them once."""
    from sqlalchemy import delete, select

    from ..db.models import DocumentRow, QAFlagRow
    from ..db.store import add_qa_flags

    with engine.begin() as conn:
        conn.execute(delete(QAFlagRow).where(QAFlagRow.other_document_id.is_not(None)))
        pk = dict(conn.execute(select(DocumentRow.doc_id, DocumentRow.id)).all())
    n = 0
    for f in flags:
        docs = [pk.get(d) for d in f.evidence.documents]
        if len(docs) < 2 or None in docs:
            continue
        n += add_qa_flags(engine, docs[0], [{**f.model_dump(mode="json"),
                                             "other_document_id": docs[1]}])
    return n
