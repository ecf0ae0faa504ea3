"""The review page (issue 11) through FastAPI's TestClient: pages render, the JSON API and its
OpenAPI schema, filters, escaping of hostile text, highlighted spans equal to the mentions,
flags linked to elements that exist, and ``cnie report``'s self-contained file."""
from __future__ import annotations

import html
import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from typer.testing import CliRunner

from extractor.cli import app as cli_app
from extractor.db import open_database
from extractor.db.store import add_qa_flags, ingest_document
from extractor.models import (
    DateMention, Document, Evidence, IndicatorRecord, Metadata, PlaceMention, ProgramMention,
    QAFlag, QuantityMention,
)
from extractor.pipeline import Pipeline
from extractor.reader import RawDocument, read_documents
from extractor.web.render import Interval, document_view, highlight, safe_url, sentence_bounds

with warnings.catch_warnings():  # starlette's note about httpx vs httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from extractor.web.app import create_app

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"../shared/corpus/seeds is not beside the repo ({SEEDS}); "
    "it is present in CI")

HOSTILE_TITLE = '<script>alert(1)</script>" onmouseover="alert(2)'
HOSTILE_TEXT = (
    '<script>alert(1)</script>" onmouseover="alert(2)" x="\r\n'
    "2023年，贵州省新建学校120所，其中小学80所、中学50所。"
    "“<script>alert(3)</script>”工程\" onmouseover=\"alert(4)覆盖5000人。\n"
)
HOSTILE_META = {"title": HOSTILE_TITLE, "source": "<img src=x onerror=alert(5)>",
                "url": "javascript:alert(6)"}


def hostile_document(pipeline: Pipeline) -> Document:
    return pipeline.process(RawDocument(id="hostile", doc="hostile.txt", text=HOSTILE_TEXT,
                                        meta=dict(HOSTILE_META)))


