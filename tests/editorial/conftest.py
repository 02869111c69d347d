"""Fixtures for the editorial tests: a database session and four people who edit."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from backend.accounts import service

PASSWORD = "een lange zin als wachtwoord"


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


@pytest.fixture
def people(session):
    """Three editors and an admin, by their role in the tests."""
    make = service.create_user
    people = {
        "auteur": make(session, "auteur@example.org", "editor", PASSWORD),
        "collega": make(session, "collega@example.org", "editor", PASSWORD),
        "derde": make(session, "derde@example.org", "editor", PASSWORD),
        "beheerder": make(session, "beheer@example.org", "admin", PASSWORD),
    }
    session.commit()
    return people
