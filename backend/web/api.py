"""The read-only JSON API under /api/v1: the same data and filters as the pages."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, Field
from sqlmodel import Session

from backend import vocabulary
from backend.catalog import queries
from backend.catalog.present import item_detail, item_summary
from backend.config import Settings
from backend.content.types import (
    CASE_TYPES,
    DILEMMA,
    GOOD_PRACTICE,
    RECUSAL,
    ContentType,
)
from backend.web.deps import DbDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["collectie"])


class ErrorOut(BaseModel):
    """Every error answer of the API: one Dutch sentence."""

    detail: str = Field(
        description="Wat er mis is en hoe u het oplost.",
        examples=["Het filter 'thema' kent de waarde 'onzin' niet. Kies uit: ..."],
    )


ERROR_DESCRIPTIONS = {
    400: "Ongeldige vraag, bijvoorbeeld een onbekende filterwaarde of een pagina die niet"
    " bestaat; `detail` zegt wat er mis is.",
    404: "Er is geen gepubliceerd item met deze slug.",
    503: "Zoeken is even niet beschikbaar: de zoekindex wordt opnieuw opgebouwd.",
}


ERROR_HEADERS = {
    503: {
        "Retry-After": {
            "description": "Na hoeveel seconden u het opnieuw kunt proberen.",
            "schema": {"type": "integer"},
        }
    },
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` for the errors an endpoint can give."""
    return {
        status: {
            "model": ErrorOut,
            "description": ERROR_DESCRIPTIONS[status],
            **({"headers": ERROR_HEADERS[status]} if status in ERROR_HEADERS else {}),
        }
        for status in statuses
    }


LIST_ERRORS = error_responses(400)
DETAIL_ERRORS = error_responses(404)


class ItemOut(BaseModel):
    """An item as it appears in lists."""

    type: Literal["dilemma", "good_practice", "case"]
    kind: Literal["personal_interest", "secrecy"] | None = Field(
        None, description="Only for cases."
    )
    slug: str
    title: str
    summary: str
    themes: list[str]
    roles: list[str]
    levels: list[str]
    legal_refs: list[str]
    url: str = Field(description="The item's page.")
    api_url: str = Field(description="The item's detail in this API.")


class ItemDetailOut(ItemOut):
    """An item with all its fields and its prose sections (Markdown)."""

    fields: dict[str, Any] = Field(description="Type-specific fields, e.g. difficulty, options.")
    sections: dict[str, str] = Field(description="Prose sections as Markdown, by field name.")
    updated_at: str


class FacetValueOut(BaseModel):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(BaseModel):
    name: str
    param: str = Field(description="The query parameter that filters on this facet.")
    label: str
    values: list[FacetValueOut]


class ItemListOut(BaseModel):
    """One page of a filtered list."""

    items: list[ItemOut]
    total: int
    page: int
    pages: int
    facets: list[FacetOut]


class TermOut(BaseModel):
    slug: str
    label: str
    description: str


FILTER_HELP = (
    "Filters: thema, rol, bestuurslaag, artikel (herhaalbaar; waarden uit /api/v1/vocabulary),"
    " plus per type: moeilijkheid (dilemma's), aanpak en fase (goede praktijken),"
    " soort-belang, onthouding, regime, kwestie en grond (casussen); pagina voor de pagina."
    " Binnen één filter geldt OF, tussen filters EN."
)


def facets_json(facet_results: list[queries.FacetResult]) -> list[dict[str, Any]]:
    """Facet counts in the API's shape (shared by the lists and search)."""
    return [
        {
            "name": result.facet.name,
            "param": result.facet.param,
            "label": result.facet.vocabulary.label,
            "values": [count.__dict__ for count in result.counts],
        }
        for result in facet_results
    ]


