"""The Spark runner gives what the single-process pipeline gives, document by document.

``cnie spark``'s path (``run_files``: files listed on the driver, read on the executors through
``extractor.reader``, extracted in ``mapPartitions``, cross-document QA as a Spark job, Parquet
written) runs with ``local[2]`` over ``../shared/corpus/real``; its Parquet tables are read back and
compared with ``Pipeline().process`` run here and now (the extractors change: never against
stored expectations). Skipped when PySpark or Java or ../shared is missing, except in CI
(``CI=true``) where a missing PySpark alone is a failure: CI must install ``cnie[spark]``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.models import Document, IndicatorRecord, QAFlag
from extractor.pipeline import Pipeline
from extractor.qa import check_corpus
from extractor.reader import RawDocument, ReadError, read_documents

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL = SHARED / "corpus" / "real"

try:
    import pyspark  # noqa: F401

    HAVE_PYSPARK = True
except ImportError:
    HAVE_PYSPARK = False


def _have_java() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(home and (Path(home) / "bin" / "java").exists()) or shutil.which("java") is not None


def _require_spark(need_shared: bool = True) -> None:
    missing = []
    if not HAVE_PYSPARK:
        missing.append("pyspark is not installed (pip install -e '.[spark]')")
    if not _have_java():
        missing.append("java is not on the PATH nor in JAVA_HOME (Spark needs Java 17+)")
    if need_shared and not REAL.is_dir():
        missing.append(f"{REAL} (the real corpus in ../shared) is absent")
    if not missing:
        return
    if os.environ.get("CI") == "true" and len(missing) == 1 and not HAVE_PYSPARK:
        pytest.fail("CI=true but " + missing[0] + ": CI must install the spark extra")
    pytest.skip("; ".join(missing))


# ------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def spark():
    _require_spark(need_shared=False)
    from extractor.spark.run import session

    s = session("local[2]", app_name="cnie-test", conf={
        "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
        "spark.ui.showConsoleProgress": "false", "spark.default.parallelism": "4"})
    yield s
    s.stop()


@pytest.fixture(scope="module")
def single():
    """The single-process result, in read order: id -> Document."""
    _require_spark()
    pipeline = Pipeline()
    docs = {}
    for item in read_documents([REAL]):
        assert not isinstance(item, ReadError), str(item)
        docs[item.id] = pipeline.process(item)
    return docs


@pytest.fixture(scope="module")
def spark_out(spark, single, tmp_path_factory):
    """``run_files`` over the real corpus (as ``cnie spark`` runs it), Parquet read back."""
    from extractor.spark.run import run_files

    out = tmp_path_factory.mktemp("spark-out")
    summary = run_files(spark, [str(REAL)], str(out), partitions=4)
    tables = {name: spark.read.parquet(str(out / name)).collect()
              for name in ("documents", "mentions", "records", "flags")}
    return summary, tables, out


def _by_doc(rows, key="doc_id"):
    out: dict[str, list] = {}
    for r in sorted(rows, key=lambda r: (r[key], r["seq"] if "seq" in r else 0)):
        out.setdefault(r[key], []).append(r)
    return out


# ----------------------------------------------------------------------- the real corpus

def test_spark_writes_every_document(spark_out, single):
    summary, tables, out = spark_out
    assert summary["errors"] == []
    for name in ("documents", "mentions", "records", "flags"):
        assert any(p.suffix == ".parquet" for p in (out / name).iterdir()), name
    docs = {r["id"]: r for r in tables["documents"]}
    assert sorted(docs) == sorted(single)
    for doc_id, doc in single.items():
        row = docs[doc_id]
        assert row["error"] is None
        assert row["text"] == doc.text, doc_id
        assert row["doc"] == doc.doc and row["source_path"] == doc.source_path
        assert row["meta"].asDict() == doc.meta.model_dump(), doc_id
        assert [x.asDict() for x in row["lines"]] == [x.model_dump() for x in doc.lines]
    # input order is kept: doc_seq follows the order read_documents yields the files in
    ordered = [r["id"] for r in sorted(tables["documents"], key=lambda r: r["doc_seq"])]
    assert ordered == list(single)


def test_spark_mentions_equal_single_process(spark_out, single):
    from extractor.spark.schema import mention_from_row

    _, tables, _ = spark_out
    got = _by_doc(tables["mentions"])
    assert sum(len(d.mentions) for d in single.values()) > 100  # the comparison means something
    for doc_id, doc in single.items():
        rows = got.get(doc_id, [])
        spark_mentions = [mention_from_row(r).model_dump() for r in rows]
        expected = [m.model_dump() for m in doc.mentions]
        # type/start/end/text first, for a readable failure; then every normalized field
        assert [(m["type"], m["start"], m["end"], m["text"]) for m in spark_mentions] == \
            [(m["type"], m["start"], m["end"], m["text"]) for m in expected], doc_id
        assert spark_mentions == expected, doc_id
        for m in spark_mentions:
            assert doc.text[m["start"]:m["end"]] == m["text"]


def test_spark_records_equal_single_process(spark_out, single):
    from extractor.spark.schema import record_from_row

    _, tables, _ = spark_out
    got = _by_doc(tables["records"])
    assert sum(len(d.records) for d in single.values()) > 50
    for doc_id, doc in single.items():
        spark_records = [record_from_row(r).model_dump() for r in got.get(doc_id, [])]
        assert spark_records == [r.model_dump() for r in doc.records], doc_id


def test_spark_flags_equal_single_process(spark_out, single):
    from extractor.spark.schema import CROSS_DOC_ID, flag_from_row

    _, tables, _ = spark_out
    within = [r for r in tables["flags"] if r["doc_id"] != CROSS_DOC_ID]
    got: dict[str, list] = {}
    for r in within:
        got.setdefault(r["doc_id"], []).append(flag_from_row(r).model_dump())
    for doc_id, doc in single.items():
        expected = [f.model_dump() for f in doc.flags]
        assert sorted(got.get(doc_id, []), key=lambda f: int(f["id"][1:])) == expected, doc_id
    cross = sorted((flag_from_row(r) for r in tables["flags"] if r["doc_id"] == CROSS_DOC_ID),
                   key=lambda f: int(f.id[1:]))
    assert [f.model_dump() for f in cross] == \
        [f.model_dump() for f in check_corpus(single.values())]


# ----------------------------------------------------- cross-document QA on planted records

def _planted_documents() -> list[Document]:
    """Records built to raise both cross-document checks (and to not raise them)."""
    def rec(i, value, indicator, place, period, unit="人", text=None, **kw):
        text = text or f"{value:g}{unit}"
        return IndicatorRecord(id=f"r{i}", start=i * 10, end=i * 10 + len(text), text=text,
                               value=value, unit=unit, indicator=indicator, place=place,
                               period=period, **kw)

    def doc(doc_id, *records):
        return Document(doc=f"{doc_id}.txt", id=doc_id, text="x" * 200, records=list(records))

    return [
        doc("a", rec(1, 5889, "贫困人口户数", "普安县", "2018"),
            rec(2, 108.86, "冰毒片剂缴获", "贵州省", "2019", unit="公斤"),
            rec(3, 1234, "农村公路里程", None, "2020", unit="公里"),
            rec(4, 77, "贫困人口户数", "普安县", "2017..", text="77人")),
        doc("b", rec(1, 5900, "贫困人口户数", "普安县", "2018"),
            rec(2, 108.86, "海洛因缴获", "贵州省", "2019", unit="公斤"),
            rec(3, 1234, "农村公路里程总", "某县", "2020", unit="公里")),
        doc("c", rec(1, 5889, "贫困人口户数", "普安县", "2018"),
            rec(2, 108.86, "海洛因", "云南省", "2019", unit="公斤"),
            rec(3, 5, "贫困人口户数", "普安县", "2018", change="decrease"),
            rec(4, 1234.5, "道路", None, None, unit="公里", text="1234.5公里"),
            rec(5, 1234.5, "桥梁", None, None, unit="公里", text="1234.5公里")),
        doc("d", rec(1, 1234.5, "隧道", "某市", None, unit="公里", text="1234.5公里"),
            rec(2, 6000, "贫困人口户数", "普安县", "2018")),
    ]


def test_cross_document_flags_match_check_corpus(spark):
    from extractor.spark.run import cross_document_flags
    from extractor.spark.schema import flag_from_row, records_schema, to_spark

    docs = _planted_documents()
    expected = [f.model_dump() for f in check_corpus(docs)]
    assert {f["check"] for f in expected} == {"cross_conflict", "cross_object"}
    schema = records_schema()
    rows = [to_spark({"doc_id": d.id, "doc_seq": n, "seq": k, **r.model_dump()}, schema)
            for n, d in enumerate(docs) for k, r in enumerate(d.records)]
    records = spark.createDataFrame(rows, schema)
    got = sorted((flag_from_row(r) for r in cross_document_flags(records).collect()),
                 key=lambda f: int(f.id[1:]))
    assert [f.model_dump() for f in got] == expected


# --------------------------------------------------------------------- unreadable inputs

def test_unreadable_inputs_are_reported_and_the_rest_extracted(spark, tmp_path):
    """Through ``read_files`` + ``run`` + ``write_result`` (the DataFrame API; ``cnie spark``
    reads and extracts in one pass, ``extract_files``, tested above)."""
    from extractor.spark.run import read_files, run, write_result
    from extractor.spark.schema import mention_from_row

    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("2018年，普安县贫困人口下降至5889户18151人。", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "feed.jsonl").write_text(
        '{"id": "j1", "text": "2020年全省粮食产量1200万吨。", "published": "2021-01-02"}\n'
        "not json\n", encoding="utf-8")
    inputs = [str(src), str(tmp_path / "missing.txt")]
    result = run(read_files(spark, inputs, partitions=2))
    try:
        summary = write_result(result, str(tmp_path / "out"))
    finally:
        result.unpersist()
    items = list(read_documents(inputs))
    assert sorted(e for _, e in summary["errors"]) == \
        sorted(str(x) for x in items if isinstance(x, ReadError))
    assert len(summary["errors"]) == 3  # the empty file, the line that is not JSON, the missing
    docs = {r["id"]: r for r in spark.read.parquet(str(tmp_path / "out" / "documents")).collect()}
    mentions = _by_doc(spark.read.parquet(str(tmp_path / "out" / "mentions")).collect())
    pipeline = Pipeline()
    for raw in (x for x in items if isinstance(x, RawDocument)):
        assert docs[raw.id]["error"] is None
        assert docs[raw.id]["source_path"] == raw.path
        expected = pipeline.process(raw).mentions
        assert expected and [mention_from_row(r) for r in mentions[raw.id]] == expected


# ------------------------------------------------------------ run() on an in-memory frame

def test_run_on_a_dataframe_with_metadata_columns(spark):
    from extractor.spark.run import run
    from extractor.spark.schema import mention_from_row, record_from_row

    texts = {
        "t1": ("2018年，普安县贫困人口下降至5889户18151人，贫困发生率5.79%。", "2019-01-05"),
        "t2": ("去年全省粮食产量达到1200万吨，同比增长3.2%。", "2023-12-20"),
    }
    import datetime as dt

    # published as a DATE column (as in Parquet): the pipeline gets its ISO text
    df = spark.createDataFrame([(k, t, dt.date.fromisoformat(p)) for k, (t, p) in texts.items()],
                               "id string, text string, published date")
    result = run(df)
    try:
        mentions = _by_doc(result.mentions.collect())
        records = _by_doc(result.records.collect())
        docs = {r["id"]: r for r in result.documents.collect()}
    finally:
        result.unpersist()
    pipeline = Pipeline()
    for doc_id, (text, published) in texts.items():
        doc = pipeline.process(RawDocument(id=doc_id, doc=f"{doc_id}.txt", text=text,
                                           meta={"published": published}))
        assert docs[doc_id]["meta"]["published"] == published
        assert [mention_from_row(r) for r in mentions.get(doc_id, [])] == doc.mentions
        assert [record_from_row(r) for r in records.get(doc_id, [])] == doc.records


# ------------------------------------------------------------------------ schema, no pyspark

def test_spark_schemas_follow_the_models(spark):
    from extractor.models import MentionBase, QuantityMention
    from extractor.spark import schema

    names = set(schema.records_schema().fieldNames())
    assert set(IndicatorRecord.model_fields) | {"doc_id", "doc_seq", "seq"} == names
    assert set(schema.flags_schema().fieldNames()) == set(QAFlag.model_fields) | {"doc_id",
                                                                                  "doc_seq"}
    mentions = schema.mentions_schema()
    assert set(MentionBase.model_fields) <= set(mentions.fieldNames())
    quantity = mentions["quantity"].dataType
    assert set(quantity.fieldNames()) == set(QuantityMention.model_fields) - set(
        MentionBase.model_fields)
    assert quantity["value"].dataType.typeName() == "double"
    assert mentions["date"].dataType["value"].dataType.typeName() == "string"


def test_core_and_cli_work_without_pyspark(tmp_path):
    """PySpark is optional: ``cnie`` imports without it and ``cnie spark`` says what to
    install (checked in a subprocess in which ``import pyspark`` fails)."""
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "from typer.testing import CliRunner\n"
        "from extractor.cli import app\n"
        "r = CliRunner().invoke(app, ['spark', 'x.txt', '--out', %r])\n"
        "import json; print(json.dumps({'code': r.exit_code, 'out': r.output}))\n"
        "assert 'pyspark' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
    ) % str(tmp_path / "out")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["code"] == 2
    assert "pip install 'cnie[spark]'" in result["out"]
