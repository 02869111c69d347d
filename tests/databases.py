"""Which database the tests get: SQLite files by default, PostgreSQL under
DT_TEST_DATABASE=postgres (`make test-postgres`).

On PostgreSQL every test process (xdist worker) has one throw-away cluster (the `postgres`
fixture). Migrating and importing a corpus is the slow part, so it happens once per process
in a template database; each test gets `CREATE DATABASE … TEMPLATE …`, a file-level copy that
takes a few milliseconds, and the copy is dropped afterwards.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import Engine

from backend.config import REPO_ROOT
from backend.content.store import import_collection
from backend.db import make_engine, migrate
from tests.pgcluster import Cluster

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"

ENV_DATABASE = "DT_TEST_DATABASE"
KINDS = ("sqlite", "postgres")


def database_kind() -> str:
    """`sqlite` (default) or `postgres`, from DT_TEST_DATABASE; anything else is an error."""
    kind = os.environ.get(ENV_DATABASE, "sqlite") or "sqlite"
    if kind not in KINDS:
        raise RuntimeError(f"{ENV_DATABASE}={kind!r}: use one of {', '.join(KINDS)}")
    return kind


def on_postgres() -> bool:
    return database_kind() == "postgres"


def url_of(database: Path | str) -> str:
    """The SQLAlchemy URL of a test database: a SQLite file (a Path) or a URL as it is."""
    text = str(database)
    return text if "://" in text else f"sqlite:///{text}"


def _import_fixture_corpus(engine: Engine) -> None:
    import_collection(engine, FIXTURE_CONTENT)


def _import_shipped_corpus(engine: Engine) -> None:
    import_collection(engine, REPO_ROOT)


# Template name -> what fills it after migrating.
TEMPLATES: dict[str, Callable[[Engine], None] | None] = {
    "tpl_migrated": None,
    "tpl_fixture": _import_fixture_corpus,
    "tpl_shipped": _import_shipped_corpus,
}


class PostgresDatabases:
    """Databases on one test process's cluster: templates made on first use, copies per test."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.made: set[str] = set()
        self.numbers = itertools.count(1)

    def template(self, name: str) -> str:
        """The name of a template database (migrated, then filled), made on first use. Nothing
        may stay connected to it, or PostgreSQL refuses to copy it."""
        if name not in self.made:
            engine = make_engine(self.cluster.create_database(name))
            try:
                migrate(engine)
                fill = TEMPLATES[name]
                if fill is not None:
                    fill(engine)
            finally:
                engine.dispose()
            self.made.add(name)
        return name

    def template_url(self, name: str) -> str:
        return self.cluster.database_url(self.template(name))

    def new(self, template: str | None = None) -> str:
        """A new database, blank or a copy of one of TEMPLATES; its URL."""
        name = f"test_{next(self.numbers)}"
        return self.cluster.create_database(name, self.template(template) if template else None)

    def drop(self, url: str) -> None:
        self.cluster.drop_database(url.rsplit("/", 1)[1])
