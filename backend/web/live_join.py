"""The public side of a live session: joining with a code, the participant's phone, the
presenter's screen (secret link, read only) and the report (secret link)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from backend.config import Settings
from backend.live import codes, service
from backend.live import report as live_report
from backend.live.broadcast import Broadcaster
from backend.live.events import EVERYONE, TEAM, transaction
from backend.live.service import LiveError, LiveReason
from backend.live.view import live_view
from backend.models import LiveSession, stored_id
from backend.web.auth import CurrentUser, client_key, set_cookie, verify_csrf
from backend.web.deps import (
    AnswerLimiterDep,
    BroadcasterDep,
    DbDep,
    JoinBudgetDep,
    JoinLimiterDep,
    JoinSlowLaneDep,
    Limiter,
    ParticipantSecretDep,
    SettingsDep,
)
from backend.web.downloads import serve_export
from backend.web.forms import see_other
from backend.web.fragments import LiveParticipantContext, LiveScreenContext
from backend.web.links import path_for
from backend.web.live_common import event_stream, join_context
from backend.web.templating import is_htmx, render

router = APIRouter(default_response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])

PARTICIPANT_COOKIE = "dt_deelnemer"
PARTICIPANT_DAYS = 1
WRONG_CODE = (
    "Er is geen sessie met deze code. Controleer de code op het scherm in de zaal: zes tekens,"
    " letters en cijfers."
)
TOO_MANY = (
    "U hebt te vaak een verkeerde code ingevuld. Wacht een paar minuten en probeer het dan"
    " opnieuw met de code op het scherm."
)


# --- joining --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneServices:
    """What the participants' routes use besides the database: the limits on joining and
    answering, the key for participant tokens, the broadcaster and the settings."""

    join_limiter: Limiter  # wrong codes per client
    join_slow_lane: Limiter  # lookups once a client is blocked
    join_budget: Limiter  # joins per session and network address
    answer_limiter: Limiter  # answers per participant
    participant_secret: str
    broadcaster: Broadcaster
    settings: Settings


async def phone_services(
    join_limiter: JoinLimiterDep,
    join_slow_lane: JoinSlowLaneDep,
    join_budget: JoinBudgetDep,
    answer_limiter: AnswerLimiterDep,
    participant_secret: ParticipantSecretDep,
    broadcaster: BroadcasterDep,
    settings: SettingsDep,
) -> PhoneServices:
    """The services as one dependency (each part can be overridden on its own)."""
    return PhoneServices(
        join_limiter,
        join_slow_lane,
        join_budget,
        answer_limiter,
        participant_secret,
        broadcaster,
        settings,
    )


PhoneServicesDep = Annotated[PhoneServices, Depends(phone_services)]


def _join_page(request: Request, message: str = "", status: int = 200, code: str = "") -> Response:
    context = {"message": message, "code": code}
    return render(request, "pages/live_join.html", None, context, status)


def _session_for_code(
    request: Request,
    db: Session,
    services: PhoneServices,
    code: str,
) -> LiveSession:
    """The session behind a join code, with guessing limited per client.

    Wrong codes count as failures. After too many, a client is slowed down rather than shut
    out: phones that already joined this session carry on, and other lookups pass through a
    slow lane (a few per minute, used whether the code is right or wrong, so it says nothing
    about which codes exist). A room behind one address survives a few typos; a guesser is
    held to a crawl.
    """
    live = service.by_code(db, code)
    if live is not None and _joined_key(request, db, services, live) is not None:
        return live  # a phone of this session: no guess, and no limiter to ask
    client = client_key(request)
    blocked = services.join_limiter.blocked(client)
    if blocked and not services.join_slow_lane.allow(client):
        raise HTTPException(429, TOO_MANY)
    if live is None:
        services.join_limiter.allow(client)
        raise HTTPException(429, TOO_MANY) if blocked else HTTPException(404, WRONG_CODE)
    return live


@router.get("/j", name="live_join")
def read_join(request: Request, code: str = "") -> Response:
    """Where participants type the code (the QR code leads straight to /j/{code})."""
    if not code:
        return _join_page(request)
    normalized = codes.normalize(code)
    if normalized is None:
        return _join_page(request, WRONG_CODE, 400, code[:20])
    return see_other(path_for(request, "live_join_code", code=normalized))


def _participant_token(request: Request) -> str | None:
    token = request.cookies.get(PARTICIPANT_COOKIE, "")
    return (
        token
        if 30 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()
        else None
    )


def _participant(
    request: Request,
    db: Session,
    live: LiveSession,
    key: str | None,
    status: int = 200,
    **extra: Any,
) -> Response:
    view = live_view(db, live)
    mine = service.answer_of(db, stored_id(view.current), key) if key and view.is_dilemma else None
    context = LiveParticipantContext(
        view=view, mine=mine, code=live.code, joined=key is not None, **extra
    )
    return render(request, context.page, context.fragment, context, status)


def _joined_key(
    request: Request, db: Session, services: PhoneServices, live: LiveSession
) -> str | None:
    """This phone's key when its token was issued by this session; a self-made token or one
    from another session is not a participant."""
    token = _participant_token(request)
    if token is None:
        return None
    key = service.participant_key(services.participant_secret, stored_id(live), token)
    return key if service.is_joined(db, live, key) else None


def _join(
    request: Request, db: Session, services: PhoneServices, live: LiveSession
) -> tuple[str, str]:
    """Issue a new participant token and register the phone; returns (token, key).

    Each network address has a budget per session (the expected group with a margin), so a
    council behind one town-hall address gets in and a script cannot fill the session.
    """
    budget_key = f"{live.id}:{client_key(request)}"
    if services.join_budget.blocked(budget_key, service.join_budget(live)):
        raise LiveError(
            "Vanaf dit netwerk doen al zoveel telefoons mee als de gespreksleider verwacht."
            " Vraag de gespreksleider het verwachte aantal deelnemers te verhogen.",
            LiveReason.FULL,
        )
    token = secrets.token_urlsafe(32)
    key = service.participant_key(services.participant_secret, stored_id(live), token)
    with transaction(db, services.broadcaster):
        service.join(db, service.lock(db, live), key, services.settings.live_max_participants)
    services.join_budget.allow(budget_key, service.join_budget(live))
    return token, key


@router.get("/j/{code}", name="live_join_code")
def read_participant(
    code: str, request: Request, db: DbDep, services: PhoneServicesDep
) -> Response:
    """The participant's phone: no account and no name. The first visit joins the session:
    the server issues a random token in a cookie and records it, so only joined phones vote."""
    try:
        live = _session_for_code(request, db, services, code)
    except HTTPException as error:  # a friendly page to try again, not an error page
        return _join_page(request, error.detail, error.status_code, code[:20])
    if code != live.code:
        return see_other(path_for(request, "live_join_code", code=live.code))
    key = _joined_key(request, db, services, live)
    token = refusal = None
    if key is None and live.status == service.ACTIVE:
        try:
            token, key = _join(request, db, services, live)
        except LiveError as error:
            refusal = str(error)
    response = _participant(request, db, live, key, join_refused=refusal)
    if token is not None:
        set_cookie(
            response,
            request,
            PARTICIPANT_COOKIE,
            token,
            max_age=PARTICIPANT_DAYS * 24 * 3600,
        )
    return response


@router.get("/j/{code}/stroom", name="live_join_stream")
def read_participant_stream(
    code: str, request: Request, db: DbDep, services: PhoneServicesDep
) -> Response:
    """The phone's updates; a joined phone counts as connected while this stream is open."""
    live = _session_for_code(request, db, services, code)
    participant = _joined_key(request, db, services, live)
    return event_stream(
        request, db, live, EVERYONE, services.broadcaster, services.settings, participant
    )


