"""Database engine, sessions and migrations."""

from __future__ import annotations

import fcntl
import hashlib
import os
import select
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# SQLite errors that pass when another writer finishes; its other operational errors (no such
# table, …) are mistakes in the program, not an outage.
SQLITE_TEMPORARY = ("database is locked", "database table is locked", "database is busy")


# PostgreSQL connections per process, unless the settings say otherwise: the server runs its
# synchronous routes on anyio's 40 worker threads; a request holds its own connection and,
# for a moment, one of a shared rate limiter. 20 stay open: a connection opened and closed
# per request costs PostgreSQL a process start (under bench/load.py, with 10 kept open, that
# was a third of the database's CPU: 32% of a core against 21%). Up to 30 more are opened
# for a peak (40 threads x 2 needs fewer: the limiter's moment is short). The server takes
# both numbers from its settings; `dilemmatafel` commands use these.
POOL_SIZE = 20
POOL_OVERFLOW = 30
# SQLite connections are a file handle each: room for every worker thread and the streams'
# reads besides (one process serves everything).
SQLITE_POOL_OVERFLOW = 50


def make_engine(
    database_url: str, pool_size: int = POOL_SIZE, pool_overflow: int = POOL_OVERFLOW
) -> Engine:
    """An engine for the URL; SQLite gets foreign keys, WAL and a data folder; PostgreSQL a
    pool of `pool_size` connections kept open (plus up to `pool_overflow` opened for a
    moment under load) and a check that hands out no connection the server has closed."""
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[-1]
        if path and path != ":memory:":
            _create_private(Path(path))
        # More connections than worker threads: a thread that holds the live write lock
        # must always find a free connection, or the threads waiting for the lock (each
        # holding one) and it wait for each other until the pool times out. 40 phones joining
        # at once did that with SQLAlchemy's default 5 + 10 (bench/load.py).
        engine = create_engine(
            database_url,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
            pool_size=POOL_SIZE,
            max_overflow=SQLITE_POOL_OVERFLOW,
        )
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    # hide_parameters: error messages (and so the logs) never hold the values of a statement,
    # which can be e-mail addresses or answers.
    engine = create_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_overflow,
        hide_parameters=True,
    )
    event.listen(engine.pool, "checkout", _discard_if_closed_by_server)
    return engine


def _discard_if_closed_by_server(
    connection: DBAPIConnection, _record: ConnectionPoolEntry, _proxy: object
) -> None:
    """Before the pool hands out a PostgreSQL connection: if the server has closed it (a
    restart, a shutdown, an administrator), replace it with a new one.

    An idle connection has nothing to read unless the server said goodbye (or closed the
    socket), so one poll of its socket tells, without the round trip of SQLAlchemy's
    pre-ping on every checkout. A connection cut without a word (a network partition) is
    found by its first statement instead: that request gets the 503 page and SQLAlchemy
    replaces every pooled connection.
    """
    if connection.closed or connection.broken:
        raise DisconnectionError("connection closed")
    poller = select.poll()
    poller.register(connection.pgconn.socket, select.POLLIN | select.POLLERR | select.POLLHUP)
    if poller.poll(0):
        raise DisconnectionError("connection closed by the server")


def is_unavailable(error: BaseException) -> bool:
    """Whether a database error means "not reachable for now" (the server is down or
    restarting, the connection broke, every pooled connection is busy, SQLite is locked by
    another writer) rather than a mistake in the program: the request may simply be tried
    again in a moment."""
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if isinstance(error.orig, sqlite3.Error):
        return isinstance(error.orig, sqlite3.OperationalError) and str(error.orig).startswith(
            SQLITE_TEMPORARY
        )
    # PostgreSQL (psycopg): connection failures, shutdowns and restarts, too many
    # connections, lock and serialization time-outs are all OperationalError.
    return isinstance(error, OperationalError)


def _create_private(database: Path) -> None:
    """Create the database file readable by its owner only (SQLite gives its -wal and -shm
    files the same mode), so other accounts on the machine cannot read accounts or answers."""
    database.parent.mkdir(parents=True, exist_ok=True)
    if not database.exists():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))


def _configure_sqlite(connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.close()


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


@contextmanager
def database_lock(engine: Engine, name: str) -> Iterator[None]:
    """Hold the lock `name` on this database for the block; another process asking for it
    waits. So two servers or containers that start at once do not migrate or import twice.

    PostgreSQL: an advisory lock (released by the server if the holder dies). SQLite: an
    exclusive `flock` on a file beside the database. An in-memory database needs none.
    """
    if engine.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock_file = Path(f"{database}.{name}.lock")
    descriptor = os.open(lock_file, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def migrate(engine: Engine) -> None:
    """Bring the database schema to the newest migration (one process at a time)."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with database_lock(engine, "migrate"), engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_scope(engine: Engine) -> Iterator[Session]:
    """Yield a session that is closed afterwards (used as a FastAPI dependency)."""
    with Session(engine) as db:
        yield db
