"""What every live module shares: the error a refused change raises, the session's statuses
and limits, and the check that a session may still change."""

from __future__ import annotations

from enum import StrEnum

from backend.errors import DomainError
from backend.models import LiveSession
from backend.models.live import LiveStatus

ACTIVE, ENDED_STATUS = LiveStatus.ACTIVE, LiveStatus.ENDED
MAX_EXTRA_MINUTES = 120
MAX_AGREEMENTS = 4000
MAX_EXPECTED = 500


class LiveReason(StrEnum):
    """Why a live change was refused; it decides the HTTP status of the refusal."""

    NOT_FOUND = "not-found"  # no such session, round or agenda
    FORBIDDEN = "forbidden"  # someone else's session
    INVALID = "invalid"  # not possible now, or a wrong value
    ENDED = "ended"  # the session has ended
    FULL = "full"  # no room for another participant
    CLOSED = "closed"  # joining is closed


STATUS_OF_REASON = {
    LiveReason.NOT_FOUND: 404,
    LiveReason.FORBIDDEN: 403,
    LiveReason.INVALID: 409,
    LiveReason.ENDED: 409,
    LiveReason.FULL: 409,
    LiveReason.CLOSED: 403,
}


class LiveError(DomainError):
    """A change that cannot be made; the message is Dutch. `reason` says which kind, and so
    the HTTP status (`status`)."""

    def __init__(self, message: str, reason: LiveReason = LiveReason.INVALID):
        super().__init__(message)
        self.reason = reason

    @property
    def status(self) -> int:  # type: ignore[override]
        return STATUS_OF_REASON[self.reason]


def require_active(live: LiveSession) -> None:
    """Refuse any change to a session that has ended."""
    if live.status != ACTIVE:
        raise LiveError("Deze sessie is afgelopen; er kan niets meer veranderen.", LiveReason.ENDED)
