"""Agenda test fixtures: one read-only session on the shipped corpus per module."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from sqlmodel import Session

from backend.db import make_engine
from tests.conftest import shipped_copy
from tests.databases import on_postgres, url_of


@pytest.fixture(scope="module")
def db(request, tmp_path_factory, shipped_db_template):
    # SQLite reads the template file itself; a PostgreSQL template cannot be copied while
    # someone is connected to it, so the module reads a copy there.
    if on_postgres():
        database = shipped_copy(request, tmp_path_factory.mktemp("agenda"), shipped_db_template)
    else:
        database = nullcontext(shipped_db_template)
    with database as shipped:
        engine = make_engine(url_of(shipped))
        with Session(engine) as db:
            yield db
        engine.dispose()
