"""An item's history as editors read it: every revision with what changed since the one before.

Versions are compared in the form of their content file, so a change reads as it would in a
commit of the content repository.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlmodel import Session, col, select

from backend.content.files import render_file
from backend.content.types import CONTENT_TYPES
from backend.content.validate import ItemRecord
from backend.models import Item, ItemRevision, User

CONTEXT_LINES = 1  # unchanged lines shown around each change


class Change(NamedTuple):
    """One revision and the diff lines from the revision before it (none for the first)."""

    revision: ItemRevision
    diff: list[str]


@dataclass(frozen=True)
class History:
    """What the history page shows: changes newest first, and each author's e-mail address."""

    changes: list[Change]
    authors: dict[int, str]


def version_text(item: Item, front: dict[str, Any], sections: dict[str, str]) -> str:
    """A version of `item` as its content file reads."""
    return render_file(ItemRecord(CONTENT_TYPES[item.type], front, sections))


def diff_lines(older: str, newer: str) -> list[str]:
    """What changed from `older` to `newer`: unified-diff hunks ('@@' lines, then lines
    starting with '+', '-' or ' ') without the file headers; empty when nothing changed."""
    lines = difflib.unified_diff(
        older.splitlines(), newer.splitlines(), lineterm="", n=CONTEXT_LINES
    )
    return list(lines)[2:]


def revisions(db: Session, item: Item) -> list[ItemRevision]:
    """Every revision of `item`, newest first."""
    query = select(ItemRevision).where(ItemRevision.item_id == item.id)
    return list(db.exec(query.order_by(col(ItemRevision.number).desc())))


def item_history(db: Session, item: Item) -> History:
    """Every revision of `item`, newest first, each with what changed since the one before."""
    newest_first = revisions(db, item)
    texts = [version_text(item, r.front, r.sections) for r in newest_first]
    changes = [
        Change(revision, diff_lines(texts[i + 1], texts[i]) if i + 1 < len(texts) else [])
        for i, revision in enumerate(newest_first)
    ]
    author_ids = {r.author_id for r in newest_first if r.author_id is not None}
    return History(changes, _emails(db, author_ids))


def _emails(db: Session, user_ids: set[int]) -> dict[int, str]:
    users = db.exec(select(User).where(col(User.id).in_(user_ids)))
    return {user.id: user.email for user in users if user.id is not None}
