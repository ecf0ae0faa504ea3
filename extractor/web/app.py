"""The review page: ``create_app(db)`` is a FastAPI app over an achievements database.

Pages: ``/`` (corpus, with filters by place, indicator, programme and flag) and
``/documents/{id}`` (the original text with its mentions highlighted, the records table and the
QA flags linked to their evidence). JSON: ``/api/documents``, ``/api/documents/{id}``,
``/api/facets``; OpenAPI schema at ``/openapi.json`` (no Swagger UI: it loads from a CDN).

The app only reads. Every response carries a Content-Security-Policy that allows scripts and
styles from this server only, on top of the escaping of every text (see ``render``).
"""
from __future__ import annotations

from typing import Any, Optional
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..models import Document, Evidence
from . import data
from .render import document_view
from .templating import STATIC, render

PAGE_SIZE = 100
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")



def _text() -> Any:
    """A fresh Query for each parameter (a shared FieldInfo would share its alias)."""
    return Query(None, max_length=200)


# --- API models ---------------------------------------------------------------------------------

class DocumentSummary(BaseModel):
    id: int = Field(description="database id (the page is /documents/{id})")
    doc_id: str
    doc_name: str
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    script: Optional[str] = None
    n_mentions: int
    n_records: int
    n_flags: int


class DocumentList(BaseModel):
    total: int = Field(description="documents matching the filters")
    limit: int
    offset: int
    filters: dict[str, str]
    items: list[DocumentSummary]


class OtherDocument(BaseModel):
    id: int
    doc_id: str
    title: Optional[str] = None


class FlagOut(BaseModel):
    id: str
    check: str
    severity: str
    message: str
    evidence: Evidence
    other: Optional[OtherDocument] = Field(None, description="the other document of a "
                                           "cross-document flag")


class DocumentDetail(BaseModel):
    id: int
    document: Document
    flags: list[FlagOut] = Field(description="the document's QA flags, its own and the "
                                 "cross-document ones naming it")


class PlaceFacet(BaseModel):
    name: str
    adcode: Optional[str] = None
    n: int


class IndicatorFacet(BaseModel):
    indicator: str
    n: int


class ProgrammeFacet(BaseModel):
    name: str
    kind: Optional[str] = None
    n: int


class CheckFacet(BaseModel):
    check_id: str
    severity: str
    n: int


class Facets(BaseModel):
    places: list[PlaceFacet]
    indicators: list[IndicatorFacet]
    programmes: list[ProgrammeFacet]
    checks: list[CheckFacet]


# --- app ----------------------------------------------------------------------------------------

def create_app(db: str | Engine) -> FastAPI:
    """The review app over ``db`` (a database URL or an engine)."""
    if isinstance(db, str):
        from ..db import make_engine

        engine = make_engine(db)
    else:
        engine = db

    app = FastAPI(title="cnie review", version="1",
                  description="Read the documents of an achievements database with their "
                  "figures, dates, places, programmes, records and QA flags.",
                  docs_url=None, redoc_url=None)
    app.state.engine = engine
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        html = render("error.html", inline=False, status=exc.status_code,
                      message=str(exc.detail))
        return HTMLResponse(html, status_code=exc.status_code)

    def _filters(place, indicator, program, flag, q) -> data.Filters:
        return data.Filters(place, indicator, program, flag, q).clean()

    def _detail(doc_pk: int) -> tuple[Document, list[dict[str, Any]]]:
        found = data.get_document(engine, doc_pk)
        if found is None:
            raise HTTPException(404, f"no document {doc_pk}")
        return found

    # --- JSON API ---

    @app.get("/api/documents", response_model=DocumentList, tags=["api"])
    def api_documents(place: Optional[str] = _text(), indicator: Optional[str] = _text(),
                      program: Optional[str] = _text(), flag: Optional[str] = _text(),
                      q: Optional[str] = _text(),
                      limit: int = Query(PAGE_SIZE, ge=1, le=data.MAX_LIMIT),
                      offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Documents with their counts of mentions, records and flags, filtered by place
        (name or adcode; a province covers its divisions), indicator, programme, flag
        (``any``, a check id or a severity) and title."""
        f = _filters(place, indicator, program, flag, q)
        total, items = data.list_documents(engine, f, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "filters": f.active(),
                "items": items}

    @app.get("/api/documents/{doc_pk}", response_model=DocumentDetail, tags=["api"])
    def api_document(doc_pk: int) -> dict[str, Any]:
        """One document as the extractor wrote it (text, metadata, mentions, records) and
        its QA flags."""
        doc, flags = _detail(doc_pk)
        return {"id": doc_pk, "document": doc, "flags": flags}

    @app.get("/api/facets", response_model=Facets, tags=["api"])
    def api_facets() -> dict[str, Any]:
        """The values the corpus filters offer, with the number of documents of each."""
        return data.facets(engine)

    # --- pages ---

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def corpus_page(place: Optional[str] = _text(), indicator: Optional[str] = _text(),
                    program: Optional[str] = _text(), flag: Optional[str] = _text(),
                    q: Optional[str] = _text(), page: int = Query(1, ge=1, le=100000)) -> str:
        f = _filters(place, indicator, program, flag, q)
        offset = (page - 1) * PAGE_SIZE
        total, items = data.list_documents(engine, f, PAGE_SIZE, offset)
        fac = data.facets(engine)
        active = f.active()

        def page_url(n: int) -> str:
            return "/?" + urlencode({**active, "page": n})

        return render(
            "corpus.html", inline=False, filters=f, active=active, items=items, total=total,
            corpus_size=data.document_count(engine) if active else total, facets=fac,
            check_ids=sorted({c["check_id"] for c in fac["checks"]}), offset=offset,
            prev_url=page_url(page - 1) if page > 1 else None,
            next_url=page_url(page + 1) if offset + len(items) < total else None)

    @app.get("/documents/{doc_pk}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(doc_pk: int) -> str:
        doc, flags = _detail(doc_pk)
        view = document_view(doc, flags, db_id=doc_pk)
        return render("document.html", inline=False, view=view, page_lang=view.lang)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
