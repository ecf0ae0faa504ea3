"""Reading real-world inputs: encodings, HTML, JSONL, and bad input reported without a crash."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extractor.reader import RawDocument, ReadError, read_documents

TEXT = "黔西南州公安局于2018年2月7日破获部级走私毒品目标案件，缴获冰毒片剂108.86公斤。\n"
TRAD = "興仁市貧困人口從2014年的22813戶95042人，下降至2839戶8107人。\n"


def _read(path: Path, **kw) -> list:
    return list(read_documents([path], **kw))


def test_utf8_text_is_read_exactly_as_on_disk(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(("\ufeff" + TEXT.replace("\n", "\r\n")).encode("utf-8"))
    (doc,) = _read(p)
    assert isinstance(doc, RawDocument)
    assert doc.text == "\ufeff" + TEXT.replace("\n", "\r\n")  # BOM and CRLF kept
    assert doc.doc == "a.txt"


def test_gbk_and_big5_are_detected(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes((TEXT * 3).encode("gbk"))
    big5 = tmp_path / "big5.txt"
    big5.write_bytes((TRAD * 3).encode("big5"))
    (a,) = _read(gbk)
    (b,) = _read(big5)
    assert a.text == TEXT * 3
    assert b.text == TRAD * 3


def test_bad_inputs_give_one_line_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 40)
    broken = (TEXT * 5).encode("utf-8")
    cut = len("黔西南州公安局于".encode("utf-8"))
    (tmp_path / "broken.txt").write_bytes(broken[:cut] + b"\xff\xfe" + broken[cut:])
    (tmp_path / "big.txt").write_bytes(b"x" * 2048)
    results = {Path(r.path).name: r for r in read_documents([tmp_path], max_bytes=1024)}
    assert "empty file" in results["empty.txt"].message
    assert isinstance(results["blob.txt"], ReadError)
    assert "invalid UTF-8 at byte 24" in results["broken.txt"].message
    assert "too large" in results["big.txt"].message
    assert all("\n" not in str(r) for r in results.values())


def test_html_visible_text_without_scripts(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>普安县脱贫</title><script>var x='缴获999公斤';</script>"
        "<style>p{color:red}</style><meta name='pubdate' content='2019-02-26 10:06'></head>"
        "<body><div>导航</div><p>普安县贫困人口下降至5889户。</p><script>alert(1)</script></body></html>",
        encoding="utf-8")
    (doc,) = _read(page)
    assert "5889户" in doc.text and "999公斤" not in doc.text and "alert" not in doc.text
    assert doc.meta["title"] == "普安县脱贫"
    assert doc.meta["published"] == "2019-02-26 10:06"


def test_jsonl_records_and_bad_lines(tmp_path):
    p = tmp_path / "docs.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": "a1", "text": TEXT, "published": "2019-11-18", "title": "t"},
                   ensure_ascii=False),
        "{not json",
        json.dumps({"id": "a3"}),
        json.dumps({"text": TRAD}, ensure_ascii=False),
    ]), encoding="utf-8")
    out = _read(p)
    docs = [d for d in out if isinstance(d, RawDocument)]
    errors = [d for d in out if isinstance(d, ReadError)]
    assert [d.id for d in docs] == ["a1", "docs-4"]
    assert docs[0].meta == {"published": "2019-11-18", "title": "t"}
    assert [(e.line, "JSON" in e.message) for e in errors] == [(2, True), (3, True)]


def test_manifest_supplies_metadata_and_is_not_a_document(tmp_path):
    (tmp_path / "x.txt").write_text("今天（8月10日）福贡县15个安置点热闹起来。", encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(
        json.dumps({"file": "x.txt", "published": "2022-08-10", "title": "T"}) + "\n",
        encoding="utf-8")
    (doc,) = _read(tmp_path)
    assert doc.meta["published"] == "2022-08-10"


def test_cli_reports_errors_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(tmp_path),
                           "--out-dir", str(out), "--no-progress"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2 and "Traceback" not in proc.stderr
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("bad.jsonl:1:" in e for e in errors)
    written = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert written["text"] == TEXT
    for m in written["mentions"]:
        assert written["text"][m["start"]:m["end"]] == m["text"]


def test_cli_jsonl_and_files_agree_across_workers(tmp_path):
    """``-o FILE.jsonl`` and ``--out-dir`` get the same UTF-8 JSON (the worker serializes to
    bytes), one line per document in input order, with one or two workers."""
    texts = {f"d{k}.txt": TEXT.replace("108", str(108 + k)) for k in range(5)}
    src = tmp_path / "in"
    src.mkdir()
    for name, text in texts.items():
        (src / name).write_text(text, encoding="utf-8")
    lines = {}
    for workers in (1, 2):
        out, jsonl = tmp_path / f"out{workers}", tmp_path / f"all{workers}.jsonl"
        proc = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(src),
                               "--out-dir", str(out), "-o", str(jsonl), "--workers",
                               str(workers), "--no-progress"], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        raw = jsonl.read_bytes()
        assert TEXT[:4].encode() in raw  # UTF-8, not \\u escapes
        lines[workers] = raw.decode("utf-8").splitlines()
        docs = [json.loads(ln) for ln in lines[workers]]
        assert [d["doc"] for d in docs] == sorted(texts)
        for d in docs:
            assert d["text"] == texts[d["doc"]]
            assert (out / (d["doc"][:-4] + ".json")).read_text(encoding="utf-8") == json.dumps(
                d, ensure_ascii=False, separators=(",", ":"))
    assert lines[1] == lines[2]
