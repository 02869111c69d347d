"""Errors as users see them: a Dutch page for browsers, JSON for the API, never a trace."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.db import is_unavailable
from backend.errors import DomainError
from backend.web.auth import LoginRequired, login_redirect_url
from backend.web.deps import templates_of

logger = logging.getLogger(__name__)

TITLES = {
    400: "Deze vraag kunnen we niet beantwoorden",
    403: "Geen toegang",
    404: "Pagina niet gevonden",
    405: "Deze handeling is hier niet mogelijk",
    408: "Het versturen duurde te lang",
    413: "Te veel gegevens verstuurd",
    500: "Er ging iets mis",
    503: "Tijdelijk niet beschikbaar",
}
DEFAULT_MESSAGES = {
    404: "De pagina die u zocht bestaat niet (meer). Controleer het adres of zoek verder"
    " vanaf de startpagina.",
    405: "Deze pagina kan zo niet worden gebruikt.",
    500: "Er ging aan onze kant iets mis. Probeer het later opnieuw.",
    503: "Dilemmatafel is tijdelijk niet beschikbaar: de database is even niet bereikbaar."
    " Probeer het over een halve minuut opnieuw. Wat u net verstuurde, is mogelijk niet"
    " opgeslagen; controleer het dan en verstuur het zo nodig nog een keer.",
}
# How long a browser or API client is asked to wait after a 503 (seconds).
RETRY_AFTER_SECONDS = 30


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str | None = None) -> Response:
    """The error as JSON (API) or as the Dutch error page."""
    message = message or DEFAULT_MESSAGES.get(status, TITLES.get(status, "Fout"))
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return templates_of(request).TemplateResponse(
        request,
        "pages/error.html",
        {"status": status, "title": TITLES.get(status, "Fout"), "message": message},
        status_code=status,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on the app."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # Starlette's own details are English status phrases; show ours instead.
        own = isinstance(exc.detail, str) and exc.detail != HTTPStatus(exc.status_code).phrase
        detail = exc.detail if own else None
        response = error_response(request, exc.status_code, detail)
        # Headers the error carries stay, such as Allow on a 405 (RFC 9110).
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "Log in om dit te gebruiken."}, status_code=401)
        return RedirectResponse(login_redirect_url(request), status_code=303)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        # Every refusal of the domain, in one place: its status and its Dutch message.
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if any(error["loc"][0] == "path" for error in exc.errors()):
            return error_response(request, 404)  # e.g. an id no row can have
        names = ", ".join(str(error["loc"][-1]) for error in exc.errors())
        return error_response(request, 400, f"Ongeldige invoer bij: {names}. Controleer de waarde.")

    # Innermost, so the error page still gets the security headers of the outer middleware.
    app.user_middleware.append(Middleware(UnexpectedErrorMiddleware))


class UnexpectedErrorMiddleware:
    """An unexpected error becomes the Dutch 500 page and is logged, without re-raising: the
    server would otherwise close the connection, and a browser's next request on it fails."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            # The route's pattern, not the path: paths can hold secret links and search words.
            route = getattr(scope.get("route"), "path", "?")
            if is_unavailable(error):
                # An outage, not a bug: one line without the statement or its values.
                logger.warning(
                    "database unavailable on %s %s: %s",
                    scope["method"],
                    route,
                    type(getattr(error, "orig", error)).__name__,
                )
            else:
                logger.exception("unhandled error on %s %s", scope["method"], route)
            if started:  # half a response went out: only closing the connection is honest
                raise
            await _error_page(Request(scope), error)(scope, receive, send)


def _error_page(request: Request, error: Exception) -> Response:
    """503 with Retry-After while the database is unreachable (the app recovers by itself
    when it returns), else 500."""
    if not is_unavailable(error):
        return error_response(request, 500)
    response = error_response(request, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