@router.post("/j/{code}/antwoord", name="live_answer")
def post_answer(
    code: str,
    request: Request,
    db: DbDep,
    services: PhoneServicesDep,
    ronde: str = Form("", max_length=4),
    keuze: str = Form("", max_length=16),
) -> Response:
    """Store (or change) this phone's answer in the open round: the path every phone takes
    at once. The code, the limits and the round number are checked first; the session's row
    is locked only for the answer itself, so the answers of a room follow each other fast."""
    token = _participant_token(request)
    if token is None:
        raise HTTPException(
            400,
            "Uw telefoon heeft geen deelnemerscode gekregen. Laad de pagina opnieuw en sta"
            " cookies toe voor deze site; er is niets opgeslagen.",
        )
    live = key = None
    headers = {}
    try:
        live = _session_for_code(request, db, services, code)
        key = service.participant_key(services.participant_secret, stored_id(live), token)
        if not services.answer_limiter.allow(key):
            raise HTTPException(429, "U hebt heel vaak achter elkaar geantwoord. Wacht even.")
        if not ronde.isdecimal():
            raise LiveError("Deze vraag bestaat niet. Laad de pagina opnieuw.")
        live_code = live.code
        with transaction(db, services.broadcaster):
            seq = service.answer(
                db,
                service.lock(db, live),
                int(ronde),
                key,
                keuze,
                services.settings.live_max_participants,
            )
        if seq is not None:
            headers["Live-Event-Id"] = str(seq)
    except LiveError as error:
        if not is_htmx(request) or live is None:
            raise  # the error page (web/errors.py)
        return _participant(request, db, live, key, status=409, error=str(error))
    if is_htmx(request):
        response = _participant(request, db, live, key, saved=True)
        response.headers.update(headers)
        return response
    response = see_other(path_for(request, "live_join_code", code=live_code))
    response.headers.update(headers)
    return response


