"""Search: the results page (htmx fragment for search-as-you-type) and /api/v1/search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from backend.catalog.present import summary_of
from backend.search.query import Hit, SearchOutcome, search_collection
from backend.web.api import FacetOut, ItemOut, facets_json
from backend.web.deps import SessionDep, SettingsDep
from backend.web.templating import is_htmx

router = APIRouter()


def _search(request: Request, session, settings) -> SearchOutcome:
    return search_collection(
        session,
        request.app.state.search_index,
        request.query_params.multi_items(),
        settings.page_size,
    )


def hit_summary(hit: Hit) -> dict[str, Any]:
    """A hit in the same shape as the items of the other lists, plus snippet and score."""
    tags = {
        "themes": hit.themes,
        "roles": hit.roles,
        "levels": hit.levels,
        "legal_refs": hit.legal_refs,
    }
    shown = summary_of(hit.type, hit.slug, hit.title, hit.summary, tags)
    return {**shown, "snippet": hit.snippet, "score": hit.score}


@router.get("/zoeken", response_class=HTMLResponse, name="search")
def read_search(request: Request, session: SessionDep, settings: SettingsDep):
    """The search page; an htmx request gets only the results fragment."""
    outcome = _search(request, session, settings)
    filters = outcome.list_query.params()
    sort = [("sorteer", outcome.sort)] if outcome.sort != "relevantie" else []
    context = {
        "outcome": outcome,
        "result": outcome.result,
        "list_query": outcome.list_query,
        "items": [hit_summary(hit) for hit in outcome.result.hits] if outcome.result else [],
        "base_params": [("q", outcome.user_query.text), *filters, *sort],
    }
    template = "partials/_search_results.html" if is_htmx(request) else "pages/search.html"
    return request.app.state.templates.TemplateResponse(
        request, template, context, status_code=503 if outcome.unavailable else 200
    )


class SearchItemOut(ItemOut):
    snippet: str
    score: float


class SearchOut(BaseModel):
    items: list[SearchItemOut]
    total: int
    page: int
    pages: int
    facets: list[FacetOut]
    suggestion: str | None
    notices: list[str]


@router.get("/api/v1/search", response_model=SearchOut, tags=["zoeken"])
def api_search(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: str = Query("", description="Zoekvraag: woorden, \"zinnen\", -uitsluiten, 'artikel 28'."),
    sorteer: str = Query("relevantie", description="relevantie of nieuwste"),
):
    """Full-text search over published items, with the list filters plus soort (type)."""
    outcome = _search(request, session, settings)
    if outcome.unavailable:
        raise HTTPException(503, outcome.message)
    if outcome.result is None:
        raise HTTPException(400, outcome.message)
    result = outcome.result
    return {
        "items": [{**hit_summary(hit), "snippet": str(hit.snippet)} for hit in result.hits],
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "facets": facets_json(result.facets),
        "suggestion": result.suggestion,
        "notices": result.notices,
    }
