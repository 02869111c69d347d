"""Broadcasting: one small publish/subscribe interface between the code that changes a
session and the open Server-Sent Event streams.

`LocalBroadcaster` delivers within this process, which is all a single server needs.
`PostgresBroadcaster` (backend/live/pg_broadcast.py) serves several server processes: it keeps
`subscribe` and the local fan-out (`deliver`) and sends messages with `NOTIFY` inside the
transaction that made them, so PostgreSQL delivers them to every process only on commit and in
commit order; one listener thread per process hands what it hears to `deliver`. A subscriber
that may have missed messages (the listener lost its connection) receives `RESYNC` and reads
them from the database, where every event is numbered.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from threading import Lock
from typing import Protocol

from sqlalchemy.engine import Connection

# Told to subscribers that may have missed messages: read what is new from the database.
RESYNC = "resync"


class Broadcaster(Protocol):
    # True when the database delivers the messages of committed transactions in commit
    # order (NOTIFY): changes then need not take turns in the process (events.transaction).
    commit_ordered: bool

    def publish(self, channel: str, message: str) -> None:
        """Send a message to every subscriber of the channel; safe to call from any thread."""

    def prepare(
        self, connection: Connection, messages: list[tuple[str, str]]
    ) -> Callable[[], None]:
        """Hand over (channel, message) pairs inside the transaction on `connection` that
        made them; returns what to call once it has committed. Nothing may reach a subscriber
        unless the transaction commits."""

    def subscribe(self, channel: str) -> AbstractAsyncContextManager[asyncio.Queue[str]]:
        """An async context manager giving a queue that receives the channel's messages."""


class LocalBroadcaster:
    """In-process publish/subscribe across threads and event loops."""

    commit_ordered = False  # publishes after the commit: transactions take turns

    def __init__(self) -> None:
        self._lock = Lock()
        self._queues: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[str]]]] = (
            defaultdict(set)
        )

    def publish(self, channel: str, message: str) -> None:
        self.deliver(channel, message)

    def prepare(
        self, connection: Connection, messages: list[tuple[str, str]]
    ) -> Callable[[], None]:
        """Publish after the commit, in the order given."""

        def publish_all() -> None:
            for channel, message in messages:
                self.deliver(channel, message)

        return publish_all

    def deliver(self, channel: str, message: str) -> None:
        """Put the message on every local subscriber's queue, on that queue's event loop."""
        with self._lock:
            targets = list(self._queues.get(channel, ()))
        by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Queue[str]]] = defaultdict(list)
        for loop, queue in targets:
            by_loop[loop].append(queue)
        for loop, queues in by_loop.items():
            try:
                loop.call_soon_threadsafe(_put_all, queues, message)
            except RuntimeError:  # that loop has closed; its subscribers are gone
                continue

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[asyncio.Queue[str]]:
        entry = (asyncio.get_running_loop(), asyncio.Queue[str]())
        with self._lock:
            self._queues[channel].add(entry)
        try:
            yield entry[1]
        finally:
            with self._lock:
                self._queues[channel].discard(entry)
                if not self._queues[channel]:
                    del self._queues[channel]

    def subscriber_count(self, channel: str) -> int:
        with self._lock:
            return len(self._queues.get(channel, ()))

    def channels(self) -> set[str]:
        """The channels that have a subscriber now."""
        with self._lock:
            return set(self._queues)


def _put_all(queues: list[asyncio.Queue[str]], message: str) -> None:
    for queue in queues:
        queue.put_nowait(message)
