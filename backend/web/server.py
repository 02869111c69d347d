"""What the server process needs beyond the app: a deadline and a size cap for request headers
(uvicorn has neither), and enough open files for the live event streams."""

from __future__ import annotations

import asyncio
import logging
import resource

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from backend.config import Settings

logger = logging.getLogger(__name__)

HEADER_TIMEOUT_SECONDS = 10.0
MAX_HEADER_BYTES = 32 * 1024
KEEP_ALIVE_SECONDS = 5
# Files besides the event streams: the database, the search index, log files and the
# connections of ordinary requests.
RESERVED_OPEN_FILES = 256
LINGER_SECONDS = 2.0  # how long a refused connection's remaining input is read and dropped
HEADERS_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-length: 0\r\nconnection: close\r\n\r\n"
)


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """uvicorn's HTTP protocol, but a connection that does not send a request's headers within
    `header_timeout` seconds (a new connection that sends nothing, or a slow trickle) is closed,
    and headers larger than `max_header_bytes` are answered with 431.

    Without this, uvicorn keeps such connections open for ever: its keep-alive timeout only
    starts after a response and stops as soon as one byte arrives.
    """

    header_timeout = HEADER_TIMEOUT_SECONDS
    max_header_bytes = MAX_HEADER_BYTES

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_deadline: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._headers_too_large = False
        self._lingering = False
        super().connection_made(transport)
        self._start_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering:  # refused: what the client still sends is read and dropped
            return
        super().data_received(data)
        if self._header_deadline is None or self.transport.is_closing():
            return
        # Still no end of the headers after this chunk: count it, so endless headers that
        # never finish a line are refused too.
        self._header_bytes += len(data)
        if self._header_bytes > self.max_header_bytes:
            self._refuse_headers()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_bytes = 0
        self._start_header_deadline()

    def on_url(self, url: bytes) -> None:
        self._count_header_bytes(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_header_bytes(len(name) + len(value))
        if not self._headers_too_large:
            super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._stop_header_deadline()
        if self._headers_too_large:
            self._refuse_headers()
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._headers_too_large:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self._headers_too_large:
            super().on_message_complete()

    def _count_header_bytes(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > self.max_header_bytes:
            self._headers_too_large = True

    def _refuse_headers(self) -> None:
        self._headers_too_large = True
        self._stop_header_deadline()
        if self.transport.is_closing() or self._lingering:
            return
        self.transport.write(HEADERS_TOO_LARGE)
        # A lingering close: the answer and the end of our side go out, and what the client is
        # still sending is read and dropped for a moment. Closing at once with unread data
        # makes the kernel reset the connection, and the client may lose the 431 with it.
        self._lingering = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def _start_header_deadline(self) -> None:
        if self._header_deadline is None:
            self._header_deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _stop_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def needed_open_files(settings: Settings) -> int:
    """Open files the server needs at its busiest: one event stream per phone of the largest
    live session, one client holding its whole stream cap, and a reserve for the rest."""
    return settings.live_max_participants + settings.max_streams_per_client + RESERVED_OPEN_FILES


def check_open_files(settings: Settings) -> None:
    """Raise the soft open-file limit to what is needed (as far as the hard limit allows), and
    warn when it stays below: then streams, or worse the database, fail under load."""
    needed = needed_open_files(settings)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        if target > soft:
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
                soft = target
            except (ValueError, OSError):
                pass
    if soft != resource.RLIM_INFINITY and soft < needed:
        logger.warning(
            "open-file limit is %d, below the %d needed for %d live participants, %d event"
            " streams per client and %d other files; raise it (ulimit -n %d, or LimitNOFILE=%d"
            " in the systemd unit), or lower DT_LIVE_MAX_PARTICIPANTS",
            soft,
            needed,
            settings.live_max_participants,
            settings.max_streams_per_client,
            RESERVED_OPEN_FILES,
            needed,
            needed,
        )
