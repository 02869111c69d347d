"""What the live-session routers share: Server-Sent Event streams and the links, code and QR
code that let people join. A refused change (`LiveError`) is answered in `web/errors.py`."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
from fastapi import HTTPException, Request
from sqlmodel import Session
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from backend.config import Settings
from backend.live.broadcast import Broadcaster
from backend.live.codes import spaced
from backend.live.events import EVERYONE, follow, transaction
from backend.live.presence import announce_connected
from backend.live.qr import qr_svg
from backend.live.service import ACTIVE, join_budget
from backend.models import LiveSession, stored_id
from backend.web.auth import client_key
from backend.web.deps import engine_of, presence_of, stream_slots_of
from backend.web.links import absolute_url

NO_STORE = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
MAX_EVENT_ID = 10**12
TOO_MANY_STREAMS = (
    "Vanaf uw netwerk staan al te veel live-verbindingen met Dilemmatafel open. Sluit de"
    " tabbladen van deze sessie die u niet meer gebruikt en laad de pagina daarna opnieuw."
)


def last_event_id(request: Request, default: int) -> int:
    """Where a stream resumes: the browser's Last-Event-ID, else the page's `na`, else now."""
    for raw in (request.headers.get("last-event-id"), request.query_params.get("na")):
        if raw and raw.isdecimal() and int(raw) < MAX_EVENT_ID:
            return int(raw)
    return default


class StreamSlots:
    """How many event streams each client has open, so one client cannot take every
    connection the server has. A stream gives its slot back when it ends, however it ends."""

    def __init__(self) -> None:
        self._open: Counter[str] = Counter()
        self._lock = threading.Lock()  # streams are opened from the thread pool

    def take(self, key: str, limit: int) -> Callable[[], None] | None:
        """A slot for `key` (the function that gives it back), or None when all are taken."""
        with self._lock:
            if self._open[key] >= limit:
                return None
            self._open[key] += 1
        given_back = False

        def give_back() -> None:
            nonlocal given_back
            with self._lock:
                if not given_back:
                    given_back = True
                    self._open[key] -= 1
                    if self._open[key] <= 0:
                        del self._open[key]

        return give_back


class _SlotStream(EventSourceResponse):
    """An event stream that gives its slot back when it ends (also when the client leaves)."""

    def __init__(self, *args: Any, give_back: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._give_back = give_back

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):  # also when the client has gone
                await anyio.to_thread.run_sync(self._give_back)


def _stream_slot(
    request: Request, live: LiveSession, audience: str, limit: int
) -> Callable[[], None]:
    """Take one of the client's stream slots, or refuse with 429. Phones count per session and
    may use the session's whole join budget, so a room behind one address is never refused
    and never crowds out the facilitator's and the projector's streams."""
    client = client_key(request)
    if audience == EVERYONE:
        key, limit = f"{live.id}:{client}", max(limit, join_budget(live))
    else:
        key = f"team:{client}"
    give_back = stream_slots_of(request).take(key, limit)
    if give_back is None:
        raise HTTPException(429, TOO_MANY_STREAMS)
    return give_back


def _announce(
    request: Request, broadcaster: Broadcaster, session_id: int, count: int | None
) -> None:
    """Tell the team's screens the number of connected phones, when it changed."""
    if count is None:
        return
    with Session(engine_of(request)) as db, transaction(db, broadcaster):
        announce_connected(db, session_id, count)


def _present(
    request: Request, broadcaster: Broadcaster, live: LiveSession, participant: str
) -> Callable[[], None]:
    """Count a joined phone's stream as connected; returns what counts it out again."""
    presence = presence_of(request)
    session_id = stored_id(live)
    _announce(request, broadcaster, session_id, presence.connect(session_id, participant))

    def leave() -> None:
        _announce(request, broadcaster, session_id, presence.disconnect(session_id, participant))

    return leave


def _and_then(first: Callable[[], None], second: Callable[[], None]) -> Callable[[], None]:
    """Run `first`, then `second` whatever happens in `first`."""

    def both() -> None:
        try:
            first()
        finally:
            second()

    return both


def event_stream(
    request: Request,
    db: Session,
    live: LiveSession,
    audience: str,
    broadcaster: Broadcaster,
    settings: Settings,
    participant: str | None = None,
) -> Response:
    """The session's events for this audience as Server-Sent Events (204 once it has ended,
    which tells the browser to stop reconnecting; 429 when the client has too many open).
    A joined phone (`participant`, its key) counts as connected while its stream is open."""
    if live.status != ACTIVE:
        return Response(status_code=204)
    engine = engine_of(request)
    after = last_event_id(request, live.event_seq)
    session_id = stored_id(live)
    db.close()  # a stream stays open for hours; it must not hold a database connection
    give_back = _stream_slot(request, live, audience, settings.max_streams_per_client)
    if participant is not None:
        try:
            give_back = _and_then(_present(request, broadcaster, live, participant), give_back)
        except BaseException:
            give_back()
            raise

    async def events() -> AsyncIterator[ServerSentEvent]:
        async for event in follow(broadcaster, engine, session_id, audience, after):
            yield ServerSentEvent(data=event.data, event=event.name, id=str(event.seq))

    return _SlotStream(events(), give_back=give_back, ping=15, send_timeout=30, headers=NO_STORE)


def join_url(request: Request, live: LiveSession) -> str:
    return absolute_url(request, "live_join_code", code=live.code)


def join_context(request: Request, live: LiveSession, with_qr: bool = False) -> dict[str, Any]:
    """The code and link that let people join, the phones connected now, and the QR code for
    the projector."""
    url = join_url(request, live)
    context = {
        "join_url": url,
        "join_host": url.split("://", 1)[-1].rsplit("/", 2)[0],
        "spaced_code": spaced(live.code),
        "connected": presence_of(request).connected(stored_id(live)),
    }
    if with_qr:
        context["qr"] = qr_svg(url, f"QR-code om mee te doen met code {context['spaced_code']}")
    return context
