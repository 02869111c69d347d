"""Agenda test fixtures: one read-only session on the shipped corpus per module."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from backend.db import make_engine


@pytest.fixture(scope="module")
def db(shipped_db_template):
    engine = make_engine(f"sqlite:///{shipped_db_template}")
    with Session(engine) as db:
        yield db
    engine.dispose()
