"""The migrations create exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import backend.models  # noqa: F401


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, SQLModel.metadata) == []


def test_migrating_twice_is_harmless(engine):
    from backend.db import migrate

    migrate(engine)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is not None


def test_a_new_database_file_is_readable_by_its_owner_only(tmp_path):
    import stat

    from sqlalchemy import text

    from backend.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'nieuw' / 'dilemmatafel.db'}")
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.commit()
    engine.dispose()
    for path in (tmp_path / "nieuw").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name


def _insert_live_rows(connection, status: str, answering: str) -> None:
    from sqlalchemy import text

    connection.execute(
        text(
            "INSERT INTO user_account (id, email, name, role, active, failed_logins, created_at)"
            " VALUES (1, 'a@example.org', '', 'facilitator', 1, 0, '2026-11-30 10:00:00')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO live_session (id, owner_id, title, code, presenter_token, report_token,"
            " status, current, hide_count, share_results, min_answers, event_seq, participants,"
            " expected_participants, joining_open, started_at, planned_end)"
            " VALUES (1, 1, 'Raad', 'ABC123', 'p', 'r', :status, 0, 0, 0, 3, 0, 0, 30, 1,"
            " '2026-11-30 10:00:00', '2026-11-30 11:00:00')"
        ),
        {"status": status},
    )
    for position, state in enumerate(answering.split()):
        connection.execute(
            text(
                "INSERT INTO live_round (session_id, position, kind, title, minutes, content,"
                " answering, revealed, extra_minutes, seconds_used, agreements, counts, total)"
                " VALUES (1, :position, 'dilemma', 'Vraag', 10, '{}', :state, 0, 0, 0, '', '{}', 0)"
            ),
            {"position": position, "state": state},
        )


def _live_codes(engine) -> tuple[str, list[str]]:
    from sqlalchemy import text

    with engine.connect() as connection:
        status = connection.execute(text("SELECT status FROM live_session")).scalar_one()
        rounds = connection.execute(text("SELECT answering FROM live_round ORDER BY position"))
        return status, [row[0] for row in rounds]


def test_english_codes_migration_converts_dutch_rows_and_back(tmp_path):
    from alembic import command

    from backend.db import alembic_config, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    config = alembic_config(str(engine.url))

    def to(revision: str, step=command.upgrade) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    to("0006")
    with engine.begin() as connection:
        _insert_live_rows(connection, "afgelopen", "nieuw open gesloten")

    to("0007")
    assert _live_codes(engine) == ("ended", ["new", "open", "closed"])

    to("0006", command.downgrade)
    assert _live_codes(engine) == ("afgelopen", ["nieuw", "open", "gesloten"])


def test_an_active_session_from_before_the_english_codes_is_active_afterwards(tmp_path):
    from alembic import command

    from backend.db import alembic_config, make_engine, migrate
    from backend.models.live import LiveStatus, RoundState

    engine = make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    config = alembic_config(str(engine.url))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        _insert_live_rows(connection, "actief", "nieuw")
    migrate(engine)
    assert _live_codes(engine) == (LiveStatus.ACTIVE, [RoundState.NEW])
