"""Events reach every follower exactly once, in order, also when a follower resumes."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session

from backend.live import service
from backend.live.broadcast import RESYNC, LocalBroadcaster
from backend.live.events import EVERYONE, TEAM, StreamEvent, channel, follow, transaction
from tests.live.conftest import Live


def run(scenario):
    """Run an async scenario on its own event loop, in a thread of its own: the browser tests'
    Playwright keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, scenario()).result(timeout=30)


async def _collect(broadcaster, engine, session_id, audience, after, until, seen):
    async for event in follow(broadcaster, engine, session_id, audience, after):
        seen.append(event)
        if event.seq >= until:
            return


def _run_changes(single, changes):
    for change, *args in changes:
        if change == "answer":
            single.answer(*args)
        elif change == "join":
            single.join(*args)
        else:
            single.do(change, *args)


CHANGES = [
    ("join", "telefoon-1"),
    ("join", "telefoon-2"),
    (service.open_answers,),
    ("answer", "telefoon-1", "A"),
    ("answer", "telefoon-2", "B"),
    (service.extend, 5),
    (service.close_answers,),
    (service.reveal,),
    (service.hide_results,),
]


def test_several_followers_each_get_each_event_once(single):
    async def scenario():
        team = [[] for _ in range(3)]
        everyone = [[] for _ in range(2)]
        tasks = [
            asyncio.create_task(
                _collect(single.broadcaster, single.engine, single.id, TEAM, 0, 9, s)
            )
            for s in team
        ] + [
            asyncio.create_task(
                _collect(single.broadcaster, single.engine, single.id, EVERYONE, 0, 9, s)
            )
            for s in everyone
        ]
        while single.broadcaster.subscriber_count(channel(single.id, EVERYONE)) < 2:
            await asyncio.sleep(0.01)
        await asyncio.to_thread(_run_changes, single, CHANGES)
        await asyncio.wait_for(asyncio.gather(*tasks), 10)
        return team, everyone

    team, everyone = run(scenario)
    for seen in team:
        assert [e.seq for e in seen] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
        assert [e.name for e in seen][:5] == ["joined", "joined", "state", "count", "count"]
        assert [e.data for e in seen][:5] == ["1", "2", "open", "1", "2"]
    for seen in everyone:  # participants: no joins, no counts, no timer
        assert [e.seq for e in seen] == [3, 7, 8, 9]


def test_a_follower_that_reconnects_resumes_after_its_last_event(single):
    _run_changes(single, CHANGES[:5])  # events 1..5 happen while nobody listens

    async def scenario():
        seen = []
        task = asyncio.create_task(
            _collect(single.broadcaster, single.engine, single.id, TEAM, 4, 9, seen)
        )
        while single.broadcaster.subscriber_count(channel(single.id, TEAM)) < 1:
            await asyncio.sleep(0.01)
        await asyncio.to_thread(_run_changes, single, CHANGES[5:])
        await asyncio.wait_for(task, 10)
        return seen

    assert [e.seq for e in run(scenario)] == [5, 6, 7, 8, 9]


def test_events_from_the_backlog_are_not_sent_twice(single):
    """An event committed between subscribing and reading the backlog reaches the follower
    twice (queue and database); it must be sent once."""
    _run_changes(single, [CHANGES[0], CHANGES[2]])  # a phone joins, answering opens

    async def scenario():
        seen = []
        async with single.broadcaster.subscribe(channel(single.id, TEAM)) as queue:
            task = asyncio.create_task(
                _collect(single.broadcaster, single.engine, single.id, TEAM, 0, 3, seen)
            )
            while single.broadcaster.subscriber_count(channel(single.id, TEAM)) < 2:
                await asyncio.sleep(0.01)
            # Event 1 arrives on the queue although the follower already has it from the backlog.
            single.broadcaster.publish(
                channel(single.id, TEAM), StreamEvent(1, EVERYONE, "state", "open").encode()
            )
            await asyncio.to_thread(single.answer, "telefoon-1", "A")
            await asyncio.wait_for(task, 10)
            assert queue.qsize() == 2
        return seen

    assert [e.seq for e in run(scenario)] == [1, 2, 3]


def test_a_follower_stops_when_the_session_ends(single):
    async def scenario():
        seen = []
        task = asyncio.create_task(
            _collect(single.broadcaster, single.engine, single.id, EVERYONE, 0, 10**6, seen)
        )
        while single.broadcaster.subscriber_count(channel(single.id, EVERYONE)) < 1:
            await asyncio.sleep(0.01)
        await asyncio.to_thread(single.do, service.end)
        await asyncio.wait_for(task, 10)  # returns by itself
        return seen

    assert [e.name for e in run(scenario)] == ["einde"]


class Silent(LocalBroadcaster):
    """A broadcaster that loses every message, as one whose connection is down does."""

    def prepare(self, connection, messages):
        return lambda: None


def test_a_follower_told_to_resync_reads_what_it_missed_from_the_database(single):
    silent = Silent()
    lost = Live(single.engine, silent, single.id)

    async def scenario():
        seen = []
        task = asyncio.create_task(_collect(silent, single.engine, single.id, TEAM, 0, 3, seen))
        while silent.subscriber_count(channel(single.id, TEAM)) < 1:
            await asyncio.sleep(0.01)
        await asyncio.to_thread(_run_changes, lost, CHANGES[:3])  # never published
        await asyncio.sleep(0.1)
        assert seen == []
        silent.deliver(channel(single.id, TEAM), RESYNC)
        await asyncio.wait_for(task, 10)
        return seen

    assert [e.seq for e in run(scenario)] == [1, 2, 3]


class InCommitOrder(LocalBroadcaster):
    """A broadcaster whose database delivers in commit order, as NOTIFY does."""

    commit_ordered = True


@pytest.mark.parametrize(
    "broadcaster, side_by_side", [(LocalBroadcaster(), False), (InCommitOrder(), True)]
)
def test_changes_take_turns_only_when_events_are_published_after_the_commit(
    engine, broadcaster, side_by_side
):
    """Published after the commit, two changes must not overlap (or a later event could be
    published first); with NOTIFY, PostgreSQL orders them and sessions change side by side."""
    first_inside, second_done = threading.Event(), threading.Event()
    overlapped = []

    def first() -> None:
        with Session(engine) as db, transaction(db, broadcaster):
            first_inside.set()
            overlapped.append(second_done.wait(1))  # False: the second waited for this one

    def second() -> None:
        first_inside.wait(5)
        with Session(engine) as db, transaction(db, broadcaster):
            pass
        second_done.set()

    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [pool.submit(first), pool.submit(second)]:
            done.result(timeout=10)
    assert overlapped == [side_by_side]
    assert second_done.is_set()
