"""Connections for backup and restore: one real transaction, the schema revision and moving it.

SQLite's Python driver starts no transaction for a SELECT and commits before DDL, so a dump
would see each table at a different moment and a failed restore could leave tables behind.
`private_engine` therefore lets SQLite begin its own transaction (`BEGIN`), which under WAL
holds one snapshot for every read and makes migrations part of the restore's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import ConnectionPoolEntry

from backend.backup.manifest import BackupError
from backend.db import alembic_config, make_engine

VERSION_TABLE = "alembic_version"


def database_url(engine: Engine) -> str:
    """The engine's URL with its password, to open a second engine on the same database."""
    return engine.url.render_as_string(hide_password=False)


@contextmanager
def private_engine(engine: Engine) -> Iterator[Engine]:
    """A separate engine on the same database whose `begin()` is one real transaction."""
    private = make_engine(database_url(engine))
    if private.dialect.name == "sqlite":
        event.listen(private, "connect", _leave_transactions_to_us)
        event.listen(private, "begin", _begin)
    try:
        yield private
    finally:
        private.dispose()


def _leave_transactions_to_us(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None  # the driver's own BEGIN and COMMIT stop


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def current_revision(connection: Connection) -> str | None:
    """The Alembic revision the database's schema is at (None: no schema yet)."""
    return MigrationContext.configure(connection).get_current_revision()


def data_tables(connection: Connection) -> MetaData:
    """The database's own tables as they are (reflected), without Alembic's version table."""
    metadata = MetaData()
    metadata.reflect(connection)
    if VERSION_TABLE in metadata.tables:
        metadata.remove(metadata.tables[VERSION_TABLE])
    return metadata


def _revisions(connection: Connection) -> list[str]:
    """Every revision this version of the code knows, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(database_url_of(connection)))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def database_url_of(connection: Connection) -> str:
    return connection.engine.url.render_as_string(hide_password=False)


def move_schema(connection: Connection, target: str | None) -> None:
    """Upgrade or downgrade the schema on this connection (inside its transaction) to target,
    a revision this code knows, or "head"."""
    known = _revisions(connection)
    wanted = known[-1] if target == "head" else target
    if wanted is None or wanted not in known:
        raise BackupError(
            f"De back-up hoort bij databaseversie {target}, die deze versie van Dilemmatafel"
            " niet kent. Zet hem terug met dezelfde of een nieuwere versie van Dilemmatafel."
        )
    current = current_revision(connection)
    if current is not None and current not in known:
        raise BackupError(
            f"De doeldatabase heeft versie {current}, die deze versie van Dilemmatafel niet"
            " kent. Gebruik een nieuwere versie of een lege database."
        )
    config = alembic_config(database_url_of(connection))
    config.attributes["connection"] = connection
    here = -1 if current is None else known.index(current)
    if known.index(wanted) >= here:
        command.upgrade(config, wanted)
    else:
        command.downgrade(config, wanted)
