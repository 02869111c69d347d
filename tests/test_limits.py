"""Rate limits and lock-outs kept in the database count the same attempts in every server
process, keep no address, and forget what left the window."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import Session

from backend.accounts.lockout import SharedAddressLockout
from backend.db import make_engine, migrate
from backend.limits import SharedRateLimiter
from backend.models import LimitHit, LoginFailure
from tests.helpers import Clock

SECRET = b"k" * 32

ADDRESS = "203.0.113.7"


@pytest.fixture
def engines(postgres_url):
    """Two engines on one PostgreSQL database, as two server processes have."""
    engines = [make_engine(postgres_url), make_engine(postgres_url)]
    migrate(engines[0])
    yield engines
    for engine in engines:
        engine.dispose()


def test_attempts_on_one_process_count_on_the_other(engines):
    a, b = (SharedRateLimiter(engine, "join_limiter", SECRET, 20, 300) for engine in engines)
    for attempt in range(20):
        assert (a if attempt % 2 else b).allow(ADDRESS)
    assert a.blocked(ADDRESS) and b.blocked(ADDRESS)
    assert not a.allow(ADDRESS) and not b.allow(ADDRESS)  # the 21st, on either
    assert not b.blocked("198.51.100.1")  # another client is not affected


def test_limiters_with_other_names_count_apart_and_a_key_can_have_its_own_limit(engines):
    joins = SharedRateLimiter(engines[0], "join_budget", SECRET, 0, 3600)
    answers = SharedRateLimiter(engines[1], "answer_limiter", SECRET, 1, 60)
    assert joins.allow("7:" + ADDRESS, 2) and joins.allow("7:" + ADDRESS, 2)
    assert not joins.allow("7:" + ADDRESS, 2)
    assert answers.allow("7:" + ADDRESS)


def test_attempts_leave_the_window_and_are_pruned(engines):
    clock = Clock()
    limiter = SharedRateLimiter(engines[0], "answer_limiter", SECRET, 2, 60, clock=clock)
    assert limiter.allow(ADDRESS) and limiter.allow(ADDRESS)
    assert not limiter.allow(ADDRESS)
    clock.now += 61
    assert limiter.allow(ADDRESS)  # a sliding window: the old two no longer count
    clock.now += 120  # the next count prunes what left the window
    assert limiter.allow(ADDRESS)
    with Session(engines[0]) as db:
        assert len(db.exec(select(LimitHit)).all()) == 1


def test_no_address_is_stored(engines):
    limiter = SharedRateLimiter(engines[0], "login_limiter", SECRET, 10, 300)
    limiter.allow(ADDRESS)
    lockout = SharedAddressLockout(engines[0], SECRET)
    lockout.save("Niemand@Example.org", lockout.record("niemand@example.org"))
    with Session(engines[0]) as db:
        stored = [hit.key for hit in db.exec(select(LimitHit)).scalars()]
        stored += [row.key for row in db.exec(select(LoginFailure)).scalars()]
    assert len(stored) == 2
    assert all(ADDRESS not in key and "example" not in key for key in stored)


def test_failed_logins_of_an_unknown_address_count_in_every_process(engines):
    a, b = (SharedAddressLockout(engine, SECRET) for engine in engines)
    record = a.record("niemand@example.org")
    record.failed_logins += 3
    a.save("niemand@example.org", record)
    assert b.record(" NIEMAND@example.org").failed_logins == 3


def test_the_database_limiter_works_on_sqlite_too(tmp_path):
    """One process with SQLite keeps the in-memory limiter (measured faster), but the
    shared one must not depend on PostgreSQL-only SQL beyond its row lock."""
    engine = make_engine(f"sqlite:///{tmp_path / 'limits.db'}")
    migrate(engine)
    limiter = SharedRateLimiter(engine, "join_limiter", SECRET, 3, 300)
    assert [limiter.allow(ADDRESS) for _ in range(4)] == [True, True, True, False]
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_migration_0008_goes_down_and_up_again(database, tmp_path, request):
    from alembic import command
    from sqlalchemy import inspect

    from backend.db import alembic_config

    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    migrate(engine)
    shared = {"limit_hit", "login_failure", "live_presence"}
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    assert not shared & set(inspect(engine).get_table_names())
    migrate(engine)
    assert shared <= set(inspect(engine).get_table_names())
    engine.dispose()
