"""The live session's state machine: starting, moving through the blocks, answering rounds,
revealing results and ending. No web code here; every change records an event.

Callers run each change inside `events.transaction`, which commits it whole or not at all.
A refused change raises `LiveError` with a Dutch message and leaves everything as it was.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, delete, func, insert, update
from sqlmodel import Session, col, select

from backend.agenda.saved import agenda_of
from backend.catalog.queries import get_item
from backend.content.types import CONTENT_TYPES
from backend.live import codes
from backend.live.events import ENDED, EVERYONE, TEAM, record
from backend.models import (
    Item,
    LiveAnswer,
    LiveEvent,
    LiveParticipant,
    LiveRound,
    LiveSession,
    SavedAgenda,
    User,
)
from backend.models.item import as_utc, utcnow

LOCAL = ZoneInfo("Europe/Amsterdam")
OPEN_QUESTION_OPTIONS = {"eens": "Eens", "oneens": "Oneens", "weet-niet": "Weet niet"}
MAX_EXTRA_MINUTES = 120
MAX_AGREEMENTS = 4000
MAX_EXPECTED = 500
ACTIVE, ENDED_STATUS = "actief", "afgelopen"


class LiveError(ValueError):
    """A change that cannot be made. `reason` says which kind, for the HTTP status."""

    def __init__(self, message: str, reason: str = "ongeldig"):
        super().__init__(message)
        self.reason = reason  # niet-gevonden | geen-toegang | ongeldig | afgelopen | vol | gesloten


# --- starting -------------------------------------------------------------------------------


def _dilemma_content(item: Item) -> dict:
    options = item.front.get("options") or {}
    return {
        "situation": item.sections.get("situation", ""),
        "question": item.sections.get("question", ""),
        "considerations": item.sections.get("considerations", ""),
        "explanation": item.sections.get("explanation", ""),
        "options": dict(options) or dict(OPEN_QUESTION_OPTIONS),
        "open_question": not options,
        "url": CONTENT_TYPES["dilemma"].url(item.slug),
    }


def _unique(db: Session, column, make) -> str:
    for _ in range(20):
        value = make()
        if db.exec(select(LiveSession.id).where(column == value)).first() is None:
            return value
    raise RuntimeError("no free value found")  # 890 million codes: does not happen in practice


def _start(
    db: Session,
    owner: User,
    title: str,
    blocks: list[dict],
    min_answers: int,
    planned_start: datetime | None = None,
    agenda_id: int | None = None,
    expected: int = 30,
) -> LiveSession:
    now = utcnow()
    total = sum(block["minutes"] for block in blocks)
    # The agenda's own start counts when the meeting starts (about) as planned; a session
    # started at another moment (a rehearsal, another day) is planned from now.
    near = planned_start and abs(planned_start - now) <= timedelta(minutes=45)
    begins = planned_start if near else now
    live = LiveSession(
        owner_id=owner.id,
        agenda_id=agenda_id,
        title=title[:200],
        code=_unique(db, LiveSession.code, codes.new_code),
        presenter_token=_unique(db, LiveSession.presenter_token, lambda: secrets.token_urlsafe(24)),
        report_token=_unique(db, LiveSession.report_token, lambda: secrets.token_urlsafe(24)),
        min_answers=min_answers,
        expected_participants=max(1, min(expected, MAX_EXPECTED)),
        started_at=now,
        planned_end=begins + timedelta(minutes=total),
    )
    db.add(live)
    db.flush()
    for position, block in enumerate(blocks):
        db.add(
            LiveRound(
                session_id=live.id,
                position=position,
                kind=block["kind"],
                title=block["title"][:200],
                slug=block.get("slug"),
                minutes=block["minutes"],
                content=block["content"],
                entered_at=now if position == 0 else None,
            )
        )
    db.flush()
    return live


def start_from_agenda(
    db: Session, owner: User, saved: SavedAgenda, min_answers: int
) -> LiveSession:
    """A live session over a saved agenda (its owner only), dilemmas as answerable rounds."""
    if saved.owner_id != owner.id:
        raise LiveError(
            "Alleen de eigenaar van deze agenda kan er een live sessie mee starten.", "geen-toegang"
        )
    agenda = agenda_of(saved)
    blocks = []
    for block in agenda.blocks:
        item = (
            get_item(db, [CONTENT_TYPES["dilemma"]], block.slug)
            if block.kind == "dilemma" and block.slug
            else None
        )
        content = (
            _dilemma_content(item)
            if item
            else {"description": block.description, "url": block.url or ""}
        )
        kind = block.kind if item or block.kind != "dilemma" else "dilemma-vervallen"
        blocks.append(
            {
                "kind": kind,
                "title": block.title,
                "slug": block.slug,
                "minutes": block.minutes,
                "content": content,
            }
        )
    if not blocks:
        raise LiveError("Deze agenda heeft geen onderdelen. Voeg eerst onderdelen toe.")
    starts = datetime.combine(agenda.request.day, agenda.request.start, tzinfo=LOCAL)
    return _start(
        db,
        owner,
        saved.title,
        blocks,
        min_answers,
        starts,
        saved.id,
        expected=agenda.request.group_size,
    )


def start_from_dilemma(db: Session, owner: User, slug: str, min_answers: int) -> LiveSession:
    """A live session of one dilemma, e.g. to open a meeting with."""
    item = get_item(db, [CONTENT_TYPES["dilemma"]], slug)
    if item is None:
        raise LiveError("Dit dilemma bestaat niet of is niet gepubliceerd.", "niet-gevonden")
    block = {
        "kind": "dilemma",
        "title": item.title,
        "slug": item.slug,
        "minutes": int(item.front.get("minutes") or 15),
        "content": _dilemma_content(item),
    }
    return _start(db, owner, item.title, [block], min_answers)


def lock(db: Session, live: LiveSession) -> LiveSession:
    """Reload the session inside the current change and lock its row until commit, so
    concurrent changes to one session take turns (PostgreSQL; SQLite has one writer anyway)."""
    db.refresh(live, with_for_update=True)
    return live


# --- finding --------------------------------------------------------------------------------


def by_code(db: Session, text: str, for_update: bool = False) -> LiveSession | None:
    """The session with this join code; `for_update` locks its row like `lock` does."""
    code = codes.normalize(text)
    if code is None:
        return None
    query = select(LiveSession).where(LiveSession.code == code)
    return db.exec(query.with_for_update() if for_update else query).first()


def by_presenter_token(db: Session, token: str) -> LiveSession | None:
    return db.exec(select(LiveSession).where(LiveSession.presenter_token == token)).first()


def by_report_token(db: Session, token: str) -> LiveSession | None:
    return db.exec(select(LiveSession).where(LiveSession.report_token == token)).first()


def owned(db: Session, session_id: int, user: User) -> LiveSession:
    """The session for its owner; anyone else gets a LiveError."""
    live = db.get(LiveSession, session_id)
    if live is None:
        raise LiveError("Deze live sessie bestaat niet.", "niet-gevonden")
    if live.owner_id != user.id:
        raise LiveError(
            "Deze live sessie is van een andere gespreksleider; alleen die kan hem leiden.",
            "geen-toegang",
        )
    return live


def sessions_of(db: Session, owner: User) -> list[LiveSession]:
    return list(
        db.exec(
            select(LiveSession)
            .where(LiveSession.owner_id == owner.id)
            .order_by(col(LiveSession.started_at).desc())
        )
    )


def rounds_of(db: Session, live: LiveSession) -> list[LiveRound]:
    return list(
        db.exec(
            select(LiveRound)
            .where(LiveRound.session_id == live.id)
            .order_by(col(LiveRound.position))
        )
    )


def _find_round(db: Session, live: LiveSession, position: int) -> LiveRound | None:
    return db.exec(
        select(LiveRound).where(LiveRound.session_id == live.id, LiveRound.position == position)
    ).first()


def round_at(db: Session, live: LiveSession, position: int) -> LiveRound:
    found = _find_round(db, live, position)
    if found is None:
        raise LiveError("Dit onderdeel bestaat niet in deze sessie.", "niet-gevonden")
    return found


# --- the facilitator's actions --------------------------------------------------------------


def _active(live: LiveSession) -> None:
    if live.status != ACTIVE:
        raise LiveError("Deze sessie is afgelopen; er kan niets meer veranderen.", "afgelopen")


def _current_dilemma(db: Session, live: LiveSession) -> LiveRound:
    _active(live)
    current = round_at(db, live, live.current)
    if current.kind != "dilemma":
        raise LiveError("Dit onderdeel is geen dilemma; er valt niets te beantwoorden.")
    return current


def _leave(current: LiveRound, now: datetime) -> None:
    if current.entered_at is not None:
        current.seconds_used += int((now - as_utc(current.entered_at)).total_seconds())
        current.entered_at = None
    if current.answering == "open":
        current.answering = "gesloten"


def go_to(db: Session, live: LiveSession, position: int) -> None:
    """Make another block current; answering in the block that was current stops."""
    _active(live)
    if position == live.current:
        return
    target = _find_round(db, live, position)
    if target is None:
        raise LiveError("Dat onderdeel bestaat niet: dit is het eerste of het laatste onderdeel.")
    now = utcnow()
    _leave(round_at(db, live, live.current), now)
    target.entered_at = now
    live.current = position
    db.add(live)
    record(db, live.id, "state", EVERYONE, "blok")


def open_answers(db: Session, live: LiveSession) -> None:
    current = _current_dilemma(db, live)
    if current.answering == "open":
        raise LiveError("Het antwoorden staat al open.")
    current.answering, current.revealed = "open", False
    db.add(current)
    record(db, live.id, "state", EVERYONE, "open")


def close_answers(db: Session, live: LiveSession) -> None:
    current = _current_dilemma(db, live)
    if current.answering != "open":
        raise LiveError("Het antwoorden staat niet open.")
    current.answering = "gesloten"
    db.add(current)
    record(db, live.id, "state", EVERYONE, "gesloten")


def reveal(db: Session, live: LiveSession) -> None:
    """Show the group's answers (and stop answering, so the picture holds still)."""
    current = _current_dilemma(db, live)
    if current.revealed:
        raise LiveError("De uitkomst staat al op het scherm.")
    if current.answering == "open":
        current.answering = "gesloten"
    current.revealed = True
    db.add(current)
    record(db, live.id, "state", EVERYONE, "uitkomst")


