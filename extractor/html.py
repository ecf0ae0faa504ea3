"""Visible text of an HTML page (scripts, styles and hidden parts dropped) and its meta tags.

Block elements become line breaks so that the page's lines (title, dateline, paragraphs,
navigation) stay lines for the layout stage; runs of blank lines are collapsed.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "head")
_META_PUBLISHED = ("article:published_time", "pubdate", "publishdate", "publish_date",
                   "PubDate", "og:release_date", "date")
_BLANKS = re.compile(r"\n\s*\n+")


def html_to_text(markup: str) -> tuple[str, dict]:
    soup = BeautifulSoup(markup, "lxml")
    meta: dict = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or ""
        content = (tag.get("content") or "").strip()
        if not content:
            continue
        if key in ("og:title",) and content:
            meta["title"] = content
        elif key in _META_PUBLISHED and "published" not in meta:
            meta["published"] = content
        elif key in ("source", "og:site_name") and "source" not in meta:
            meta["source"] = content
        elif key == "author" and "author" not in meta:
            meta["author"] = content
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(style=re.compile(r"display\s*:\s*none")):
        tag.decompose()
    text = soup.get_text("\n")
    lines = [ln.strip() for ln in text.splitlines()]
    text = _BLANKS.sub("\n\n", "\n".join(lines)).strip() + "\n"
    return text, meta
