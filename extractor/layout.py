"""Page layout: which lines are header, body or page furniture, and the metadata they carry.

Scraped press releases wrap the article in navigation, share widgets, font controls, editor
lines and repeated photo captions; their headers follow several conventions (seen in the seeds):
a title over one or more lines and a ``2019年11月18日16:50 来源:…`` line (people.cn, gov.cn),
``作者:… 发布时间:… 来源:…`` (county portals), a newswire dateline ``中新网贵州新闻3月3日电``
whose year is not written, ``发稿时间：109年12月23日16：30`` (Taiwan, Republic of China era),
YAML front matter (reposts) and Markdown headings (transcripts). The line patterns of page
furniture and the metadata labels are data in ``rules/boilerplate.tsv`` and
``rules/metadata.tsv``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from functools import lru_cache

from .models import LineInfo, Metadata
from .normalize import NormalizedText
from .rules import load_rows

HEADER_SCAN_LINES = 14
ROC_OFFSET = 1911

_DATETIME = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})[:时](?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
_ROC_DATETIME = re.compile(
    r"(?<!\d)(?P<y>\d{2,3})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"(?:\s*(?P<H>\d{1,2})[:时](?P<M>\d{2}))?"
)
# Newswire dateline: 中新网贵州新闻3月3日电 (the year is not written).
_DATELINE = re.compile(r"^(?P<src>[^\s，,。:：]{2,20}?)(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯)")
_FRONT_MATTER_KEY = re.compile(r"^(?P<k>[A-Za-z_]+)\s*:\s*(?P<v>.*)$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年|\D|$)")
_SINCE = re.compile(r"年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:份)?以来")
_ROC_YEAR = re.compile(r"(?<![\d.])(1[0-2]\d|[89]\d)年")
_AD_YEAR = re.compile(r"(?<![\d.])(?:19|20)\d{2}年")
_CN_AUTHOR_PAREN = re.compile(r"^[（(]([\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*)[)）]")


@dataclass
class Layout:
    lines: list[LineInfo]  # original offsets
    meta: Metadata
    roc_era: bool = False
    norm_line_starts: list[int] = field(default_factory=list)
    norm_line_zones: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _furniture_patterns() -> list[tuple[str, re.Pattern]]:
    return [(kind, re.compile(rx)) for kind, rx in load_rows("boilerplate.tsv")]


@lru_cache(maxsize=1)
def _label_patterns() -> dict[str, re.Pattern]:
    out: dict[str, list[str]] = {}
    for fld, rx in load_rows("metadata.tsv"):
        out.setdefault(fld, []).append(rx)
    return {f: re.compile(rf"(?:{'|'.join(rxs)})\s*[:：]\s*") for f, rxs in out.items()}


def classify_line(line: str) -> str | None:
    """The furniture kind of a normalized line, or None for content."""
    s = line.strip()
    for kind, rx in _furniture_patterns():
        if rx.search(s):
            return kind
    return None


def _iso(y: int, m: int, d: int, hh: str | None = None, mm: str | None = None,
         ss: str | None = None) -> str | None:
    try:
        dt.date(y, m, d)
    except ValueError:
        return None
    out = f"{y:04d}-{m:02d}-{d:02d}"
    if hh is not None and mm is not None and int(hh) < 24 and int(mm) < 60:
        out += f"T{int(hh):02d}:{mm}"
        if ss:
            out += f":{ss}"
    return out


def parse_published(value: str, roc_era: bool = False) -> str | None:
    """ISO form of a publication date written in a header, a meta tag or a manifest."""
    v = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?)?", v):
        return v.replace(" ", "T")
    m = _DATETIME.search(v)
    if m:
        return _iso(int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"], m["S"])
    if roc_era:
        m = _ROC_DATETIME.search(v)
        if m and int(m["y"]) < 200:
            return _iso(int(m["y"]) + ROC_OFFSET, int(m["m"]), int(m["d"]), m["H"], m["M"])
    try:
        d = parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError):
        return None
    if d is None:
        return None
    if d.utcoffset() == dt.timedelta(0):
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")
    return d.isoformat()


def detect_roc_era(norm: NormalizedText) -> bool:
    """Taiwan releases count years from 1912 (109年 = 2020): Traditional script and ROC-looking
    years outnumbering Gregorian ones. A mainland article's ``2019年`` never triggers it."""
    if norm.script != "traditional":
        return False
    sample = norm.text[:20000]
    return len(_ROC_YEAR.findall(sample)) > len(_AD_YEAR.findall(sample))


