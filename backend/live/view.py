"""Everything a screen needs to show a live session at one moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from backend.clock import utcnow
from backend.live import service
from backend.live.results import Result, round_result
from backend.live.timing import Timing, timing
from backend.models import LiveRound, LiveSession


@dataclass(frozen=True)
class LiveView:
    live: LiveSession
    rounds: list[LiveRound]
    current: LiveRound
    result: Result | None  # the current round's answers (dilemmas only)
    timing: Timing
    joined: int  # phones that joined

    @property
    def ended(self) -> bool:
        return self.live.status != service.ACTIVE

    @property
    def is_dilemma(self) -> bool:
        return self.current.kind == "dilemma"

    @property
    def is_first(self) -> bool:
        return self.live.current == 0

    @property
    def is_last(self) -> bool:
        return self.live.current == len(self.rounds) - 1


def live_view(db: Session, live: LiveSession, now: datetime | None = None) -> LiveView:
    rounds = service.rounds_of(db, live)
    current = rounds[live.current]
    result = round_result(db, live, current) if current.kind == "dilemma" else None
    return LiveView(
        live,
        rounds,
        current,
        result,
        timing(live, rounds, now or utcnow()),
        service.joined_count(db, live),
    )
