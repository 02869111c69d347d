"""Aggregation: distributions, the minimum-count rule and the overview across sessions."""

from __future__ import annotations

from sqlmodel import Session

from backend.live import service
from backend.live.results import dilemma_overall, distribution, percentages, round_result
from tests.live.conftest import DILEMMA, start_live

OPTIONS = {"A": "Ja.", "B": "Nee.", "C": "Weet niet."}


def test_percentages_add_up_to_exactly_one_hundred():
    assert percentages([1, 1, 1]) == [34, 33, 33]
    assert percentages([2, 1, 0]) == [67, 33, 0]
    assert sum(percentages([7, 5, 3, 2])) == 100
    assert percentages([0, 0]) == [0, 0]


def test_results_are_shown_only_from_the_minimum_number_of_answers():
    assert not distribution(OPTIONS, {"A": 2}, 3).shown
    shown = distribution(OPTIONS, {"A": 2, "B": 1}, 3)
    assert shown.shown and shown.total == 3
    assert [(o.key, o.count, o.percent) for o in shown.options] == [
        ("A", 2, 67),
        ("B", 1, 33),
        ("C", 0, 0),
    ]
    assert shown.option("B").label == "Nee." and shown.option("Z") is None


def test_answers_for_options_that_no_longer_exist_are_left_out():
    result = distribution(OPTIONS, {"A": 3, "D": 4}, 3)
    assert result.total == 3 and result.option("D") is None


def test_round_result_counts_live_then_uses_the_stored_totals(single):
    single.do(service.open_answers)
    for number, option in enumerate("ABB"):
        single.answer(f"telefoon-{number}", option)
    live_result = single.read(
        lambda db, live: round_result(db, live, service.round_at(db, live, 0))
    )
    single.do(service.end)
    stored = single.read(lambda db, live: round_result(db, live, service.round_at(db, live, 0)))
    assert live_result == stored
    assert [o.count for o in stored.options] == [1, 2, 0]


def _run(engine, broadcaster, owner, answers: str, share: bool, end: bool = True):
    live = start_live(engine, broadcaster, owner, DILEMMA)
    live.do(service.open_answers)
    for number, option in enumerate(answers):
        live.answer(f"telefoon-{number}", option)
    if end:
        live.do(service.end)
    live.do(service.set_sharing, share)
    return live


def test_the_overview_counts_only_shared_ended_rounds_with_enough_answers(
    live_engine, broadcaster, people
):
    owner = people["owner"]
    options = {"A": "a", "B": "b", "C": "c"}

    def overall():
        with Session(live_engine) as db:
            return dilemma_overall(db, DILEMMA, options, 3)

    assert overall() is None
    _run(live_engine, broadcaster, owner, "AAB", share=False)  # not shared
    _run(live_engine, broadcaster, owner, "AB", share=True)  # too few answers
    _run(live_engine, broadcaster, owner, "CCCC", share=True, end=False)  # still running
    assert overall() is None
    _run(live_engine, broadcaster, owner, "ABB", share=True)
    _run(live_engine, broadcaster, people["other"], "CCA", share=True)
    result = overall()
    assert result.sessions == 2
    assert [(o.key, o.count) for o in result.result.options] == [("A", 2), ("B", 2), ("C", 2)]
    # Options that changed since: those rounds no longer count.
    with Session(live_engine) as db:
        assert dilemma_overall(db, DILEMMA, {"A": "a", "B": "b"}, 3) is None
