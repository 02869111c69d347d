"""Migration 0010 (a revision's purge mark) goes up and down on SQLite and PostgreSQL, and a
purged revision survives the round trip without its text."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from backend.db import alembic_config, make_engine, migrate


def _to(engine, revision: str, down: bool = False) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _columns(engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("item_revision")}


def _round_trip(engine) -> None:
    migrate(engine)
    assert "purged_at" in _columns(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO item (id, slug, type, title, summary, status, visibility, front,"
                " sections, version, created_at, updated_at) VALUES (1, 's', 'dilemma', 't', '',"
                " 'draft', 'public', '{}', '{}', 1, '2026-11-30 10:00:00',"
                " '2026-11-30 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO item_revision (item_id, number, action, front, sections, note,"
                " created_at, purged_at) VALUES (1, 1, 'save', '{}', '{}', '',"
                " '2026-11-30 10:00:00', '2026-11-30 11:00:00')"
            )
        )
    _to(engine, "0007", down=True)
    assert "purged_at" not in _columns(engine)
    _to(engine, "head")
    with engine.connect() as connection:
        row = connection.execute(text("SELECT sections, purged_at FROM item_revision")).one()
    assert row.purged_at is None and row.sections in ("{}", {})


def test_up_and_down_on_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'migraties.db'}")
    try:
        _round_trip(engine)
    finally:
        engine.dispose()


def test_up_and_down_on_postgresql(postgres_url):
    engine = make_engine(postgres_url)
    try:
        _round_trip(engine)
    finally:
        engine.dispose()
