"""HTML pages: home, item lists with filters (htmx fragments), details and term pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from backend import vocabulary
from backend.catalog import queries
from backend.catalog.present import item_summary
from backend.content.types import CONTENT_TYPES, ContentType
from backend.live.results import dilemma_overall
from backend.live.service import OPEN_QUESTION_OPTIONS
from backend.web.deps import DbDep, SettingsDep
from backend.web.fragments import CatalogContext
from backend.web.templating import render

router = APIRouter(default_response_class=HTMLResponse)


@dataclass(frozen=True)
class TagPage:
    """A page per vocabulary value: which URL segment, vocabulary and item field."""

    segment: str
    vocabulary: vocabulary.Vocabulary
    facet: str
    title: str
    intro: str


TAG_PAGES = (
    TagPage("thema", vocabulary.THEMES, "themes", "Thema's", "Alle onderwerpen in de collectie."),
    TagPage("rol", vocabulary.ROLES, "roles", "Rollen", "Voor wie de dilemma's en casussen zijn."),
    TagPage(
        "bestuurslaag",
        vocabulary.LEVELS,
        "levels",
        "Bestuurslagen",
        "Gemeente, provincie en waterschap.",
    ),
    TagPage(
        "wet",
        vocabulary.LEGAL_ARTICLES,
        "legal_refs",
        "Wetsartikelen",
        "De artikelen waarop dilemma's, goede praktijken en casussen steunen.",
    ),
)


@router.get("/", name="home")
def read_home(request: Request, db: DbDep) -> Response:
    """The start page: what Dilemmatafel is for, with entry points per audience."""
    return render(
        request,
        "pages/home.html",
        None,
        {
            "type_counts": queries.type_counts(db),
            "theme_counts": queries.tag_counts(db, "themes"),
        },
    )


def _list_view(content_type: ContentType) -> Callable[..., Response]:
    def read_list(request: Request, db: DbDep, settings: SettingsDep) -> Response:
        list_query = queries.parse_list_query([content_type], request.query_params.multi_items())
        page = queries.list_items(db, list_query, settings.page_size)
        context = CatalogContext(
            content_type=content_type,
            result=page,
            items=[item_summary(db_item) for db_item in page.items],
            list_query=list_query,
        )
        return render(request, context.page, context.fragment, context)

    read_list.__name__ = f"read_{content_type.key}_list"
    read_list.__doc__ = f"The list of {content_type.key} items with filters and pages."
    return read_list


def _detail_view(content_type: ContentType) -> Callable[..., Response]:
    def read_detail(slug: str, request: Request, db: DbDep, settings: SettingsDep) -> Response:
        db_item = queries.get_item(db, [content_type], slug)
        if db_item is None:
            raise HTTPException(
                404, f"Er is geen {content_type.label.lower()} met de naam '{slug[:80]}'."
            )
        related = queries.related_items(db, db_item)
        overall = None
        if content_type.key == "dilemma":
            overall = dilemma_overall(
                db,
                db_item.slug,
                db_item.front.get("options") or OPEN_QUESTION_OPTIONS,
                settings.live_min_answers,
            )
        return render(
            request,
            "pages/detail.html",
            None,
            {
                "content_type": content_type,
                "item": db_item,
                "related": [item_summary(other) for other in related],
                "live_overall": overall,
            },
        )

    read_detail.__name__ = f"read_{content_type.key}"
    read_detail.__doc__ = f"One {content_type.key} with all its fields."
    return read_detail


for _content_type in CONTENT_TYPES.values():
    router.add_api_route(
        _content_type.url_prefix,
        _list_view(_content_type),
        name=f"{_content_type.key}_list",
        methods=["GET"],
    )
    router.add_api_route(
        _content_type.url_prefix + "/{slug}",
        _detail_view(_content_type),
        name=f"{_content_type.key}_detail",
        methods=["GET"],
    )


@router.get("/casussen", name="cases")
def read_cases(request: Request, db: DbDep) -> Response:
    """Overview of both kinds of case."""
    return render(request, "pages/cases.html", None, {"type_counts": queries.type_counts(db)})


def _tag_index_view(tag_page: TagPage) -> Callable[..., Response]:
    def read_tag_index(request: Request, db: DbDep) -> Response:
        return render(
            request,
            "pages/tag_index.html",
            None,
            {"tag_page": tag_page, "counts": queries.tag_counts(db, tag_page.facet)},
        )

    read_tag_index.__name__ = f"read_{tag_page.facet}_index"
    return read_tag_index


def _tag_view(tag_page: TagPage) -> Callable[..., Response]:
    def read_tag(slug: str, request: Request, db: DbDep) -> Response:
        term = tag_page.vocabulary.get(slug)
        if term is None:
            raise HTTPException(
                404,
                f"'{slug[:80]}' is geen bekende waarde voor"
                f" {tag_page.vocabulary.label.lower()}. Bekijk het overzicht op"
                f" /{tag_page.segment}.",
            )
        grouped = queries.items_with_tag(db, tag_page.facet, slug)
        return render(
            request,
            "pages/tag.html",
            None,
            {
                "tag_page": tag_page,
                "term": term,
                "groups": [
                    (CONTENT_TYPES[key], [item_summary(db_item) for db_item in items])
                    for key, items in grouped.items()
                ],
            },
        )

    read_tag.__name__ = f"read_{tag_page.facet}_page"
    return read_tag


for _tag_page in TAG_PAGES:
    router.add_api_route(
        f"/{_tag_page.segment}",
        _tag_index_view(_tag_page),
        name=f"{_tag_page.segment}_index",
        methods=["GET"],
    )
    router.add_api_route(
        f"/{_tag_page.segment}/{{slug}}",
        _tag_view(_tag_page),
        name=f"{_tag_page.segment}_page",
        methods=["GET"],
    )
