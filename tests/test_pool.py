"""The connection pool is larger than the server's worker threads, so a thread that holds the
live write lock always finds a connection while the others wait for the lock holding theirs
(with SQLAlchemy's default 5 + 10 on SQLite, 40 phones joining at once waited for each other
until the pool timed out)."""

from __future__ import annotations

import threading

from backend.db import make_engine
from backend.live.events import WRITE_LOCK


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