def handmade_document() -> Document:
    """Nested and crossing mentions, a flag on a span inside a mention, a record."""
    text = "2021年贵州省六盘水市完成投资1.5亿元，增长12%。\n“三变”改革覆盖300个村。"
    def span(s: str, nth: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return i, i + len(s)
    s_d, e_d = span("2021年")
    s_p, e_p = span("贵州省六盘水市")
    s_p2, e_p2 = span("六盘水市")
    s_q, e_q = span("1.5亿元")
    s_r, e_r = span("12%")
    s_g, e_g = span("“三变”改革")
    s_x, e_x = span("改革覆盖300")  # crosses the programme
    s_c, e_c = span("300个")
    mentions = [
        DateMention(start=s_d, end=e_d, text=text[s_d:e_d], value="2021"),
        PlaceMention(start=s_p, end=e_p, text=text[s_p:e_p], name="贵州省", level="province",
                     adcode="520000"),
        PlaceMention(start=s_p2, end=e_p2, text=text[s_p2:e_p2], name="六盘水市",
                     level="prefecture", adcode="520200", parent="520000"),
        QuantityMention(start=s_q, end=e_q, text=text[s_q:e_q], value=150000000.0, unit="元",
                        indicator="投资", place="六盘水市", period="2021"),
        QuantityMention(start=s_r, end=e_r, text=text[s_r:e_r], value=12.0, unit="%",
                        change="increase", indicator="投资"),
        ProgramMention(start=s_g, end=e_g, text=text[s_g:e_g], name="三变改革", kind="project",
                       program_id="prog_sanbian"),
        QuantityMention(start=s_x, end=e_x, text=text[s_x:e_x], value=300.0),
        QuantityMention(start=s_c, end=e_c, text=text[s_c:e_c], value=300.0, unit="个",
                        indicator="村"),
    ]
    sentence_end = text.index("。") + 1
    records = [
        IndicatorRecord(id="r1", start=s_q, end=e_q, text=text[s_q:e_q], value=150000000.0,
                        unit="元", indicator="投资", place="六盘水市", place_adcode="520200",
                        period="2021", sentence=text[:sentence_end], sentence_start=0,
                        sentence_end=sentence_end),
        IndicatorRecord(id="r2", start=s_c, end=e_c, text=text[s_c:e_c], value=300.0, unit="个",
                        indicator="行政村", program="三变改革", program_id="prog_sanbian",
                        sentence_start=sentence_end + 1, sentence_end=len(text),
                        sentence=text[sentence_end + 1:]),
    ]
    flags = [QAFlag(id="q1", check="share_over_100", severity="warning", message="demo flag",
                    evidence=Evidence(records=["r1"], spans=[(s_r, e_r)], texts=["12%"],
                                      documents=["handmade"]))]
    return Document(doc="handmade.txt", id="handmade", meta=Metadata(title="手工文档",
                    published="2021-12-31", source="测试", url="https://example.org/a?b=1&c=2"),
                    text=text, mentions=mentions, records=records, flags=flags)


# --- HTML inspection ---------------------------------------------------------------------------

class Tree(HTMLParser):
    """Collects every start tag, the text of each mention and span, and checks nesting."""

    VOID = {"meta", "link", "input", "br", "img", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.mentions: dict[str, list[str]] = {}
        self.ids: set[str] = set()
        self.text_parts: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.title = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag in self.VOID:
            return
        self.stack.append((tag, a))
        if tag == "mark" and "data-mention-id" in a:
            self.mentions.setdefault(a["data-mention-id"], []).append("")
        if tag == "script":
            self.scripts.append((a, ""))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        for tag, a in self.stack:
            if tag == "mark" and "data-mention-id" in a:
                self.mentions[a["data-mention-id"]][-1] += data
        if any(t == "div" and "doc-text" in a.get("class", "").split() for t, a in self.stack):
            self.text_parts.append(data)
        if self.stack and self.stack[-1][0] == "script":
            a, s = self.scripts[-1]
            self.scripts[-1] = (a, s + data)
        if self.stack and self.stack[-1][0] == "title":
            self.title += data


def parse(page: str) -> Tree:
    t = Tree()
    t.feed(page)
    t.close()
    assert not t.stack, f"unclosed: {t.stack}"
    return t


def assert_spans_equal_mentions(tree: Tree, doc: Document) -> None:
    assert "".join(tree.text_parts) == doc.text
    assert len(tree.mentions) == len(doc.mentions)
    for i, m in enumerate(doc.mentions):
        assert "".join(tree.mentions[f"m{i}"]) == m.text


def assert_no_injected_markup(tree: Tree) -> None:
    for tag, attrs in tree.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert tag not in ("img", "iframe", "object", "embed"), (tag, attrs)
        for k in ("href", "src"):
            assert not attrs.get(k, "").lower().startswith("javascript"), (tag, attrs)
    for attrs, body in tree.scripts:  # ours only: the page script and the JSON data block
        assert attrs.get("src") == "/static/review.js" or attrs.get("type") == \
            "application/json" or (not attrs and "cnie review page" in body), attrs


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="module")
def stored(tmp_path_factory, pipeline):
    """A SQLite database with the hostile document, the handmade one and a cross-document
    flag between them; returns (engine, {doc id: database id}, {doc id: Document})."""
    path = tmp_path_factory.mktemp("webdb") / "review.db"
    engine = open_database(f"sqlite:///{path}")
    docs = {"hostile": hostile_document(pipeline), "handmade": handmade_document()}
    pks = {k: ingest_document(engine, d).document_id for k, d in docs.items()}
    add_qa_flags(engine, pks["handmade"], [{
        "id": "x1", "check": "cross_conflict", "severity": "warning",
        "message": "投资 differs", "other_document_id": pks["hostile"],
        "evidence": {"records": ["handmade:r1", "hostile:r1"],
                     "spans": [[docs["handmade"].records[0].start,
                                docs["handmade"].records[0].end],
                               [docs["hostile"].records[0].start,
                                docs["hostile"].records[0].end]],
                     "texts": [docs["handmade"].records[0].text,
                               docs["hostile"].records[0].text],
                     "documents": ["handmade", "hostile"]}}])
    yield engine, pks, docs
    engine.dispose()


@pytest.fixture(scope="module")
def client(stored):
    engine, _, _ = stored
    with TestClient(create_app(engine)) as c:
        yield c


# --- the highlighter ---------------------------------------------------------------------------

def test_highlight_escapes_and_keeps_text():
    text = 'a<b>&"c\'d<script>e'
    out = highlight(text, [Interval(1, 4, "mention", "m0", "quantity"),
                           Interval(2, 9, "mention", "m1", "date"),
                           Interval(3, 6, "span", "3-6")])
    assert "<script>" not in out and "<b>" not in out
    tree = Tree()
    tree.feed("<div class=\"doc-text\">" + str(out) + "</div>")
    assert "".join(tree.text_parts) == text
    assert "".join(tree.mentions["m0"]) == text[1:4]
    assert "".join(tree.mentions["m1"]) == text[2:9]
    assert 'id="span-3-6"' in out


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='ab<>&"\' 年。\r\n', min_size=1, max_size=30), st.data())
def test_highlight_any_overlap_is_well_formed(text, data):
    n = len(text)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=8))
    ivs = [Interval(min(a, b), max(a, b), "mention", f"m{i}", "place")
           for i, (a, b) in enumerate(pairs)]
    spans = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=3))
    ivs += [Interval(min(a, b), max(a, b), "span", f"{min(a, b)}-{max(a, b)}") for a, b in spans]
    out = highlight(text, ivs)
    tree = Tree()
    tree.feed('<div class="doc-text">' + str(out) + "</div>")
    tree.close()
    assert not tree.stack
    assert "".join(tree.text_parts) == text
    for iv in ivs:
        if iv.kind == "mention" and iv.start < iv.end:
            assert "".join(tree.mentions[iv.key]) == text[iv.start:iv.end]
    assert html.unescape(re.sub(r"<[^>]*>", "", out)) == text


