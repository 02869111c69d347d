"""Broadcasting across server processes with PostgreSQL's LISTEN/NOTIFY.

Sending: `prepare` runs `pg_notify(channel, message)` inside the transaction that made the
events, so PostgreSQL delivers them only when it commits, to every listening process (this one
too, which is how local subscribers get them: once), and in commit order. Event numbers are
taken under a lock on the session row, so commit order is number order and a stream never
receives a lower number after a higher one.

Receiving: one listener thread per process with its own connection. It `LISTEN`s on the
channels that have a subscriber in this process (a new subscriber waits until its channel is
listened to, then reads its backlog from the database, so nothing falls in between) and hands
what it hears to the local fan-out. When PostgreSQL goes away it reconnects with back-off and
then tells every subscriber `RESYNC`, so streams read what they missed from the database.
"""

from __future__ import annotations

import asyncio
import logging
import select
import socket
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

import psycopg
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from backend.live.broadcast import RESYNC, LocalBroadcaster

log = logging.getLogger(__name__)

MAX_PAYLOAD = 7900  # bytes; NOTIFY allows fewer than 8000
LISTEN_WAIT = 5.0  # seconds a new subscriber waits for its LISTEN before it goes on anyway
KEEPALIVE = 15.0  # seconds of silence after which the listener checks its connection
BACKOFF = (0.2, 0.5, 1.0, 2.0, 5.0)  # seconds between reconnection attempts
_NOTIFY = text("SELECT pg_notify(:channel, :message)")


def _payload(message: str) -> str:
    """The message, or RESYNC when it is too long for NOTIFY (subscribers then read it from
    the database)."""
    return message if len(message.encode()) <= MAX_PAYLOAD else RESYNC


class PostgresBroadcaster:
    """Publish/subscribe for several server processes on one PostgreSQL database."""

    commit_ordered = True  # NOTIFY in the transaction: PostgreSQL orders delivery

    def __init__(self, engine: Engine, backoff: tuple[float, ...] = BACKOFF):
        self.engine = engine
        self.backoff = backoff
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._local = LocalBroadcaster()
        self.subscriber_count = self._local.subscriber_count
        self._lock = threading.Lock()
        self._listening: set[str] = set()  # on the listener's current connection
        self._unsynced: set[str] = set()  # followed here before it was listened to
        self._had_connection = False  # once true, a new connection means one was lost
        self._waiters: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]]] = {}
        self._wake_in, self._wake_out = socket.socketpair()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()  # set while the listener has a connection

    # -- sending ---------------------------------------------------------------------------

    def prepare(
        self, connection: Connection, messages: list[tuple[str, str]]
    ) -> Callable[[], None]:
        """NOTIFY within the caller's transaction: delivered to every process on commit."""
        for channel, message in messages:
            connection.execute(_NOTIFY, {"channel": channel, "message": _payload(message)})
        return _nothing

    def publish(self, channel: str, message: str) -> None:
        """NOTIFY on a connection of its own (outside any other transaction)."""
        with self.engine.begin() as connection:
            connection.execute(_NOTIFY, {"channel": channel, "message": _payload(message)})

    # -- receiving -------------------------------------------------------------------------

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[asyncio.Queue[str]]:
        """A queue of the channel's messages; ready once this process listens to it."""
        self._ensure_listener()
        try:
            async with self._local.subscribe(channel) as queue:
                await self._until_listening(channel)
                yield queue
        finally:
            self._wake()  # the listener may stop listening to a channel nobody follows here

    async def _until_listening(self, channel: str) -> None:
        future = asyncio.get_running_loop().create_future()
        with self._lock:
            if channel in self._listening:
                return
            self._waiters.setdefault(channel, []).append((asyncio.get_running_loop(), future))
        self._wake()
        # Without a connection it goes on after LISTEN_WAIT: the RESYNC after the reconnection
        # brings what it missed.
        try:
            await asyncio.wait_for(future, LISTEN_WAIT)
        except TimeoutError:
            with self._lock:
                self._unsynced.add(channel)

    def start(self) -> None:
        """Start the listener thread (at start-up; again after a stop, as an app's lifespan
        may run more than once)."""
        with self._lock:
            self._stopping.clear()
        self._ensure_listener()

    def _ensure_listener(self) -> None:
        """The listener thread, started when not running (and not shutting down)."""
        with self._lock:
            if self._thread is not None or self._stopping.is_set():
                return
            self._thread = threading.Thread(target=self._run, name="pg-listener", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the listener thread (its wake-up socket stays, for a later start)."""
        self._stopping.set()
        self._wake()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(10)

    def _wake(self) -> None:
        with suppress(OSError):
            self._wake_in.send(b"x")

    def _run(self) -> None:
        attempt = 0
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as conn:
                    attempt = 0
                    self.connected.set()
                    self._listen(conn)
            except psycopg.Error as error:
                log.warning("live events: listener connection lost (%s)", type(error).__name__)
            finally:
                self.connected.clear()
                with self._lock:
                    self._listening.clear()
            if self._stopping.wait(self.backoff[min(attempt, len(self.backoff) - 1)]):
                return
            attempt += 1

    def _listen(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        """Follow the channels in use on this connection until it fails or the app stops."""
        self._sync_channels(conn)
        if self._had_connection:  # what was sent while the connection was down is unknown
            for channel in self._local.channels():
                self._local.deliver(channel, RESYNC)
        self._had_connection = True
        # poll, not select: a busy process holds thousands of sockets (every open stream),
        # and select() cannot watch a descriptor numbered 1024 or higher, as a connection
        # made again after an outage may well be.
        poller = select.poll()
        poller.register(conn.fileno(), select.POLLIN)
        poller.register(self._wake_out.fileno(), select.POLLIN)
        wake = self._wake_out.fileno()
        while not self._stopping.is_set():
            ready = [fd for fd, _ in poller.poll(KEEPALIVE * 1000)]
            if wake in ready:
                self._wake_out.recv(4096)
                self._sync_channels(conn)
            if not ready:
                conn.execute("SELECT 1")  # finds a connection that died quietly
            for notify in conn.notifies(timeout=0):
                self._local.deliver(notify.channel, notify.payload)

    def _sync_channels(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        """LISTEN to the channels with a local subscriber, UNLISTEN the others, and let the
        subscribers that waited for their channel go on."""
        wanted = self._local.channels()
        with self._lock:
            listening = set(self._listening)
        for channel in wanted - listening:
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        for channel in listening - wanted:
            conn.execute(sql.SQL("UNLISTEN {}").format(sql.Identifier(channel)))
        with self._lock:
            self._listening = wanted
            ready = [waiter for channel in wanted for waiter in self._waiters.pop(channel, [])]
        for loop, future in ready:
            with suppress(RuntimeError):  # that loop has closed
                loop.call_soon_threadsafe(_finish, future)


def _finish(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _nothing() -> None:
    return None