def analyze_layout(norm: NormalizedText, hints: dict | None = None,
                   today: dt.date | None = None) -> Layout:
    """Classify lines and read the metadata of the header (and footer editor lines)."""
    hints = hints or {}
    today = today or dt.date.today()
    roc = detect_roc_era(norm)
    text = norm.text
    spans = _line_spans(text)
    kinds: list[str | None] = [classify_line(text[s:e]) for s, e in spans]
    _mark_repeated_captions(text, spans, kinds)
    found = _HeaderReader(norm, spans, kinds, roc, today).read()
    meta = _merge_meta(found, hints, roc)
    zones, lines = [], []
    header_end = found.pop("_header_end", 0)
    footer = False
    for i, ((s, e), kind) in enumerate(zip(spans, kinds)):
        if kind == "editor":
            footer = True  # what follows the editor line is page footer
        if kind is not None:
            zone = "boilerplate"
        elif footer and i > header_end:
            zone, kind = "boilerplate", "footer"
        elif i < header_end:
            zone, kind = "header", found.get("_kinds", {}).get(i, "header")
        else:
            zone, kind = "body", "body"
        zones.append(zone)
        os_, oe = norm.to_original(s, e) if e > s else (norm.orig_index(s) if s < len(text)
                                                         else len(norm.original),) * 2
        lines.append(LineInfo(start=os_, end=oe, zone=zone, kind=kind))
    return Layout(lines=lines, meta=meta, roc_era=roc,
                  norm_line_starts=[s for s, _ in spans], norm_line_zones=zones)


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _mark_repeated_captions(text: str, spans, kinds) -> None:
    """A short line repeated verbatim (a photo caption shown twice) is page furniture."""
    seen: dict[str, int] = {}
    for i, (s, e) in enumerate(spans):
        line = text[s:e].strip()
        if len(line) < 6 or len(line) > 80 or kinds[i] is not None:
            continue
        if line in seen:
            kinds[i] = "caption"
            kinds[seen[line]] = kinds[seen[line]] or "caption"
        else:
            seen[line] = i


