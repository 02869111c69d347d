"""What the live-session routers share: Server-Sent Event streams, link building and
turning a refused change into a Dutch answer."""

from __future__ import annotations

from fastapi import HTTPException, Request
from sqlmodel import Session
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.responses import Response

from backend.live.codes import spaced
from backend.live.events import follow
from backend.live.qr import qr_svg
from backend.live.service import ACTIVE, LiveError
from backend.models import LiveSession

STATUS_OF = {
    "niet-gevonden": 404,
    "geen-toegang": 403,
    "ongeldig": 409,
    "afgelopen": 409,
    "vol": 409,
    "gesloten": 403,
}
NO_STORE = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
MAX_EVENT_ID = 10**12


def http_error(error: LiveError) -> HTTPException:
    return HTTPException(STATUS_OF.get(error.reason, 409), str(error))


def last_event_id(request: Request, default: int) -> int:
    """Where a stream resumes: the browser's Last-Event-ID, else the page's `na`, else now."""
    for raw in (request.headers.get("last-event-id"), request.query_params.get("na")):
        if raw and raw.isdigit() and int(raw) < MAX_EVENT_ID:
            return int(raw)
    return default


def event_stream(request: Request, db: Session, live: LiveSession, audience: str) -> Response:
    """The session's events for this audience as Server-Sent Events (204 once it has ended,
    which tells the browser to stop reconnecting)."""
    if live.status != ACTIVE:
        return Response(status_code=204)
    state = request.app.state
    after = last_event_id(request, live.event_seq)
    session_id = live.id
    db.close()  # a stream stays open for hours; it must not hold a database connection

    async def events():
        async for event in follow(state.broadcaster, state.engine, session_id, audience, after):
            yield ServerSentEvent(data=event.data, event=event.name, id=str(event.seq))

    return EventSourceResponse(events(), ping=15, send_timeout=30, headers=NO_STORE)


def join_url(request: Request, live: LiveSession) -> str:
    return str(request.url_for("live_join_code", code=live.code))


def join_context(request: Request, live: LiveSession, with_qr: bool = False) -> dict:
    """The code and link that let people join, and the QR code for the projector."""
    url = join_url(request, live)
    context = {
        "join_url": url,
        "join_host": url.split("://", 1)[-1].rsplit("/", 2)[0],
        "spaced_code": spaced(live.code),
    }
    if with_qr:
        context["qr"] = qr_svg(url, f"QR-code om mee te doen met code {context['spaced_code']}")
    return context
