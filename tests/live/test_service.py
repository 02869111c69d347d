"""The live session's state machine: what each step allows, refuses and leaves behind."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from backend.clock import as_utc
from backend.live import codes, service
from backend.live.service import LiveError
from backend.models import (
    Item,
    LiveAnswer,
    LiveEvent,
    LiveParticipant,
    LiveRound,
    LiveSession,
    SavedAgenda,
    User,
)
from tests.live.conftest import DILEMMA, SECRET, start_live


def test_join_codes_avoid_look_alike_characters():
    for _ in range(200):
        code = codes.new_code()
        assert len(code) == 6 and not set(code) & set("01ILO")
    assert codes.normalize(" k7m-q2x ") == "K7MQ2X"
    assert codes.normalize("K7MQ2") is None  # too short
    assert codes.normalize("K7MQ2O") is None  # O is not in the alphabet
    assert codes.normalize("<script>") is None


def test_session_from_an_agenda_has_a_round_per_block(agenda_live):
    rounds = agenda_live.read(lambda db, live: service.rounds_of(db, live))
    kinds = [r.kind for r in rounds]
    assert kinds[0] == "opening" and kinds[-1] == "closing"
    dilemmas = [r for r in rounds if r.kind == "dilemma"]
    assert len(dilemmas) >= 2
    for round_ in dilemmas:
        assert round_.slug and round_.content["question"] and round_.content["explanation"]
        assert len(round_.content["options"]) >= 2
    live = agenda_live.state()
    assert live.status == "active" and live.current == 0
    assert rounds[0].entered_at is not None and rounds[1].entered_at is None


def test_only_the_owner_of_an_agenda_can_start_it(live_engine, broadcaster, people):
    live = start_live(live_engine, broadcaster, people["owner"], slug=None)
    with Session(live_engine) as db:
        saved = db.get(SavedAgenda, live.state().agenda_id)
        with pytest.raises(LiveError) as error:
            service.start_from_agenda(db, db.get(User, people["other"]), saved, 3)
    assert error.value.reason == "forbidden"


def test_an_open_question_is_answered_with_agree_disagree_or_dont_know(live_engine):
    with Session(live_engine) as db:
        dilemma = db.exec(select(Item).where(Item.type == "dilemma")).all()
        open_one = next(item for item in dilemma if not item.front.get("options"))
        content = service._dilemma_content(open_one)
    assert content["options"] == {"eens": "Eens", "oneens": "Oneens", "weet-niet": "Weet niet"}
    assert content["open_question"] is True


def test_unknown_or_unpublished_dilemma_cannot_be_started(live_engine, people, broadcaster):
    with pytest.raises(LiveError) as error:
        start_live(live_engine, broadcaster, people["owner"], slug="bestaat-niet")
    assert error.value.reason == "not-found"


def test_moving_through_blocks_stops_answering_and_keeps_time(agenda_live):
    position = agenda_live.go_to_dilemma()
    agenda_live.do(service.open_answers)
    agenda_live.do(service.go_to, position + 1)
    rounds = agenda_live.read(lambda db, live: service.rounds_of(db, live))
    assert rounds[position].answering == "closed"  # leaving closes the round
    assert rounds[position].entered_at is None and rounds[position + 1].entered_at is not None
    with pytest.raises(LiveError):
        agenda_live.do(service.go_to, len(rounds))
    with pytest.raises(LiveError):
        agenda_live.do(service.go_to, -1)
    assert agenda_live.state().current == position + 1


@pytest.mark.parametrize(
    "steps, refused",
    [
        ([], service.close_answers),  # not open yet
        ([service.open_answers], service.open_answers),  # already open
        ([], service.hide_results),  # nothing revealed
        ([service.reveal], service.reveal),  # already revealed
    ],
)
def test_steps_that_make_no_sense_are_refused(single, steps, refused):
    for step in steps:
        single.do(step)
    before = single.state().event_seq
    with pytest.raises(LiveError):
        single.do(refused)
    assert single.state().event_seq == before  # nothing recorded


def test_rounds_without_a_question_cannot_be_opened(agenda_live):
    with pytest.raises(LiveError, match="geen dilemma"):
        agenda_live.do(service.open_answers)


def test_reveal_closes_answering_and_reopening_hides_the_outcome(single):
    single.do(service.open_answers)
    single.do(service.reveal)
    round_ = single.read(lambda db, live: service.round_at(db, live, 0))
    assert round_.answering == "closed" and round_.revealed
    single.do(service.open_answers)
    round_ = single.read(lambda db, live: service.round_at(db, live, 0))
    assert round_.answering == "open" and not round_.revealed


def test_one_answer_per_participant_and_round_changes_replace_it(single):
    single.do(service.open_answers)
    assert single.answer("telefoon-1", "A") is not None
    assert single.answer("telefoon-1", "B") is None  # a change: no new count
    assert single.answer("telefoon-1", "B") is None
    single.answer("telefoon-2", "B")
    tally = single.read(lambda db, live: service.tally(db, service.round_at(db, live, 0).id))
    assert tally == {"B": 2}


def test_a_new_answer_takes_three_or_four_statements_while_the_session_is_locked(single):
    """A room answers at once, one phone after the other on the session's lock: what runs
    under it is one read for every check, the insert and the event (numbered and stored in
    one statement on PostgreSQL, in two on SQLite, where a statement costs no round trip)."""
    single.do(service.open_answers)
    key = single.join("telefoon-1")
    statements: list[str] = []

    def note(_connection, _cursor, statement, *_):
        statements.append(statement.split()[0])

    def answer(db, live):
        event.listen(single.engine, "before_cursor_execute", note)
        try:
            return service.answer(db, live, live.current, key, "A", 3000)
        finally:
            event.remove(single.engine, "before_cursor_execute", note)

    assert single.do(answer) is not None
    on_postgres = single.engine.dialect.name == "postgresql"
    assert statements == (
        ["SELECT", "INSERT", "WITH"] if on_postgres else ["SELECT", "INSERT", "UPDATE", "INSERT"]
    )
    assert single.read(lambda db, live: service.tally(db, service.round_at(db, live, 0).id)) == {
        "A": 1
    }


@pytest.mark.parametrize(
    "case",
    ["not-open", "closed", "forged-option", "other-round", "ended"],
)
def test_answers_that_do_not_fit_are_refused_without_side_effects(single, case):
    if case != "not-open":
        single.do(service.open_answers)
    if case == "closed":
        single.do(service.close_answers)
    if case == "ended":
        single.do(service.end)
    option, position = (
        ("Z" if case == "forged-option" else "A"),
        (1 if case == "other-round" else 0),
    )
    if case != "ended":
        single.join("telefoon-1")
    before = single.state().event_seq
    with pytest.raises(LiveError):
        single.answer("telefoon-1", option, position=position)
    with Session(single.engine) as db:
        assert db.exec(select(LiveAnswer)).all() == []
    assert single.state().event_seq == before


def test_a_full_session_refuses_new_participants(single):
    single.do(service.open_answers)
    single.answer("telefoon-1", "A", limit=2)
    single.answer("telefoon-2", "A", limit=2)
    with pytest.raises(LiveError) as error:
        single.answer("telefoon-3", "A", limit=2)
    assert error.value.reason == "full"
    assert single.answer("telefoon-1", "B", limit=2) is None  # those inside may still change


def test_a_phone_that_did_not_join_cannot_answer(single):
    """A self-made token (or one from another session) was never issued here: refused."""
    single.do(service.open_answers)
    before = single.state().event_seq

    def forged(db, live):
        key = service.participant_key(SECRET, live.id, "zelfgemaakt-token-van-een-script")
        return service.answer(db, live, live.current, key, "A", 3000)

    with pytest.raises(LiveError) as error:
        single.do(forged)
    assert error.value.reason == "forbidden"
    with Session(single.engine) as db:
        assert db.exec(select(LiveAnswer)).all() == []
    assert single.state().event_seq == before


def test_closed_joining_keeps_phones_that_joined_and_refuses_new_ones(single):
    single.do(service.open_answers)
    single.join("telefoon-1")
    single.do(service.set_joining, False)
    with pytest.raises(LiveError) as error:
        single.join("telefoon-2")
    assert error.value.reason == "closed"
    assert single.answer("telefoon-1", "A") is not None
    single.do(service.set_joining, True)
    assert single.answer("telefoon-2", "B") is not None
    assert single.read(service.joined_count) == 2


def test_the_join_budget_follows_the_expected_group(single):
    assert single.read(lambda db, live: service.join_budget(live)) == 30 * 3 // 2 + 5
    single.do(service.set_expected, "8")
    assert single.read(lambda db, live: service.join_budget(live)) == 17
    for wrong in ("0", "501", "acht", ""):
        with pytest.raises(LiveError):
            single.do(service.set_expected, wrong)
    assert single.state().expected_participants == 8


def test_ending_forgets_who_joined(single):
    single.do(service.open_answers)
    single.answer("telefoon-1", "A")
    single.do(service.end)
    with Session(single.engine) as db:
        assert db.exec(select(LiveParticipant)).all() == []


def test_participant_keys_differ_per_session_and_hide_the_token():
    first = service.participant_key(SECRET, 1, "token-van-de-telefoon")
    assert first != service.participant_key(SECRET, 2, "token-van-de-telefoon")
    assert "token-van-de-telefoon" not in first and len(first) == 64


def test_ending_keeps_totals_and_drops_every_participant_trace(agenda_live):
    first = agenda_live.go_to_dilemma(1)
    agenda_live.do(service.open_answers)
    a, b, *rest = agenda_live.options()
    c = rest[0] if rest else a
    for number, option in enumerate([a, a, b, c]):
        agenda_live.answer(f"telefoon-{number}", option)
    expected = Counter([a, a, b, c])
    agenda_live.go_to_dilemma(2)
    agenda_live.do(service.open_answers)
    second = agenda_live.options()
    agenda_live.answer("telefoon-0", second[0])
    agenda_live.answer("telefoon-9", second[1])
    agenda_live.do(service.end)

    live = agenda_live.state()
    assert live.status == "ended" and live.ended_at is not None
    assert live.participants == 5
    with Session(agenda_live.engine) as db:
        assert db.exec(select(LiveAnswer)).all() == []
        events = db.exec(select(LiveEvent).where(LiveEvent.session_id == live.id)).all()
        assert [e.name for e in events] == ["einde"]  # only the notice that it ended
        round_ = db.exec(
            select(LiveRound).where(LiveRound.session_id == live.id, LiveRound.position == first)
        ).one()
    assert round_.counts == dict(expected) and round_.total == 4
    for change, *args in [
        (service.go_to, 0),
        (service.open_answers,),
        (service.reveal,),
        (service.extend, 5),
        (service.set_hide_count, True),
        (service.end,),
    ]:
        with pytest.raises(LiveError) as error:
            agenda_live.do(change, *args)
        assert error.value.reason == "ended"


def test_agreements_and_sharing_can_still_be_set_after_the_end(single):
    single.do(service.end)
    single.do(service.save_agreements, 0, "  We bespreken nevenfuncties elk jaar in januari. \r\n")
    single.do(service.set_sharing, True)
    live = single.state()
    assert live.share_results
    agreements = single.read(lambda db, live: service.round_at(db, live, 0).agreements)
    assert agreements == "We bespreken nevenfuncties elk jaar in januari."
    with pytest.raises(LiveError, match="maximaal 4000"):
        single.do(service.save_agreements, 0, "x" * 4001)


def test_extending_the_timer_is_bounded(single):
    single.do(service.extend, 10)
    with pytest.raises(LiveError):
        single.do(service.extend, 0)
    with pytest.raises(LiveError):
        single.do(service.extend, 31)
    for _ in range(11):
        single.do(service.extend, 10)
    with pytest.raises(LiveError, match="120"):
        single.do(service.extend, 1)
    assert single.read(lambda db, live: service.round_at(db, live, 0).extra_minutes) == 120


def test_only_the_owner_may_lead(single, people):
    with Session(single.engine) as db:
        assert service.owned(db, single.id, db.get(User, people["owner"])).id == single.id
        for name in ("other", "editor", "admin"):
            with pytest.raises(LiveError) as error:
                service.owned(db, single.id, db.get(User, people[name]))
            assert error.value.reason == "forbidden"
        with pytest.raises(LiveError) as error:
            service.owned(db, 10_000, db.get(User, people["owner"]))
        assert error.value.reason == "not-found"


def test_events_are_numbered_without_gaps_per_session(single, live_engine, broadcaster, people):
    other = start_live(live_engine, broadcaster, people["other"], DILEMMA)
    single.do(service.open_answers)
    other.do(service.open_answers)
    single.answer("telefoon-1", "A")
    single.do(service.close_answers)
    with Session(live_engine) as db:
        seqs = db.exec(
            select(LiveEvent.seq).where(LiveEvent.session_id == single.id).order_by(LiveEvent.seq)
        ).all()
        assert seqs == [1, 2, 3, 4]  # open, joined, count, closed
        assert db.get(LiveSession, other.id).event_seq == 1


def test_sessions_left_running_end_after_twelve_hours(single, agenda_live):
    single.do(service.open_answers)
    single.answer("telefoon-1", "A")
    started = single.state().started_at
    with Session(single.engine) as db:
        assert service.end_abandoned(db, as_utc(started) + timedelta(hours=11)) == 0
        assert service.end_abandoned(db, as_utc(started) + timedelta(hours=13)) == 2
        db.commit()
        assert db.exec(select(LiveAnswer)).all() == []
    assert single.state().status == "ended" and agenda_live.state().status == "ended"
    assert single.state().participants == 1
