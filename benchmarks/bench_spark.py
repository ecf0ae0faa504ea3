"""Spark local throughput on ../shared/corpus/bulk, beside the single-process pipeline.

The bulk files are split into their member articles (as ``bench_pipeline.py`` does: government
work reports and a month of news transcripts), and the same documents go through:

* the single-process pipeline (``Pipeline().process``), after a warm-up pass (median of runs);
* ``extractor.spark.run.run`` on ``local[N]`` for each N given: "cold" is the first run of a fresh
  session (Python workers start and compile the rules), "warm" a later run on the same session
  (workers reused); "extract" stops when every document is extracted (the persisted result is
  counted), "+QA+Parquet" also runs the cross-document checks and writes the four tables;
* ``cnie spark`` itself over the five bulk files (whole files as documents; one read task per
  file), wall time of the command including JVM start-up, unless ``--skip-cli``.

Not a test: CI does not fail on speed. Usage:

    python benchmarks/bench_spark.py [--cores 1 2] [--runs 2] [--skip-single] [--skip-cli]
        [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_pipeline import BULK, bulk_documents  # noqa: E402


def single_process(docs, runs: int) -> float:
    from extractor.pipeline import Pipeline

    pipeline = Pipeline()
    for d in docs:  # warm-up pass: rules, lexicons and models loaded, as in a warm Spark worker
        pipeline.process(d)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for d in docs:
            pipeline.process(d)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def spark_local(docs, cores: int, runs: int, out_dir: Path) -> dict:
    from extractor.spark.run import cross_document_flags, run, session

    spark = session(f"local[{cores}]", app_name=f"cnie-bench-{cores}", conf={
        "spark.sql.shuffle.partitions": str(2 * cores),
        "spark.default.parallelism": str(4 * cores)})
    try:
        rows = [(d.id, d.text, (d.meta or {}).get("published")) for d in docs]
        # one document per partition slot, largest first spread round-robin by Spark
        frame = spark.createDataFrame(rows, "id string, text string, published string") \
            .repartition(min(len(rows), 4 * cores))
        frame = frame.persist()
        frame.count()
        extract, full = [], []
        for n in range(runs + 1):
            t = time.perf_counter()
            result = run(frame)
            result.extracted.count()
            t_extract = time.perf_counter() - t
            flags = result.flags.unionByName(cross_document_flags(result.records))
            for name, df in (("documents", result.documents), ("mentions", result.mentions),
                             ("records", result.records), ("flags", flags)):
                df.write.mode("overwrite").parquet(str(out_dir / f"{cores}-{name}"))
            t_full = time.perf_counter() - t
            result.unpersist()
            extract.append(t_extract)
            full.append(t_full)
        return {"cold_extract_s": extract[0], "cold_full_s": full[0],
                "warm_extract_s": statistics.median(extract[1:]),
                "warm_full_s": statistics.median(full[1:])}
    finally:
        spark.stop()


def cli_seconds(out_dir: Path, cores: int) -> float:
    cnie = Path(sys.executable).with_name("cnie")
    files = sorted(str(p) for p in BULK.glob("*.txt"))
    t = time.perf_counter()
    subprocess.run([str(cnie), "spark", *files, "--out", str(out_dir / "cli"),
                    "--master", f"local[{cores}]"], check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cores", type=int, nargs="+", default=[1, 2], help="local[N] for each N")
    ap.add_argument("--runs", type=int, default=2, help="warm runs per configuration")
    ap.add_argument("--skip-single", action="store_true")
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if not BULK.is_dir():
        print(f"{BULK} is absent", file=sys.stderr)
        return 2
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    docs = bulk_documents()
    chars = sum(len(d.text) for d in docs)
    report: dict = {"documents": len(docs), "chars": chars, "cpus": os.cpu_count(),
                    "load_1min": os.getloadavg()[0]}
    out_dir = Path(tempfile.mkdtemp(prefix="cnie-bench-spark-"))
    try:
        if not args.skip_single:
            report["single_s"] = single_process(docs, args.runs)
        for cores in args.cores:
            report[f"local[{cores}]"] = spark_local(docs, cores, args.runs, out_dir)
        if not args.skip_cli:
            report["cli_s"] = cli_seconds(out_dir, max(args.cores))
            report["cli_chars"] = sum(len(p.read_text(encoding="utf-8"))
                                      for p in BULK.glob("*.txt"))
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    report["load_1min_end"] = os.getloadavg()[0]

    print(f"bulk: {len(docs)} documents, {chars:,} characters; {os.cpu_count()} CPUs, "
          f"load {report['load_1min']:.1f} -> {report['load_1min_end']:.1f}")
    print(f"{'configuration':34} {'seconds':>9} {'chars/s':>12}")

    def row(name: str, seconds: float, n: int = chars) -> None:
        print(f"{name:34} {seconds:>9.1f} {n / seconds:>12,.0f}")

    if "single_s" in report:
        row("single process (warm)", report["single_s"])
    for cores in args.cores:
        r = report[f"local[{cores}]"]
        row(f"spark local[{cores}] extract, cold", r["cold_extract_s"])
        row(f"spark local[{cores}] extract, warm", r["warm_extract_s"])
        row(f"spark local[{cores}] +QA+Parquet, warm", r["warm_full_s"])
    if "cli_s" in report:
        row(f"cnie spark CLI local[{max(args.cores)}] (5 files)", report["cli_s"],
            report["cli_chars"])
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
