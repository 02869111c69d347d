"""Connected phones counted across server processes (PostgreSQL), with the same interface as
`presence.Presence`.

Each process counts its own streams per participant in memory (two tabs are one phone) and
keeps one `live_presence` row per participant that has a stream open here. The count the
facilitator sees is the number of distinct participants over all processes, so a phone whose
stream moved to another process counts once. A heartbeat renews this process's rows; rows of
a process that died stop being renewed, are ignored once stale and then removed, and the
sessions they belonged to get a new count.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col

from backend.live.presence import Presence
from backend.models import LivePresence

log = logging.getLogger(__name__)

HEARTBEAT = 20.0  # seconds between two renewals of this process's rows
STALE = 3 * HEARTBEAT  # rows not renewed for this long belong to a process that is gone

_ROW = (
    col(LivePresence.session_id) == bindparam("session_id"),
    col(LivePresence.participant) == bindparam("participant"),
    col(LivePresence.process) == bindparam("process"),
)
_DELETE = delete(LivePresence).where(*_ROW)
_INSERT = insert(LivePresence)
_COUNT = select(func.count(func.distinct(LivePresence.participant))).where(
    col(LivePresence.session_id) == bindparam("session_id"),
    col(LivePresence.seen_at) > bindparam("since"),
)
_RENEW = (
    update(LivePresence)
    .where(col(LivePresence.process) == bindparam("this_process"))
    .values(seen_at=bindparam("now"))
)
_STALE = delete(LivePresence).where(col(LivePresence.seen_at) <= bindparam("since"))
_STALE_SESSIONS = (
    select(col(LivePresence.session_id))
    .where(col(LivePresence.seen_at) <= bindparam("since"))
    .distinct()
)
_FORGET_PROCESS = delete(LivePresence).where(col(LivePresence.process) == bindparam("process"))


class SharedPresence:
    """Open phone streams per session, counted once per participant across processes."""

    def __init__(
        self, engine: Engine, process: str | None = None, clock: Callable[[], float] = time.time
    ):
        self.engine = engine
        self.process = process or secrets.token_hex(16)
        self._clock = clock
        self._local = Presence()

    def connect(self, session_id: int, participant: str) -> int | None:
        """Count a stream opened by this participant; the new count when its first stream
        in this process opened (the count over all processes)."""
        if self._local.connect(session_id, participant) is None:
            return None
        row = {"session_id": session_id, "participant": participant, "process": self.process}
        with self.engine.begin() as connection:
            connection.execute(_DELETE, row)
            connection.execute(_INSERT, {**row, "seen_at": self._clock()})
        return self.connected(session_id)

    def disconnect(self, session_id: int, participant: str) -> int | None:
        """Count a stream closed; the new count when the participant has no stream left in
        this process."""
        if self._local.disconnect(session_id, participant) is None:
            return None
        row = {"session_id": session_id, "participant": participant, "process": self.process}
        with self.engine.begin() as connection:
            connection.execute(_DELETE, row)
        return self.connected(session_id)

    def connected(self, session_id: int) -> int:
        """How many phones of this session have a stream open now, in any process."""
        since = self._clock() - STALE
        with self.engine.connect() as connection:
            count: int = connection.execute(
                _COUNT, {"session_id": session_id, "since": since}
            ).scalar_one()
            return count

    def heartbeat(self) -> set[int]:
        """Renew this process's rows and remove stale ones; the sessions that lost rows."""
        now = self._clock()
        with self.engine.begin() as connection:
            connection.execute(_RENEW, {"this_process": self.process, "now": now})
            since = {"since": now - STALE}
            sessions = set(connection.execute(_STALE_SESSIONS, since).scalars())
            if sessions:
                connection.execute(_STALE, since)
        return sessions

    def forget(self) -> None:
        """Remove this process's rows (at shut-down)."""
        with self.engine.begin() as connection:
            connection.execute(_FORGET_PROCESS, {"process": self.process})


class Heartbeat:
    """A thread that renews a `SharedPresence` every HEARTBEAT seconds and reports the
    sessions whose count dropped because another process went away."""

    def __init__(
        self,
        presence: SharedPresence,
        on_stale: Callable[[int], None],
        every: float = HEARTBEAT,
    ):
        self.presence = presence
        self.on_stale = on_stale
        self.every = every
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start beating (again, after a stop: an app's lifespan may run more than once)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="presence-heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop beating and remove this process's rows."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None
        try:
            self.presence.forget()
        except SQLAlchemyError as error:  # they go stale and are removed by another process
            log.warning("live presence: rows not removed (%s)", type(error).__name__)

    def _run(self) -> None:
        while not self._stopping.wait(self.every):
            try:
                for session_id in self.presence.heartbeat():
                    self.on_stale(session_id)
            except SQLAlchemyError as error:  # the database is away: try again next beat
                log.warning("live presence: heartbeat failed (%s)", type(error).__name__)
