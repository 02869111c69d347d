"""Errors as users see them: a Dutch page for browsers, JSON for the API, never a trace."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.catalog.queries import InvalidQuery
from backend.web.auth import LoginRequired, login_redirect_url

logger = logging.getLogger(__name__)

TITLES = {
    400: "Deze vraag kunnen we niet beantwoorden",
    403: "Geen toegang",
    404: "Pagina niet gevonden",
    405: "Deze handeling is hier niet mogelijk",
    500: "Er ging iets mis",
}
DEFAULT_MESSAGES = {
    404: "De pagina die u zocht bestaat niet (meer). Controleer het adres of zoek verder"
    " vanaf de startpagina.",
    405: "Deze pagina kan zo niet worden gebruikt.",
    500: "Er ging aan onze kant iets mis. Probeer het later opnieuw.",
}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str | None = None) -> Response:
    """The error as JSON (API) or as the Dutch error page."""
    message = message or DEFAULT_MESSAGES.get(status, TITLES.get(status, "Fout"))
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(
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
        return error_response(request, exc.status_code, detail)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "Log in om dit te gebruiken."}, status_code=401)
        return RedirectResponse(login_redirect_url(request), status_code=303)

    @app.exception_handler(InvalidQuery)
    async def invalid_query(request: Request, exc: InvalidQuery) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        names = ", ".join(str(error["loc"][-1]) for error in exc.errors())
        return error_response(request, 400, f"Ongeldige invoer bij: {names}. Controleer de waarde.")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # The route's pattern, not the path: paths can hold secret links and search words.
        route = request.scope.get("route")
        logger.exception("unhandled error on %s %s", request.method, getattr(route, "path", "?"))
        return error_response(request, 500)
