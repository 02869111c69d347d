"""Leading a live session: starting it, the facilitator's controls, agreements and the
facilitator's own list. Only the session's owner may use these routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from backend.clock import utcnow
from backend.live import service
from backend.live.events import TEAM, transaction
from backend.live.qr import qr_svg
from backend.live.service import LiveError, LiveReason
from backend.live.view import live_view
from backend.models import LiveSession, SavedAgenda
from backend.web.auth import FacilitatorUser, verify_csrf
from backend.web.deps import BroadcasterDep, DbDep, RowId, SettingsDep
from backend.web.forms import see_other
from backend.web.fragments import LiveLeadContext
from backend.web.links import absolute_url, path_for
from backend.web.live_common import event_stream, join_context
from backend.web.templating import is_htmx, local_time, render

router = APIRouter(default_response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])


@router.post("/live/start", name="live_start")
def start(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    broadcaster: BroadcasterDep,
    user: FacilitatorUser,
    agenda: str = Form("", max_length=64),
    dilemma: str = Form("", max_length=80),
) -> Response:
    """Start a live session from a saved agenda (its edit link's token) or one dilemma."""
    minimum = settings.live_min_answers
    with transaction(db, broadcaster):
        service.end_abandoned(db)  # housekeeping: forgotten sessions drop their keys
        if agenda:
            saved = db.exec(select(SavedAgenda).where(SavedAgenda.edit_token == agenda)).first()
            if saved is None:
                raise LiveError("Deze agenda bestaat niet (meer).", LiveReason.NOT_FOUND)
            live = service.start_from_agenda(db, user, saved, minimum)
        elif dilemma:
            live = service.start_from_dilemma(db, user, dilemma, minimum)
        else:
            raise LiveError("Kies een opgeslagen agenda of een dilemma om mee te starten.")
        live_id = live.id
    return see_other(path_for(request, "live_lead", session_id=live_id))


def _lead(
    request: Request, db: Session, live: LiveSession, error: str = "", status: int = 200
) -> Response:
    context = LiveLeadContext(
        view=live_view(db, live),
        presenter_url=absolute_url(request, "live_screen", token=live.presenter_token),
        report_url=absolute_url(request, "live_report", token=live.report_token),
        error=error,
        **join_context(request, live),
    )
    if not is_htmx(request):
        # The whole page only: a QR code to this page for the facilitator's own phone.
        context.lead_url = absolute_url(request, "live_lead", session_id=str(live.id))
        context.lead_qr = qr_svg(
            context.lead_url, "QR-code om deze sessie vanaf uw telefoon te bedienen"
        )
    return render(request, context.page, context.fragment, context, status)


@router.get("/live/{session_id}", name="live_lead")
def read_lead(session_id: RowId, request: Request, db: DbDep, user: FacilitatorUser) -> Response:
    """The facilitator's screen (a fragment for htmx)."""
    return _lead(request, db, service.owned(db, session_id, user))


@router.get("/live/{session_id}/stroom", name="live_lead_stream")
def read_lead_stream(
    session_id: RowId,
    request: Request,
    db: DbDep,
    broadcaster: BroadcasterDep,
    settings: SettingsDep,
    user: FacilitatorUser,
) -> Response:
    live = service.owned(db, session_id, user)
    return event_stream(request, db, live, TEAM, broadcaster, settings)


def _minutes(raw: str) -> int:
    if not raw.isdecimal():
        raise LiveError("Vul het aantal extra minuten in als een heel getal, bijvoorbeeld 5.")
    return int(raw)


def _position(raw: str) -> int:
    if not raw.isdecimal():
        raise LiveError("Kies een onderdeel uit de agenda.")
    return int(raw)


# Each action: the service call with the submitted form values.
ACTIONS: dict[str, Callable[[Session, LiveSession, dict[str, Any]], None]] = {
    "volgende": lambda db, live, form: service.go_to(db, live, live.current + 1),
    "vorige": lambda db, live, form: service.go_to(db, live, live.current - 1),
    "naar": lambda db, live, form: service.go_to(db, live, _position(form["positie"])),
    "openen": lambda db, live, form: service.open_answers(db, live),
    "sluiten": lambda db, live, form: service.close_answers(db, live),
    "tonen": lambda db, live, form: service.reveal(db, live),
    "verbergen": lambda db, live, form: service.hide_results(db, live),
    "verlengen": lambda db, live, form: service.extend(db, live, _minutes(form["minuten"])),
    "aantal-verbergen": lambda db, live, form: service.set_hide_count(db, live, True),
    "aantal-tonen": lambda db, live, form: service.set_hide_count(db, live, False),
    "deelname-sluiten": lambda db, live, form: service.set_joining(db, live, False),
    "deelname-openen": lambda db, live, form: service.set_joining(db, live, True),
    "verwacht": lambda db, live, form: service.set_expected(db, live, form["verwacht"]),
    "beeindigen": lambda db, live, form: service.end(db, live),
    "delen": lambda db, live, form: service.set_sharing(db, live, form["delen"] == "ja"),
    "afspraken": lambda db, live, form: service.save_agreements(
        db, live, _position(form["positie"]), form["afspraken"]
    ),
}


@router.post("/live/{session_id}/{action}", name="live_action")
def act(
    session_id: RowId,
    action: str,
    request: Request,
    db: DbDep,
    broadcaster: BroadcasterDep,
    user: FacilitatorUser,
    positie: str = Form("", max_length=4),
    minuten: str = Form("", max_length=4),
    delen: str = Form("", max_length=4),
    afspraken: str = Form("", max_length=5000),
    verwacht: str = Form("", max_length=4),
    zeker: str = Form("", max_length=4),
) -> Response:
    """One step of the facilitator: a block further or back, open or close answering, show or
    hide the outcome, more time, the answer count, agreements, joining (close, reopen, the
    expected number), sharing, or the end."""
    if action not in ACTIONS:
        raise HTTPException(404, "Deze handeling bestaat niet.")
    live = service.owned(db, session_id, user)
    form = {
        "positie": positie,
        "minuten": minuten,
        "delen": delen,
        "afspraken": afspraken,
        "verwacht": verwacht,
    }
    try:
        if action == "beeindigen" and zeker != "ja":
            raise LiveError("Vink aan dat u de sessie wilt beëindigen; er is niets veranderd.")
        with transaction(db, broadcaster):
            ACTIONS[action](db, service.lock(db, live), form)
    except LiveError as error:
        if error.reason in (LiveReason.NOT_FOUND, LiveReason.FORBIDDEN) or not is_htmx(request):
            raise  # the error page (web/errors.py)
        if action == "afspraken":  # the form's status line shows it
            return HTMLResponse(str(error), status_code=409)
        return _lead(request, db, live, str(error), 409)
    if is_htmx(request):
        if action == "afspraken":
            return HTMLResponse(f"Opgeslagen om {local_time(utcnow())}.")
        return _lead(request, db, live)
    return see_other(path_for(request, "live_lead", session_id=session_id))


@router.get("/beheer/live", name="my_live_sessions")
def read_my_sessions(request: Request, db: DbDep, user: FacilitatorUser) -> Response:
    """The facilitator's own live sessions, running and ended."""
    return render(request, "pages/my_live.html", None, {"sessions": service.sessions_of(db, user)})
