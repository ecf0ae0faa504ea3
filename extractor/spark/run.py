"""Extraction on Spark: a DataFrame of documents in, DataFrames of documents, mentions, records
and QA flags out.

``run(df)`` takes a DataFrame with ``id`` and ``text`` columns (optional: ``doc``, ``path`` or
``source_path``, ``format``, ``meta`` as a struct, a map or a JSON string, top-level ``title``,
``published``, ``source``, ``url``, ``author``, ``doc_seq`` for the input order, and ``error`` for
rows that could not be read, which are passed through). Extraction runs in ``mapPartitions``: each
partition builds one ``Pipeline`` (rules and lexicons compiled once per Python worker) and runs
exactly what ``Pipeline().process(raw)`` runs in one process, within-document QA included.

``cross_document_flags(records)`` is ``extractor.qa.check_corpus`` as a Spark job over the records
table: the same rules (the normalization and the "distinctive figure" test are the very functions
of ``extractor.qa.cross``), the same order of records, the same flag ids (x1, x2 ...).

``run_files(spark, paths, out)`` is what ``cnie spark`` and ``scripts/spark_driver.py`` do: list
files on the driver (folders walked, globs expanded, ``manifest.jsonl`` sidecars read), read them
on the executors with ``extractor.reader.read_file`` (so text, offsets and metadata are those of
the single-process path), extract, and write Parquet.
"""
from __future__ import annotations

import datetime as dt
import glob
import json
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Iterable, Iterator

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from ..models import Metadata
from ..reader import DEFAULT_MAX_BYTES, META_KEYS, RawDocument, ReadError
from .schema import (CROSS_DOC_ID, document_struct, documents_schema, extraction_struct,
                     flag_struct, mention_struct, mention_to_spark, record_struct, to_spark)

TABLES = ("documents", "mentions", "records", "flags")  # what write_result writes under OUT/
_SEQ_BITS = 32  # doc_seq of a file's n-th JSONL record: file index << 32 | n


# ------------------------------------------------------------------------ the partition side

def _meta_of(row: dict) -> dict:
    meta = row.get("meta")
    if isinstance(meta, str):
        meta = json.loads(meta) if meta.strip() else {}
    meta = dict(meta or {})
    for key in META_KEYS:
        if row.get(key):
            meta[key] = row[key]
    # a date or timestamp column (Parquet) reads as the ISO text the pipeline expects
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in meta.items() if v}


def raw_document(row: dict) -> RawDocument:
    """The ``RawDocument`` an input row stands for (as ``extractor.reader`` would build it)."""
    from ..reader import _safe_stem

    doc_id = str(row["id"])
    return RawDocument(id=doc_id, doc=row.get("doc") or _safe_stem(doc_id) + ".txt",
                       text=row["text"], path=row.get("path") or row.get("source_path"),
                       format=row.get("format") or "txt", meta=_meta_of(row))


def _failed_document(row: dict, error: str) -> dict:
    from ..reader import _safe_stem

    doc_id = str(row.get("id"))
    meta = {k: v for k, v in _meta_of(row).items() if k in Metadata.model_fields}
    try:
        meta = Metadata.model_validate(meta).model_dump()
    except ValueError:
        meta = Metadata().model_dump()
    return {"doc": row.get("doc") or _safe_stem(doc_id) + ".txt", "id": doc_id,
            "source_path": row.get("path") or row.get("source_path"), "meta": meta,
            "text": row.get("text") or "", "lines": [], "warnings": [], "error": error}


def extract_partition(rows: Iterable, reference: dt.date | None = None) -> Iterator[tuple]:
    """``mapPartitions`` body: one Pipeline for the partition, one output row per document."""
    from ..pipeline import Pipeline

    pipeline = Pipeline(reference=reference)
    doc_t, m_t, r_t, f_t = document_struct(), mention_struct(), record_struct(), flag_struct()
    for row in rows:
        d = row if isinstance(row, dict) else row.asDict(recursive=True)
        seq = d.get("doc_seq")
        mentions, records, flags = [], [], []
        if d.get("error"):
            document = _failed_document(d, d["error"])
        elif not isinstance(d.get("text"), str):
            document = _failed_document(d, "no text")
        else:
            try:
                doc = pipeline.process(raw_document(d))
            except Exception as e:  # one bad document must not stop a corpus run
                document = _failed_document(d, f"extraction failed: {type(e).__name__}: {e}")
            else:
                document = doc  # read field by field (``error`` is absent: None)
                mentions = [mention_to_spark(m, m_t) for m in doc.mentions]
                records = [to_spark(r, r_t) for r in doc.records]
                flags = [to_spark(f, f_t) for f in doc.flags]
        yield (seq, *to_spark(document, doc_t), mentions, records, flags)


