"""The workflow steps that change an item row, each carried out in full.

Approving, publishing directly and archiving change the published item; creating adds an
(unpublished) item, which the index holds too. Each function here
runs the step (`workflow`), commits, and only then writes the item to the search index, so
a step that is refused or rolled back never reaches search and no caller can publish
without updating it. The index update never raises (`SearchIndex.update_items` schedules a
rebuild when it cannot write now), so a committed step is never reported as failed.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from backend.content.types import ContentType
from backend.editorial import workflow
from backend.models import Item, User
from backend.search.index import SearchIndex


def create_item(
    db: Session,
    index: SearchIndex,
    editor: User,
    content_type: ContentType,
    front: dict[str, Any],
    sections: dict[str, str],
    fictional: list[str] | None = None,
) -> Item:
    """A new, unpublished item with its first draft (`workflow.create_item`)."""
    return _commit_and_index(
        db, index, workflow.create_item(db, editor, content_type, front, sections, fictional)
    )


def approve(db: Session, index: SearchIndex, reviewer: User, item: Item, seen: int | None) -> Item:
    """Publish the version under review that the reviewer saw (`workflow.approve`)."""
    return _commit_and_index(db, index, workflow.approve(db, reviewer, item, seen))


def publish_directly(
    db: Session, index: SearchIndex, admin: User, item: Item, seen: int | None
) -> Item:
    """Publish the version the admin saw without review (`workflow.publish_directly`)."""
    return _commit_and_index(db, index, workflow.publish_directly(db, admin, item, seen))


def archive(db: Session, index: SearchIndex, editor: User, item: Item) -> Item:
    """Take the item off the public pages and out of search (`workflow.archive`)."""
    return _commit_and_index(db, index, workflow.archive(db, editor, item))


def _commit_and_index(db: Session, index: SearchIndex, item: Item) -> Item:
    db.commit()
    index.update_items([item])
    return item
