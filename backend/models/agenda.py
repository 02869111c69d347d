"""Saved agendas: the request, the (edited) blocks, the owner and the two private links."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from backend.clock import utcnow


class SavedAgenda(SQLModel, table=True):
    """An agenda a facilitator saved. The view link shows it to anyone who has the link; the
    edit link changes it, and only for its owner, so the owner's list can show both links."""

    __tablename__ = "saved_agenda"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True)
    view_token: str = Field(unique=True, index=True, max_length=64)
    edit_token: str = Field(unique=True, index=True, max_length=64)
    title: str = Field(max_length=200)
    request: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    blocks: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
