"""Time in a live session: the countdown of the current block and the expected end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.clock import as_utc
from backend.models import LiveRound, LiveSession


@dataclass(frozen=True)
class Timing:
    remaining_seconds: int  # of the current block; negative when it runs over
    expected_end: datetime
    planned_end: datetime

    @property
    def delay_minutes(self) -> int:
        """Minutes the meeting is expected to run over (negative: earlier than planned)."""
        return round((self.expected_end - self.planned_end).total_seconds() / 60)


def used_seconds(live_round: LiveRound, now: datetime) -> int:
    """Time spent in this block so far, over every visit."""
    running = (now - as_utc(live_round.entered_at)).total_seconds() if live_round.entered_at else 0
    return live_round.seconds_used + int(running)


def budget_seconds(live_round: LiveRound) -> int:
    return (live_round.minutes + live_round.extra_minutes) * 60


def timing(live: LiveSession, rounds: list[LiveRound], now: datetime) -> Timing:
    """Where the clock stands: the current block's time left and when the meeting will end if
    every block still to come takes its planned time."""
    current = rounds[live.current]
    remaining = budget_seconds(current) - used_seconds(current, now)
    later = sum(max(0, budget_seconds(r) - r.seconds_used) for r in rounds[live.current + 1 :])
    expected = now + timedelta(seconds=max(remaining, 0) + later)
    if live.ended_at:
        expected = as_utc(live.ended_at)
    return Timing(remaining, expected, as_utc(live.planned_end))
