"""State that several server processes share through the database: rate-limit hits, failed
logins for addresses without an account, and the phones connected to each process.

Used only with PostgreSQL (a single SQLite process keeps the same state in memory). No network
or e-mail address is stored: keys are keyed hashes (HMAC with the server's secret key).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class LimitHit(SQLModel, table=True):
    """One counted attempt of one rate limiter, for one hashed key, at a moment (Unix time)."""

    __tablename__ = "limit_hit"
    __table_args__ = (Index("ix_limit_hit_lookup", "limiter", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    limiter: str = Field(max_length=32)
    key: str = Field(max_length=64)
    at: float


class LoginFailure(SQLModel, table=True):
    """Wrong passwords for an address without an account (mirrors the fields on User)."""

    __tablename__ = "login_failure"

    key: str = Field(primary_key=True, max_length=64)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None)
    updated_at: datetime = Field(index=True)


class LivePresence(SQLModel, table=True):
    """A joined phone with an event stream open in one server process; `seen_at` (Unix time)
    is renewed by that process's heartbeat, so the rows of a process that died go stale."""

    __tablename__ = "live_presence"

    session_id: int = Field(primary_key=True)
    participant: str = Field(primary_key=True, max_length=64)
    process: str = Field(primary_key=True, max_length=32)
    seen_at: float = Field(index=True)