# --- the presenter's screen -----------------------------------------------------------------


def _by_presenter_token(db: Session, token: str) -> LiveSession:
    live = service.by_presenter_token(db, token)
    if live is None:
        raise HTTPException(
            404, "Deze schermlink bestaat niet. Open de link uit het scherm van de gespreksleider."
        )
    return live


@router.get("/scherm/{token}", name="live_screen")
def read_screen(token: str, request: Request, db: DbDep, user: CurrentUser) -> Response:
    """The projector: large type, the join code, the count, the countdown, the outcome.
    Its owner, logged in, drives it with the keyboard when presenting from this window."""
    live = _by_presenter_token(db, token)
    view = live_view(db, live)
    join = join_context(request, live, with_qr=view.join_screen)
    context = LiveScreenContext(
        view=view,
        token=token,
        join_host=join["join_host"],
        spaced_code=join["spaced_code"],
        connected=join["connected"],
        controls=user is not None and user.id == live.owner_id,
        qr=join.get("qr"),
    )
    return render(request, context.page, context.fragment, context)


@router.get("/scherm/{token}/stroom", name="live_screen_stream")
def read_screen_stream(
    token: str, request: Request, db: DbDep, broadcaster: BroadcasterDep, settings: SettingsDep
) -> Response:
    live = _by_presenter_token(db, token)
    return event_stream(request, db, live, TEAM, broadcaster, settings)


# --- the report -----------------------------------------------------------------------------


def _ended_by_report_token(db: Session, token: str) -> LiveSession | None:
    live = service.by_report_token(db, token)
    if live is None:
        raise HTTPException(404, "Dit verslag bestaat niet. Controleer de link.")
    return live if live.status == service.ENDED_STATUS else None


@router.get("/verslag/{token}", name="live_report")
def read_report(token: str, request: Request, db: DbDep) -> Response:
    """The report for everyone with its link, once the session has ended."""
    live = _ended_by_report_token(db, token)
    report = live_report.build_report(db, live) if live else None
    return render(request, "pages/live_report.html", None, {"report": report, "token": token})


@router.get("/verslag/{token}/verslag.{extension}", name="live_report_download")
def download_report(token: str, extension: str, db: DbDep) -> Response:
    """The report as a Word, Markdown or CSV file, once the session has ended."""

    def report() -> live_report.Report:
        live = _ended_by_report_token(db, token)
        if live is None:
            raise HTTPException(
                409, "Het verslag is er zodra de gespreksleider de sessie beëindigt."
            )
        return live_report.build_report(db, live)

    return serve_export(live_report.EXPORTS, extension, report)
