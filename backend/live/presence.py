"""Which phones are connected now: per session, the joined participants that have an event
stream open, and the event that tells the facilitator's and the projector's screens.

"Joined" counts every phone that ever opened the join link; "connected" counts the phones
that are listening at this moment, which is what tells a facilitator the room is ready to
vote. The count lives in the process that serves the streams (like the stream slots).
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

from sqlmodel import Session

from backend.live.events import TEAM, record
from backend.live.lookups import lock
from backend.live.rules import ACTIVE
from backend.models import LiveSession

CONNECTED = "connected"  # the event's name


class Presence:
    """Open phone streams per session, counted once per participant (two tabs are one phone)."""

    def __init__(self) -> None:
        self._streams: defaultdict[int, Counter[str]] = defaultdict(Counter)
        self._lock = threading.Lock()  # streams open and close from several threads

    def connect(self, session_id: int, participant: str) -> int | None:
        """Count a stream opened by this participant; the new count when it changed."""
        with self._lock:
            streams = self._streams[session_id]
            streams[participant] += 1
            return len(streams) if streams[participant] == 1 else None

    def disconnect(self, session_id: int, participant: str) -> int | None:
        """Count a stream closed; the new count when the participant has no stream left."""
        with self._lock:
            streams = self._streams.get(session_id)
            if not streams or participant not in streams:
                return None
            streams[participant] -= 1
            if streams[participant] > 0:
                return None
            del streams[participant]
            count = len(streams)
            if not streams:
                del self._streams[session_id]
            return count

    def connected(self, session_id: int) -> int:
        """How many phones of this session have a stream open now."""
        with self._lock:
            streams = self._streams.get(session_id)
            return len(streams) if streams else 0


def announce_connected(db: Session, session_id: int, count: int) -> None:
    """Tell the team's screens how many phones are connected (nothing once the session ended,
    whose events are gone). Run inside `events.transaction`."""
    live = db.get(LiveSession, session_id)
    if live is None or lock(db, live).status != ACTIVE:
        return
    record(db, session_id, CONNECTED, TEAM, str(count))
