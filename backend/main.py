"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.accounts.lockout import SharedAddressLockout, UnknownAddressLockout
from backend.config import Settings, get_settings
from backend.db import make_engine, migrate
from backend.limits import SharedRateLimiter
from backend.live import service as live_service
from backend.live.broadcast import Broadcaster, LocalBroadcaster
from backend.live.events import transaction
from backend.live.pg_broadcast import PostgresBroadcaster
from backend.live.presence import Presence, announce_connected
from backend.live.shared_presence import Heartbeat, SharedPresence
from backend.retention import run_daily, run_retention
from backend.search.follow import IndexFollower
from backend.search.index import SearchIndex
from backend.web import (
    accounts,
    agendas,
    aids,
    api,
    builder,
    editor,
    editor_history,
    health,
    live_join,
    live_lead,
    pages,
    search,
)
from backend.web.auth import RateLimiter, current_user
from backend.web.errors import install_error_handlers
from backend.web.head import HeadAsGetMiddleware
from backend.web.live_common import StreamSlots
from backend.web.middleware import (
    BodyLimitMiddleware,
    CsrfCookieMiddleware,
    SecurityHeadersMiddleware,
)
from backend.web.request_log import RequestLogMiddleware
from backend.web.server import check_open_files
from backend.web.templating import make_templates

STATIC_DIR = Path(__file__).resolve().parent / "static"
OPENAPI_URL = "/api/openapi.json"


def end_abandoned_sessions(engine: Engine, broadcaster: Broadcaster) -> None:
    """Live sessions left running for more than 12 hours end at start-up (privacy)."""
    with Session(engine) as db, transaction(db, broadcaster):
        live_service.end_abandoned(db)


def housekeeping(engine: Engine, settings: Settings, broadcaster: Broadcaster) -> None:
    """The privacy pass the server runs at start-up and daily: forgotten live sessions end
    and what is past its retention period is deleted (`backend.retention`)."""
    end_abandoned_sessions(engine, broadcaster)
    run_retention(engine, settings)


# Rate limits as (attempts, seconds), by their name on app.state and in the database.
LIMITS: dict[str, tuple[int, float]] = {
    "login_limiter": (10, 300),  # failed logins per client, on top of the account lock-out
    "join_limiter": (20, 300),  # wrong join codes per client
    "join_slow_lane": (20, 60),  # join-code lookups per client once it is blocked
    "answer_limiter": (30, 60),  # answers per participant
    "join_budget": (0, 12 * 3600),  # joins per session and address; each session sets its own
}


