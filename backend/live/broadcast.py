"""Broadcasting: one small publish/subscribe interface between the code that changes a
session and the open Server-Sent Event streams.

`LocalBroadcaster` delivers within this process, which is all a single server needs. A
PostgreSQL implementation for several server processes keeps `subscribe` and the local
fan-out as they are and changes two things: `publish` runs `NOTIFY channel, message`, and one
listener task per process (`LISTEN` on the channels in use) hands what it hears to
`deliver`. Callers do not change, because messages are short strings (well under the 8000
bytes NOTIFY allows) and every subscriber reads the full event from the database anyway when
it reconnects.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from threading import Lock
from typing import Protocol


class Broadcaster(Protocol):
    def publish(self, channel: str, message: str) -> None:
        """Send a message to every subscriber of the channel; safe to call from any thread."""

    def subscribe(self, channel: str) -> AbstractAsyncContextManager[asyncio.Queue[str]]:
        """An async context manager giving a queue that receives the channel's messages."""


class LocalBroadcaster:
    """In-process publish/subscribe across threads and event loops."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._queues: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[str]]]] = (
            defaultdict(set)
        )

    def publish(self, channel: str, message: str) -> None:
        self.deliver(channel, message)

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


def _put_all(queues: list[asyncio.Queue[str]], message: str) -> None:
    for queue in queues:
        queue.put_nowait(message)