def hide_results(db: Session, live: LiveSession) -> None:
    current = _current_dilemma(db, live)
    if not current.revealed:
        raise LiveError("De uitkomst staat niet op het scherm.")
    current.revealed = False
    db.add(current)
    record(db, live.id, "state", EVERYONE, "verborgen")


def extend(db: Session, live: LiveSession, minutes: int) -> None:
    _active(live)
    current = round_at(db, live, live.current)
    if not 1 <= minutes <= 30:
        raise LiveError("Verleng met 1 tot en met 30 minuten.")
    if current.extra_minutes + minutes > MAX_EXTRA_MINUTES:
        raise LiveError(
            f"Een onderdeel kan met ten hoogste {MAX_EXTRA_MINUTES} minuten worden verlengd."
        )
    current.extra_minutes += minutes
    db.add(current)
    record(db, live.id, "state", TEAM, "verlengd")


def set_hide_count(db: Session, live: LiveSession, hidden: bool) -> None:
    _active(live)
    live.hide_count = hidden
    db.add(live)
    record(db, live.id, "state", TEAM, "aantal")


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


def end(db: Session, live: LiveSession) -> None:
    """End the session: keep the totals per round, drop every participant key and answer."""
    _active(live)
    now = utcnow()
    rounds = rounds_of(db, live)
    _leave(rounds[live.current], now)
    round_ids = [r.id for r in rounds]
    for item in rounds:
        item.counts = tally(db, item.id)
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
    record(db, live.id, ENDED, EVERYONE, "afgelopen")


