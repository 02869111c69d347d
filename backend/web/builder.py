"""The session builder: the form, the agenda it builds, and its exports (print, Word,
Markdown, calendar). The agenda URL holds the whole request, so it can be bookmarked
and shared; the same URL always gives the same agenda."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, col, select

from backend import vocabulary
from backend.agenda import export, termplan
from backend.agenda.build import build_agenda
from backend.agenda.model import AUDIENCES, KNOWLEDGE, Agenda, AgendaError, parse_request
from backend.agenda.termplan import TermPlan
from backend.models import Item
from backend.web.deps import DbDep
from backend.web.downloads import DOCX, ICS, MARKDOWN, attachment

router = APIRouter(prefix="/sessies", default_response_class=HTMLResponse)


def grouped(pairs: Iterable[tuple[str, object]]) -> dict[str, list[str]]:
    """Request pairs (query or form) as name -> values, the shape parse_request reads."""
    params: dict[str, list[str]] = {}
    for key, value in pairs:
        params.setdefault(key, []).append(str(value))
    return params


def _params(request: Request) -> dict[str, list[str]]:
    return grouped(request.query_params.multi_items())


def _form(
    request: Request,
    params: dict[str, list[str]],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "pages/session_form.html",
        {
            "params": params,
            "errors": errors or {},
            "audiences": AUDIENCES,
            "knowledge": KNOWLEDGE,
            "vocab": vocabulary,
            "today": date.today().isoformat(),
        },
        status_code=status,
    )


@router.get("", name="session_builder")
def read_builder(request: Request) -> Response:
    """The form to build an agenda."""
    return _form(request, _params(request))


def _agenda(request: Request, db: Session) -> Agenda | Response:
    params = _params(request)
    try:
        parsed = parse_request(params, date.today())
    except AgendaError as error:
        return _form(request, params, error.errors, 400)
    return build_agenda(db, parsed)


@router.get("/agenda", name="session_agenda")
def read_agenda(request: Request, db: DbDep) -> Response:
    """The agenda, with the reason for each part and links to every export."""
    agenda = _agenda(request, db)
    if isinstance(agenda, Response):  # the form again, with what to correct
        return agenda
    query = urlencode(request.query_params.multi_items())
    template = (
        "pages/session_print.html"
        if request.query_params.get("afdrukken")
        else "pages/session_agenda.html"
    )
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        template,
        {
            "agenda": agenda,
            "schedule": agenda.schedule(),
            "query": query,
            "title": export.title(agenda),
            "when": export.dutch_date(agenda),
            "facilitator": request.query_params.get("versie") != "deelnemers",
            "items": _items(db, [block.slug for block in agenda.blocks if block.slug]),
        },
    )


def _items(db: Session, slugs: list[str]) -> dict[str, Item]:
    """The dilemmas and good practices of the agenda, for the hand-outs."""
    return {item.slug: item for item in db.exec(select(Item).where(col(Item.slug).in_(slugs)))}


EXPORTS: dict[str, tuple[str, Callable[[Agenda], bytes | str]]] = {
    "docx": (DOCX, export.to_docx),
    "md": (MARKDOWN, export.to_markdown),
    "ics": (ICS, export.to_ics),
}


@router.get("/agenda.{extension}", name="session_export")
def download_agenda(extension: str, request: Request, db: DbDep) -> Response:
    """The agenda as a Word, Markdown or calendar file."""
    if extension not in EXPORTS:
        return HTMLResponse("Onbekend bestandsformaat; kies docx, md of ics.", status_code=404)
    agenda = _agenda(request, db)
    if isinstance(agenda, Response):
        return agenda
    media_type, make = EXPORTS[extension]
    return attachment(make(agenda), media_type, export.filename(agenda, extension))


TERM_PLAN_EXPORTS: dict[str, tuple[str, Callable[[TermPlan], bytes | str]]] = {
    "docx": (EXPORTS["docx"][0], termplan.to_docx),
    "md": (EXPORTS["md"][0], termplan.to_markdown),
    "ics": (EXPORTS["ics"][0], termplan.to_ics),
}


def _term_plan(request: Request, db: Session) -> tuple[TermPlan | None, dict[str, str]]:
    """The plan for the requested level and start date, or the form with a Dutch message."""
    level = request.query_params.get("bestuurslaag", "")
    raw_start = request.query_params.get("start", "")
    errors: dict[str, str] = {}
    if level not in vocabulary.LEVELS:
        errors["bestuurslaag"] = "Kies gemeente, provincie of waterschap."
    try:
        start = date.fromisoformat(raw_start)
        if not 2000 <= start.year <= 2100:
            raise ValueError
    except ValueError:
        start = None
        errors["start"] = "Vul de installatiedatum in als jjjj-mm-dd, bijvoorbeeld 2026-04-01."
    if errors or start is None:
        return None, errors
    return termplan.build_term_plan(db, level, start), {}


@router.get("/periodeplan", name="term_plan")
def read_term_plan(request: Request, db: DbDep) -> Response:
    """The integrity agenda for the four-year term (form, then the plan on one page)."""
    plan, errors = (None, {}) if not request.query_params else _term_plan(request, db)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "pages/term_plan.html",
        {
            "plan": plan,
            "errors": errors,
            "levels": vocabulary.LEVELS,
            "title": termplan.title(plan) if plan else "Integriteitsagenda voor de bestuursperiode",
            "query": urlencode(request.query_params.multi_items()),
        },
        status_code=400 if errors else 200,
    )


@router.get("/periodeplan.{extension}", name="term_plan_export")
def download_term_plan(extension: str, request: Request, db: DbDep) -> Response:
    if extension not in TERM_PLAN_EXPORTS:
        return HTMLResponse("Onbekend bestandsformaat; kies docx, md of ics.", status_code=404)
    plan, errors = _term_plan(request, db)
    if errors or plan is None:
        return HTMLResponse(" ".join(errors.values()), status_code=400)
    media_type, make = TERM_PLAN_EXPORTS[extension]
    return attachment(make(plan), media_type, termplan.filename(plan, extension))
