"""Jinja2 environment (autoescape always on) and the page renderers the server and
``cnie report`` share."""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .render import MENTION_TYPES, TYPE_LABELS, DocumentView, format_value

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
ASSETS = ("review.css", "review.js")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("extractor.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    env.globals.update(MENTION_TYPES=MENTION_TYPES, TYPE_LABELS=TYPE_LABELS)
    env.filters["num"] = lambda v, vmax=None: format_value(v, vmax)
    return env


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    text = (STATIC / name).read_text(encoding="utf-8")
    # Inlined into <style>/<script>: must not close its own element.
    assert "</" not in text.replace("<\\/", ""), f"{name} contains '</'"
    return text


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def inline_assets() -> dict[str, Any]:
    """Context for a self-contained page: CSS and JS inline, with a CSP that allows only
    exactly these two (so nothing injected could run even if escaping failed)."""
    css, js = asset("review.css"), asset("review.js")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return {"inline": True, "css": Markup(css), "js": Markup(js), "csp": csp}


def render_report(views: Iterable[DocumentView], title: str = "cnie review report",
                  generated: str = "", errors: Iterable[str] = ()) -> str:
    views = list(views)
    return render("report.html", views=views, title=title, generated=generated,
                  errors=list(errors), home="#top", page_lang="zh", **inline_assets())
