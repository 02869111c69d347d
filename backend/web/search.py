"""Search: the results page (htmx fragment for search-as-you-type) and /api/v1/search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlmodel import Session

from backend.catalog.present import summary_of
from backend.config import Settings
from backend.search.index import SearchIndex
from backend.search.query import AS_TYPED_PARAM, SORTS, Hit, SearchOutcome, search_collection
from backend.web.api import FacetOut, ItemOut, error_responses, facets_json
from backend.web.deps import DbDep, SearchIndexDep, SettingsDep
from backend.web.fragments import SearchResultsContext
from backend.web.templating import is_htmx, render

router = APIRouter()
# While the index is rebuilt: when to ask again (seconds; a rebuild takes a few).
RETRY_AFTER = {"Retry-After": "30"}


def _search(
    request: Request,
    db: Session,
    index: SearchIndex,
    settings: Settings,
    api: bool = False,
) -> SearchOutcome:
    # The page forgives what an old bookmark may hold; the API says what is wrong.
    return search_collection(
        db,
        index,
        request.query_params.multi_items(),
        settings.page_size,
        list_when_empty=api,
        lenient_filters=not api,
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
def read_search(
    request: Request, db: DbDep, index: SearchIndexDep, settings: SettingsDep
) -> Response:
    """The search page; an htmx request gets only the results fragment."""
    outcome = _search(request, db, index, settings)
    filters = outcome.list_query.params()
    sort = [("sorteer", outcome.sort)] if outcome.sort != "relevantie" else []
    if request.query_params.get(AS_TYPED_PARAM):
        sort.append((AS_TYPED_PARAM, "1"))  # paging keeps searching the words as typed
    context = SearchResultsContext(
        outcome=outcome,
        result=outcome.result,
        list_query=outcome.list_query,
        items=[hit_summary(hit) for hit in outcome.result.hits] if outcome.result else [],
        base_params=[("q", outcome.user_query.text), *filters, *sort],
    )
    # htmx swaps in only 2xx and 4xx answers (base.html): the fragment's notice comes as 200.
    unavailable = outcome.unavailable and not is_htmx(request)
    return render(
        request,
        context.page,
        context.fragment,
        context,
        status_code=503 if unavailable else 200,
        headers=RETRY_AFTER if unavailable else None,
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
    # Set when the words were misspelt and matched nothing: the items are for `suggestion`.
    corrected_from: str | None = None
    notices: list[str]


EMPTY_ANSWER = {"items": [], "total": 0, "page": 1, "pages": 1, "facets": [], "suggestion": None}


@router.get(
    "/api/v1/search",
    response_model=SearchOut,
    tags=["zoeken"],
    responses=error_responses(400, 503),
)
def api_search(
    request: Request,
    db: DbDep,
    index: SearchIndexDep,
    settings: SettingsDep,
    q: str = Query(
        "",
        description="Zoekvraag: woorden, \"zinnen\", -uitsluiten, 'artikel 28'."
        " Zonder zoekvraag: alle items, nieuwste eerst.",
    ),
    sorteer: str = Query(
        "relevantie",
        description="Volgorde; zonder zoekwoorden altijd de nieuwste eerst.",
        json_schema_extra={"enum": list(SORTS)},  # checked by the search, with a Dutch hint
    ),
) -> dict[str, Any]:
    """Full-text search over published items, with the list filters plus soort (type)."""
    outcome = _search(request, db, index, settings, api=True)
    if outcome.unavailable:
        raise HTTPException(503, outcome.message, headers=RETRY_AFTER)
    if outcome.result is None:
        # Only words too common to search on: nothing found, and the notice says why.
        return {**EMPTY_ANSWER, "notices": [outcome.message]}
    result = outcome.result
    return {
        "items": [{**hit_summary(hit), "snippet": str(hit.snippet)} for hit in result.hits],
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "facets": facets_json(result.facets),
        "suggestion": result.suggestion,
        "corrected_from": result.corrected_from,
        "notices": result.notices,
    }
