"""Editing: the working copy of an item (draft or in review) and its revision history."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from backend.clock import utcnow


class DraftState(StrEnum):
    """Where a working copy stands: being written, or offered for review."""

    DRAFT = "draft"
    REVIEW = "review"


DRAFT_STATE_LABELS: dict[str, str] = {
    DraftState.DRAFT: "Concept",
    DraftState.REVIEW: "Ter beoordeling",
}


class ItemDraft(SQLModel, table=True):
    """The working copy of an item. The published item stays visible while this is edited
    and reviewed; approval copies it onto the item."""

    __tablename__ = "item_draft"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(
        sa_column=Column(Integer, ForeignKey("item.id", ondelete="CASCADE"), unique=True)
    )
    front: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    sections: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    state: str = Field(default=DraftState.DRAFT, max_length=20)  # a DraftState
    # Optimistic locking: a save must name the version it started from.
    version: int = Field(default=1)
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    submitted_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    review_comment: str = Field(default="", max_length=2000)
    # Fingerprints of personal-data hits the editor marked as fictional.
    acknowledged: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class ItemRevision(SQLModel, table=True):
    """One saved state of an item: who, when, what, and why (the action)."""

    __tablename__ = "item_revision"

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(
        sa_column=Column(Integer, ForeignKey("item.id", ondelete="CASCADE"), index=True)
    )
    number: int
    action: str = Field(
        max_length=20
    )  # create | save | submit | send_back | publish | archive | restore
    front: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    sections: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    note: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
    # Set when an admin purged the text (personal data that slipped through): front and
    # sections then hold nothing; who purged it and why is in the audit log.
    purged_at: datetime | None = Field(default=None)
