"""Connected phones counted across server processes: each phone once, whichever process its
streams are on, and the phones of a process that died stop counting."""

from __future__ import annotations

import pytest

from backend.db import make_engine, migrate
from backend.live.shared_presence import STALE, SharedPresence
from tests.helpers import Clock


@pytest.fixture
def engine(postgres_url):
    engine = make_engine(postgres_url)
    migrate(engine)
    yield engine
    engine.dispose()


def test_a_phone_counts_once_over_processes_and_tabs(engine):
    a, b = SharedPresence(engine, "a"), SharedPresence(engine, "b")
    assert a.connect(1, "telefoon-1") == 1
    assert a.connect(1, "telefoon-1") is None  # a second tab: no change
    assert b.connect(1, "telefoon-2") == 2
    assert b.connect(1, "telefoon-1") == 2  # its stream moved to b: still one phone
    assert a.connected(1) == b.connected(1) == 2
    assert b.connected(2) == 0  # another session
    assert a.disconnect(1, "telefoon-1") is None  # one tab of two closed
    assert a.disconnect(1, "telefoon-1") == 2  # still connected through b
    assert b.disconnect(1, "telefoon-1") == 1
    assert b.disconnect(1, "telefoon-2") == 0


def test_the_phones_of_a_process_that_died_stop_counting(engine):
    clock = Clock()
    alive = SharedPresence(engine, "levend", clock=clock)
    dead = SharedPresence(engine, "dood", clock=clock)
    alive.connect(1, "telefoon-1")
    dead.connect(1, "telefoon-2")
    dead.connect(2, "telefoon-3")
    assert alive.connected(1) == 2
    clock.now += STALE / 2
    assert alive.heartbeat() == set()  # the dead process stops beating here
    clock.now += STALE / 2 + 1
    assert alive.connected(1) == 1  # stale rows no longer count
    assert alive.heartbeat() == {1, 2}  # removed; these sessions need a new count
    assert alive.connected(1) == 1 and alive.connected(2) == 0


def test_a_process_that_stops_removes_its_rows(engine):
    a, b = SharedPresence(engine, "a"), SharedPresence(engine, "b")
    a.connect(1, "telefoon-1")
    a.forget()
    assert b.connected(1) == 0