class Worker(Protocol):
    """A background thread that runs from start-up to shut-down."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


def share_state(app: FastAPI, engine: Engine, settings: Settings) -> list[Worker]:
    """The live broadcaster, rate limiters, lock-outs and connected phones, and the background
    workers they need. With PostgreSQL several server processes serve one database, so live
    events go through LISTEN/NOTIFY and the rest is kept in the database
    (docs/deployment.md); one SQLite process keeps it all in memory."""
    if engine.dialect.name != "postgresql":
        app.state.broadcaster = LocalBroadcaster()
        app.state.unknown_logins = UnknownAddressLockout()
        for name, (limit, seconds) in LIMITS.items():
            setattr(app.state, name, RateLimiter(limit=limit, seconds=seconds))
        app.state.presence = Presence()
        return []
    key = settings.resolved_secret_key().encode()
    secret = hmac.new(key, b"limits", hashlib.sha256).digest()
    broadcaster = PostgresBroadcaster(engine)
    presence = SharedPresence(engine)
    app.state.broadcaster = broadcaster
    app.state.unknown_logins = SharedAddressLockout(engine, secret)
    for name, (limit, seconds) in LIMITS.items():
        setattr(app.state, name, SharedRateLimiter(engine, name, secret, limit, seconds))
    app.state.presence = presence

    def announce(session_id: int) -> None:
        with Session(engine) as db, transaction(db, broadcaster):
            announce_connected(db, session_id, presence.connected(session_id))

    return [broadcaster, Heartbeat(presence, announce)]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application: settings, database, routers, templates and static files."""
    settings = settings or get_settings()
    engine = make_engine(
        settings.database_url, settings.database_pool_size, settings.database_pool_overflow
    )

    search_index = SearchIndex(
        settings.index_dir,
        engine,
        cache_bytes=settings.search_cache_bytes,
        warm=settings.search_warm_up,
    )
    follower = IndexFollower(
        search_index,
        interval=settings.search_follow_seconds,
        keep=timedelta(days=settings.search_change_log_days),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        check_open_files(settings)
        migrate(engine)
        housekeeping(engine, settings, app.state.broadcaster)
        daily = asyncio.create_task(
            run_daily(lambda: housekeeping(engine, settings, app.state.broadcaster))
        )
        search_index.start(background=True)
        follower.start()
        for worker in workers:
            worker.start()
        yield
        for worker in reversed(workers):
            worker.stop()
        daily.cancel()
        follower.stop()
        engine.dispose()

    app = FastAPI(
        title="Dilemmatafel",
        description=(
            "Open gegevens van Dilemmatafel: integriteitsdilemma's, goede praktijken voor de"
            " zorgplicht en casussen over persoonlijk belang en geheimhouding."
        ),
        version="1",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=OPENAPI_URL,
    )
    # /api/v1 only, with its real errors; replacing the method is FastAPI's documented way.
    app.openapi = lambda: api.openapi_document(app)  # type: ignore[method-assign]
    app.state.settings = settings
    app.state.engine = engine
    app.state.search_index = search_index
    app.state.index_follower = follower
    # Key for the CSRF tokens bound to login sessions.
    app.state.csrf_secret = hmac.new(
        settings.resolved_secret_key().encode(), b"csrf", hashlib.sha256
    ).digest()
    workers = share_state(app, engine, settings)
    app.state.stream_slots = StreamSlots()  # open event streams per client (this process)
    app.state.participant_secret = hmac.new(
        settings.resolved_secret_key().encode(), b"live-participant", hashlib.sha256
    ).hexdigest()
    app.state.templates = make_templates(settings.template_reload)
    app.state.paths = {}  # remembered by backend/web/links.py's path_for
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(CsrfCookieMiddleware)
    # Outside everything that reads a body (the CSRF check too); inside the security headers,
    # so its 413 and 408 pages get them.
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        max_editor_bytes=settings.max_editor_body_bytes,
        timeout_seconds=settings.body_timeout_seconds,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    # Around everything but HEAD (logged as the GET it becomes), so every answer is logged.
    app.add_middleware(RequestLogMiddleware, trusted_proxies=settings.trusted_proxies)
    app.add_middleware(HeadAsGetMiddleware)  # outermost: HEAD is a GET all the way in

    @app.get("/api/docs", include_in_schema=False, name="api_docs")
    def read_api_docs() -> HTMLResponse:
        """The OpenAPI page, with Swagger UI served from our own static files."""
        return get_swagger_ui_html(
            openapi_url=OPENAPI_URL,
            title="Dilemmatafel API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(health.router)  # no user lookup: probes must not touch the database
    app.include_router(api.router)
    app.include_router(aids.api_router)
    app.include_router(accounts.router)
    app.include_router(editor.router)
    app.include_router(editor_history.router)
    app.include_router(agendas.router)
    app.include_router(live_join.router, dependencies=[Depends(current_user)])
    app.include_router(live_lead.router, dependencies=[Depends(current_user)])
    # Pages know who is looking, for the header (login link or account menu).
    app.include_router(search.router, dependencies=[Depends(current_user)])
    app.include_router(builder.router, dependencies=[Depends(current_user)])
    app.include_router(aids.router, dependencies=[Depends(current_user)])
    app.include_router(pages.router, dependencies=[Depends(current_user)])
    install_error_handlers(app)
    return app
