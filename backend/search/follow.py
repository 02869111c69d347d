"""The follower: one thread per process that keeps the process's index current.

Every `interval` seconds it asks the database for the newest logged change (one index
lookup) and, when the index lacks changes, applies them (`SearchIndex.follow`). Now and then
it prunes the log. When the database is away it logs once, waits longer each time (up to
`MAX_BACKOFF` seconds) and carries on when the database is back; it never ends the process.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from sqlmodel import Session

from backend.search.changelog import prune_changes
from backend.search.index import SearchIndex

logger = logging.getLogger(__name__)

MAX_BACKOFF = 30.0
PRUNE_EVERY = 3600.0  # seconds between prunings of the change log


class IndexFollower:
    """Applies logged changes to one index in a background thread until stopped."""

    def __init__(self, index: SearchIndex, interval: float, keep: timedelta):
        self.index = index
        self.interval = interval
        self.keep = keep
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False
        self._pruned_at: float | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="zoekindex-volger", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        """Stop the thread and wait for it (at shutdown)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def poll(self) -> int:
        """One round: apply what the index lacks, prune the log when due; how many items
        were written. Raises when the database cannot be reached."""
        written = self.index.follow()
        now = time.monotonic()
        if self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY:
            with Session(self.index.engine) as db:
                pruned = prune_changes(db, self.keep)
            self._pruned_at = now
            if pruned:
                logger.info("search change log: %d old changes pruned", pruned)
        return written

    def _run(self) -> None:
        delay = self.interval
        while not self._stop.wait(delay):
            try:
                self.poll()
            except Exception as error:  # whatever it is, the next round tries again
                if not self._failing:
                    logger.warning(
                        "search index follower: cannot read the change log (%s);"
                        " retrying with back-off",
                        type(error).__name__,
                    )
                    self._failing = True
                delay = min(max(delay * 2, self.interval), MAX_BACKOFF)
                continue
            if self._failing:
                logger.info("search index follower: the change log can be read again")
                self._failing = False
            delay = self.interval
