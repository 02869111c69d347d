"""The collection item: a dilemma, good practice or case, and its filterable tags."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from backend.clock import utcnow


class ItemStatus(StrEnum):
    """Where an item stands in the editorial workflow. The Dutch labels are the terms of the
    `status` vocabulary (`vocabulary.STATUSES`), which content files are checked against."""

    DRAFT = "draft"
    REVIEW = "review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Item(SQLModel, table=True):
    """One item of the collection. Type-specific fields live in `front`, prose in `sections`.

    `front` holds the validated front matter exactly as in the content file, so the
    database can always be written back to files; the columns beside it are copies of the
    fields that pages filter and sort on.
    """

    __tablename__ = "item"

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(index=True, max_length=40)
    slug: str = Field(unique=True, index=True, max_length=80)
    title: str = Field(max_length=200)
    summary: str = Field(max_length=400)
    status: str = Field(index=True, max_length=20)  # an ItemStatus
    visibility: str = Field(index=True, max_length=20)
    front: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    sections: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    # onupdate: every ORM write bumps it, which is what the facet index watches for changes.
    updated_at: datetime = Field(
        default_factory=utcnow, index=True, sa_column_kwargs={"onupdate": utcnow}
    )


class ItemTag(SQLModel, table=True):
    """A (facet, value) pair of an item, e.g. ('themes', 'nevenfuncties'), for filtering."""

    __tablename__ = "item_tag"
    # Both indexes cover all three columns, so filtering and counting never touch the table.
    __table_args__ = (
        Index("ix_item_tag_facet_value_item", "facet", "value", "item_id"),
        Index("ix_item_tag_item_facet_value", "item_id", "facet", "value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(
        sa_column=Column(Integer, ForeignKey("item.id", ondelete="CASCADE"), nullable=False)
    )
    facet: str = Field(max_length=40)
    value: str = Field(max_length=80)
