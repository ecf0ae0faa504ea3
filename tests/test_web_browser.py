"""The review page in a real browser: headless Chromium (Debian's ``chromium``, installed by
``scripts/ci_browser.sh``) driven by Playwright, against ``cnie serve``'s app run by uvicorn on
127.0.0.1 over a temporary SQLite database into which ``../shared/corpus/seeds`` was ingested
(with ``extractor.db``'s ingest) plus a hostile document.

Checks: the corpus page lists the documents; a document's highlighted spans equal its
mentions (count and text); clicking a QA flag lands on its sentence (scrolled into view and
highlighted); a popover shows a figure's normalized value; the hostile document (and the
``cnie report`` file made of it) runs no script. Screenshots go to ``build/`` (CI artifact).

Skips when Chromium or Playwright is missing, except under CI=true, where that fails.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
BUILD = REPO / "build"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _require_browser():
    problem = None
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        problem = f"{CHROMIUM} is missing (install it with scripts/ci_browser.sh)"
    else:
        try:
            found = importlib.util.find_spec("playwright.sync_api") is not None
        except ImportError:
            found = False
        if not found:
            problem = "the playwright package is missing (pip install -e '.[browser]')"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {problem}: the browser tests must run in CI")
        pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, {doc id: database id}, {database id: API detail}) of a running server."""
    _require_browser()
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/corpus/seeds is not beside the repo ({SEEDS}); it is present "
                    "in CI")
    import uvicorn

    from extractor.db import open_database
    from extractor.db.ingest import run_ingest
    from extractor.db.store import ingest_document
    from extractor.pipeline import Pipeline
    from extractor.web.app import create_app

    from .test_web import hostile_document

    url = f"sqlite:///{tmp_path_factory.mktemp('browserdb') / 'review.db'}"
    engine = open_database(url)
    stats = run_ingest(engine, [SEEDS])
    assert stats.failed == 0 and stats.stored == len(list(SEEDS.glob("*.txt"))), stats.summary()
    ingest_document(engine, hostile_document(Pipeline()))

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        yield base, engine
    finally:
        server.should_exit = True
        thread.join(10)
        engine.dispose()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1360, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []  # every alert/confirm/prompt the page tries to open
    pg.errors = []

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    ctx.close()


def _api(page, base, path):
    return json.loads(page.request.get(base + path).text())


MARKS_JS = """() => {
  const parts = {};
  document.querySelectorAll('.doc-text mark[data-mention-id]').forEach(m => {
    const id = m.getAttribute('data-mention-id');
    (parts[id] = parts[id] || []).push(m.textContent);
  });
  const out = {};
  for (const k in parts) out[k] = parts[k].join('');
  return {marks: out, text: document.querySelector('.doc-text').textContent};
}"""


