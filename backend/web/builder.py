"""The session builder: the form, the agenda it builds, and its exports (print, Word,
Markdown, calendar). The agenda URL holds the whole request, so it can be bookmarked
and shared; the same URL always gives the same agenda."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from backend import vocabulary
from backend.agenda import export, termplan
from backend.agenda.build import build_agenda
from backend.agenda.model import (
    AUDIENCES,
    KNOWLEDGE,
    MAX_LOCATION,
    MAX_VARIANT,
    Agenda,
    AgendaError,
    parse_request,
)
from backend.agenda.termplan import TermPlan
from backend.models import Item
from backend.web.deps import DbDep
from backend.web.downloads import serve_export
from backend.web.templating import render

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
    return render(
        request,
        "pages/session_form.html",
        None,
        {
            "params": params,
            "errors": errors or {},
            "audiences": AUDIENCES,
            "knowledge": KNOWLEDGE,
            "vocab": vocabulary,
            "today": date.today().isoformat(),
        },
        status,
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
    printing = bool(request.query_params.get("afdrukken"))
    template = "pages/session_print.html" if printing else "pages/session_agenda.html"
    return render(
        request,
        template,
        None,
        {
            "agenda": agenda,
            "schedule": agenda.schedule(),
            "query": query,
            "title": export.title(agenda),
            "when": export.dutch_date(agenda),
            "facilitator": request.query_params.get("versie") != "deelnemers",
            "items": _items(db, [block.slug for block in agenda.blocks if block.slug]),
            **({} if printing else _change_links(request, agenda)),
        },
    )


def _change_links(request: Request, agenda: Agenda) -> dict[str, object]:
    """Links that change the proposal and keep the whole request in the URL: 'ander dilemma'
    per dilemma (one more `wissel` for its number) and 'andere samenstelling' (the next
    `variant`, without the swaps)."""
    pairs = [
        (key, value)
        for key, value in request.query_params.multi_items()
        if key not in ("afdrukken", "versie")
    ]
    swap_links, number = {}, 0
    for block in agenda.blocks:
        if block.kind == "dilemma" and block.slug:
            number += 1
            swap_links[block.slug] = "/sessies/agenda?" + urlencode([*pairs, ("wissel", number)])
    kept = [(key, value) for key, value in pairs if key not in ("variant", "wissel")]
    next_variant = agenda.request.seed % MAX_VARIANT + 1
    return {
        "swap_links": swap_links,
        "recompose_link": "/sessies/agenda?" + urlencode([*kept, ("variant", next_variant)]),
    }


def _items(db: Session, slugs: list[str]) -> dict[str, Item]:
    """The dilemmas and good practices of the agenda, for the hand-outs."""
    return {item.slug: item for item in db.exec(select(Item).where(col(Item.slug).in_(slugs)))}


@router.get("/agenda.{extension}", name="session_export")
def download_agenda(extension: str, request: Request, db: DbDep) -> Response:
    """The agenda as a Word, Markdown or calendar file; `versie=deelnemers` leaves the
    facilitator's notes out of the hand-outs."""
    participants = request.query_params.get("versie") == "deelnemers"
    exports = export.PARTICIPANT_EXPORTS if participants else export.EXPORTS

    def agenda() -> Agenda | Response:
        return _agenda(request, db)

    return serve_export(exports, extension, agenda)


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
    location = " ".join(request.query_params.get("locatie", "").split())
    if len(location) > MAX_LOCATION:
        errors["locatie"] = f"De locatie mag hoogstens {MAX_LOCATION} tekens lang zijn."
    if errors or start is None:
        return None, errors
    location = "".join(char for char in location if char.isprintable())
    return termplan.build_term_plan(db, level, start, location), {}


@router.get("/periodeplan", name="term_plan")
def read_term_plan(request: Request, db: DbDep) -> Response:
    """The integrity agenda for the four-year term (form, then the plan on one page)."""
    plan, errors = (None, {}) if not request.query_params else _term_plan(request, db)
    return render(
        request,
        "pages/term_plan.html",
        None,
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
    """The term plan as a Word, Markdown or calendar file."""

    def plan() -> TermPlan | Response:
        built, errors = _term_plan(request, db)
        if errors or built is None:
            return HTMLResponse(" ".join(errors.values()), status_code=400)
        return built

    return serve_export(termplan.EXPORTS, extension, plan)