def test_sentence_bounds_and_safe_url():
    text = "第一句。第二句有120所学校！第三句"
    s = text.index("120")
    assert text[slice(*sentence_bounds(text, s, s + 4))] == "第二句有120所学校！"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("https://example.org/x") == "https://example.org/x"


def test_document_view_nested_and_crossing_mentions():
    doc = handmade_document()
    view = document_view(doc)
    tree = parse('<div class="doc-text">' + str(view.html) + "</div>")
    assert_spans_equal_mentions(tree, doc)
    assert view.flags[0].anchor in tree.ids
    assert f"sent-{view.flags[0].sentence[0]}-{view.flags[0].sentence[1]}" in tree.ids
    assert view.record_of_mention == {"m3": "r1", "m7": "r2"}


# --- pages and API -----------------------------------------------------------------------------

def test_corpus_page_lists_documents_with_counts(client, stored):
    _, pks, docs = stored
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    tree = parse(r.text)
    assert_no_injected_markup(tree)
    rows = {a["data-doc-id"] for t, a in tree.tags if t == "tr" and "data-doc-id" in a}
    assert rows == {str(pk) for pk in pks.values()}
    assert "手工文档" in r.text
    assert str(escape(HOSTILE_TITLE)) in r.text


def test_api_documents_counts_and_filters(client, stored):
    _, pks, docs = stored
    r = client.get("/api/documents")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 2
    by_id = {d["doc_id"]: d for d in body["items"]}
    hand = by_id["handmade"]
    assert hand["n_mentions"] == len(docs["handmade"].mentions)
    assert hand["n_records"] == len(docs["handmade"].records)
    assert hand["n_flags"] == 2  # its own and the cross-document one
    assert by_id["hostile"]["n_flags"] == len(docs["hostile"].flags) + 1
    assert by_id["hostile"]["title"] == HOSTILE_TITLE

    def ids(**params):
        res = client.get("/api/documents", params=params)
        assert res.status_code == 200, res.text
        return {d["doc_id"] for d in res.json()["items"]}

    assert ids(place="六盘水") == {"handmade"}
    assert ids(place="520200") == {"handmade"}
    assert ids(place="52") == {"handmade", "hostile"}  # a province covers its divisions
    assert ids(place="贵州") == {"handmade", "hostile"}
    assert ids(indicator="投资") == {"handmade"}
    assert ids(program="三变") == {"handmade"}
    assert ids(program="prog_sanbian") == {"handmade"}
    assert ids(flag="share_over_100") == {"handmade"}
    assert ids(flag="cross_conflict") == {"handmade", "hostile"}
    assert ids(flag="any") == {"handmade", "hostile"}
    assert ids(q="手工") == {"handmade"}
    # user values are bound, LIKE wildcards escaped: these match nothing and break nothing
    assert ids(place="%") == set()
    assert ids(indicator="_") == set()
    assert ids(place="' OR 1=1 --") == set()
    assert client.get("/api/documents", params={"limit": 0}).status_code == 422
    assert client.get("/api/documents", params={"place": "x" * 500}).status_code == 422


