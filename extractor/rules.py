"""Access to the data files in ``rules/``: lexicons and patterns are data, not code.

File format (every file): UTF-8 text; a line starting with ``#`` is a comment (each file opens
with one that names its source) and so is anything after a tab followed by ``#``; blank lines are
ignored; fields are separated by tabs. Code reads them
through these helpers, so adding a unit or a cue word is a one-line change in a data file.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path


def rules_dir() -> Path:
    """The rules folder: ``$CNIE_RULES`` if set, else ``extractor/rules`` (a symlink to the
    repository's ``rules/`` that wheels carry as package data), else ``rules/`` beside it."""
    env = os.environ.get("CNIE_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for cand in (here / "rules", here.parent / "rules"):
        if cand.is_dir():
            return cand
    return _extracted_rules()


@lru_cache(maxsize=1)
def _extracted_rules() -> Path:
    """The package imported from a zip (Spark's --py-files): copy its rules/ to a temporary
    folder once per process, since the loaders read files from disk."""
    import tempfile
    from importlib.resources import files

    source = files("extractor") / "rules"
    if not source.is_dir():
        raise FileNotFoundError("rules/ folder not found; set CNIE_RULES to its path")
    target = Path(tempfile.mkdtemp(prefix="cnie-rules-"))
    for item in source.iterdir():
        if item.is_file():
            (target / item.name).write_bytes(item.read_bytes())
    return target


def rule_path(name: str) -> Path:
    return rules_dir() / name


@lru_cache(maxsize=None)
def load_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated rules file, comments and blank lines dropped."""
    rows = []
    for raw in rule_path(name).read_text(encoding="utf-8").splitlines():
        if raw.lstrip().startswith("#"):
            continue
        line = raw.split("\t#", 1)[0].rstrip()
        if line.strip():
            rows.append(tuple(f.strip() for f in line.split("\t")))
    return tuple(rows)


@lru_cache(maxsize=None)
def load_words(name: str) -> tuple[str, ...]:
    """First field of every row: a word list."""
    return tuple(r[0] for r in load_rows(name))


def load_map(name: str) -> dict[str, str]:
    """Two-column file as a dict (first -> second)."""
    return {r[0]: (r[1] if len(r) > 1 else "") for r in load_rows(name)}


def alternation(words: Iterable[str]) -> str:
    """The words of a rules file as one regex alternation (for ``re`` and ``regex``), escaped,
    longest first so that a longer word wins where a shorter one begins it (均达 before 均); a
    pattern that never matches for no words."""
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    return alt or "(?!)"
