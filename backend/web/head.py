"""HEAD answers wherever GET does, as plain ASGI.

FastAPI routes that declare GET do not take HEAD (they answer 405). This middleware serves
a HEAD request as a GET and passes on only the status and headers, Content-Length
included, so both methods always agree.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DISCONNECT: Message = {"type": "http.disconnect"}


def allow_with_head(message: Message) -> None:
    """Add HEAD to the Allow header of a 405 that allows GET."""
    headers = MutableHeaders(scope=message)
    allowed = [method.strip() for method in headers.get("allow", "").split(",") if method.strip()]
    if "GET" in allowed and "HEAD" not in allowed:
        headers["allow"] = ", ".join([*allowed, "HEAD"])


class HeadAsGetMiddleware:
    """Answer HEAD as GET without the body; name HEAD in Allow wherever GET is allowed."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["method"] == "HEAD":
            await self.head_as_get(scope, receive, send)
        else:
            await self.app(scope, receive, self.completing_allow(send))

    @staticmethod
    def completing_allow(send: Send) -> Send:
        async def send_with_head_allowed(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allow_with_head(message)
            await send(message)

        return send_with_head_allowed

    async def head_as_get(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the GET, send its status and headers, end the answer and drop the body.

        Once the headers are out the app hears that the client left, so an event stream
        stops instead of running on for nobody.
        """
        answered = False

        async def send_headers_only(message: Message) -> None:
            nonlocal answered
            if answered or message["type"] != "http.response.start":
                return
            if message["status"] == 405:
                allow_with_head(message)
            await send(message)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            answered = True

        async def receive_until_answered() -> Message:
            return DISCONNECT if answered else await receive()

        await self.app({**scope, "method": "GET"}, receive_until_answered, send_headers_only)
