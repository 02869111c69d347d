"""Accounts: users, their login sessions, and the audit log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from backend.clock import utcnow


class Role(StrEnum):
    """What an account may do; each role may also do what the roles before it may."""

    FACILITATOR = "facilitator"
    EDITOR = "editor"
    ADMIN = "admin"


ROLE_LABELS: dict[str, str] = {
    Role.ADMIN: "Beheerder",
    Role.EDITOR: "Redacteur (integriteitsadviseur)",
    Role.FACILITATOR: "Gespreksleider (burgemeester, griffier)",
}


class User(SQLModel, table=True):
    """Someone who logs in: an admin, an editor (integrity adviser) or a facilitator."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=254)
    name: str = Field(default="", max_length=120)
    role: str = Field(max_length=20)  # a Role
    # None until the invited user has chosen a password.
    password_hash: str | None = Field(default=None, max_length=255)
    active: bool = Field(default=True)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = None
    # Only a hash of the one-time set-password token is stored.
    invite_token_hash: str | None = Field(default=None, max_length=64, index=True)
    invite_expires_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class LoginSession(SQLModel, table=True):
    """A logged-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "login_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class AuditEntry(SQLModel, table=True):
    """Who did what, when: logins, role changes, publications, restores, exports.

    No IP addresses or other personal data beyond the acting account.
    """

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    action: str = Field(max_length=40, index=True)
    target: str = Field(default="", max_length=200)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
