"""Who is asking: the session cookie, role checks, CSRF protection and login rate limits."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.responses import Response

from backend.accounts.service import has_role, user_for_session
from backend.models import User
from backend.models.account import Role
from backend.models.ids import stored_id
from backend.web.deps import DbDep, csrf_secret_of, settings_of
from backend.web.links import path_for

SESSION_COOKIE = "dt_sessie"
CSRF_COOKIE = "dt_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
CSRF_COOKIE_MAX_AGE = 30 * 24 * 3600
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class LoginRequired(Exception):
    """Raised for a page that needs a login; answered with a redirect (or 401 for the API)."""


def from_trusted_proxy(request: Request) -> bool:
    """Whether the request comes straight from a reverse proxy in DT_TRUSTED_PROXIES, whose
    X-Forwarded-… headers are believed."""
    peer = request.client.host if request.client else None
    return peer is not None and peer in settings_of(request).trusted_proxies


def is_secure(request: Request) -> bool:
    """Whether the visitor reached the site over HTTPS: directly, or through a trusted proxy
    that terminated TLS and says so in X-Forwarded-Proto (from anyone else that header is
    ignored)."""
    if request.url.scheme == "https":
        return True
    return request.headers.get("x-forwarded-proto") == "https" and from_trusted_proxy(request)


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    """A cookie that scripts cannot read, sent only to this site, Secure behind HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=is_secure(request),
        path="/",
    )


def session_csrf_token(secret: bytes, session_token: str) -> str:
    """The CSRF token of a login session: a keyed hash of its cookie, so it changes at every
    login and is worthless with any other session."""
    return hmac.new(secret, session_token.encode(), hashlib.sha256).hexdigest()


def expected_csrf_token(request: Request) -> str | None:
    """The token a state-changing request must carry: bound to the login session when the
    browser has one, else the browser's own double-submit cookie (anonymous forms)."""
    session_token = request.cookies.get(SESSION_COOKIE)
    if session_token:
        return session_csrf_token(csrf_secret_of(request), session_token)
    return request.cookies.get(CSRF_COOKIE)


def renew_csrf_cookie(response: Response, request: Request, session_token: str | None) -> None:
    """Give the browser a new CSRF token at login (bound to the new session) or at logout (a
    fresh anonymous one), so no token from before survives the change."""
    token = (
        session_csrf_token(csrf_secret_of(request), session_token)
        if session_token
        else secrets.token_urlsafe(32)
    )
    set_cookie(response, request, CSRF_COOKIE, token, CSRF_COOKIE_MAX_AGE)


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token is not the expected one."""
    if request.method not in UNSAFE_METHODS:
        return
    expected = expected_csrf_token(request)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not expected or not sent or not secrets.compare_digest(str(sent), expected):
        raise HTTPException(
            403,
            "Dit formulier is verlopen of niet door Dilemmatafel verstuurd. Laad de pagina"
            " opnieuw en probeer het nog eens; er is niets opgeslagen.",
        )


@dataclass(frozen=True)
class Viewer:
    """Who is looking, as the page templates need it."""

    id: int
    email: str
    name: str
    role: str


def current_user(request: Request, db: DbDep) -> User | None:
    """The logged-in user, or None."""
    user = user_for_session(db, request.cookies.get(SESSION_COOKIE))
    # Templates get a copy: the database object expires when a change is rolled back.
    request.state.user = Viewer(stored_id(user), user.email, user.name, user.role) if user else None
    return user


CurrentUser = Annotated[User | None, Depends(current_user)]


def require_role(minimum: Role) -> Callable[[User | None], Awaitable[User]]:
    """A dependency that returns the user if their role is at least `minimum`."""

    async def check(user: CurrentUser) -> User:  # no I/O: no hand-over to a thread
        if user is None:
            raise LoginRequired()
        if not has_role(user, minimum):
            raise HTTPException(
                403, "U hebt geen toegang tot deze pagina met uw rol. Vraag een beheerder."
            )
        return user

    return check


AdminUser = Annotated[User, Depends(require_role(Role.ADMIN))]
EditorUser = Annotated[User, Depends(require_role(Role.EDITOR))]
FacilitatorUser = Annotated[User, Depends(require_role(Role.FACILITATOR))]


def login_redirect_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"{path_for(request, 'login')}?terug={quote(target)}"


def safe_next(target: str | None) -> str:
    """Only redirect to a path on this site (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/beheer"


class RateLimiter:
    """At most `limit` attempts per key in a sliding window of `seconds` (in memory)."""

    def __init__(self, limit: int, seconds: float):
        self.limit = limit
        self.seconds = seconds
        self._attempts: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        now = time.monotonic()
        attempts = self._attempts[key]
        while attempts and now - attempts[0] > self.seconds:
            attempts.popleft()
        return attempts

    def allow(self, key: str, limit: int | None = None) -> bool:
        """Count an attempt; False (and not counted) when the limit (or this key's own
        `limit`) is reached."""
        attempts = self._recent(key)
        if len(attempts) >= (self.limit if limit is None else limit):
            return False
        attempts.append(time.monotonic())
        return True

    def blocked(self, key: str, limit: int | None = None) -> bool:
        """Whether the limit is reached, without counting an attempt."""
        return len(self._recent(key)) >= (self.limit if limit is None else limit)


def client_key(request: Request) -> str:
    """Who is asking, for rate limits only (kept in memory, never stored or logged).

    X-Forwarded-For is believed only when the request comes from a trusted proxy
    (DT_TRUSTED_PROXIES); then the nearest address in it that is not a trusted proxy counts.
    From anyone else the header is ignored, so it cannot be used to dodge a limit.
    """
    peer = request.client.host if request.client else "onbekend"
    if not from_trusted_proxy(request):
        return peer
    trusted = settings_of(request).trusted_proxies
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
    return next((hop for hop in reversed(hops) if hop and hop not in trusted), peer)
