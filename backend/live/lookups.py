"""Finding live sessions and their rounds: by join code or secret link, for their owner, and
each round by its position. Reads only, apart from `lock`."""

from __future__ import annotations

from sqlmodel import Session, col, select

from backend.live import codes
from backend.live.rules import LiveError, LiveReason
from backend.models import LiveRound, LiveSession, User


def lock(db: Session, live: LiveSession) -> LiveSession:
    """Reload the session inside the current change and lock its row until commit, so
    concurrent changes to one session take turns (PostgreSQL; SQLite has one writer anyway)."""
    db.refresh(live, with_for_update=True)
    return live


def by_code(db: Session, text: str) -> LiveSession | None:
    """The session with this join code."""
    code = codes.normalize(text)
    if code is None:
        return None
    return db.exec(select(LiveSession).where(LiveSession.code == code)).first()


def by_presenter_token(db: Session, token: str) -> LiveSession | None:
    """The session whose presenter link carries this token."""
    return db.exec(select(LiveSession).where(LiveSession.presenter_token == token)).first()


def by_report_token(db: Session, token: str) -> LiveSession | None:
    """The session whose report link carries this token."""
    return db.exec(select(LiveSession).where(LiveSession.report_token == token)).first()


def owned(db: Session, session_id: int, user: User) -> LiveSession:
    """The session for its owner; anyone else gets a LiveError."""
    live = db.get(LiveSession, session_id)
    if live is None:
        raise LiveError("Deze livesessie bestaat niet.", LiveReason.NOT_FOUND)
    if live.owner_id != user.id:
        raise LiveError(
            "Deze livesessie is van een andere gespreksleider; alleen die kan hem leiden.",
            LiveReason.FORBIDDEN,
        )
    return live


def sessions_of(db: Session, owner: User) -> list[LiveSession]:
    """The owner's sessions, newest first."""
    return list(
        db.exec(
            select(LiveSession)
            .where(LiveSession.owner_id == owner.id)
            .order_by(col(LiveSession.started_at).desc())
        )
    )


def rounds_of(db: Session, live: LiveSession) -> list[LiveRound]:
    """The session's rounds in agenda order."""
    return list(
        db.exec(
            select(LiveRound)
            .where(LiveRound.session_id == live.id)
            .order_by(col(LiveRound.position))
        )
    )


def find_round(db: Session, live: LiveSession, position: int) -> LiveRound | None:
    """The round at this position, if the session has one there."""
    return db.exec(
        select(LiveRound).where(LiveRound.session_id == live.id, LiveRound.position == position)
    ).first()


def round_at(db: Session, live: LiveSession, position: int) -> LiveRound:
    """The round at this position; a LiveError when there is none."""
    found = find_round(db, live, position)
    if found is None:
        raise LiveError("Dit onderdeel bestaat niet in deze sessie.", LiveReason.NOT_FOUND)
    return found