# ---------------------------------------------------------------------------- the driver side

@dataclass
class SparkResult:
    """The output tables; ``extracted`` is the persisted per-document result they come from."""

    documents: DataFrame
    mentions: DataFrame
    records: DataFrame
    flags: DataFrame  # within-document checks (``cross_document_flags`` adds the others)
    extracted: DataFrame

    def unpersist(self) -> None:
        self.extracted.unpersist()


def run(documents: DataFrame, reference: dt.date | None = None, persist: bool = True
        ) -> SparkResult:
    """Extract every document of ``documents`` (see the module doc for its columns)."""
    missing = {"id", "text"} - set(documents.columns)
    if missing:
        raise ValueError(f"the documents DataFrame lacks column(s) {sorted(missing)}")
    spark = documents.sparkSession
    if "doc_seq" not in documents.columns:
        documents = documents.withColumn("doc_seq", F.monotonically_increasing_id())
    rdd = documents.rdd.mapPartitions(partial(extract_partition, reference=reference))
    return _tables(spark.createDataFrame(rdd, extraction_struct()), persist)


def _tables(extracted: DataFrame, persist: bool = True) -> SparkResult:
    """The four tables of a per-document extraction result."""
    if persist:
        extracted = extracted.persist(StorageLevel.MEMORY_AND_DISK)
    docs = extracted.select(*documents_schema().fieldNames())
    doc_key = [F.col("id").alias("doc_id"), F.col("doc_seq")]

    def exploded(column: str) -> DataFrame:
        return (extracted.select(*doc_key, F.posexplode(column).alias("seq", "item"))
                .select("doc_id", "doc_seq", F.col("seq").cast("long").alias("seq"), "item.*"))

    flags = (extracted.select(*doc_key, F.explode("flags").alias("item"))
             .select("doc_id", "doc_seq", "item.*"))
    return SparkResult(documents=docs, mentions=exploded("mentions"),
                       records=exploded("records"), flags=flags, extracted=extracted)


# ---------------------------------------------------------------------- cross-document checks

def _cross_keys(indicator, place, period, unit, value, text):
    """The grouping keys of ``check_corpus``, computed by its own functions."""
    from ..qa.cross import _IGNORED_UNITS, _distinctive, _norm

    ind = _norm(indicator)
    keyed = bool(len(ind) >= 4 and place and period and not period.endswith(".."))
    distinctive = bool(unit not in _IGNORED_UNITS and _distinctive(value, text or ""))
    return ind, keyed, distinctive


_CROSS_KEYS_TYPE = T.StructType([T.StructField("ind", T.StringType()),
                                 T.StructField("keyed", T.BooleanType()),
                                 T.StructField("distinctive", T.BooleanType())])

_ITEM_FIELDS = ("doc_seq", "seq", "doc_id", "id", "start", "end", "text", "value",
                "indicator", "place", "ind")


def _item(prefix: str = "") -> F.Column:
    """A record as a struct ordered first by its position in the corpus (min = first)."""
    return F.struct(*[F.col(prefix + c).alias(c) for c in _ITEM_FIELDS])


def _flag_columns(check: str, a: str, b: str, message: F.Column, order: F.Column) -> list:
    def both(expr):
        return F.array(expr(a), expr(b))

    return [
        F.lit(check).alias("check"),
        F.lit("warning").alias("severity"),
        message.alias("message"),
        F.struct(
            both(lambda x: F.concat_ws(":", F.col(f"{x}.doc_id"), F.col(f"{x}.id")))
            .alias("records"),
            both(lambda x: F.array(F.col(f"{x}.start"), F.col(f"{x}.end"))).alias("spans"),
            both(lambda x: F.col(f"{x}.text")).alias("texts"),
            F.lit(None).cast("double").alias("recomputed"),
            F.lit(None).cast("double").alias("tolerance"),
            both(lambda x: F.col(f"{x}.doc_id")).alias("documents"),
        ).alias("evidence"),
        order.alias("_order"),
    ]


