"""Reading and pruning the search change log (`models.search.SearchChange`).

Every transaction that changes an item logs its slug (`models.log_search_changes`). An index
records the id of the last change it has applied; the changes after it are what it lacks.
Old changes are pruned, always keeping the newest, so an index whose position is older than
the oldest change left cannot tell what it missed and must be rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.clock import utcnow
from backend.models import Item, SearchChange


@dataclass(frozen=True)
class Pending:
    """What an index lacks: the changed slugs (each once) and the id of the newest change."""

    slugs: list[str]
    upto: int


_LATEST = select(func.coalesce(func.max(SearchChange.id), 0))


def latest_change_id(db: Session) -> int:
    """The id of the newest change, 0 when the log is empty (one index lookup)."""
    return db.exec(_LATEST).one() or 0


def poll_latest_change_id(engine: Engine) -> int:
    """`latest_change_id` on a bare connection: the follower's poll, a few times a second,
    costs no ORM session."""
    with engine.connect() as connection:
        return connection.execute(_LATEST).scalar_one() or 0


def reaches(db: Session, applied: int) -> bool:
    """Whether the log still holds every change after `applied` (none was pruned)."""
    oldest = db.exec(select(func.min(SearchChange.id))).one()
    return oldest is None or oldest <= applied + 1


def pending_changes(db: Session, applied: int) -> Pending | None:
    """The changes after `applied`; None when the log no longer reaches back that far.

    Read the changes before the items they name: an item read afterwards is at least as new
    as its change, so applying the items and recording `upto` never skips anything."""
    if not reaches(db, applied):
        return None
    rows = db.exec(
        select(SearchChange.slug, func.max(SearchChange.id))
        .where(col(SearchChange.id) > applied)
        .group_by(SearchChange.slug)
    ).all()
    newest = [last for _, last in rows if last is not None]
    return Pending([slug for slug, _ in rows], max(newest, default=applied))


def items_by_slug(db: Session, slugs: list[str]) -> dict[str, Item]:
    """The stored items among these slugs (a slug without an item was deleted)."""
    found: dict[str, Item] = {}
    for start in range(0, len(slugs), 500):
        chunk = slugs[start : start + 500]
        found.update(
            (item.slug, item) for item in db.exec(select(Item).where(col(Item.slug).in_(chunk)))
        )
    return found


def prune_changes(db: Session, keep: timedelta) -> int:
    """Delete changes older than `keep`, but never the newest one; returns how many."""
    newest = latest_change_id(db)
    result = db.exec(
        delete(SearchChange).where(
            col(SearchChange.at) < utcnow() - keep, col(SearchChange.id) < newest
        )
    )
    db.commit()
    return int(result.rowcount or 0)
