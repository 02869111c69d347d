"""The live session's state machine: moving through the blocks, opening, closing and revealing
answers, extending time, joining settings, agreements and the end. No web code here; every
change records an event.

Callers run each change inside `events.transaction`, which commits it whole or not at all.
A refused change raises `LiveError` with a Dutch message and leaves everything as it was.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from backend.clock import as_utc, utcnow
from backend.live.answers import tally
from backend.live.events import ENDED, EVERYONE, TEAM, record
from backend.live.lookups import find_round, lock, round_at, rounds_of
from backend.live.rules import (
    ACTIVE,
    ENDED_STATUS,
    MAX_AGREEMENTS,
    MAX_EXPECTED,
    MAX_EXTRA_MINUTES,
    LiveError,
    require_active,
)
from backend.models import LiveAnswer, LiveEvent, LiveParticipant, LiveRound, LiveSession
from backend.models.ids import stored_id
from backend.models.live import RoundState


def _current_dilemma(db: Session, live: LiveSession) -> LiveRound:
    """The current round, refused unless the session is active and the round a dilemma."""
    require_active(live)
    current = round_at(db, live, live.current)
    if current.kind != "dilemma":
        raise LiveError("Dit onderdeel is geen dilemma; er valt niets te beantwoorden.")
    return current


def _leave(current: LiveRound, now: datetime) -> None:
    """Book the time spent in a block that stops being current, and stop its answering."""
    if current.entered_at is not None:
        current.seconds_used += int((now - as_utc(current.entered_at)).total_seconds())
        current.entered_at = None
    if current.answering == RoundState.OPEN:
        current.answering = RoundState.CLOSED


def go_to(db: Session, live: LiveSession, position: int) -> None:
    """Make another block current; answering in the block that was current stops."""
    require_active(live)
    if position == live.current:
        return
    target = find_round(db, live, position)
    if target is None:
        raise LiveError("Dat onderdeel bestaat niet: dit is het eerste of het laatste onderdeel.")
    now = utcnow()
    _leave(round_at(db, live, live.current), now)
    target.entered_at = now
    live.current = position
    db.add(live)
    record(db, stored_id(live), "state", EVERYONE, "blok")


def open_answers(db: Session, live: LiveSession) -> None:
    """Let the phones answer the current dilemma (hiding any result shown)."""
    current = _current_dilemma(db, live)
    if current.answering == RoundState.OPEN:
        raise LiveError("Het antwoorden staat al open.")
    current.answering, current.revealed = RoundState.OPEN, False
    db.add(current)
    record(db, stored_id(live), "state", EVERYONE, "open")


def close_answers(db: Session, live: LiveSession) -> None:
    """Stop answering the current dilemma; the answers given stay."""
    current = _current_dilemma(db, live)
    if current.answering != RoundState.OPEN:
        raise LiveError("Het antwoorden staat niet open.")
    current.answering = RoundState.CLOSED
    db.add(current)
    record(db, stored_id(live), "state", EVERYONE, "gesloten")


def reveal(db: Session, live: LiveSession) -> None:
    """Show the group's answers (and stop answering, so the picture holds still)."""
    current = _current_dilemma(db, live)
    if current.revealed:
        raise LiveError("De uitkomst staat al op het scherm.")
    if current.answering == RoundState.OPEN:
        current.answering = RoundState.CLOSED
    current.revealed = True
    db.add(current)
    record(db, stored_id(live), "state", EVERYONE, "uitkomst")


def hide_results(db: Session, live: LiveSession) -> None:
    """Take the group's answers off the screen again."""
    current = _current_dilemma(db, live)
    if not current.revealed:
        raise LiveError("De uitkomst staat niet op het scherm.")
    current.revealed = False
    db.add(current)
    record(db, stored_id(live), "state", EVERYONE, "verborgen")


def extend(db: Session, live: LiveSession, minutes: int) -> None:
    """Give the current block 1 to 30 more minutes (up to MAX_EXTRA_MINUTES in all)."""
    require_active(live)
    current = round_at(db, live, live.current)
    if not 1 <= minutes <= 30:
        raise LiveError("Verleng met 1 tot en met 30 minuten.")
    if current.extra_minutes + minutes > MAX_EXTRA_MINUTES:
        raise LiveError(
            f"Een onderdeel kan met ten hoogste {MAX_EXTRA_MINUTES} minuten worden verlengd."
        )
    current.extra_minutes += minutes
    db.add(current)
    record(db, stored_id(live), "state", TEAM, "verlengd")


def set_hide_count(db: Session, live: LiveSession, hidden: bool) -> None:
    """Whether the screen hides how many have answered so far."""
    require_active(live)
    live.hide_count = hidden
    db.add(live)
    record(db, stored_id(live), "state", TEAM, "aantal")


def set_sharing(db: Session, live: LiveSession, share: bool) -> None:
    """Whether this session's totals count in the overview on each dilemma's page."""
    live.share_results = share
    db.add(live)


def save_agreements(db: Session, live: LiveSession, position: int, text: str) -> None:
    """The agreements made in a block (also after the session, for the report)."""
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_AGREEMENTS:
        raise LiveError(
            f"De afspraken zijn {len(text)} tekens; maximaal {MAX_AGREEMENTS}. Maak ze korter."
        )
    target = round_at(db, live, position)
    target.agreements = text
    db.add(target)


def set_joining(db: Session, live: LiveSession, open_: bool) -> None:
    """Close joining once everyone is in (phones that joined keep answering), or reopen it."""
    require_active(live)
    live.joining_open = open_
    db.add(live)
    db.flush()
    record(db, stored_id(live), "state", TEAM)


def set_expected(db: Session, live: LiveSession, raw: str) -> None:
    """Set the expected number of participants, which sets each address's join budget."""
    require_active(live)
    if not raw.isdecimal() or not 1 <= int(raw) <= MAX_EXPECTED:
        raise LiveError(
            f"Vul het verwachte aantal deelnemers in als een heel getal van 1 tot en met"
            f" {MAX_EXPECTED}."
        )
    live.expected_participants = int(raw)
    db.add(live)
    db.flush()
    record(db, stored_id(live), "state", TEAM)


def end(db: Session, live: LiveSession) -> None:
    """End the session: keep the totals per round, drop every participant key and answer."""
    require_active(live)
    now = utcnow()
    rounds = rounds_of(db, live)
    _leave(rounds[live.current], now)
    round_ids = [r.id for r in rounds]
    for item in rounds:
        item.counts = tally(db, stored_id(item))
        item.total = sum(item.counts.values())
        db.add(item)
    live.participants = db.exec(
        select(func.count(func.distinct(LiveAnswer.participant))).where(
            col(LiveAnswer.round_id).in_(round_ids)
        )
    ).one()
    db.execute(delete(LiveAnswer).where(col(LiveAnswer.round_id).in_(round_ids)))
    db.execute(delete(LiveParticipant).where(col(LiveParticipant.session_id) == live.id))
    db.execute(delete(LiveEvent).where(col(LiveEvent.session_id) == live.id))
    live.status, live.ended_at = ENDED_STATUS, now
    db.add(live)
    db.flush()
    record(db, stored_id(live), ENDED, EVERYONE, "afgelopen")


ABANDONED_AFTER = timedelta(hours=12)


def end_abandoned(db: Session, now: datetime | None = None) -> int:
    """End sessions nobody ended 12 hours after they started, so no participant key stays
    behind because a facilitator forgot the button. Returns how many were ended."""
    cutoff = (now or utcnow()) - ABANDONED_AFTER
    stale = db.exec(
        select(LiveSession)
        .where(LiveSession.status == ACTIVE, col(LiveSession.started_at) < cutoff)
        # Locked in one order, so two processes ending them at once cannot deadlock.
        .order_by(col(LiveSession.id))
    ).all()
    for live in stale:
        end(db, lock(db, live))
    return len(stale)
