"""Driver for ``spark-submit``: cnie extraction on a Spark cluster (see docs/spark.md).

    spark-submit --master yarn --archives cnie-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        scripts/spark_driver.py hdfs:///corpus/docs.parquet --format parquet --out hdfs:///cnie/out

Inputs:

* ``--format files`` (default): text, HTML or JSONL files, folders or globs, read through
  ``extractor.reader`` on the executors (which must see the same paths: a shared file system);
* ``--format parquet|json|orc|csv``: a table Spark reads itself (``spark.read.format(F).load``)
  with at least ``id`` and ``text`` columns (optional ``published``, ``title``, ``source``,
  ``url``, ``author``, ``meta``, ``doc``, ``path``), e.g. a crawl already in Parquet.

Writes ``OUT/{documents,mentions,records,flags}`` as Parquet. The master and resources come from
``spark-submit``; the script sets none. Exit code 1 if a document could not be read or extracted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="files, folders, globs, or table paths")
    ap.add_argument("--out", required=True, help="output folder or URI")
    ap.add_argument("--format", default="files",
                    help="files (default), or a Spark source: parquet, json, orc, csv")
    ap.add_argument("--partitions", type=int, default=None,
                    help="read tasks for files; repartition a table to this many")
    ap.add_argument("--reference-date", default=None, help="YYYY-MM-DD for relative dates")
    ap.add_argument("--mode", default="overwrite", help="Parquet save mode")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    from extractor.spark.run import run, run_files, write_result

    reference = dt.date.fromisoformat(args.reference_date) if args.reference_date else None
    spark = SparkSession.builder.appName("cnie").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    started = time.perf_counter()
    try:
        if args.format == "files":
            summary = run_files(spark, args.inputs, args.out, reference=reference,
                                partitions=args.partitions, mode=args.mode)
        else:
            reader = spark.read.format(args.format)
            if args.format == "csv":
                reader = reader.option("header", "true").option("multiLine", "true")
            frame = reader.load(args.inputs)
            if args.partitions:
                frame = frame.repartition(args.partitions)
            result = run(frame, reference=reference)
            try:
                summary = write_result(result, args.out, args.mode)
            finally:
                result.unpersist()
    finally:
        spark.stop()
    c = summary["counts"]
    for where, error in summary["errors"]:
        print(f"error: {where}: {error}", file=sys.stderr)
    print(f"{c['documents']} document(s), {c['chars']} chars, {c['mentions']} mention(s), "
          f"{c['records']} record(s), {c['flags']} flag(s) + {c['cross_flags']} cross-document, "
          f"{len(summary['errors'])} error(s) in {time.perf_counter() - started:.1f}s "
          f"-> {summary['out']}")
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