ABANDONED_AFTER = timedelta(hours=12)


def end_abandoned(db: Session, now: datetime | None = None) -> int:
    """End sessions nobody ended 12 hours after they started, so no participant key stays
    behind because a facilitator forgot the button. Returns how many were ended."""
    cutoff = (now or utcnow()) - ABANDONED_AFTER
    stale = db.exec(
        select(LiveSession).where(
            LiveSession.status == ACTIVE, col(LiveSession.started_at) < cutoff
        )
    ).all()
    for live in stale:
        end(db, lock(db, live))
    return len(stale)


# --- answering ------------------------------------------------------------------------------


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
    _active(live)
    if not live.joining_open:
        raise LiveError(
            "De gespreksleider heeft de deelname aan deze sessie gesloten. Vraag de"
            " gespreksleider om de deelname weer te openen als u nog mee wilt doen.",
            "gesloten",
        )
    joined = joined_count(db, live)
    if joined >= max_participants:
        raise LiveError("Deze sessie is vol; er kunnen geen deelnemers meer bij.", "vol")
    db.connection().execute(
        _INSERT_PARTICIPANT, {"session_id": live.id, "participant": key, "joined_at": utcnow()}
    )
    return record(db, live.id, "joined", TEAM, str(joined + 1))


def set_joining(db: Session, live: LiveSession, open_: bool) -> None:
    """Close joining once everyone is in (phones that joined keep answering), or reopen it."""
    _active(live)
    live.joining_open = open_
    db.add(live)
    db.flush()
    record(db, live.id, "state", TEAM)


