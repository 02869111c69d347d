"""What the group answered: distributions with the minimum-count rule, and, across sessions,
how councils answered a dilemma overall."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from backend.live import service
from backend.models import LiveRound, LiveSession, stored_id


@dataclass(frozen=True)
class OptionResult:
    key: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Result:
    """A distribution that may only be shown when `shown` (enough answers to stay anonymous)."""

    total: int
    min_answers: int
    options: tuple[OptionResult, ...]

    @property
    def shown(self) -> bool:
        return self.total >= self.min_answers

    def option(self, key: str) -> OptionResult | None:
        return next((o for o in self.options if o.key == key), None)


def percentages(counts: list[int]) -> list[int]:
    """Whole percentages that add up to exactly 100 (largest remainder), or all 0."""
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    exact = [count * 100 / total for count in counts]
    whole = [int(value) for value in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - whole[i], reverse=True)
    for index in by_remainder[: 100 - sum(whole)]:
        whole[index] += 1
    return whole


def distribution(options: dict[str, str], counts: dict[str, int], min_answers: int) -> Result:
    """The result for these options; answers for options that no longer exist are left out."""
    numbers = [counts.get(key, 0) for key in options]
    shares = percentages(numbers)
    rows = tuple(
        OptionResult(key, label, number, share)
        for (key, label), number, share in zip(options.items(), numbers, shares, strict=True)
    )
    return Result(sum(numbers), min_answers, rows)


def round_result(db: Session, live: LiveSession, live_round: LiveRound) -> Result:
    """The round's distribution: counted live while the session runs, stored totals after."""
    counts = (
        service.tally(db, stored_id(live_round))
        if live.status == service.ACTIVE
        else live_round.counts
    )
    return distribution(live_round.content.get("options", {}), counts, live.min_answers)


@dataclass(frozen=True)
class Overall:
    sessions: int
    result: Result


def dilemma_overall(
    db: Session, slug: str, options: dict[str, str], min_answers: int
) -> Overall | None:
    """How councils answered this dilemma: ended sessions whose owner shares them, rounds with
    at least their session's minimum, and the same answer options as the dilemma has now."""
    rows = db.exec(
        select(LiveRound, LiveSession.min_answers)
        .join(LiveSession, col(LiveSession.id) == LiveRound.session_id)
        .where(
            LiveRound.slug == slug,
            LiveRound.kind == "dilemma",
            LiveSession.status == service.ENDED_STATUS,
            LiveSession.share_results == True,  # noqa: E712  (SQL comparison)
        )
    ).all()
    totals: dict[str, int] = {}
    sessions = set()
    for live_round, session_minimum in rows:
        if set(live_round.content.get("options", {})) != set(options):
            continue
        if live_round.total < session_minimum:
            continue
        sessions.add(live_round.session_id)
        for key, count in live_round.counts.items():
            totals[key] = totals.get(key, 0) + count
    if not sessions:
        return None
    return Overall(len(sessions), distribution(options, totals, min_answers))
