"""Live sessions: the session, one round per agenda block, anonymous answers and the event log.

Answers hold no name, address or browser data: only the round, an opaque participant key
(a keyed hash of a random cookie token, different in every session) and the chosen option.
They are deleted when the session ends; the rounds keep the totals.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from backend.clock import utcnow


class LiveStatus(StrEnum):
    """Whether a live session still runs."""

    ACTIVE = "active"
    ENDED = "ended"


LIVE_STATUS_LABELS: dict[str, str] = {LiveStatus.ACTIVE: "Loopt", LiveStatus.ENDED: "Afgelopen"}


class RoundState(StrEnum):
    """Answering in a round: not opened yet, open, or closed (it can be reopened)."""

    NEW = "new"
    OPEN = "open"
    CLOSED = "closed"


ROUND_STATE_LABELS: dict[str, str] = {
    RoundState.NEW: "nog niet geopend",
    RoundState.OPEN: "open",
    RoundState.CLOSED: "gesloten",
}


class LiveSession(SQLModel, table=True):
    """A council meeting run live: who runs it, its links and where it stands."""

    __tablename__ = "live_session"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True)
    agenda_id: int | None = Field(default=None, foreign_key="saved_agenda.id", index=True)
    title: str = Field(max_length=200)
    code: str = Field(unique=True, index=True, max_length=8)
    presenter_token: str = Field(unique=True, index=True, max_length=64)
    report_token: str = Field(unique=True, index=True, max_length=64)
    status: str = Field(default=LiveStatus.ACTIVE, max_length=16)  # a LiveStatus
    current: int = Field(default=0)
    hide_count: bool = Field(default=False)
    share_results: bool = Field(default=False)
    min_answers: int = Field(default=3)
    event_seq: int = Field(default=0)
    participants: int = Field(default=0)  # distinct participants, counted when it ends
    expected_participants: int = Field(default=30)  # sets each address's join budget
    joining_open: bool = Field(default=True)
    started_at: datetime = Field(default_factory=utcnow)
    planned_end: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = Field(default=None)


class LiveRound(SQLModel, table=True):
    """One agenda block of a live session, with its timing, agreements and answer totals."""

    __tablename__ = "live_round"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    position: int
    kind: str = Field(max_length=32)
    title: str = Field(max_length=200)
    slug: str | None = Field(default=None, index=True, max_length=80)
    minutes: int
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    answering: str = Field(default=RoundState.NEW, max_length=16)  # a RoundState
    revealed: bool = Field(default=False)
    extra_minutes: int = Field(default=0)
    entered_at: datetime | None = Field(default=None)
    seconds_used: int = Field(default=0)
    agreements: str = Field(default="", max_length=4000)
    counts: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    total: int = Field(default=0)


class LiveParticipant(SQLModel, table=True):
    """A phone that joined the session: the server issued its token, so only joined phones
    can answer. Holds the same opaque key as the answers; deleted when the session ends."""

    __tablename__ = "live_participant"
    __table_args__ = (UniqueConstraint("session_id", "participant"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    participant: str = Field(max_length=64)
    joined_at: datetime = Field(default_factory=utcnow)


class LiveAnswer(SQLModel, table=True):
    """One participant's current answer in one round (a change replaces it)."""

    __tablename__ = "live_answer"
    __table_args__ = (UniqueConstraint("round_id", "participant"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="live_round.id", index=True)
    participant: str = Field(max_length=64)
    option: str = Field(max_length=16)


class LiveEvent(SQLModel, table=True):
    """What changed, numbered per session, so a reconnecting screen can catch up exactly."""

    __tablename__ = "live_event"
    __table_args__ = (UniqueConstraint("session_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="live_session.id", index=True)
    seq: int
    audience: str = Field(max_length=8)  # alle | team
    name: str = Field(max_length=16)
    data: str = Field(default="", max_length=500)
