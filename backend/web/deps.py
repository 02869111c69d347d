"""Request dependencies shared by the routers: the database session, the settings and the
app-wide services (search index, live broadcaster, rate limiters) as typed aliases.

This module (with `backend/main.py`, which fills `app.state`) is the only code that reads
`app.state`: routers take what they need as a parameter (`index: SearchIndexDep`), so a test
swaps any of it with `app.dependency_overrides[get_search_index] = ...`. Helpers outside a
route's signature (error pages, absolute links, the CSRF check) use the plain accessors
below (`templates_of`, `engine_of`, …).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import anyio
from fastapi import Depends, Path, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.accounts.lockout import AddressLockout
from backend.config import Settings
from backend.live.broadcast import Broadcaster
from backend.live.presence import Presence
from backend.live.shared_presence import SharedPresence
from backend.search.index import SearchIndex

if TYPE_CHECKING:  # live_common imports this module
    from backend.web.live_common import StreamSlots


class Limiter(Protocol):
    """A rate limiter: attempts per key in a time window (`backend.web.auth.RateLimiter` in
    memory, `backend.limits.SharedRateLimiter` in the database)."""

    def allow(self, key: str, limit: int | None = None) -> bool:
        """Count an attempt; False (and not counted) when the limit is reached."""
        ...

    def blocked(self, key: str, limit: int | None = None) -> bool:
        """Whether the limit is reached, without counting an attempt."""
        ...


# --- plain accessors (for helpers that are not route parameters) -----------------------------


def engine_of(request: Request) -> Engine:
    """The app's database engine."""
    engine: Engine = request.app.state.engine
    return engine


def settings_of(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def search_index_of(request: Request) -> SearchIndex:
    """The full-text search index."""
    search_index: SearchIndex = request.app.state.search_index
    return search_index


def templates_of(request: Request) -> Jinja2Templates:
    """The app's Jinja2 templates."""
    templates: Jinja2Templates = request.app.state.templates
    return templates


def csrf_secret_of(request: Request) -> bytes:
    """The key the CSRF tokens of login sessions are made with."""
    csrf_secret: bytes = request.app.state.csrf_secret
    return csrf_secret


def presence_of(request: Request) -> Presence | SharedPresence:
    """The phones whose event stream is open now, per session."""
    presence: Presence | SharedPresence = request.app.state.presence
    return presence


def remembered_paths_of(request: Request) -> dict[tuple[Any, ...], str]:
    """Paths `path_for` has built, by route name and parameters (backend/web/links.py)."""
    paths: dict[tuple[Any, ...], str] = request.app.state.paths
    return paths


def stream_slots_of(request: Request) -> StreamSlots:
    """The open event streams per client."""
    stream_slots: StreamSlots = request.app.state.stream_slots
    return stream_slots


# --- dependencies ------------------------------------------------------------------------------
# Those that only read app.state are `async def`: FastAPI runs a plain `def` dependency in
# the thread pool, a hand-over to a worker thread and back for every request that uses it.


async def get_db(request: Request) -> AsyncIterator[Session]:
    """A database session for one request.

    Made on the event loop: a new session connects to nothing yet, so a worker thread for it
    (as a plain generator gets) was a thread switch per request for nothing. Closing it is a
    round trip when it still holds a connection (a read without commit): that happens in a
    worker thread, shielded, so a request cancelled meanwhile still returns its connection.
    """
    db = Session(engine_of(request))
    try:
        yield db
    finally:
        if db.in_transaction():
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(db.close)
        else:
            db.close()


async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return settings_of(request)


async def get_search_index(request: Request) -> SearchIndex:
    """The full-text search index."""
    return search_index_of(request)


async def get_broadcaster(request: Request) -> Broadcaster:
    """The publish/subscribe channel of live sessions."""
    broadcaster: Broadcaster = request.app.state.broadcaster
    return broadcaster


async def get_participant_secret(request: Request) -> str:
    """The key that turns a phone's token into its stored participant key."""
    participant_secret: str = request.app.state.participant_secret
    return participant_secret


async def get_login_limiter(request: Request) -> Limiter:
    """Failed logins per client."""
    login_limiter: Limiter = request.app.state.login_limiter
    return login_limiter


async def get_unknown_logins(request: Request) -> AddressLockout:
    """Lock-outs of addresses without an account."""
    unknown_logins: AddressLockout = request.app.state.unknown_logins
    return unknown_logins


async def get_join_limiter(request: Request) -> Limiter:
    """Wrong join codes per client."""
    join_limiter: Limiter = request.app.state.join_limiter
    return join_limiter


async def get_join_slow_lane(request: Request) -> Limiter:
    """Join-code lookups per client once it is blocked."""
    join_slow_lane: Limiter = request.app.state.join_slow_lane
    return join_slow_lane


async def get_join_budget(request: Request) -> Limiter:
    """Joins per live session and network address (each session sets its own limit)."""
    join_budget: Limiter = request.app.state.join_budget
    return join_budget


async def get_answer_limiter(request: Request) -> Limiter:
    """Answers per participant."""
    answer_limiter: Limiter = request.app.state.answer_limiter
    return answer_limiter


DbDep = Annotated[Session, Depends(get_db)]
# A database id in a URL: larger numbers cannot exist, so they are refused before any lookup
# (a 30-digit id would otherwise overflow the database driver).
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SearchIndexDep = Annotated[SearchIndex, Depends(get_search_index)]
BroadcasterDep = Annotated[Broadcaster, Depends(get_broadcaster)]
ParticipantSecretDep = Annotated[str, Depends(get_participant_secret)]
LoginLimiterDep = Annotated[Limiter, Depends(get_login_limiter)]
UnknownLoginsDep = Annotated[AddressLockout, Depends(get_unknown_logins)]
JoinLimiterDep = Annotated[Limiter, Depends(get_join_limiter)]
JoinSlowLaneDep = Annotated[Limiter, Depends(get_join_slow_lane)]
JoinBudgetDep = Annotated[Limiter, Depends(get_join_budget)]
AnswerLimiterDep = Annotated[Limiter, Depends(get_answer_limiter)]
