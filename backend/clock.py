"""Time for the whole app: moments are stored in UTC, people read them in Dutch time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")  # the councils' time, for showing and reading moments


def utcnow() -> datetime:
    """The current moment as an aware UTC datetime, the way every moment is stored."""
    return datetime.now(UTC)


@overload
def as_utc(moment: datetime) -> datetime: ...
@overload
def as_utc(moment: None) -> None: ...
@overload
def as_utc(moment: datetime | None) -> datetime | None: ...
def as_utc(moment: datetime | None) -> datetime | None:
    """A stored moment as an aware UTC datetime (SQLite hands them back without a zone)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def as_local(moment: datetime) -> datetime:
    """A stored moment in Dutch time, for showing it."""
    return as_utc(moment).astimezone(LOCAL)
