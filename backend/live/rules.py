"""What every live module shares: the error a refused change raises, the session's statuses
and limits, and the check that a session may still change."""

from __future__ import annotations

from backend.models import LiveSession

ACTIVE, ENDED_STATUS = "actief", "afgelopen"
MAX_EXTRA_MINUTES = 120
MAX_AGREEMENTS = 4000
MAX_EXPECTED = 500


class LiveError(ValueError):
    """A change that cannot be made. `reason` says which kind, for the HTTP status."""

    def __init__(self, message: str, reason: str = "ongeldig"):
        super().__init__(message)
        self.reason = reason  # niet-gevonden | geen-toegang | ongeldig | afgelopen | vol | gesloten


def require_active(live: LiveSession) -> None:
    """Refuse any change to a session that has ended."""
    if live.status != ACTIVE:
        raise LiveError("Deze sessie is afgelopen; er kan niets meer veranderen.", "afgelopen")
