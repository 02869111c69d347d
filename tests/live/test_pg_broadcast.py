"""Live events between server processes through PostgreSQL's LISTEN/NOTIFY: what one process
publishes reaches the subscribers of another, once, only after commit, and the listener
comes back after the database server restarts."""

from __future__ import annotations

import asyncio
import os
import resource
from concurrent.futures import ThreadPoolExecutor

import pytest

from backend.db import make_engine
from backend.live.broadcast import RESYNC
from backend.live.pg_broadcast import PostgresBroadcaster

CHANNEL = "live-7-team"


def run(scenario):
    """Run an async scenario on its own event loop, in a thread of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, scenario()).result(timeout=60)


@pytest.fixture
def two(postgres_url):
    """Two broadcasters on one database, as two server processes have."""
    engines = [make_engine(postgres_url), make_engine(postgres_url)]
    broadcasters = [PostgresBroadcaster(engine, backoff=(0.1, 0.2)) for engine in engines]
    yield broadcasters
    for broadcaster, engine in zip(broadcasters, engines, strict=True):
        broadcaster.stop()
        engine.dispose()


async def _next(queue, seconds=5.0):
    return await asyncio.wait_for(queue.get(), seconds)


async def _nothing_more(queue, seconds=0.3):
    await asyncio.sleep(seconds)
    return [queue.get_nowait() for _ in range(queue.qsize())]


def test_a_message_published_by_one_process_reaches_the_other_and_itself_once(two):
    a, b = two

    async def scenario():
        async with a.subscribe(CHANNEL) as on_a, b.subscribe(CHANNEL) as on_b:
            await asyncio.to_thread(a.publish, CHANNEL, "eerste")
            assert await _next(on_b) == "eerste"
            assert await _next(on_a) == "eerste"
            assert await _nothing_more(on_a) == []
            assert await _nothing_more(on_b, 0) == []

    run(scenario)


def test_messages_prepared_in_a_transaction_arrive_on_commit_in_order_and_never_on_rollback(
    two,
):
    a, b = two

    def commit(messages, keep: bool) -> None:
        with a.engine.connect() as connection:
            send = a.prepare(connection, [(CHANNEL, message) for message in messages])
            connection.commit() if keep else connection.rollback()
            send()

    async def scenario():
        async with b.subscribe(CHANNEL) as on_b:
            with a.engine.connect() as connection:
                a.prepare(connection, [(CHANNEL, "nog niet")])
                assert await _nothing_more(on_b) == []  # not committed yet
                connection.rollback()
            await asyncio.to_thread(commit, ["weg"], False)
            await asyncio.to_thread(commit, ["1", "2", "3"], True)
            assert [await _next(on_b) for _ in range(3)] == ["1", "2", "3"]
            assert await _nothing_more(on_b) == []

    run(scenario)


def test_a_message_too_long_for_notify_tells_subscribers_to_read_the_database(two):
    a, b = two

    async def scenario():
        async with b.subscribe(CHANNEL) as on_b:
            await asyncio.to_thread(a.publish, CHANNEL, "x" * 9000)
            assert await _next(on_b) == RESYNC

    run(scenario)


def test_a_subscriber_hears_only_its_channel_also_after_following_it_again(two):
    a, b = two

    async def scenario():
        async with b.subscribe("live-8-alle"):
            pass
        await asyncio.sleep(0.2)  # the listener drops the channel nobody follows here now
        async with b.subscribe(CHANNEL) as on_b, b.subscribe("live-8-alle") as again:
            await asyncio.to_thread(a.publish, "live-8-alle", "voor de zaal")
            await asyncio.to_thread(a.publish, CHANNEL, "voor het team")
            assert await _next(on_b) == "voor het team"
            assert await _next(again) == "voor de zaal"
            assert await _nothing_more(on_b) == []

    run(scenario)


def test_the_listener_reconnects_after_the_database_restarts_and_asks_for_a_resync(postgres, two):
    a, b = two

    async def scenario():
        async with b.subscribe(CHANNEL) as on_b:
            assert b.connected.is_set()
            await asyncio.to_thread(postgres.stop, "fast")
            try:
                await asyncio.sleep(0.3)
                assert not b.connected.is_set()
            finally:
                await asyncio.to_thread(postgres.start)
            # Whatever was published meanwhile is read from the database on RESYNC.
            assert await _next(on_b, 30) == RESYNC
            await asyncio.to_thread(a.publish, CHANNEL, "weer verbonden")
            assert await _next(on_b) == "weer verbonden"

    run(scenario)


def test_the_listener_works_with_a_connection_numbered_above_1024(postgres_url):
    """A busy process holds thousands of sockets (every open stream), so the listener's
    connection can get a descriptor number that select() cannot watch."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("this machine allows fewer than 1200 open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    filler = []
    try:
        while not filler or filler[-1] < 1030:  # the next descriptors are above 1024
            filler.append(os.open(os.devnull, os.O_RDONLY))
        engines = [make_engine(postgres_url), make_engine(postgres_url)]
        a, b = (PostgresBroadcaster(engine, backoff=(0.1, 0.2)) for engine in engines)
        try:

            async def scenario():
                async with b.subscribe(CHANNEL) as on_b:
                    await asyncio.to_thread(a.publish, CHANNEL, "hoog genummerd")
                    assert await _next(on_b) == "hoog genummerd"

            run(scenario)
        finally:
            for broadcaster, engine in zip((a, b), engines, strict=True):
                broadcaster.stop()
                engine.dispose()
    finally:
        for descriptor in filler:
            os.close(descriptor)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