def cross_document_flags(records: DataFrame) -> DataFrame:
    """``check_corpus`` over a records table (``run(...).records`` or its Parquet): flags with
    ``doc_id`` ``"*"``, ids x1, x2 ... in the order the single-process check gives them."""
    keys = F.udf(_cross_keys, _CROSS_KEYS_TYPE, useArrow=False)
    recs = (records.where(F.col("value").isNotNull() & F.col("change").isNull()
                          & F.col("approx").isNull())
            .withColumn("k", keys("indicator", "place", "period", "unit", "value", "text"))
            .select("*", "k.*").drop("k")
            .persist(StorageLevel.MEMORY_AND_DISK))  # both checks read it: one UDF pass

    # cross_conflict: one indicator, place and period (and unit) with different values in two
    # documents; a = the group's first record, b = the first one after it from another document
    # with another value.
    group = ["ind", "place", "period", "unit"]
    w = Window.partitionBy(*group)
    keyed = (recs.where("keyed")
             .withColumn("a", F.min(_item()).over(w))
             .withColumn("n_values", F.size(F.collect_set("value").over(w)))
             .withColumn("n_docs", F.size(F.collect_set("doc_id").over(w))))
    other = (F.col("value") != F.col("a.value")) & (F.col("doc_id") != F.col("a.doc_id"))
    conflicts = (keyed.where("n_values > 1 AND n_docs > 1")
                 .withColumn("b", F.min(F.when(other, _item())).over(w))
                 .where((F.col("doc_seq") == F.col("a.doc_seq")) & (F.col("seq") == F.col("a.seq"))
                        & F.col("b").isNotNull())
                 .select(*_flag_columns(
                     "cross_conflict", "a", "b",
                     F.format_string("%s (%s, %s): %s in %s, %s in %s", "ind", "place", "period",
                                     "a.text", "a.doc_id", "b.text", "b.doc_id"),
                     F.struct(F.lit(0), "a.doc_seq", "a.seq", "b.doc_seq", "b.seq"))))

    # cross_object: one distinctive figure (value and unit) in several documents, credited to
    # objects of which neither name contains the other, for one place (or an unnamed one).
    vw = Window.partitionBy("value", "unit")
    first_in_doc = Window.partitionBy("value", "unit", "doc_id").orderBy("doc_seq", "seq")
    seen = (recs.where("distinctive")
            .withColumn("_n", F.row_number().over(first_in_doc)).where("_n = 1")
            .withColumn("a", F.min(_item()).over(vw))
            .withColumn("n_docs", F.count("*").over(vw))
            .where("n_docs >= 2"))
    b = F.col("b")
    pairs = seen.withColumn("b", _item()).where(
        (F.struct("b.doc_seq", "b.seq") != F.struct("a.doc_seq", "a.seq"))
        & (F.coalesce(F.col("a.ind"), F.lit("")) != "") & (F.coalesce(b["ind"], F.lit("")) != "")
        & ~F.expr("instr(b.ind, a.ind) > 0") & ~F.expr("instr(a.ind, b.ind) > 0")
        & ((F.coalesce(F.col("a.place"), F.lit("")) == "")
           | (F.coalesce(b["place"], F.lit("")) == "")
           | (F.col("a.place") == b["place"])))
    objects = pairs.select(*_flag_columns(
        "cross_object", "a", "b",
        F.format_string("%s is %s in %s but %s in %s", "a.text", "a.indicator", "a.doc_id",
                        "b.indicator", "b.doc_id"),
        F.struct(F.lit(1), "a.doc_seq", "a.seq", "b.doc_seq", "b.seq")))

    numbered = (conflicts.unionByName(objects)
                .withColumn("id", F.concat(F.lit("x"), F.row_number().over(
                    Window.orderBy("_order")).cast("string"))))
    return numbered.select(F.lit(CROSS_DOC_ID).alias("doc_id"),
                           F.lit(None).cast("long").alias("doc_seq"),
                           *flag_struct().fieldNames())


# -------------------------------------------------------------------------- files -> Parquet

def expand_paths(paths: Iterable[str]) -> list[str]:
    """Globs expanded (sorted), other paths kept as given (``iter_files`` reports them)."""
    out: list[str] = []
    for p in paths:
        p = os.path.expanduser(str(p))
        matches = sorted(glob.glob(p, recursive=True)) if glob.has_magic(p) else []
        out.extend(matches or [p])
    return out


def _read_task(task: tuple, max_bytes: int) -> Iterator[tuple]:
    """Executor side: one file through ``extractor.reader.read_file``."""
    from ..reader import read_file

    index, path, meta, error = task
    if error:
        yield _read_row(index, 0, ReadError(path, error))
        return
    for n, item in enumerate(read_file(Path(path), max_bytes, meta)):
        yield _read_row(index, n, item)


def _read_row(index: int, n: int, item) -> tuple:
    from ..reader import _safe_stem

    seq = (index << _SEQ_BITS) | n
    if isinstance(item, ReadError):
        where = f"{item.path}:{item.line}" if item.line else item.path
        stem = _safe_stem(Path(str(item.path)).stem) if item.path else "error"
        return (seq, f"{stem}" + (f"-{item.line}" if item.line else ""), stem + ".txt",
                where, None, None, None, str(item))
    return (seq, item.id, item.doc, item.path, item.format, item.text,
            json.dumps(item.meta, ensure_ascii=False), None)


