"""The live session's public face: starting, finding, running and answering a session.

Callers use `from backend.live import service` and `service.answer(...)`; the work is done in
small modules, one job each:

- `start`: a session from a saved agenda or one dilemma;
- `lookups`: sessions by code, link or owner, and their rounds;
- `states`: the state machine the facilitator drives, up to the end;
- `answers`: the hot path of phones joining and answering, and the counts;
- `rules`: `LiveError`, the session statuses and limits they share.

Callers run each change inside `events.transaction`, which commits it whole or not at all.
A refused change raises `LiveError` with a Dutch message and leaves everything as it was.
"""

from __future__ import annotations

from backend.live.answers import (
    answer,
    answer_of,
    is_joined,
    join,
    join_budget,
    joined_count,
    participant_key,
    tally,
)
from backend.live.lookups import (
    by_code,
    by_presenter_token,
    by_report_token,
    lock,
    owned,
    round_at,
    rounds_of,
    sessions_of,
)
from backend.live.rules import (
    ACTIVE,
    ENDED_STATUS,
    MAX_AGREEMENTS,
    MAX_EXPECTED,
    MAX_EXTRA_MINUTES,
    LiveError,
    LiveReason,
)
from backend.live.start import (
    OPEN_QUESTION_OPTIONS,
    _dilemma_content,  # for the test of open questions
    start_from_agenda,
    start_from_dilemma,
)
from backend.live.states import (
    ABANDONED_AFTER,
    close_answers,
    end,
    end_abandoned,
    extend,
    go_to,
    hide_results,
    open_answers,
    reveal,
    save_agreements,
    set_expected,
    set_hide_count,
    set_joining,
    set_sharing,
)

__all__ = [
    "ABANDONED_AFTER",
    "ACTIVE",
    "ENDED_STATUS",
    "MAX_AGREEMENTS",
    "MAX_EXPECTED",
    "MAX_EXTRA_MINUTES",
    "OPEN_QUESTION_OPTIONS",
    "LiveError",
    "LiveReason",
    "_dilemma_content",
    "answer",
    "answer_of",
    "by_code",
    "by_presenter_token",
    "by_report_token",
    "close_answers",
    "end",
    "end_abandoned",
    "extend",
    "go_to",
    "hide_results",
    "is_joined",
    "join",
    "join_budget",
    "joined_count",
    "lock",
    "open_answers",
    "owned",
    "participant_key",
    "reveal",
    "round_at",
    "rounds_of",
    "save_agreements",
    "sessions_of",
    "set_expected",
    "set_hide_count",
    "set_joining",
    "set_sharing",
    "start_from_agenda",
    "start_from_dilemma",
    "tally",
]