def _list(
    request: Request, db: Session, settings: Settings, content_types: list[ContentType]
) -> dict[str, Any]:
    list_query = queries.parse_list_query(content_types, request.query_params.multi_items())
    page = queries.list_items(db, list_query, settings.page_size)
    return {
        "items": [item_summary(db_item) for db_item in page.items],
        "total": page.total,
        "page": page.page,
        "pages": page.pages,
        "facets": facets_json(page.facets),
    }


def _detail(db: Session, content_types: list[ContentType], slug: str) -> dict[str, Any]:
    db_item = queries.get_item(db, content_types, slug)
    if db_item is None:
        raise HTTPException(404, f"Geen item gevonden met slug '{slug[:80]}'.")
    return item_detail(db_item)


@router.get("/dilemmas", response_model=ItemListOut, description=FILTER_HELP, responses=LIST_ERRORS)
def read_dilemmas(request: Request, db: DbDep, settings: SettingsDep) -> dict[str, Any]:
    """Published dilemmas, filtered and paginated."""
    return _list(request, db, settings, [DILEMMA])


@router.get("/dilemmas/{slug}", response_model=ItemDetailOut, responses=DETAIL_ERRORS)
def read_dilemma(slug: str, db: DbDep) -> dict[str, Any]:
    """One dilemma."""
    return _detail(db, [DILEMMA], slug)


@router.get(
    "/good-practices", response_model=ItemListOut, description=FILTER_HELP, responses=LIST_ERRORS
)
def read_good_practices(request: Request, db: DbDep, settings: SettingsDep) -> dict[str, Any]:
    """Published good practices for the duty of care, filtered and paginated."""
    return _list(request, db, settings, [GOOD_PRACTICE])


@router.get("/good-practices/{slug}", response_model=ItemDetailOut, responses=DETAIL_ERRORS)
def read_good_practice(slug: str, db: DbDep) -> dict[str, Any]:
    """One good practice."""
    return _detail(db, [GOOD_PRACTICE], slug)


@router.get("/cases", response_model=ItemListOut, description=FILTER_HELP, responses=LIST_ERRORS)
def read_cases(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    soort: Literal["personal_interest", "secrecy"] | None = Query(
        None, description="Alleen casussen van deze soort."
    ),
) -> dict[str, Any]:
    """Published personal-interest and secrecy cases, filtered and paginated."""
    content_types = [t for t in CASE_TYPES if soort in (None, t.kind)]
    return _list(request, db, settings, content_types)


@router.get("/cases/{slug}", response_model=ItemDetailOut, responses=DETAIL_ERRORS)
def read_case(slug: str, db: DbDep) -> dict[str, Any]:
    """One case (either kind)."""
    return _detail(db, list(CASE_TYPES), slug)


@router.get("/vocabulary", response_model=dict[str, list[TermOut]])
def read_vocabulary() -> dict[str, list[dict[str, str]]]:
    """Every controlled vocabulary with its values and Dutch labels."""
    vocabularies = {**vocabulary.ALL, RECUSAL.name: RECUSAL}
    return {
        name: [
            {"slug": term.slug, "label": term.label, "description": term.description}
            for term in vocab.terms
        ]
        for name, vocab in vocabularies.items()
    }


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The public OpenAPI document: the /api/v1 endpoints only, with the errors they give.

    Invalid input is answered with 400 and an ErrorOut (see errors.py), so FastAPI's
    default 422 with its validation-error model is left out.
    """
    if app.openapi_schema is None:
        routes = [
            route
            for route in iter_route_contexts(app.routes)
            if (route.path or "").startswith(f"{router.prefix}/")
        ]
        document = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=routes
        )
        for operations in document["paths"].values():
            for operation in operations.values():
                # Only FastAPI's default; an endpoint's own Dutch 422 (ErrorOut) stays.
                if "HTTPValidationError" in str(operation["responses"].get("422", "")):
                    operation["responses"].pop("422")
        schemas = document.get("components", {}).get("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        app.openapi_schema = document
    return app.openapi_schema