def test_corpus_page_filters(client):
    r = client.get("/", params={"place": "六盘水", "flag": "any"})
    assert r.status_code == 200
    assert "手工文档" in r.text and "alert(1)" not in r.text.split("<tbody>")[1]
    r = client.get("/", params={"indicator": '"><script>alert(9)</script>'})
    assert r.status_code == 200
    assert "<script>alert(9)" not in r.text
    assert "&#34;&gt;&lt;script&gt;alert(9)" in r.text
    assert "No document matches" in r.text


def test_api_document_detail_and_openapi(client, stored):
    _, pks, docs = stored
    r = client.get(f"/api/documents/{pks['handmade']}")
    assert r.status_code == 200
    body = r.json()
    assert body["document"]["text"] == docs["handmade"].text
    assert [m["text"] for m in body["document"]["mentions"]] == \
        [m.text for m in docs["handmade"].mentions]
    checks = {f["check"]: f for f in body["flags"]}
    assert set(checks) == {"share_over_100", "cross_conflict"}
    assert checks["cross_conflict"]["other"]["doc_id"] == "hostile"
    assert client.get("/api/documents/999999").status_code == 404
    assert client.get("/api/facets").json()["checks"]
    schema = client.get("/openapi.json").json()
    assert {"/api/documents", "/api/documents/{doc_pk}", "/api/facets"} <= set(schema["paths"])
    assert "DocumentDetail" in schema["components"]["schemas"]


def test_document_page_spans_equal_mentions(client, stored):
    _, pks, docs = stored
    r = client.get(f"/documents/{pks['handmade']}")
    assert r.status_code == 200
    tree = parse(r.text)
    assert_spans_equal_mentions(tree, docs["handmade"])
    types = {a["data-mention-id"]: a["class"] for t, a in tree.tags if t == "mark"}
    for i, m in enumerate(docs["handmade"].mentions):
        assert f"ent-{m.type}" in types[f"m{i}"].split()
    # every flag and evidence link points at an element of the page
    links = [a for t, a in tree.tags if t == "a" and "data-anchor" in a]
    assert len(links) >= 2
    for a in links:
        assert a["href"] == "#" + a["data-anchor"] and a["data-anchor"] in tree.ids
        assert a["data-sentence"] in tree.ids
    # records table, popover data, the other document of the cross flag, the safe URL
    assert {"rec-r1", "rec-r2"} <= tree.ids
    data = json.loads(next(body for a, body in tree.scripts if a.get("type") ==
                           "application/json"))
    assert data["mentions"]["m3"]["value"] == 150000000.0 and data["mentions"]["m3"]["record"] \
        == "r1"
    assert f'href="/documents/{pks["hostile"]}"' in r.text
    assert 'href="https://example.org/a?b=1&amp;c=2"' in r.text


