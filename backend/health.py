"""Readiness of one server process: does the database answer, is its schema at the newest
migration, is the search index open. Used by `/readyz` (backend/web/health.py); plain Python,
so it is tested without HTTP."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from backend.db import MIGRATIONS_DIR
from backend.search.index import SearchIndex

logger = logging.getLogger(__name__)

# How long the database may take to answer `SELECT 1` before the process counts as not ready.
DATABASE_TIMEOUT_SECONDS = 2.0

# The names and the answers the body of /readyz uses: short, fixed words, never an error text
# (which could name hosts, users or tables).
OK = "ok"
UNAVAILABLE = "unavailable"
BEHIND = "behind"
BUILDING = "building"


@dataclass(frozen=True)
class Readiness:
    """The outcome of each check (`ok` or a fixed word for what is wrong)."""

    database: str
    migrations: str
    search_index: str

    @property
    def ready(self) -> bool:
        return all(value == OK for value in self.checks().values())

    def checks(self) -> dict[str, str]:
        return {
            "database": self.database,
            "migrations": self.migrations,
            "search_index": self.search_index,
        }


@lru_cache(maxsize=1)
def head_revisions() -> frozenset[str]:
    """The newest migration(s) this code knows (read once from backend/migrations)."""
    return frozenset(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def _limit_statement_time(connection: Connection, seconds: float) -> None:
    """Let PostgreSQL cancel anything on this transaction that takes longer than `seconds`;
    SQLite is a local file and needs no limit."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL statement_timeout = {int(seconds * 1000)}"))


def check_database(engine: Engine, timeout: float = DATABASE_TIMEOUT_SECONDS) -> tuple[str, str]:
    """(database, migrations): whether `SELECT 1` answers and the schema is at the newest
    migration. A failure is logged by its type only: its text may hold the database URL."""
    try:
        with engine.connect() as connection, connection.begin():
            _limit_statement_time(connection, timeout)
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:
        logger.warning("readiness: the database does not answer (%s)", type(error).__name__)
        return UNAVAILABLE, UNAVAILABLE
    return OK, OK if current == set(head_revisions()) else BEHIND


def check_readiness(engine: Engine, search_index: SearchIndex) -> Readiness:
    """Every check of /readyz, in one call (blocking: run it in a worker thread)."""
    database, migrations = check_database(engine)
    return Readiness(
        database=database,
        migrations=migrations,
        search_index=OK if search_index.ready else BUILDING,
    )
