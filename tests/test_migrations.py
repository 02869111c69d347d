"""The migrations create exactly the schema the models describe, on SQLite and PostgreSQL, and
go down and up again; the data migrations carry rows across."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import backend.models  # noqa: F401
from backend.db import alembic_config, make_engine, migrate


@pytest.fixture(params=["sqlite", "postgres"])
def bare_engine(request, tmp_path):
    """An engine on an empty database without tables: a SQLite file, then a PostgreSQL
    database (both in every run; the PostgreSQL one needs `postgres_url`)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'leeg.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def to_revision(engine, revision: str, step=command.upgrade) -> None:
    """Upgrade (or with step=command.downgrade, downgrade) the database to a revision."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, revision)


def differences(engine) -> list:
    """What autogenerate would change to make the database equal the models."""
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)


def test_migrations_match_the_models(bare_engine):
    migrate(bare_engine)
    assert differences(bare_engine) == []


def test_migrations_go_down_to_nothing_and_up_again(bare_engine):
    to_revision(bare_engine, "head")
    to_revision(bare_engine, "base", command.downgrade)
    assert set(inspect(bare_engine).get_table_names()) <= {"alembic_version"}
    to_revision(bare_engine, "head")
    assert differences(bare_engine) == []


def test_migrating_twice_is_harmless(engine):
    migrate(engine)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is not None


@pytest.mark.sqlite_only("the mode of SQLite's database file")
def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path):
    import stat

    engine = make_engine(f"sqlite:///{tmp_path / 'nieuw' / 'dilemmatafel.db'}")
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.commit()
    engine.dispose()
    for path in (tmp_path / "nieuw").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name


def _insert_live_rows(connection, status: str, answering: str) -> None:
    connection.execute(
        text(
            "INSERT INTO user_account (id, email, name, role, active, failed_logins, created_at)"
            " VALUES (1, 'a@example.org', '', 'facilitator', TRUE, 0, '2026-11-30 10:00:00')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO live_session (id, owner_id, title, code, presenter_token, report_token,"
            " status, current, hide_count, share_results, min_answers, event_seq, participants,"
            " expected_participants, joining_open, started_at, planned_end)"
            " VALUES (1, 1, 'Raad', 'ABC123', 'p', 'r', :status, 0, FALSE, FALSE, 3, 0, 0, 30,"
            " TRUE, '2026-11-30 10:00:00', '2026-11-30 11:00:00')"
        ),
        {"status": status},
    )
    for position, state in enumerate(answering.split()):
        connection.execute(
            text(
                "INSERT INTO live_round (session_id, position, kind, title, minutes, content,"
                " answering, revealed, extra_minutes, seconds_used, agreements, counts, total)"
                " VALUES (1, :position, 'dilemma', 'Vraag', 10, '{}', :state, FALSE, 0, 0, '',"
                " '{}', 0)"
            ),
            {"position": position, "state": state},
        )


def _live_codes(engine) -> tuple[str, list[str]]:
    with engine.connect() as connection:
        status = connection.execute(text("SELECT status FROM live_session")).scalar_one()
        rounds = connection.execute(text("SELECT answering FROM live_round ORDER BY position"))
        return status, [row[0] for row in rounds]


def test_english_codes_migration_converts_dutch_rows_and_back(bare_engine):
    to_revision(bare_engine, "0006")
    with bare_engine.begin() as connection:
        _insert_live_rows(connection, "afgelopen", "nieuw open gesloten")

    to_revision(bare_engine, "0007")
    assert _live_codes(bare_engine) == ("ended", ["new", "open", "closed"])

    to_revision(bare_engine, "0006", command.downgrade)
    assert _live_codes(bare_engine) == ("afgelopen", ["nieuw", "open", "gesloten"])


def test_an_active_session_from_before_the_english_codes_is_active_afterwards(bare_engine):
    from backend.models.live import LiveStatus, RoundState

    to_revision(bare_engine, "0006")
    with bare_engine.begin() as connection:
        _insert_live_rows(connection, "actief", "nieuw")
    migrate(bare_engine)
    assert _live_codes(bare_engine) == (LiveStatus.ACTIVE, [RoundState.NEW])
