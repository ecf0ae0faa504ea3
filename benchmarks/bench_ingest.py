"""Ingest throughput: documents per second into SQLite and PostgreSQL, 1 and 2 workers.

    .venv/bin/python benchmarks/bench_ingest.py                     # SQLite only
    CNIE_TEST_PG_URL=postgresql+psycopg://... .venv/bin/python benchmarks/bench_ingest.py
    .venv/bin/python benchmarks/bench_ingest.py --start-pg          # runs scripts/ci_postgres.sh

The corpus is ``../shared/corpus/bulk`` (five large files). It is ingested two ways:
``files`` (each file one document, as ``cnie ingest`` reads them) and ``articles`` (the files
cut into the member articles their ``manifest.jsonl`` lists, written to a temporary JSON Lines
file), so the figure is also measured on article-sized documents. Every run starts from a new,
empty database (migrated before the clock starts) and times the whole ``run_ingest`` (read,
extract, write); ``write s`` is the part spent in the writer's transactions (so ``write
docs/s`` is the database's own rate); ``rerun s`` is a second run over the same input, which
must store nothing.
Not a test: prints a table.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import text  # noqa: E402

from extractor.db import make_engine, open_database  # noqa: E402
from extractor.db.ingest import run_ingest  # noqa: E402
from extractor.db.store import row_counts  # noqa: E402

BULK = REPO.parent / "shared" / "corpus" / "bulk"


def split_articles(corpus: Path, out: Path) -> int:
    """The manifest's member articles of every file, as one JSON Lines file."""
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            body = (corpus / entry["file"]).read_text(encoding="utf-8")
            for i, m in enumerate(entry.get("members") or []):
                piece = body[m["offset"]:m["offset"] + m["chars"]]
                if not piece.strip():
                    continue
                rec = {"id": f"{Path(entry['file']).stem}-{i}", "text": piece,
                       "title": m.get("title"), "published": m.get("published"),
                       "url": m.get("original_url")}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


class PgDatabases:
    """New databases on a PostgreSQL server, dropped at the end."""

    def __init__(self, url: str):
        self.server = make_engine(url, isolation_level="AUTOCOMMIT")
        self.names: list[str] = []

    def new(self) -> str:
        name = f"cnie_bench_{uuid.uuid4().hex[:10]}"
        with self.server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.names.append(name)
        return self.server.url.set(database=name).render_as_string(hide_password=False)

    def close(self) -> None:
        with self.server.connect() as conn:
            for name in self.names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.server.dispose()


def bench_one(url: str, paths: list[str], workers: int, max_bytes: int) -> dict:
    engine = open_database(url)
    try:
        t0 = time.perf_counter()
        stats = run_ingest(engine, paths, workers=workers, max_bytes=max_bytes,
                           on_error=lambda m: print(m, file=sys.stderr))
        seconds = time.perf_counter() - t0
        t1 = time.perf_counter()
        again = run_ingest(engine, paths, workers=workers, max_bytes=max_bytes)
        rerun = time.perf_counter() - t1
        counts = row_counts(engine)
        assert again.stored == 0, again.summary()
        return {"docs": stats.stored, "failed": stats.failed, "seconds": seconds,
                "write": stats.write_seconds, "rerun": rerun, "mentions": counts["mentions"],
                "records": counts["indicator_records"]}
    finally:
        engine.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=BULK)
    ap.add_argument("--max-bytes", type=int, default=100 * 1024 * 1024)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--split", choices=["files", "articles", "both"], default="both")
    ap.add_argument("--pg-url", default=os.environ.get("CNIE_TEST_PG_URL"),
                    help="PostgreSQL server URL (default: $CNIE_TEST_PG_URL)")
    ap.add_argument("--start-pg", action="store_true",
                    help="start a server with scripts/ci_postgres.sh when no URL is given")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    pg_url = args.pg_url
    if not pg_url and args.start_pg:
        out = subprocess.run(["bash", str(REPO / "scripts" / "ci_postgres.sh")],
                             capture_output=True, text=True, check=True)
        pg_url = out.stdout.strip().splitlines()[-1]
    backends = ["sqlite"] + (["postgresql"] if pg_url else [])
    if not pg_url:
        print("PostgreSQL skipped: give --pg-url, CNIE_TEST_PG_URL or --start-pg",
              file=sys.stderr)

    tmp = Path(tempfile.mkdtemp(prefix="cnie-bench-"))
    inputs: list[tuple[str, list[str], int]] = []
    files = sorted(p for p in args.corpus.iterdir() if p.suffix == ".txt")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    if args.split in ("files", "both"):
        inputs.append(("files", [str(args.corpus)], chars))
    if args.split in ("articles", "both") and (args.corpus / "manifest.jsonl").is_file():
        jl = tmp / "articles.jsonl"
        split_articles(args.corpus, jl)
        art_chars = sum(len(json.loads(ln)["text"]) for ln in
                        jl.read_text(encoding="utf-8").splitlines())
        inputs.append(("articles", [str(jl)], art_chars))

    pg = PgDatabases(pg_url) if pg_url else None
    rows = []
    try:
        for backend in backends:
            for split, paths, n_chars in inputs:
                for w in args.workers:
                    url = (f"sqlite:///{tmp / f'{split}-{w}-{uuid.uuid4().hex[:6]}.db'}"
                           if backend == "sqlite" else pg.new())
                    r = bench_one(url, paths, w, args.max_bytes)
                    r.update(backend=backend, split=split, workers=w, chars=n_chars)
                    rows.append(r)
                    print(f"  {backend} {split} workers={w}: {r['docs']} docs in "
                          f"{r['seconds']:.2f}s", file=sys.stderr)
    finally:
        if pg:
            pg.close()

    print(f"\ncorpus: {args.corpus} ({len(files)} files, {chars:,} chars); cpus: "
          f"{os.cpu_count()}")
    head = (f"{'backend':<11}{'input':<10}{'workers':>8}{'docs':>6}{'seconds':>9}"
            f"{'docs/s':>8}{'kchars/s':>10}{'mentions':>10}{'records':>9}{'write s':>9}"
            f"{'write docs/s':>13}{'rerun s':>9}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['backend']:<11}{r['split']:<10}{r['workers']:>8}{r['docs']:>6}"
              f"{r['seconds']:>9.2f}{r['docs'] / r['seconds']:>8.2f}"
              f"{r['chars'] / r['seconds'] / 1000:>10.1f}{r['mentions']:>10}{r['records']:>9}"
              f"{r['write']:>9.2f}{r['docs'] / max(r['write'], 1e-9):>13.1f}{r['rerun']:>9.2f}")
    print("\ndocs/s: whole ingest (read, extract, write); write s / write docs/s: the single "
          "writer's transactions alone; rerun s: the same input again (all skipped by hash).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
