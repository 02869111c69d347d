"""Middleware for every request, as plain ASGI: bounded request bodies, the CSRF cookie and
the security headers. None of it wraps the response body, so streams (Server-Sent Events) pass
straight through without an extra task per request."""

from __future__ import annotations

import secrets

import anyio
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.web.auth import (
    CSRF_COOKIE,
    CSRF_COOKIE_MAX_AGE,
    SESSION_COOKIE,
    expected_csrf_token,
    is_secure,
    set_cookie,
)
from backend.web.errors import error_response
from backend.web.health import HEALTH_PATHS

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
        " frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    # Browser features the site never uses, switched off for it and anything it embeds.
    "Permissions-Policy": ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    ),
}
HSTS = "max-age=31536000; includeSubDomains"
# Pages behind an unguessable link, or personal to one phone: never kept by a browser or proxy.
SECRET_LINK_PREFIXES = (
    "/scherm/",
    "/verslag/",
    "/sessies/bekijken/",
    "/sessies/bewerken/",
    "/live/",
    "/j/",
    "/wachtwoord-instellen/",
)
EDITOR_PREFIX = "/beheer/content"


def _size(limit: int) -> str:
    """A byte count as people read it: '64 kB', '1 MB'."""
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit // 1024} kB"


class _Refused(Exception):
    """A request body that is not accepted: the status and the Dutch explanation."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class BodyLimitMiddleware:
    """Bound every request body before anything reads it: more than `max_bytes` (or
    `max_editor_bytes` for the content editor) is refused with 413, at once when the declared
    Content-Length says so, otherwise as soon as the streamed bytes pass the limit; a body that
    takes longer than `timeout_seconds` gets 408. Both close the connection, and the app never
    sees the request, so nothing is half-written. An accepted body is handed to the app whole."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_editor_bytes: int, timeout_seconds: float):
        self.app = app
        self.max_bytes = max_bytes
        self.max_editor_bytes = max_editor_bytes
        self.timeout_seconds = timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read_body(scope, receive)
        except _Refused as refused:
            await _refuse(scope, receive, send, refused.status, refused.message)
            return
        if body is not None:  # None: the client went away, there is no one to answer
            await self.app(scope, _replay(body, receive), send)

    def _limit(self, path: str) -> int:
        editor = path == EDITOR_PREFIX or path.startswith(EDITOR_PREFIX + "/")
        return self.max_editor_bytes if editor else self.max_bytes

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        limit = self._limit(scope["path"])
        too_large = _Refused(
            413,
            f"U verstuurde meer dan {_size(limit)} in één keer; dat is te groot voor"
            " Dilemmatafel. Maak de tekst korter en probeer het opnieuw; er is niets opgeslagen.",
        )
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            raise too_large
        chunks, size = [], 0
        with anyio.move_on_after(self.timeout_seconds):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return None
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise too_large
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(chunks)
        raise _Refused(
            408,
            f"Het versturen duurde langer dan {self.timeout_seconds:g} seconden, daarom is de"
            " verbinding verbroken. Controleer uw internetverbinding en probeer het opnieuw;"
            " er is niets opgeslagen.",
        )


def _has_body(scope: Scope) -> bool:
    """Whether the request comes with a body (a GET, or a form without fields, has none)."""
    declared = _declared_length(scope)
    chunked = any(name == b"transfer-encoding" for name, _ in scope["headers"])
    return chunked or bool(declared)


def _declared_length(scope: Scope) -> int | None:
    """The Content-Length the client announced, if any."""
    for name, value in scope["headers"]:
        if name == b"content-length" and value.strip().isdigit():
            return int(value)
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the app the whole body at once, then listens for a disconnect."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    """Answer in Dutch (JSON for the API, the error page for browsers) and close the
    connection: the rest of the body is not worth waiting for."""
    response = error_response(Request(scope), status, message)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)


class CsrfCookieMiddleware:
    """Give every browser its CSRF token and expose it to templates as
    request.state.csrf_token: bound to the login session when there is one, else a random
    double-submit cookie. The cookie is set whenever it differs from that token; health probes
    get none."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in HEALTH_PATHS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(CSRF_COOKIE)
        token = expected_csrf_token(request)
        if not token or len(token) < 20:
            token = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token
        if token == cookie:
            await self.app(scope, receive, send)
            return
        carrier = Response()
        set_cookie(carrier, request, CSRF_COOKIE, token, max_age=CSRF_COOKIE_MAX_AGE)
        header = carrier.headers["set-cookie"]

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # A login or logout renews the token itself; its cookie has the last word.
                if not any(v.startswith(f"{CSRF_COOKIE}=") for v in headers.getlist("set-cookie")):
                    headers.append("set-cookie", header)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy and friends on every response (the API docs page,
    which runs Swagger UI's own scripts, goes without the CSP); HSTS over HTTPS; and
    `Cache-Control: no-store` for logged-in users and behind secret links."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        api_docs = scope["path"].startswith("/api/docs")
        private = _is_private(request)
        secure = is_secure(request)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if api_docs and name == "Content-Security-Policy":
                        continue
                    headers.setdefault(name, value)
                if secure:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_private(request: Request) -> bool:
    """Whether the response is for one person only: a logged-in user (any page shows who is
    logged in) or a secret link. Static files are the same for everyone."""
    path = request.url.path
    if path.startswith("/static/"):
        return False
    return SESSION_COOKIE in request.cookies or path.startswith(SECRET_LINK_PREFIXES)