def test_corpus_document_flag(site, page):
    base, _ = site
    BUILD.mkdir(exist_ok=True)
    listing = _api(page, base, "/api/documents?flag=any")
    flagged = [d for d in listing["items"] if d["doc_id"] != "hostile"]
    assert flagged, "the seeds should raise at least one QA flag"
    target = flagged[0]

    page.goto(base + "/")
    rows = page.locator("tr[data-doc-id]")
    assert rows.count() == _api(page, base, "/api/documents")["total"]
    page.screenshot(path=str(BUILD / "review-corpus.png"), full_page=True)

    # open the document from the corpus page
    page.click(f'tr[data-doc-id="{target["id"]}"] a.doc-link')
    page.wait_for_url(f"**/documents/{target['id']}")
    detail = _api(page, base, f"/api/documents/{target['id']}")
    doc = detail["document"]
    got = page.evaluate(MARKS_JS)
    assert got["text"] == doc["text"]
    assert len(got["marks"]) == len(doc["mentions"])
    assert page.locator(".doc-text mark.ent:not([data-part])").count() == len(doc["mentions"])
    for i, m in enumerate(doc["mentions"]):
        assert got["marks"][f"m{i}"] == m["text"]
        assert "ent-" + m["type"] in page.locator(
            f'.doc-text mark[data-mention-id="m{i}"]').first.get_attribute("class")

    # click the first QA flag: the page lands on its evidence span and sentence
    assert page.evaluate("() => window.scrollY") == 0
    link = page.locator(".flag-link").first
    anchor = link.get_attribute("data-anchor")
    sentence = link.get_attribute("data-sentence")
    link.click()
    page.wait_for_function("id => document.getElementById(id).classList.contains('flash')",
                           arg=anchor)
    state = page.evaluate("""([a, s]) => {
      const el = document.getElementById(a), sent = document.getElementById(s);
      const r = el.getBoundingClientRect();
      return {hash: location.hash, spanFlash: el.classList.contains('flash'),
              sentFlash: sent.classList.contains('flash'), sentText: sent.textContent,
              spanText: el.textContent, top: r.top, bottom: r.bottom, vh: window.innerHeight,
              scrollY: window.scrollY};
    }""", [anchor, sentence])
    assert state["hash"] == "#" + anchor
    assert state["spanFlash"] and state["sentFlash"]
    assert 0 <= state["top"] and state["bottom"] <= state["vh"], state  # on screen
    assert state["scrollY"] > 0  # the page moved to it
    s, e = (int(x) for x in anchor.rsplit("-", 2)[1:])
    assert state["spanText"] == doc["text"][s:e]
    assert state["spanText"] in state["sentText"]
    page.screenshot(path=str(BUILD / "review-document-flag.png"))

    # a figure's popover shows its normalized value
    qi = next(i for i, m in enumerate(doc["mentions"]) if m["type"] == "quantity"
              and m.get("value") is not None)
    mark = page.locator(f'.doc-text mark[data-mention-id="m{qi}"]').first
    mark.scroll_into_view_if_needed()
    mark.click()
    pop = page.locator(".popover")
    pop.wait_for(state="visible")
    value = doc["mentions"][qi]["value"]
    shown = page.locator(".popover .pvalue").text_content().replace(",", "")
    assert float(shown.split("–")[0]) == pytest.approx(value)
    page.screenshot(path=str(BUILD / "review-document-popover.png"))
    assert not page.dialogs and not page.errors


def test_hostile_document_runs_no_script(site, page):
    base, _ = site
    listing = _api(page, base, "/api/documents?q=alert")
    hostile = [d for d in listing["items"] if d["doc_id"] == "hostile"]
    assert len(hostile) == 1
    pk = hostile[0]["id"]
    page.goto(base + f"/documents/{pk}")
    page.wait_for_load_state("load")
    doc = _api(page, base, f"/api/documents/{pk}")["document"]
    assert page.locator("h1.doc-title").text_content() == doc["meta"]["title"]
    assert "<script>" in page.title()
    injected = "() => document.querySelectorAll('[onmouseover], [onerror], img').length"
    assert page.evaluate(injected) == 0
    assert page.evaluate("() => document.scripts.length") == 2  # review.js + the JSON block
    got = page.evaluate(MARKS_JS)
    assert got["text"] == doc["text"]
    assert [got["marks"][f"m{i}"] for i in range(len(doc["mentions"]))] == \
        [m["text"] for m in doc["mentions"]]
    # hover every mention, click every flag: still nothing runs
    for mark in page.locator(".doc-text mark").all():
        mark.hover()
    for link in page.locator(".flag-link, .span-link").all():
        link.click()
    page.mouse.move(5, 5)
    page.screenshot(path=str(BUILD / "review-hostile.png"))
    assert page.dialogs == []
    assert page.errors == []


def test_report_file_runs_no_script_and_works_offline(site, page, tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app as cli_app

    from .test_web import HOSTILE_META, HOSTILE_TEXT

    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps({"id": "hostile", "text": HOSTILE_TEXT, **HOSTILE_META},
                              ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "report.html"
    seed = sorted(SEEDS.glob("*.txt"))[1]
    res = CliRunner().invoke(cli_app, ["report", str(src), str(seed), "-o", str(out)])
    assert res.exit_code == 0, res.output
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    assert page.locator("article.doc-view").count() == 2
    # the inline script runs under the page's CSP: flags work in the file too
    link = page.locator(".flag-link[data-anchor]").first
    link.click()
    anchor = link.get_attribute("data-anchor")
    page.wait_for_function("id => document.getElementById(id).classList.contains('flash')",
                           arg=anchor)
    for mark in page.locator("#d1-doc .doc-text mark").all():
        mark.hover()
    page.screenshot(path=str(BUILD / "review-report.png"))
    assert page.dialogs == [] and page.errors == []
    assert all(u.startswith("file:") or u.startswith("data:") for u in requests), requests
    shutil.copy(out, BUILD / "review-report.html")
