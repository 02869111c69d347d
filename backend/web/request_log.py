"""One log line per request, and an id that ties the request's log lines together.

The line names the method, the route's pattern (`/j/{code}`, never the path: paths hold join
codes and secret links, query strings hold search words), the status and the time taken. No
client address, no headers. The id is random, or a reverse proxy among DT_TRUSTED_PROXIES
supplies its own in `X-Request-ID` (nginx's `$request_id`), so its log and ours can match.
"""

from __future__ import annotations

import logging
import re
import secrets
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.logs import request_id

logger = logging.getLogger("dilemmatafel.access")

# What an id from a proxy may look like: nothing that could carry words or markup.
PROXY_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestLogMiddleware:
    """Set the request id for the request's log lines and log the request when it ends."""

    def __init__(self, app: ASGIApp, trusted_proxies: list[str]):
        self.app = app
        self.trusted_proxies = set(trusted_proxies)

    def _request_id(self, scope: Scope) -> str:
        client = scope.get("client")
        if client and client[0] in self.trusted_proxies:
            for name, value in scope["headers"]:
                if name == b"x-request-id":
                    sent: str = value.decode("latin-1")
                    if PROXY_ID.fullmatch(sent):
                        return sent
        return secrets.token_hex(8)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        current = self._request_id(scope)
        token = request_id.set(current)
        started = time.perf_counter()
        status = 500  # what the client gets when the app fails before answering

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            # The route's pattern only: the path and query string may be personal or secret.
            route = getattr(scope.get("route"), "path", None) or "-"
            elapsed = (time.perf_counter() - started) * 1000
            logger.info(
                "%s %s %d %.1f ms",
                scope["method"],
                route,
                status,
                elapsed,
                extra={"request_id": current},
            )
            request_id.reset(token)
