"""The answer hot path: phones joining a session and answering its rounds, and the counts.

When a round opens, every phone in the room answers within seconds, so joining and answering
use plain rows and SQL statements built once at import instead of ORM objects.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import bindparam, exists, func, insert, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from backend.clock import utcnow
from backend.live.events import TEAM, record
from backend.live.rules import LiveError, LiveReason, require_active
from backend.models import LiveAnswer, LiveParticipant, LiveRound, LiveSession
from backend.models.ids import stored_id
from backend.models.live import RoundState

CLOSED = "Antwoorden op deze vraag kan nu niet: de gespreksleider heeft het gesloten."


def participant_key(secret: str, session_id: int, token: str) -> str:
    """An opaque key for a participant's cookie token: different in every session, and the
    token cannot be recovered from it."""
    return hmac.new(secret.encode(), f"{session_id}:{token}".encode(), hashlib.sha256).hexdigest()


def join_budget(live: LiveSession) -> int:
    """How many phones may join from one network address: the expected group with a margin,
    so a whole council behind one town-hall address gets in, and a script does not get far."""
    return live.expected_participants * 3 // 2 + 5


def joined_count(db: Session, live: LiveSession) -> int:
    """How many phones have joined this session."""
    return db.connection().execute(_JOINED, {"session_id": live.id}).scalar_one()


def is_joined(db: Session, live: LiveSession, key: str) -> bool:
    """Whether the phone with this key joined the session (its token was issued here)."""
    found = db.connection().execute(_PARTICIPANT, {"session_id": live.id, "participant": key})
    return found.first() is not None


def join(db: Session, live: LiveSession, key: str, max_participants: int) -> int:
    """Register a phone whose token the server has just issued; returns the event number.

    Refused when the session has ended, joining is closed or the session is full.
    """
    require_active(live)
    if not live.joining_open:
        raise LiveError(
            "De gespreksleider heeft de deelname aan deze sessie gesloten. Vraag de"
            " gespreksleider om de deelname weer te openen als u nog mee wilt doen.",
            LiveReason.CLOSED,
        )
    joined = joined_count(db, live)
    if joined >= max_participants:
        raise LiveError("Deze sessie is vol; er kunnen geen deelnemers meer bij.", LiveReason.FULL)
    db.connection().execute(
        _INSERT_PARTICIPANT, {"session_id": live.id, "participant": key, "joined_at": utcnow()}
    )
    return record(db, stored_id(live), "joined", TEAM, str(joined + 1))


def answer(
    db: Session, live: LiveSession, position: int, key: str, option: str, max_participants: int
) -> int | None:
    """Store or replace this participant's answer in the current round.

    Returns the number of the event that carries the new count, or None when nothing changed.
    """
    require_active(live)
    if position != live.current:
        raise LiveError(
            "Deze vraag is niet meer aan de beurt. Uw scherm laat nu de vraag zien die wel"
            " aan de beurt is."
        )
    # Every phone takes this path at the same moment, with the session's row locked: one
    # statement reads everything the checks need (fewer round trips while others wait).
    connection = db.connection()
    this = {"session_id": live.id, "position": position, "this_participant": key}
    current = connection.execute(_ROUND_FOR_ANSWER, this).first()
    if current is None:
        raise LiveError(CLOSED)
    if not current.joined:
        raise LiveError(
            "Uw telefoon doet nog niet mee aan deze sessie. Open de sessie opnieuw met de code"
            " op het scherm; er is niets opgeslagen.",
            LiveReason.FORBIDDEN,
        )
    if current.kind != "dilemma" or current.answering != RoundState.OPEN:
        raise LiveError(CLOSED)
    if option not in current.content["options"]:
        raise LiveError("Dit antwoord hoort niet bij deze vraag. Kies een van de knoppen.")
    if current.mine is not None:
        if current.mine != option:
            changed = {"this_round": current.id, "this_participant": key, "new_option": option}
            connection.execute(_CHANGE_ANSWER, changed)
        return None
    if current.answers >= max_participants:
        raise LiveError("Deze sessie is vol; er kunnen geen deelnemers meer bij.", LiveReason.FULL)
    connection.execute(
        _INSERT_ANSWER, {"round_id": current.id, "participant": key, "option": option}
    )
    return record(db, stored_id(live), "count", TEAM, str(current.answers + 1))


# Built once at import: on the hot path each call only binds its parameters.
_ROUND_FOR_ANSWER = core_select(  # sqlmodel's select types at most four columns
    col(LiveRound.id),
    col(LiveRound.kind),
    col(LiveRound.answering),
    col(LiveRound.content),
    exists()
    .where(
        col(LiveParticipant.session_id) == col(LiveRound.session_id),
        col(LiveParticipant.participant) == bindparam("this_participant"),
    )
    .label("joined"),
    select(LiveAnswer.option)
    .where(
        LiveAnswer.round_id == LiveRound.id, LiveAnswer.participant == bindparam("this_participant")
    )
    .scalar_subquery()
    .label("mine"),
    select(func.count())
    .where(LiveAnswer.round_id == LiveRound.id)
    .scalar_subquery()
    .label("answers"),
).where(
    col(LiveRound.session_id) == bindparam("session_id"),
    col(LiveRound.position) == bindparam("position"),
)
_IS_THIS_ANSWER = (col(LiveAnswer.round_id) == bindparam("this_round")) & (
    col(LiveAnswer.participant) == bindparam("this_participant")
)
_ANSWER_OF = select(LiveAnswer.option).where(_IS_THIS_ANSWER)
_CHANGE_ANSWER = update(LiveAnswer).where(_IS_THIS_ANSWER).values(option=bindparam("new_option"))
_INSERT_ANSWER = insert(LiveAnswer)
_PARTICIPANT = select(LiveParticipant.id).where(
    LiveParticipant.session_id == bindparam("session_id"),
    LiveParticipant.participant == bindparam("participant"),
)
_JOINED = select(func.count()).where(LiveParticipant.session_id == bindparam("session_id"))
_INSERT_PARTICIPANT = insert(LiveParticipant)


def answer_of(db: Session, round_id: int, key: str) -> str | None:
    """This participant's answer in this round, if any."""
    this = {"this_round": round_id, "this_participant": key}
    return db.connection().execute(_ANSWER_OF, this).scalar()


def tally(db: Session, round_id: int) -> dict[str, int]:
    """How many answers each option has in this round."""
    rows = db.exec(
        select(LiveAnswer.option, func.count())
        .where(LiveAnswer.round_id == round_id)
        .group_by(LiveAnswer.option)
    ).all()
    return dict(rows)
