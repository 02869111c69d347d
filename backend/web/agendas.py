"""Saved agendas: saving, the view link, editing in place (htmx) and the owner's list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from backend.agenda import export, saved
from backend.agenda.build import build_agenda
from backend.agenda.changes import Change, block_keys, describe
from backend.agenda.handouts import handouts_for
from backend.agenda.model import Agenda, AgendaError, parse_request
from backend.agenda.saved import AgendaEditError
from backend.models import SavedAgenda
from backend.search.query import search_collection
from backend.web.auth import FacilitatorUser, verify_csrf
from backend.web.builder import grouped
from backend.web.deps import DbDep, SearchIndexDep
from backend.web.downloads import serve_export
from backend.web.forms import see_other, submit_form
from backend.web.fragments import AgendaEditorContext, AgendaSearchContext
from backend.web.links import path_for
from backend.web.templating import is_htmx, render

router = APIRouter(default_response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])


@router.post("/sessies/opslaan", name="agenda_save")
async def save_agenda(request: Request, db: DbDep, user: FacilitatorUser) -> Response:
    """Save the agenda described by the builder's parameters; go on to the edit page."""
    params = grouped((await request.form()).multi_items())
    try:
        parsed = parse_request(params, date.today())
    except AgendaError as error:
        raise HTTPException(400, f"De agenda kon niet worden opgeslagen: {error}") from None
    agenda = build_agenda(db, parsed)
    stored = saved.save_agenda(db, user, agenda, export.title(agenda))
    db.commit()
    return see_other(path_for(request, "agenda_edit", token=stored.edit_token))


def _editor(
    request: Request,
    db: Session,
    stored: SavedAgenda,
    error: str | None = None,
    status: int = 200,
    change: Change | None = None,
) -> Response:
    agenda = saved.agenda_of(stored)
    alternatives = {
        index: saved.alternatives(db, agenda, index)
        for index, block in enumerate(agenda.blocks)
        if block.kind == "dilemma"
    }
    context = AgendaEditorContext(
        stored=stored,
        agenda=agenda,
        schedule=agenda.schedule(),
        alternatives=alternatives,
        candidates=saved.alternatives(db, agenda, 0, limit=25) if agenda.blocks else [],
        when=export.dutch_date(agenda),
        keys=block_keys(agenda.blocks),
        error=error,
        change=change,
    )
    return render(request, context.page, context.fragment, context, status)


@router.get("/sessies/bewerken/{token}", name="agenda_edit")
def read_edit(token: str, request: Request, db: DbDep, user: FacilitatorUser) -> Response:
    return _editor(request, db, saved.editable(db, token, user))


@router.post("/sessies/bewerken/{token}/wijzig", name="agenda_change")
def change(
    token: str,
    request: Request,
    db: DbDep,
    user: FacilitatorUser,
    action: str = Form("", max_length=20),
    index: str = Form("-1", max_length=4),
    minutes: str = Form("", max_length=6),
    slug: str = Form("", max_length=80),
) -> Response:
    """One edit: omhoog, omlaag, verwijder, minuten, wissel, voegtoe or verdeel."""
    stored = saved.editable(db, token, user)
    agenda = saved.agenda_of(stored)
    position = int(index) if index.lstrip("-").isdecimal() else -1
    operations = {
        "omhoog": lambda: saved.move(agenda.blocks, position, -1),
        "omlaag": lambda: saved.move(agenda.blocks, position, 1),
        "verwijder": lambda: saved.remove(agenda.blocks, position),
        "minuten": lambda: saved.set_minutes(agenda.blocks, position, minutes),
        "wissel": lambda: saved.swap(db, agenda.blocks, position, slug),
        "voegtoe": lambda: saved.add_dilemma(db, agenda.blocks, slug),
        "verdeel": lambda: saved.distribute(agenda.blocks, agenda.request.minutes),
    }
    if action not in operations:
        return _editor(request, db, stored, "Onbekende bewerking.", 400)
    return submit_form(
        db,
        lambda: saved.store(db, stored, operations[action]()),
        AgendaEditError,
        lambda error: _editor(request, db, stored, str(error), 400),
        lambda _: (
            _editor(request, db, stored, change=_change(action, position, agenda, stored, slug))
            if is_htmx(request)
            else see_other(path_for(request, "agenda_edit", token=token))
        ),
    )


def _change(action: str, position: int, before: Agenda, stored: SavedAgenda, slug: str) -> Change:
    """What the edit did, for the focus and the status region of the redrawn editor."""
    after = saved.agenda_of(stored).blocks
    return describe(action, position, before.blocks, after, before.request.minutes, slug)


@router.get("/sessies/bewerken/{token}/zoek", name="agenda_search")
def search_dilemmas(
    token: str,
    request: Request,
    db: DbDep,
    index: SearchIndexDep,
    user: FacilitatorUser,
    q: str = "",
) -> Response:
    """Dilemmas matching a search, to add to the agenda (htmx fragment)."""
    stored = saved.editable(db, token, user)
    outcome = search_collection(db, index, [("q", q[:300]), ("soort", "dilemma")], 8)
    taken = {block.slug for block in saved.agenda_of(stored).blocks}
    hits = [hit for hit in (outcome.result.hits if outcome.result else []) if hit.slug not in taken]
    context = AgendaSearchContext(stored=stored, hits=hits, message=outcome.message, q=q)
    return render(request, context.fragment, None, context)


@router.post("/sessies/bewerken/{token}/kopie", name="agenda_copy")
def copy(token: str, request: Request, db: DbDep, user: FacilitatorUser) -> Response:
    """Duplicate an agenda as the starting point for a next session."""
    copied = saved.duplicate(db, user, saved.editable(db, token, user))
    db.commit()
    return see_other(path_for(request, "agenda_edit", token=copied.edit_token))


@router.get("/sessies/bekijken/{token}", name="agenda_view")
def read_view(token: str, request: Request, db: DbDep) -> Response:
    """The agenda for anyone with the view link: read only."""
    stored = saved.by_view_token(db, token)
    if stored is None:
        raise HTTPException(404, "Deze agenda bestaat niet (meer). Controleer de link.")
    agenda = saved.without_withdrawn(db, saved.agenda_of(stored))
    return render(
        request,
        "pages/agenda_view.html",
        None,
        {
            "stored": stored,
            "agenda": agenda,
            "schedule": agenda.schedule(),
            "when": export.dutch_date(agenda),
            "facilitator": False,
        },
    )


@router.get("/sessies/bekijken/{token}/agenda.{extension}", name="agenda_view_export")
def download_saved(token: str, extension: str, request: Request, db: DbDep) -> Response:
    """A saved agenda as a Word, Markdown or calendar file with each dilemma's hand-out, for
    anyone with the view link; `versie=deelnemers` leaves the facilitator's notes out."""
    participants = request.query_params.get("versie") == "deelnemers"

    def agenda() -> Agenda:
        stored = saved.by_view_token(db, token)
        if stored is None:
            raise HTTPException(404, "Deze agenda bestaat niet (meer). Controleer de link.")
        shown = saved.without_withdrawn(db, saved.agenda_of(stored))
        return replace(shown, handouts=handouts_for(db, shown))

    return serve_export(
        export.PARTICIPANT_EXPORTS if participants else export.EXPORTS, extension, agenda
    )


@router.get("/beheer/agendas", name="my_agendas")
def read_my_agendas(request: Request, db: DbDep, user: FacilitatorUser) -> Response:
    """The facilitator's own saved agendas (nobody else's)."""
    return render(request, "pages/my_agendas.html", None, {"agendas": saved.agendas_of(db, user)})
