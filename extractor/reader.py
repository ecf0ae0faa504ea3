"""Reading documents from disk: ``.txt``, ``.html``/``.htm`` and ``.jsonl``, any encoding.

The decoded text is what offsets index, so a text file is decoded exactly as it is on disk: no
BOM stripping, no newline translation. Encodings are detected with charset-normalizer (UTF-8,
UTF-8 with BOM, GB18030/GBK, Big5); a file that is mostly UTF-8 with broken bytes is reported,
not silently repaired. Every problem is a ``ReadError`` naming the file (and line) so that a run
over thousands of files reports it and goes on.

A ``manifest.jsonl`` beside the files (one ``{"file": name, "title", "published", "source",
"url"}`` per line, as crawlers write) supplies metadata for the files it names; it is not itself
read as documents.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MANIFEST_NAME = "manifest.jsonl"
META_KEYS = ("title", "published", "source", "url", "author")


@dataclass
class RawDocument:
    """A document as read: its text (what offsets index) and metadata the container gave."""

    id: str
    doc: str  # the name the scorer keys on: <stem>.txt
    text: str
    path: str | None = None
    format: str = "txt"
    meta: dict = field(default_factory=dict)


@dataclass
class ReadError:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class DecodeError(Exception):
    pass


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes; returns (text, encoding). Raises DecodeError with a plain reason."""
    if not data.strip():
        raise DecodeError("empty file")
    if data.startswith(b"\xef\xbb\xbf") or _is_utf8(data):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as e:  # BOM says UTF-8 but the bytes disagree
            raise DecodeError(f"invalid UTF-8 at byte {e.start}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (NUL bytes), not text")
    bad = _broken_utf8(data)
    if bad is not None:
        raise DecodeError(f"invalid UTF-8 at byte {bad} (file is otherwise UTF-8)")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8", "cp1252"]).best()
    if best is None or best.encoding == "cp1252" and _looks_binary(data):
        raise DecodeError("cannot detect a text encoding (binary file?)")
    enc = "gb18030" if best.encoding in ("gb2312", "gbk", "gb18030") else best.encoding
    text = data.decode(enc, errors="strict")
    if _looks_binary_text(text):
        raise DecodeError("binary file, not text")
    return text, enc


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _broken_utf8(data: bytes) -> int | None:
    """Offset of the first bad byte when the file is UTF-8 with a few broken sequences."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if multibyte >= 10 and bad <= max(4, multibyte // 20):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            return e.start
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return ctrl > len(sample) // 100


def _looks_binary_text(text: str) -> bool:
    sample = text[:4096]
    ctrl = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return ctrl > len(sample) // 100


def read_manifest(folder: Path) -> dict[str, dict]:
    """File name -> metadata from a crawler's ``manifest.jsonl`` in ``folder``, if any."""
    path = folder / MANIFEST_NAME
    out: dict[str, dict] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and rec.get("file"):
            out[rec["file"]] = {k: rec[k] for k in META_KEYS if rec.get(k)}
            if rec.get("publisher"):  # "source" in a crawl manifest is often provenance
                out[rec["file"]]["source"] = rec["publisher"]
            if rec.get("original_url") and "url" not in out[rec["file"]]:
                out[rec["file"]]["url"] = rec["original_url"]
    return out


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | ReadError]:
    """Files named, or found (recursively, sorted) under folders: a folder contributes its
    text, HTML and JSONL files; a file named explicitly is read whatever its suffix."""
    known = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if (f.is_file() and f.suffix.lower() in known and f.name != MANIFEST_NAME
                        and not f.name.startswith(".")):
                    yield f
        elif path.is_file():
            yield path
        else:
            yield ReadError(str(path), "no such file or directory")


def read_documents(
    paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | ReadError]:
    """Every document under ``paths``, or a ReadError for what cannot be read."""
    manifests: dict[Path, dict[str, dict]] = {}
    for f in iter_files(paths):
        if isinstance(f, ReadError):
            yield f
            continue
        if f.parent not in manifests:
            manifests[f.parent] = read_manifest(f.parent)
        yield from read_file(f, max_bytes, manifests[f.parent].get(f.name, {}))


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, meta: dict | None = None):
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(str(path), f"file too large ({size / 1e6:.1f} MB > "
                            f"{max_bytes / 1e6:.1f} MB limit; raise it with --max-bytes)")
            return
        data = path.read_bytes()
    except OSError as e:
        yield ReadError(str(path), f"cannot read: {e.strerror or e}")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, data)
        return
    try:
        text, _enc = decode_bytes(data)
    except DecodeError as e:
        yield ReadError(str(path), str(e))
        return
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _sniff_html(text)):
        from .html import html_to_text

        text, html_meta = html_to_text(text)
        if not text.strip():
            yield ReadError(str(path), "HTML page has no visible text")
            return
        yield RawDocument(id=path.stem, doc=path.stem + ".txt", text=text, path=str(path),
                          format="html", meta={**html_meta, **(meta or {})})
        return
    yield RawDocument(id=path.stem, doc=path.stem + ".txt", text=text, path=str(path),
                      format="txt", meta=dict(meta or {}))


def _sniff_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def _read_jsonl(path: Path, data: bytes):
    try:
        content, _ = decode_bytes(data)
    except DecodeError as e:
        yield ReadError(str(path), str(e))
        return
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(str(path), f"not JSON ({e.msg} at column {e.colno})", line=n)
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield ReadError(str(path), "JSON record has no string field 'text'", line=n)
            continue
        if not rec["text"].strip():
            yield ReadError(str(path), "empty text", line=n)
            continue
        doc_id = str(rec.get("id") or f"{path.stem}-{n}")
        meta = {k: rec[k] for k in META_KEYS if rec.get(k)}
        yield RawDocument(id=doc_id, doc=_safe_stem(doc_id) + ".txt", text=rec["text"],
                          path=f"{path}:{n}", format="jsonl", meta=meta)


def _safe_stem(doc_id: str) -> str:
    """A file-name-safe stem for an id (ids may be URLs)."""
    import re

    stem = re.sub(r"[^\w.\-]+", "_", doc_id).strip("._")
    return stem[:120] or "doc"