READ_SCHEMA = T.StructType([
    T.StructField("doc_seq", T.LongType()), T.StructField("id", T.StringType()),
    T.StructField("doc", T.StringType()), T.StructField("path", T.StringType()),
    T.StructField("format", T.StringType()), T.StructField("text", T.StringType()),
    T.StructField("meta", T.StringType()), T.StructField("error", T.StringType())])


def _read_rdd(spark: SparkSession, paths: Iterable[str], max_bytes: int,
              partitions: int | None):
    """An RDD of ``READ_SCHEMA`` tuples: files listed (and manifests read) on the driver,
    read on the executors."""
    from ..reader import iter_files, read_manifest

    tasks, manifests = [], {}
    for index, f in enumerate(iter_files(expand_paths(paths))):
        if isinstance(f, ReadError):
            tasks.append((index, f.path, {}, f.message))
            continue
        if f.parent not in manifests:
            manifests[f.parent] = read_manifest(f.parent)
        tasks.append((index, str(f), manifests[f.parent].get(f.name, {}), None))
    if not tasks:
        return None
    slices = partitions or min(len(tasks), spark.sparkContext.defaultParallelism * 4)
    return (spark.sparkContext.parallelize(tasks, max(1, slices))
            .flatMap(partial(_read_task, max_bytes=max_bytes)))


def read_files(spark: SparkSession, paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES,
               partitions: int | None = None) -> DataFrame:
    """Documents of the files under ``paths`` as a DataFrame ``run`` takes. Files are listed
    (and manifests read) on the driver and read on the executors, which must see the same
    paths (local mode, or a shared file system)."""
    rdd = _read_rdd(spark, paths, max_bytes, partitions)
    return spark.createDataFrame(rdd if rdd is not None else [], READ_SCHEMA)


def extract_files(spark: SparkSession, paths: Iterable[str], reference: dt.date | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES, partitions: int | None = None
                  ) -> SparkResult:
    """``run(read_files(...))`` in one Python pass per partition: each file is read and
    extracted by the same Python worker (no round trip of the texts through the JVM)."""
    rdd = _read_rdd(spark, paths, max_bytes, partitions)
    if rdd is None:
        return run(spark.createDataFrame([], READ_SCHEMA), reference=reference)
    names = READ_SCHEMA.fieldNames()
    rows = rdd.map(lambda t: dict(zip(names, t)))
    extracted = rows.mapPartitions(partial(extract_partition, reference=reference))
    return _tables(spark.createDataFrame(extracted, extraction_struct()))


def write_result(result: SparkResult, out: str, mode: str = "overwrite") -> dict:
    """Cross-document checks, then ``out/{documents,mentions,records,flags}`` as Parquet;
    returns counts and the documents' read or extraction errors."""
    spark = result.extracted.sparkSession
    cross = cross_document_flags(result.records)
    flags = result.flags.unionByName(cross)
    out = str(out).rstrip("/")
    tables = {"documents": result.documents, "mentions": result.mentions,
              "records": result.records, "flags": flags}
    assert tuple(tables) == TABLES
    for name, df in tables.items():
        df.write.mode(mode).parquet(f"{out}/{name}")
    errors = [(r.source_path or r.id, r.error) for r in
              result.documents.where(F.col("error").isNotNull())
              .select("source_path", "id", "error").collect()]
    counts = result.extracted.select(
        F.count("*").alias("documents"), F.sum(F.size("mentions")).alias("mentions"),
        F.sum(F.size("records")).alias("records"), F.sum(F.size("flags")).alias("flags"),
        F.sum(F.length("text")).alias("chars")).first().asDict()
    counts = {k: int(v or 0) for k, v in counts.items()}
    counts["cross_flags"] = spark.read.parquet(f"{out}/flags").where(
        F.col("doc_id") == CROSS_DOC_ID).count()
    return {"out": out, "counts": counts, "errors": errors}


def run_files(spark: SparkSession, paths: Iterable[str], out: str,
              reference: dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              partitions: int | None = None, mode: str = "overwrite") -> dict:
    """Read, extract, check across documents and write ``out/{documents,mentions,records,flags}``
    as Parquet (what ``cnie spark`` does); returns counts and the read or extraction errors."""
    result = extract_files(spark, paths, reference, max_bytes, partitions)
    try:
        return write_result(result, out, mode)
    finally:
        result.unpersist()


def session(master: str | None = "local[2]", app_name: str = "cnie",
            conf: dict | None = None) -> SparkSession:
    """A SparkSession for cnie. In local mode the Python workers run this interpreter, so they
    import the same (installed) ``extractor``; on a cluster the submitter decides."""
    import sys

    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
            builder = (builder.config("spark.sql.shuffle.partitions", "8")
                       .config("spark.ui.enabled", "false")
                       .config("spark.ui.showConsoleProgress", "false"))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark
