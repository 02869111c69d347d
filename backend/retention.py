"""Retention: personal data is removed once its period is over (docs/privacy.md, the register).

One pass (`apply_retention`) deletes
- audit entries older than `DT_AUDIT_RETENTION_DAYS` (they name the acting account);
- login sessions that have expired (a token hash, an account and the login time: of no use
  once expired);
- ended live sessions older than `DT_LIVE_RETENTION_DAYS`, counted from their end: the
  session with its rounds (totals, agreements) and events, so its report link stops working.
  Participants and answers are gone already when a session ends (`live.states.end`).

`dilemmatafel retention` runs a pass (for cron); the server runs one at start-up and then
every day (`run_daily`). A pass is a few indexed deletes, safe to run from several processes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.clock import utcnow
from backend.config import Settings
from backend.models import (
    AuditEntry,
    LiveAnswer,
    LiveEvent,
    LiveParticipant,
    LivePresence,
    LiveRound,
    LiveSession,
    LoginSession,
)
from backend.models.live import LiveStatus

logger = logging.getLogger(__name__)

DAY = timedelta(days=1)


@dataclass(frozen=True)
class RetentionResult:
    """How many rows one pass removed, per kind."""

    audit_entries: int
    login_sessions: int
    live_sessions: int

    @property
    def total(self) -> int:
        return self.audit_entries + self.login_sessions + self.live_sessions


def apply_retention(
    db: Session, settings: Settings, now: datetime | None = None
) -> RetentionResult:
    """Delete what is past its retention period, in the caller's transaction."""
    now = now or utcnow()
    audit_cutoff = now - timedelta(days=settings.audit_retention_days)
    audit_entries = db.exec(delete(AuditEntry).where(col(AuditEntry.at) < audit_cutoff))
    login_sessions = db.exec(delete(LoginSession).where(col(LoginSession.expires_at) < now))
    live_sessions = _delete_ended_sessions(db, now - timedelta(days=settings.live_retention_days))
    return RetentionResult(audit_entries.rowcount, login_sessions.rowcount, live_sessions)


def _delete_ended_sessions(db: Session, cutoff: datetime) -> int:
    """Delete ended live sessions that ended before `cutoff`, with everything that refers to
    them; returns how many."""
    ids = list(
        db.exec(
            select(LiveSession.id).where(
                LiveSession.status == LiveStatus.ENDED, col(LiveSession.ended_at) < cutoff
            )
        )
    )
    if not ids:
        return 0
    rounds = select(LiveRound.id).where(col(LiveRound.session_id).in_(ids))
    db.execute(delete(LiveAnswer).where(col(LiveAnswer.round_id).in_(rounds)))
    db.execute(delete(LiveRound).where(col(LiveRound.session_id).in_(ids)))
    db.execute(delete(LiveParticipant).where(col(LiveParticipant.session_id).in_(ids)))
    db.execute(delete(LiveEvent).where(col(LiveEvent.session_id).in_(ids)))
    db.execute(delete(LivePresence).where(col(LivePresence.session_id).in_(ids)))
    db.execute(delete(LiveSession).where(col(LiveSession.id).in_(ids)))
    return len(ids)


def run_retention(
    engine: Engine, settings: Settings, now: datetime | None = None
) -> RetentionResult:
    """One pass in its own transaction, committed."""
    with Session(engine) as db:
        result = apply_retention(db, settings, now)
        db.commit()
    return result


async def run_daily(passes: Callable[[], object], interval: timedelta = DAY) -> None:
    """Run `passes` (blocking work, in a thread) every `interval`, until cancelled; the
    server runs the first pass itself at start-up. A failed pass is logged (without data)
    and tried again next time."""
    while True:
        await asyncio.sleep(interval.total_seconds())
        try:
            await asyncio.to_thread(passes)
        except Exception:
            logger.exception("retention pass failed; trying again in %s", interval)
