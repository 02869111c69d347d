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
from backend.models.live import RoundState

# LiveRound.answering as `states.py` sets it; a round never opened is read first.
STAGE_OF_ANSWERING: dict[str, str] = {RoundState.OPEN: "voting", RoundState.CLOSED: "closed"}


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

    @property
    def stage(self) -> str:
        """What the projector shows: `ended`, `block` (no question), or for a dilemma
        `reading` (the situation, before voting opens), `voting`, `closed` or `outcome`."""
        if self.ended:
            return "ended"
        if not self.is_dilemma:
            return "block"
        if self.current.revealed:
            return "outcome"
        return STAGE_OF_ANSWERING.get(self.current.answering, "reading")

    @property
    def join_screen(self) -> bool:
        """Whether the projector shows the large code and QR code: on blocks without a
        question, and on a dilemma that opens the session until voting starts."""
        return self.stage == "block" or (self.stage == "reading" and self.is_first)


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