def set_expected(db: Session, live: LiveSession, raw: str) -> None:
    """Set the expected number of participants, which sets each address's join budget."""
    _active(live)
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_EXPECTED:
        raise LiveError(
            f"Vul het verwachte aantal deelnemers in als een heel getal van 1 tot en met"
            f" {MAX_EXPECTED}."
        )
    live.expected_participants = int(raw)
    db.add(live)
    db.flush()
    record(db, live.id, "state", TEAM)


def answer(
    db: Session, live: LiveSession, position: int, key: str, option: str, max_participants: int
) -> int | None:
    """Store or replace this participant's answer in the current round.

    Returns the number of the event that carries the new count, or None when nothing changed.
    """
    _active(live)
    if position != live.current:
        raise LiveError(
            "Deze vraag is niet meer aan de beurt. Uw scherm laat nu de vraag zien die wel"
            " aan de beurt is."
        )
    # Every phone takes this path at the same moment: plain rows and statements built once.
    connection = db.connection()
    if not is_joined(db, live, key):
        raise LiveError(
            "Uw telefoon doet nog niet mee aan deze sessie. Open de sessie opnieuw met de code"
            " op het scherm; er is niets opgeslagen.",
            "geen-toegang",
        )
    current = connection.execute(_ROUND, {"session_id": live.id, "position": position}).first()
    if current is None or current.kind != "dilemma" or current.answering != "open":
        raise LiveError(
            "Antwoorden op deze vraag kan nu niet: de gespreksleider heeft het gesloten."
        )
    if option not in current.content["options"]:
        raise LiveError("Dit antwoord hoort niet bij deze vraag. Kies een van de knoppen.")
    this = {"this_round": current.id, "this_participant": key}
    existing = answer_of(db, current.id, key)
    if existing is not None:
        if existing != option:
            connection.execute(_CHANGE_ANSWER, {**this, "new_option": option})
        return None
    count = connection.execute(_COUNT, this).scalar_one()
    if count >= max_participants:
        raise LiveError("Deze sessie is vol; er kunnen geen deelnemers meer bij.", "vol")
    connection.execute(
        _INSERT_ANSWER, {"round_id": current.id, "participant": key, "option": option}
    )
    return record(db, live.id, "count", TEAM, str(count + 1))


_ROUND = select(LiveRound.id, LiveRound.kind, LiveRound.answering, LiveRound.content).where(
    LiveRound.session_id == bindparam("session_id"), LiveRound.position == bindparam("position")
)
_IS_THIS_ANSWER = (LiveAnswer.round_id == bindparam("this_round")) & (
    LiveAnswer.participant == bindparam("this_participant")
)
_ANSWER_OF = select(LiveAnswer.option).where(_IS_THIS_ANSWER)
_CHANGE_ANSWER = update(LiveAnswer).where(_IS_THIS_ANSWER).values(option=bindparam("new_option"))
_COUNT = select(func.count()).where(LiveAnswer.round_id == bindparam("this_round"))
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