def test_hostile_document_renders_as_text(client, stored):
    _, pks, docs = stored
    doc = docs["hostile"]
    assert doc.mentions and doc.flags  # the pipeline found figures and a flag in it
    r = client.get(f"/documents/{pks['hostile']}")
    assert r.status_code == 200
    page = r.text
    assert "<script>alert" not in page
    assert 'onmouseover="alert' not in page
    assert "<img" not in page
    tree = parse(page)
    assert_no_injected_markup(tree)
    assert_spans_equal_mentions(tree, doc)
    assert tree.title.startswith(HOSTILE_TITLE)
    h1 = page.split('class="doc-title">', 1)[1].split("</h1>", 1)[0]
    assert html.unescape(h1) == HOSTILE_TITLE
    assert "javascript:alert(6)" in page  # shown as text ...
    assert not any(a.get("href", "").startswith("javascript") for _, a in tree.tags)  # not linked
    # the JSON block cannot be closed by the text it carries
    block = next(body for a, body in tree.scripts if a.get("type") == "application/json")
    assert "</" not in block
    assert json.loads(block)["mentions"]


def test_missing_page_is_html_404(client):
    r = client.get("/documents/424242")
    assert r.status_code == 404 and "no document 424242" in r.text


# --- commands ----------------------------------------------------------------------------------

def test_report_is_self_contained_and_escaped(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    rec = {"id": "hostile", "text": HOSTILE_TEXT, **HOSTILE_META}
    (src / "docs.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", "utf-8")
    (src / "plain.txt").write_text("标题\n2022年，六盘水市建成学校30所，其中小学20所、中学15所。\n",
                                   "utf-8")
    out = tmp_path / "report.html"
    res = CliRunner().invoke(cli_app, ["report", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text("utf-8")
    tree = parse(page)
    assert_no_injected_markup(tree)
    assert not any(t == "link" and a.get("rel") == "stylesheet" for t, a in tree.tags)
    assert not any(a.get("src") for t, a in tree.tags if t == "script")
    assert '<meta http-equiv="Content-Security-Policy"' in page
    assert "<style>" in page and "cnie review page" in page
    assert "<script>alert" not in page
    views = [a["data-prefix"] for t, a in tree.tags if t == "article"]
    assert views == ["d1-", "d2-"]
    for t, a in tree.tags:
        if t == "a" and "data-anchor" in a:
            assert a["data-anchor"] in tree.ids
    assert len(tree.ids) == len([a["id"] for _, a in tree.tags if "id" in a])  # ids unique


@needs_seeds
def test_report_over_seeds_spans_equal_mentions(tmp_path, pipeline):
    out = tmp_path / "seeds.html"
    res = CliRunner().invoke(cli_app, ["report", str(SEEDS), "-o", str(out), "--no-cross"])
    assert res.exit_code == 0, res.output
    page = out.read_text("utf-8")
    docs = [pipeline.process(r) for r in read_documents([SEEDS])]
    parts = page.split("<article ")[1:]
    assert len(parts) == len(docs)
    for doc, part in zip(docs, parts):
        tree = Tree()
        tree.feed("<article " + part.split("</article>")[0] + "</article>")
        assert_spans_equal_mentions(tree, doc)


def test_serve_refuses_missing_database(tmp_path):
    res = CliRunner().invoke(cli_app, ["serve", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert res.exit_code == 2
    assert "cnie ingest" in res.output


def test_sentence_split_by_crossing_mention_keeps_one_id():
    text = "第一句有十所学校。第二句"
    cross = text.index("学校")  # a mention from inside the sentence to past its end
    out = str(highlight(text, [Interval(cross, len(text), "mention", "m0", "program"),
                               Interval(0, text.index("。") + 1, "sent", "0-9")]))
    assert out.count('data-sent="0-9"') == 2 and out.count('id="sent-0-9"') == 1
    tree = parse('<div class="doc-text">' + out + "</div>")
    assert "".join(tree.mentions["m0"]) == text[cross:]


def test_serve_command_serves_the_database(stored, tmp_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    engine, pks, _ = stored
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "extractor.cli", "serve", "--db",
           engine.url.render_as_string(hide_password=False), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/documents",
                                            timeout=5) as r:
                    body = json.loads(r.read())
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "cnie serve did not answer"
                time.sleep(0.2)
        assert body["total"] == len(pks)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/documents/{pks['handmade']}",
                                    timeout=5) as r:
            assert "手工文档" in r.read().decode()
    finally:
        proc.terminate()
        proc.wait(10)
