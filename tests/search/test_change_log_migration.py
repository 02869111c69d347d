"""Migration 0009 (the search change log) goes up and down on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from backend.db import alembic_config, make_engine, migrate


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migraties.db'}"
    return request.getfixturevalue("postgres_url")


def test_the_change_log_migration_goes_up_and_down(database_url):
    engine = make_engine(database_url)
    config = alembic_config(engine.url.render_as_string(hide_password=False))

    def step(action, revision: str) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            action(config, revision)

    def tables() -> set[str]:
        return set(inspect(engine).get_table_names())

    try:
        migrate(engine)
        assert "search_change" in tables()
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("search_change")}
        assert "ix_search_change_at" in indexes
        before = ScriptDirectory.from_config(config).get_revision("0009").down_revision
        step(command.downgrade, before)
        assert "search_change" not in tables() and "item" in tables()
        step(command.upgrade, "head")
        assert "search_change" in tables()
    finally:
        engine.dispose()
