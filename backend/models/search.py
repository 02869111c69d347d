"""The search change log: which items changed, in commit order, for every process's index."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, text
from sqlmodel import Field, Session, SQLModel

from backend.clock import utcnow

# Any constant will do: it names the lock that keeps change-log writers in commit order.
_ADVISORY_LOCK = 0x5EA2C4


class SearchChange(SQLModel, table=True):
    """One changed item (by slug), numbered in commit order. Each process's search index
    applies the changes after the last one it has applied (`backend.search.follow`)."""

    __tablename__ = "search_change"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80)
    at: datetime = Field(default_factory=utcnow, index=True)


def log_search_changes(db: Session, slugs: Iterable[str]) -> None:
    """Record that these items changed, in the caller's transaction (so the log holds a
    change exactly when it commits).

    On PostgreSQL, writers take turns until they commit: ids then become visible in their
    order, and a follower that has seen id n never later finds a smaller one appear.
    SQLite has one writer at a time anyway. Call it after the transaction's item writes
    (`content.store` does): writing more items while holding the turn could deadlock with
    a writer that holds those rows and waits for the turn.
    """
    rows = [{"slug": slug, "at": utcnow()} for slug in dict.fromkeys(slugs)]
    if not rows:
        return
    if db.get_bind().dialect.name == "postgresql":
        db.connection().execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK})
    db.exec(insert(SearchChange), params=rows)
