"""The connection pool is larger than the server's worker threads, so a thread that holds the
live write lock always finds a connection while the others wait for the lock holding theirs
(with SQLAlchemy's default 5 + 10 on SQLite, 40 phones joining at once waited for each other
until the pool timed out)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import event, text

from backend.db import make_engine
from backend.live.events import WRITE_LOCK
from backend.main import create_app
from tests.conftest import make_settings


def test_every_worker_thread_and_the_lock_holder_get_a_connection(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    threads = 40  # anyio's default worker threads, which run the server's routes
    engine.pool._timeout = 2  # type: ignore[attr-defined]  # fail fast instead of in 30 s
    held = [engine.connect() for _ in range(int(threads) - 1)]  # waiting for the lock
    try:
        with WRITE_LOCK:
            done = threading.Event()

            def holder() -> None:  # the lock holder needs a connection of its own
                with engine.connect():
                    done.set()

            worker = threading.Thread(target=holder)
            worker.start()
            worker.join(5)
            assert done.is_set()
    finally:
        for connection in held:
            connection.close()
        engine.dispose()


ALIVE = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")


def test_a_connection_the_postgresql_server_closed_is_replaced_before_use(postgres_url):
    """No round trip per checkout (SQLAlchemy's pre-ping) but one poll of the socket: a
    connection the server ended (a restart, an administrator) is not handed out."""
    engine = make_engine(postgres_url, pool_size=1, pool_overflow=0)
    connects: list[int] = []
    event.listen(engine, "connect", lambda *_: connects.append(1))
    try:
        with engine.connect() as connection:
            ended = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        administrator = make_engine(postgres_url)
        with administrator.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": ended})
            # The server process says goodbye and exits just after: wait until it is gone,
            # so its goodbye is on the socket (a request in between gets the 503 page).
            # (A transaction keeps its first view of pg_stat_activity: one per look.)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                alive = other.execute(ALIVE, {"pid": ended}).scalar_one()
                other.commit()
                if not alive:
                    break
                time.sleep(0.02)
        administrator.dispose()
        with engine.connect() as connection:
            pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert pid != ended
        assert len(connects) == 2
        with engine.connect() as connection:  # and kept from then on: no reconnect per use
            assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid
        assert len(connects) == 2
    finally:
        engine.dispose()


def test_the_server_keeps_the_pool_its_settings_ask_for(tmp_path, postgres_url):
    settings = make_settings(tmp_path, postgres_url).model_copy(
        update={"database_pool_size": 3, "database_pool_overflow": 2}
    )
    app = create_app(settings)
    engine = app.state.engine
    try:
        assert (engine.pool.size(), engine.pool._max_overflow) == (3, 2)  # type: ignore[attr-defined]
    finally:
        engine.dispose()
