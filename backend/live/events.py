"""The event log of a live session: recording changes, committing them and following them.

Every change gets the next number of its session (`event_seq`) inside the transaction that
makes it, and is published only after that transaction commits. A stream subscribes first,
then reads what it missed from the database, then follows the broadcaster, skipping numbers
it already sent: each event reaches each screen exactly once, also after a reconnect with
Last-Event-ID and after a server restart.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import anyio
from sqlalchemy import Integer, String, bindparam, insert, update
from sqlalchemy import select as core_select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.live.broadcast import RESYNC, Broadcaster
from backend.models import LiveEvent, LiveSession

EVERYONE = "alle"  # participants, presenter and facilitator
TEAM = "team"  # presenter and facilitator only (answer counts, timer)
ENDED = "einde"
_PENDING = "live_events"

# Changes take turns in the process when their events are published after the commit (the
# local broadcaster): publishing then follows commit order, and SQLite, with one writer at
# a time, never answers "database is locked". With NOTIFY, PostgreSQL delivers in commit
# order itself, and the session row (locked by the UPDATE in `record`, or earlier with FOR
# UPDATE) is all that orders one session's changes: sessions change side by side.
WRITE_LOCK = threading.RLock()


@dataclass(frozen=True)
class StreamEvent:
    seq: int
    audience: str
    name: str
    data: str

    def encode(self) -> str:
        return json.dumps([self.seq, self.audience, self.name, self.data])

    @classmethod
    def decode(cls, message: str) -> StreamEvent:
        seq, audience, name, data = json.loads(message)
        return cls(seq, audience, name, data)


def channel(session_id: int, audience: str) -> str:
    return f"live-{session_id}-{audience}"


# Built once: every answer records an event, and building statements costs more than
# running them (see docs/performance.md, live mode).
_NEXT_SEQ = (
    update(LiveSession)
    .where(col(LiveSession.id) == bindparam("session_id"))
    .values(event_seq=col(LiveSession.event_seq) + 1)
    .returning(col(LiveSession.event_seq))
)
_INSERT_EVENT = insert(LiveEvent)
# PostgreSQL numbers and stores the event in one round trip: the UPDATE runs as a WITH clause
# of the INSERT (SQLite has no data-modifying WITH, and no round trips to save).
_NEXT = _NEXT_SEQ.cte("next_seq")
_NUMBER_AND_INSERT_EVENT = (
    insert(LiveEvent)
    .from_select(
        ["session_id", "seq", "audience", "name", "data"],
        core_select(  # sqlmodel's select types at most four columns
            bindparam("session_id", type_=Integer),
            _NEXT.c.event_seq,
            bindparam("audience", type_=String),
            bindparam("name", type_=String),
            bindparam("data", type_=String),
        ),
    )
    .add_cte(_NEXT)
    .returning(col(LiveEvent.seq))
)


def record(db: Session, session_id: int, name: str, audience: str, data: str = "") -> int:
    """Number and store an event; it is published when `transaction` commits."""
    connection = db.connection()
    event = {"session_id": session_id, "audience": audience, "name": name, "data": data}
    if connection.dialect.name == "postgresql":
        seq = connection.execute(_NUMBER_AND_INSERT_EVENT, event).scalar_one()
    else:
        seq = connection.execute(_NEXT_SEQ, {"session_id": session_id}).scalar_one()
        connection.execute(_INSERT_EVENT, {**event, "seq": seq})
    db.info.setdefault(_PENDING, []).append((session_id, StreamEvent(seq, audience, name, data)))
    return seq


@contextmanager
def transaction(db: Session, broadcaster: Broadcaster) -> Iterator[None]:
    """Run a change on its own: commit it whole (or nothing), then publish its events."""
    with nullcontext() if broadcaster.commit_ordered else WRITE_LOCK:
        db.info.pop(_PENDING, None)
        try:
            yield
            messages = _messages(db.info.pop(_PENDING, []))
            send = broadcaster.prepare(db.connection(), messages) if messages else _nothing
            db.commit()
        except BaseException:
            db.rollback()
            db.info.pop(_PENDING, None)
            raise
        send()


def _messages(pending: list[tuple[int, StreamEvent]]) -> list[tuple[str, str]]:
    """The (channel, message) pairs of recorded events: the team hears every event, the
    participants only those for everyone."""
    messages = []
    for session_id, event in pending:
        message = event.encode()
        messages.append((channel(session_id, TEAM), message))
        if event.audience == EVERYONE:
            messages.append((channel(session_id, EVERYONE), message))
    return messages


def _nothing() -> None:
    return None


def missed(engine: Engine, session_id: int, audience: str, after: int) -> list[StreamEvent]:
    """The events after number `after` that this audience receives, oldest first."""
    query = select(LiveEvent).where(LiveEvent.session_id == session_id, LiveEvent.seq > after)
    if audience == EVERYONE:
        query = query.where(LiveEvent.audience == EVERYONE)
    with Session(engine) as db:
        rows = db.exec(query.order_by(col(LiveEvent.seq)).limit(5000)).all()
        return [StreamEvent(row.seq, row.audience, row.name, row.data) for row in rows]


async def follow(
    broadcaster: Broadcaster, engine: Engine, session_id: int, audience: str, after: int
) -> AsyncIterator[StreamEvent]:
    """Every event after `after` for this audience, exactly once, until the session ends."""
    async with broadcaster.subscribe(channel(session_id, audience)) as queue:
        backlog = await anyio.to_thread.run_sync(missed, engine, session_id, audience, after)

        async def arriving() -> AsyncIterator[StreamEvent]:
            for event in backlog:
                yield event
            while True:
                message = await queue.get()
                if message != RESYNC:
                    yield StreamEvent.decode(message)
                    continue
                # The broadcaster may have lost messages: read what is new from the database.
                for event in await anyio.to_thread.run_sync(
                    missed, engine, session_id, audience, after
                ):
                    yield event

        async for event in arriving():
            if event.seq <= after:
                continue  # published while the backlog was read: already sent from it
            yield event
            after = event.seq
            if event.name == ENDED:
                return
