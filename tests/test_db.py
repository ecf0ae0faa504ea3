"""The achievements database, on real databases: a SQLite file, and PostgreSQL when
CNIE_TEST_PG_URL names a server (``scripts/ci_postgres.sh`` starts one). No mocks.

Without CNIE_TEST_PG_URL the PostgreSQL cases skip, except under CI=true where they fail: CI
must run them.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text
from typer.testing import CliRunner

from extractor.db import downgrade, head_revision, make_engine, open_database, upgrade
from extractor.db.models import Base, DocumentRow, MentionRow, RecordRow
from extractor.db.query import adcode_prefix, find_figures
from extractor.db.store import (
    content_hash, ingest_document, iter_documents, load_document, row_counts, source_key,
)
from extractor.models import Document, IndicatorRecord, PlaceMention, ProgramMention
from extractor.parallel import ExtractionError, process_documents, process_for_ingest
from extractor.pipeline import Pipeline
from extractor.reader import RawDocument, ReadError, read_documents

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL = SHARED / "corpus" / "real"
PG_ENV = "CNIE_TEST_PG_URL"

needs_real = pytest.mark.skipif(
    not (REAL / "manifest.jsonl").is_file(),
    reason=f"../shared/corpus/real is not beside the repo ({REAL}); it is present in CI")


# --- databases -------------------------------------------------------------------------------

def _pg_server_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {PG_ENV} is not set: .ci/run must start PostgreSQL "
                    "(scripts/ci_postgres.sh) and export its URL")
    pytest.skip(f"{PG_ENV} is not set (start a server with scripts/ci_postgres.sh and export "
                "its last line); the PostgreSQL cases run in CI")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL of a new, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'achievements.db'}"
        return
    server = make_engine(_pg_server_url(), isolation_level="AUTOCOMMIT")
    name = f"cnie_t_{uuid.uuid4().hex[:12]}"
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture
def engine(db_url):
    eng = open_database(db_url)
    yield eng
    eng.dispose()


class Extracted(dict):
    """source path -> Processed (Document, normalized text); ``failed``: inputs whose
    extraction raised (the extractors' own tests answer for those; here they must be reported
    and must not stop the run)."""

    failed: list[str]


@pytest.fixture(scope="module")
def real_docs() -> Extracted:
    """The real corpus extracted once, as ``cnie ingest`` extracts it."""
    if not (REAL / "manifest.jsonl").is_file():
        pytest.skip(f"../shared/corpus/real is not beside the repo ({REAL}); present in CI")
    out = Extracted()
    out.failed = []
    for res in process_for_ingest(read_documents([str(REAL)]), workers=2):
        if isinstance(res, (ReadError, ExtractionError)):
            out.failed.append(str(res))
        else:
            out[res.document.source_path] = res
    assert len(out) + len(out.failed) == 47
    assert len(out) >= 30, out.failed
    return out


def _stored(engine) -> dict[str, Document]:
    return {d.source_path: d for d in iter_documents(engine)}


def _cli(*args: str):
    from extractor.cli import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


# --- schema ----------------------------------------------------------------------------------

def test_migrated_schema_matches_models(engine):
    """The Alembic migrations create exactly the tables, columns and indexes of the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
        assert ctx.get_current_revision() == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) == tables


# --- idempotent ingest -----------------------------------------------------------------------

@needs_real
def test_ingest_real_corpus_twice_changes_nothing(db_url, real_docs):
    n_ok, n_failed = len(real_docs), len(real_docs.failed)
    first = _cli("ingest", str(REAL), "--db", db_url, "--workers", "2", "--no-progress")
    assert first.exit_code == (1 if n_failed else 0), first.output
    assert f"{n_ok} added, 0 replaced, 0 unchanged, 0 duplicate, {n_failed} failed" \
        in first.output
    engine = make_engine(db_url)
    try:
        counts = row_counts(engine)
        assert counts["documents"] == n_ok
        assert counts["mentions"] == sum(len(p.document.mentions) for p in real_docs.values())
        assert counts["indicator_records"] == sum(len(p.document.records)
                                                  for p in real_docs.values())
        second = _cli("ingest", str(REAL), "--db", db_url, "--no-progress")
        assert second.exit_code == (1 if n_failed else 0), second.output
        assert f"0 added, 0 replaced, {n_ok} unchanged, 0 duplicate, {n_failed} failed" \
            in second.output
        assert row_counts(engine) == counts
        # The same documents through the store API: every one is a no-op.
        for p in real_docs.values():
            assert ingest_document(engine, p.document, p.normalized).status == "unchanged"
        assert row_counts(engine) == counts
        # What is stored is what the pipeline extracts, field for field.
        stored = _stored(engine)
        for path, p in real_docs.items():
            assert stored[path] == p.document, path
    finally:
        engine.dispose()


