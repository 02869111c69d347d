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