class _HeaderReader:
    """Reads title, date, source, author from the first lines, editors from any line."""

    def __init__(self, norm, spans, kinds, roc, today):
        self.norm, self.spans, self.kinds, self.roc, self.today = norm, spans, kinds, roc, today
        self.text = norm.text
        self.out: dict = {"editors": [], "_kinds": {}}

    def orig(self, s: int, e: int) -> str:
        if e <= s:
            return ""
        os_, oe = self.norm.to_original(s, e)
        return self.norm.original[os_:oe]

    def line(self, i: int) -> str:
        s, e = self.spans[i]
        return self.text[s:e]

    def read(self) -> dict:
        self._editors()
        start = self._front_matter()
        content = [i for i in range(start, len(self.spans))
                   if self.line(i).strip() and self.kinds[i] is None][:HEADER_SCAN_LINES]
        meta_idx = self._meta_line(content)
        if meta_idx is not None:
            self._title_before(content, meta_idx)
            self.out["_header_end"] = meta_idx + 1
            self._extend_meta_block(meta_idx)
        elif content:
            self._dateline_or_heading(content)
        return self.out

    # -- front matter and headings ---------------------------------------------------------
    def _front_matter(self) -> int:
        if not self.line(0).strip() == "---":
            return 0
        for i in range(1, min(len(self.spans), 60)):
            ln = self.line(i).strip()
            if ln == "---":
                self.out["_header_end"] = i + 1
                for k in range(i + 1):
                    self.out["_kinds"][k] = "front-matter"
                return i + 1
            m = _FRONT_MATTER_KEY.match(ln)
            if not m:
                continue
            key, val = m["k"].lower(), m["v"].strip().strip("'\"")
            if key == "title" and val:
                self._set("title", self.orig(*self._value_span(i, val)))
            elif key in ("date", "published", "pubdate") and val:
                self._set("published", parse_published(val, self.roc))
            elif key in ("author", "source") and val:
                self._set(key, val)
        return 0

    def _value_span(self, i: int, val: str) -> tuple[int, int]:
        s, e = self.spans[i]
        k = self.text.find(val, s, e)
        return (k, k + len(val)) if k >= 0 else (s, e)

    # -- the "date / source" line and the title above it -------------------------------------
    def _meta_line(self, content: list[int]) -> int | None:
        labels = _label_patterns()
        for i in content[:10]:
            ln = self.line(i)
            has_date = _DATETIME.search(ln) or (self.roc and _ROC_DATETIME.search(ln))
            labelled = labels["published"].search(ln) or labels["source"].search(ln)
            if has_date and (labelled or len(ln.strip()) < 40 and _has_time(ln)):
                self._read_meta_fields(i)
                return i
            if labelled and len(ln) < 60:
                self._read_meta_fields(i)
                if self.out.get("published"):
                    return i
        return None

    def _read_meta_fields(self, i: int) -> None:
        s, e = self.spans[i]
        ln = self.text[s:e]
        labels = _label_patterns()
        hits = sorted((m.start(), m.end(), f) for f, rx in labels.items() for m in rx.finditer(ln))
        for k, (a, b, f) in enumerate(hits):
            stop = hits[k + 1][0] if k + 1 < len(hits) else len(ln)
            val = ln[b:stop].strip()
            if not val:
                continue
            vs = s + b + (len(ln[b:stop]) - len(ln[b:stop].lstrip()))
            if f == "published":
                self._set("published", parse_published(val, self.roc))
            else:
                if f == "author":  # 发稿人：宋金燕 2991111转8419 (a phone number follows)
                    val = re.sub(r"\s*[\d\-转#]{5,}.*$", "", val)
                self._set(f, self.orig(vs, vs + len(val)))
        self._set("published", parse_published(ln, self.roc))
        self.out["_kinds"][i] = "dateline"

    def _set(self, key: str, value) -> None:
        if value and not self.out.get(key):
            self.out[key] = value

    def _extend_meta_block(self, meta_idx: int) -> None:
        """Metadata may continue on the next lines (发稿时间 after 发稿单位); take them too."""
        for j in range(meta_idx + 1, min(meta_idx + 3, len(self.spans))):
            ln = self.line(j)
            if ln.strip() and any(rx.match(ln.strip()) for rx in _label_patterns().values()):
                self._read_meta_fields(j)
                self.out["_header_end"] = j + 1

    def _title_before(self, content: list[int], meta_idx: int) -> None:
        before = [i for i in content if i < meta_idx]
        labels = _label_patterns()
        before = [i for i in before if not any(rx.match(self.line(i).strip())
                                               for rx in labels.values())][-3:]
        if not before:
            return
        # 世界资讯:X then X: a channel-prefixed copy of the title is dropped.
        texts = [self.line(i).strip() for i in before]
        keep = [i for i, t in zip(before, texts)
                if not any(o != t and t.endswith(o) and len(o) >= 6 for o in texts)]
        for i in keep:
            self.out["_kinds"][i] = "title"
        parts = []
        for i in keep:
            s, e = self.spans[i]
            ln = self.text[s:e]
            ls = s + len(ln) - len(ln.lstrip())
            parts.append(self.orig(ls, ls + len(ln.strip())))
        self.out["title"] = "".join(parts).lstrip("#").strip() or None

    def _dateline_or_heading(self, content: list[int]) -> None:
        first = content[0]
        ln = self.line(first).strip()
        if ln.startswith("#"):
            s, e = self.spans[first]
            k = self.text.find(ln, s, e)
            title = ln.lstrip("#").strip()
            ts = k + len(ln) - len(ln.lstrip("#").lstrip())
            self.out["title"] = self.orig(ts, ts + len(title))
            self.out["_kinds"][first] = "title"
            self.out["_header_end"] = first + 1
        for i in content[:4]:
            ln = self.line(i).strip()
            m = _DATELINE.match(ln)
            if not m:
                continue
            s, e = self.spans[i]
            k = self.text.find(ln, s, e)
            self.out["source"] = self.orig(k + m.start("src"), k + m.end("src"))
            year = self._latest_year()
            if year:
                self.out["published"] = _iso(year, int(m["m"]), int(m["d"]))
            titles = [j for j in content if j < i]
            if titles:
                self._title_before(content, i)
            self.out["_header_end"] = i  # the dateline line is body text too
            return
        if "title" not in self.out and not self.roc:
            return
        if "title" not in self.out and content:
            # Taiwan releases: title line, then 发稿单位/发稿时间 lines.
            self.out["title"] = self.orig(*self.spans[first]).strip()

    def _latest_year(self) -> int | None:
        """The year a dateline leaves out: the latest year the article mentions, not after
        today; a year opening a "since" phrase (2020年3月以来) counts only when no other year is
        written, since "since" is what QA checks against the publication date."""
        found = [(int(m.group(1)), bool(_SINCE.match(self.text, m.end())))
                 for m in _YEAR.finditer(self.text) if int(m.group(1)) <= self.today.year]
        years = [y for y, since in found if not since] or [y for y, _ in found]
        return max(years) if years else None

    def _editors(self) -> None:
        for i, kind in enumerate(self.kinds):
            if kind != "editor":
                continue
            s, e = self.spans[i]
            ln = self.text[s:e]
            m = re.search(r"(?:责任编辑|责编|编辑)\s*[:：]\s*(.+?)\s*[】\])）]?\s*(?:关闭本页.*)?$", ln)
            if m:
                val = m.group(1).strip().rstrip("】])）").strip()
                if val:
                    self.out["editors"].append(self.orig(s + m.start(1), s + m.start(1) + len(val)))


def _has_time(line: str) -> bool:
    return bool(re.search(r"\d{1,2}:\d{2}", line))


def _clean(title: str | None) -> str | None:
    return " ".join(title.split()) if title else title


def _merge_meta(found: dict, hints: dict, roc: bool) -> Metadata:
    """Container metadata (JSONL record, HTML meta, manifest) wins for title and date; the page's
    own header fills gaps, names the source, and refines a date to the minute when both give the
    same day."""
    published = found.get("published")
    hinted = hints.get("published")
    if hinted:
        hinted_iso = parse_published(str(hinted), roc) or str(hinted)
        if not (published and published.startswith(hinted_iso[:10]) and len(hinted_iso) <= 10):
            published = hinted_iso
    editors = list(dict.fromkeys(e for e in found.get("editors", []) if e))
    return Metadata(
        title=_clean(hints.get("title") or found.get("title")),
        published=published,
        source=found.get("source") or hints.get("source"),
        author=hints.get("author") or found.get("author"),
        editors=editors,
        url=hints.get("url"),
    )