def _doc(path: str, body: str, records=(), mentions=()) -> Document:
    return Document(doc=Path(path).stem + ".txt", id=Path(path).stem, source_path=path,
                    text=body, mentions=list(mentions), records=list(records))


def test_changed_document_replaces_old_version(engine, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    files = {
        "a.txt": "普安县2020年脱贫79744人，贫困发生率降至0.5%。\n",
        "b.txt": "贵阳市今年新增就业岗位1.2万个，同比增长8%。\n",
        "c.txt": "六盘水市建成通组硬化路3000公里。\n",
    }
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    url = engine.url.render_as_string(hide_password=False)
    assert _cli("ingest", str(folder), "--db", url, "--no-progress").exit_code == 0
    with engine.connect() as conn:
        old_id = conn.execute(select(DocumentRow.id).where(
            DocumentRow.doc_id == "b")).scalar_one()
    before = row_counts(engine)

    (folder / "b.txt").write_text("贵阳市今年新增就业岗位1.5万个，同比增长9%，"
                                  "城镇登记失业率3.2%。\n", encoding="utf-8")
    out = _cli("ingest", str(folder), "--db", url, "--no-progress")
    assert out.exit_code == 0, out.output
    assert "0 added, 1 replaced, 2 unchanged" in out.output
    assert row_counts(engine)["documents"] == before["documents"] == 3
    with engine.connect() as conn:
        row = conn.execute(select(DocumentRow).where(DocumentRow.doc_id == "b")).one()
        assert row.id != old_id
        assert "1.5万" in row.raw_text
        for table in (MentionRow, RecordRow):
            assert conn.execute(select(func.count()).select_from(table)
                                .where(table.document_id == old_id)).scalar_one() == 0
        fresh = Pipeline().process(next(d for d in read_documents([folder / "b.txt"])))
        assert load_document(conn, row.id) == fresh

    # Records, places and programmes go with the old version too.
    path = str(tmp_path / "x.txt")
    v1 = _doc(path, "某县减贫100人。", records=[
        IndicatorRecord(id="r1", start=4, end=8, text="100人", value=100, unit="人",
                        place="某县", place_adcode="520101"),
        IndicatorRecord(id="r2", start=4, end=8, text="100人", value=100, unit="人")],
        mentions=[PlaceMention(start=0, end=2, text="某县", name="某县", level="county",
                               adcode="520101"),
                  ProgramMention(start=2, end=4, text="减贫", name="减贫", kind="campaign",
                                 program_id="p1")])
    r1 = ingest_document(engine, v1)
    assert r1.status == "added"
    counts_v1 = row_counts(engine)
    v2 = _doc(path, "某县减贫200人。", records=[
        IndicatorRecord(id="r1", start=4, end=8, text="200人", value=200, unit="人")])
    r2 = ingest_document(engine, v2)
    assert r2.status == "replaced" and r2.document_id != r1.document_id
    counts_v2 = row_counts(engine)
    assert counts_v2["documents"] == counts_v1["documents"]
    assert counts_v2["indicator_records"] == counts_v1["indicator_records"] - 1
    assert counts_v2["places"] == counts_v1["places"] - 1
    assert counts_v2["programmes"] == counts_v1["programmes"] - 1
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if "document_id" in table.c:
                n = conn.execute(select(func.count()).select_from(table).where(
                    table.c.document_id == r1.document_id)).scalar_one()
                assert n == 0, table.name
        assert load_document(conn, r2.document_id) == v2
    # The same content again, even from another path: nothing is written.
    assert ingest_document(engine, v2).status == "unchanged"
    assert ingest_document(engine, _doc(str(tmp_path / "y.txt"), v2.text)).status == "duplicate"
    assert row_counts(engine) == counts_v2


def test_qa_flags_are_stored_and_go_with_their_documents(engine, tmp_path):
    from extractor.db.models import QAFlagRow
    from extractor.db.store import add_qa_flags

    a = ingest_document(engine, _doc(str(tmp_path / "a.txt"), "冰毒片剂108.86公斤。"))
    b = ingest_document(engine, _doc(str(tmp_path / "b.txt"), "海洛因108.86公斤。"))
    add_qa_flags(engine, b.document_id, [
        {"check_id": "cross.same_value_other_object", "severity": "warning",
         "message": "108.86公斤 is 冰毒片剂 in a.txt and 海洛因 here", "record_ids": ["r1"],
         "evidence": {"documents": ["a", "b"]}, "other_document_id": a.document_id}])
    assert row_counts(engine)["qa_flags"] == 1
    ingest_document(engine, _doc(str(tmp_path / "a.txt"), "冰毒片剂108.87公斤。"))
    assert row_counts(engine)["qa_flags"] == 0  # stale once either side changes

    # Many flags at once (PostgreSQL writes batches with COPY): defaults filled, JSON intact.
    many = [{"flag_id": f"q{i}", "check_id": "stated_change", "severity": "error",
             "message": f"from 4.16万亿元 to 5.67万亿元 is 36.30%, not {i}% 'quoted'\t;",
             "evidence": {"records": [f"r{i}"], "spans": [[i, i + 3]], "recomputed": 36.3,
                          "tolerance": None}} for i in range(40)]
    d = ingest_document(engine, _doc(str(tmp_path / "m.txt"), "多条。"), qa_flags=many)
    with engine.connect() as conn:
        rows = conn.execute(select(QAFlagRow).where(QAFlagRow.document_id == d.document_id)
                            .order_by(QAFlagRow.id)).all()
    assert [r.flag_id for r in rows] == [f"q{i}" for i in range(40)]
    assert all(r.created_at is not None for r in rows)
    assert rows[7].message == many[7]["message"] and rows[7].evidence == many[7]["evidence"]
    assert rows[7].record_ids == ["r7"]

    if "flags" not in Document.model_fields:
        pytest.skip("Document has no flags field yet (issue 9): own flags not tested")
    from extractor.models import QAFlag

    flag = QAFlag.model_validate({
        "id": "f1", "check": "arith.rate", "severity": "error", "message": "90% ≠ 3261/3628",
        "evidence": {"records": ["r1", "r2"], "spans": [[0, 4]], "recomputed": 89.9,
                     "tolerance": 0.5}})
    doc = _doc(str(tmp_path / "c.txt"), "转化率为90%。").model_copy(update={"flags": [flag]})
    c = ingest_document(engine, doc)
    with engine.connect() as conn:
        row = conn.execute(select(QAFlagRow).where(QAFlagRow.document_id == c.document_id)).one()
        assert (row.flag_id, row.check_id, row.record_ids) == ("f1", "arith.rate", ["r1", "r2"])
        assert load_document(conn, c.document_id) == doc


# --- crash safety ----------------------------------------------------------------------------

def _writer_in_transaction(engine) -> bool:
    """Whether another connection holds an open write transaction right now."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            return conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%' "
                "OR (state = 'active' AND query LIKE 'INSERT%' AND datname = current_database() "
                "AND pid <> pg_backend_pid())")).scalar_one() > 0
    import sqlite3

    probe = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")  # fails while the writer holds the write lock
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as e:
        assert "locked" in str(e) or "busy" in str(e), e
        return True
    finally:
        probe.close()


@needs_real
def test_killed_ingest_leaves_whole_documents_and_rerun_completes(db_url, real_docs, tmp_path):
    # The 12 smallest real articles (with their manifest), to keep the test quick.
    corpus = tmp_path / "real"
    corpus.mkdir()
    for f in sorted(REAL.glob("*.txt"), key=lambda p: p.stat().st_size)[:12]:
        shutil.copy(f, corpus / f.name)
    shutil.copy(REAL / "manifest.jsonl", corpus / "manifest.jsonl")
    expected = {}  # what a fresh extraction gives for each copy
    for f in corpus.glob("*.txt"):
        fresh = real_docs.get(str(REAL / f.name))
        if fresh is not None:
            expected[str(f)] = fresh.document.model_copy(update={"source_path": str(f)})
    n_failed = 12 - len(expected)

    engine = open_database(db_url)
    cmd = [sys.executable, "-m", "extractor.cli", "ingest", str(corpus), "--db", db_url,
           "--no-progress"]
    # Sleep inside each document's transaction, after its row and before its mentions, so the
    # kill lands mid-transaction (checked below before killing).
    env = {**os.environ, "CNIE_DB_SLOW_WRITE": "0.3"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        killed_in_transaction = False
        while time.monotonic() < deadline and proc.poll() is None:
            with engine.connect() as conn:
                n = conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one()
            if n >= 3 and _writer_in_transaction(engine):
                os.kill(proc.pid, signal.SIGKILL)
                killed_in_transaction = True
                break
            time.sleep(0.02)
        assert killed_in_transaction, "ingest finished before it could be killed: " + \
            proc.stderr.read().decode()
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    try:
        stored = _stored(engine)
        assert 3 <= len(stored) < len(expected)
        for path, doc in stored.items():  # no partial document: all of it, exactly
            assert doc == expected[path], path
        with engine.connect() as conn:
            for table in (MentionRow, RecordRow):
                orphans = conn.execute(select(func.count()).select_from(table).where(
                    table.document_id.not_in(select(DocumentRow.id)))).scalar_one()
                assert orphans == 0

        rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert rerun.returncode == (1 if n_failed else 0), rerun.stderr
        assert (f"{len(expected) - len(stored)} added, 0 replaced, {len(stored)} unchanged, "
                f"0 duplicate, {n_failed} failed") in rerun.stderr
        final = _stored(engine)
        assert final == expected
    finally:
        engine.dispose()


# --- queries ---------------------------------------------------------------------------------

def _rec(rid: str, value: float, indicator: str, place: str | None = None,
         adcode: str | None = None, period: str | None = None, program: str | None = None,
         program_id: str | None = None) -> IndicatorRecord:
    return IndicatorRecord(id=rid, start=0, end=1, text="x", value=value, unit="人",
                           indicator=indicator, place=place, place_adcode=adcode, period=period,
                           program=program, program_id=program_id)


@pytest.fixture
def figures(engine, tmp_path):
    guizhou = _doc(str(tmp_path / "gz.txt"), "贵州省普安县脱贫。", records=[
        _rec("r1", 79744, "脱贫人口", "普安县", "522323", "2020", "脱贫攻坚", "p1"),
        _rec("r2", 18151, "易地扶贫搬迁人口", "贵阳市", "520100", "2019-06"),
        _rec("r3", 12, "减贫率%", "六盘水市", "520200", "2016/2020"),
        _rec("r4", 3, "O'Brien指数; DROP", None, None, None, "新时代文明实践", "p2"),
    ], mentions=[PlaceMention(start=0, end=3, text="贵州省", name="贵州省", level="province",
                              adcode="520000"),
                 ProgramMention(start=0, end=1, text="贵", name="新时代文明实践中心建设",
                                kind="project", program_id="p2")])
    beijing = _doc(str(tmp_path / "bj.txt"), "北京市新增就业。", records=[
        _rec("r1", 26, "新增就业", "北京市", "110000", "2020"),
        _rec("r2", 5, "脱贫_人口", "东城区", "110101", "2021")])
    for d in (guizhou, beijing):
        assert ingest_document(engine, d).status == "added"
    return engine


def _ids(rows) -> list[tuple[str, str]]:
    return sorted((r["doc_id"], r["record_id"]) for r in rows)


def test_query_by_province_prefix_returns_county_figures(figures):
    gz = [("gz", "r1"), ("gz", "r2"), ("gz", "r3")]
    for place in ("52", "520000", "贵州", "贵州省"):
        assert _ids(find_figures(figures, place=place)[1]) == gz, place
    assert _ids(find_figures(figures, place="522300")[1]) == [("gz", "r1")]
    assert _ids(find_figures(figures, place="普安县")[1]) == [("gz", "r1")]
    assert _ids(find_figures(figures, place="110000")[1]) == [("bj", "r1"), ("bj", "r2")]
    assert adcode_prefix("520000") == "52" and adcode_prefix("522300") == "5223"


def test_query_by_indicator_period_programme(figures):
    assert _ids(find_figures(figures, indicator="脱贫")[1]) == [("bj", "r2"), ("gz", "r1")]
    assert _ids(find_figures(figures, period="2020")[1]) == [("bj", "r1"), ("gz", "r1"),
                                                              ("gz", "r3")]
    assert _ids(find_figures(figures, period="2019")[1]) == [("gz", "r2")]
    assert _ids(find_figures(figures, program="p1")[1]) == [("gz", "r1")]
    assert _ids(find_figures(figures, program="文明实践中心")[1]) == [("gz", "r4")]
    assert _ids(find_figures(figures, indicator="人口", place="52", period="2020")[1]) == \
        [("gz", "r1")]


@pytest.mark.parametrize("value, expected", [
    ("%", [("gz", "r3")]),                  # a literal percent sign, not a wildcard
    ("_", [("bj", "r2")]),                  # a literal underscore
    ("O'Brien", [("gz", "r4")]),            # a quote
    ("; DROP", [("gz", "r4")]),             # a semicolon
    ("'; DROP TABLE documents; --", []),
    ("' OR '1'='1", []),
    ("\\", []),
])
def test_query_parameters_are_bound(figures, value, expected):
    assert _ids(find_figures(figures, indicator=value)[1]) == expected
    for kw in ("place", "period", "program"):
        find_figures(figures, **{kw: value})  # no SQL error, whatever the value
    assert find_figures(figures, place="52%")[1] == []
    assert row_counts(figures)["documents"] == 2  # nothing was dropped


def test_query_and_export_commands(figures, tmp_path):
    import json

    import pyarrow.parquet as pq

    url = figures.url.render_as_string(hide_password=False)
    res = _cli("query", "--place", "52", "--format", "json", "--db", url)
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert sorted(r["record_id"] for r in rows) == ["r1", "r2", "r3"]
    res = _cli("query", "--indicator", "脱贫", "--format", "table", "--db", url)
    assert res.exit_code == 0 and "普安县" in res.stdout
    res = _cli("query", "--place", "贵州", "--format", "csv", "--db", url)
    assert res.exit_code == 0 and len(res.stdout.strip().splitlines()) == 4
    out = tmp_path / "q.parquet"
    res = _cli("query", "--period", "2020", "--format", "parquet", "-o", str(out), "--db", url)
    assert res.exit_code == 0 and pq.read_table(out).num_rows == 3

    res = _cli("export", "--format", "parquet", "-o", str(tmp_path / "pq"), "--db", url)
    assert res.exit_code == 0, res.output
    counts = row_counts(figures)
    for name, n in counts.items():
        assert pq.read_table(tmp_path / "pq" / f"{name}.parquet").num_rows == n
    res = _cli("export", "--format", "csv", "-o", str(tmp_path / "csv"), "--db", url)
    assert res.exit_code == 0 and (tmp_path / "csv" / "indicator_records.csv").is_file()
    res = _cli("export", "--format", "jsonl", "-o", str(tmp_path / "all.jsonl"), "--db", url)
    assert res.exit_code == 0
    docs = [Document.model_validate_json(line) for line in
            (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {d.id for d in docs} == {"gz", "bj"} and sum(len(d.records) for d in docs) == 6


def test_ingest_reports_bad_inputs_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text("贵阳市新增就业岗位1.2万个。\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    url = f"sqlite:///{tmp_path / 'a.db'}"
    res = _cli("ingest", str(folder), str(tmp_path / "missing.txt"), "--db", url,
               "--no-progress")
    assert res.exit_code == 1
    errors = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2 and any("missing.txt" in e for e in errors)
    assert "1 added" in res.output
    res = _cli("query", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert res.exit_code == 2


# --- parallel extraction ---------------------------------------------------------------------

def test_process_documents_parallel_is_ordered_and_passes_errors(tmp_path):
    items = [RawDocument(id=f"d{i}", doc=f"d{i}.txt", text=f"第{i}季度新增就业{i * 100}人。",
                         path=f"d{i}.txt") for i in range(9)]
    items.insert(4, ReadError("bad.txt", "empty file"))
    serial = list(process_documents(items, workers=1))
    parallel = list(process_documents(items, workers=2))
    assert parallel == serial
    assert isinstance(parallel[4], ReadError)
    assert [d.id for d in parallel if isinstance(d, Document)] == [f"d{i}" for i in range(9)]


def test_source_key_and_hash():
    d = _doc("rel/a.txt", "文本")
    assert source_key(d) == os.path.abspath("rel/a.txt")
    j = Document(doc="x.txt", id="x", source_path="f.jsonl:3", text="t")
    assert source_key(j) == os.path.abspath("f.jsonl") + "#x"
    assert source_key(Document(doc="y.txt", id="y", text="t")) == "id:y"
    assert content_hash("文本") == content_hash("文本") != content_hash("文本 ")


def test_new_sqlite_database_is_migrated_to_head(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    eng = open_database(url)
    try:
        from extractor.db import current_revision

        assert current_revision(eng) == head_revision()
        with eng.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        eng.dispose()
    shutil.rmtree(tmp_path, ignore_errors=True)
