"""Starting a live session, from a saved agenda or from one dilemma: the session with its
links and join code, and one round per block."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, select

from backend.agenda.numbering import numbered
from backend.agenda.saved import agenda_of
from backend.catalog.queries import get_item
from backend.clock import LOCAL, utcnow
from backend.content.types import CONTENT_TYPES
from backend.live import codes
from backend.live.rules import MAX_EXPECTED, LiveError, LiveReason
from backend.models import Item, LiveRound, LiveSession, SavedAgenda, User
from backend.models.ids import stored_id

OPEN_QUESTION_OPTIONS = {"eens": "Eens", "oneens": "Oneens", "weet-niet": "Weet niet"}


def _dilemma_content(item: Item) -> dict[str, Any]:
    """What a dilemma round shows and asks; an open question gets agree/disagree/don't know."""
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


def _unique(db: Session, column: Mapped[str], make: Callable[[], str]) -> str:
    """A new value from `make` that no session has in `column` yet."""
    for _ in range(20):
        value = make()
        if db.exec(select(LiveSession.id).where(column == value)).first() is None:
            return value
    raise RuntimeError("no free value found")  # 890 million codes: does not happen in practice


def _start(
    db: Session,
    owner: User,
    title: str,
    blocks: list[dict[str, Any]],
    min_answers: int,
    planned_start: datetime | None = None,
    agenda_id: int | None = None,
    expected: int = 30,
) -> LiveSession:
    """A new session with one round per block; the first block is current from now."""
    now = utcnow()
    total = sum(block["minutes"] for block in blocks)
    # The agenda's own start counts when the meeting starts (about) as planned; a session
    # started at another moment (a rehearsal, another day) is planned from now.
    near = planned_start is not None and abs(planned_start - now) <= timedelta(minutes=45)
    begins = planned_start if planned_start is not None and near else now
    live = LiveSession(
        owner_id=stored_id(owner),
        agenda_id=agenda_id,
        title=title[:200],
        code=_unique(db, col(LiveSession.code), codes.new_code),
        presenter_token=_unique(
            db, col(LiveSession.presenter_token), lambda: secrets.token_urlsafe(24)
        ),
        report_token=_unique(db, col(LiveSession.report_token), lambda: secrets.token_urlsafe(24)),
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
                session_id=stored_id(live),
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
            "Alleen de eigenaar van deze agenda kan er een livesessie mee starten.",
            LiveReason.FORBIDDEN,
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
        numbered(blocks),
        min_answers,
        starts,
        saved.id,
        expected=agenda.request.group_size,
    )


def start_from_dilemma(db: Session, owner: User, slug: str, min_answers: int) -> LiveSession:
    """A live session of one dilemma, e.g. to open a meeting with."""
    item = get_item(db, [CONTENT_TYPES["dilemma"]], slug)
    if item is None:
        raise LiveError("Dit dilemma bestaat niet of is niet gepubliceerd.", LiveReason.NOT_FOUND)
    block = {
        "kind": "dilemma",
        "title": item.title,
        "slug": item.slug,
        "minutes": int(item.front.get("minutes") or 15),
        "content": _dilemma_content(item),
    }
    return _start(db, owner, item.title, [block], min_answers)
