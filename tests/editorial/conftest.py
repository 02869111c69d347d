"""Fixtures for the editorial tests: a database session and four people who edit."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from backend.accounts import service

PASSWORD = "een lange zin als wachtwoord"


@pytest.fixture
def db(engine):
    with Session(engine) as db:
        yield db


@pytest.fixture
def people(db):
    """Three editors and an admin, by their role in the tests."""
    make = service.create_user
    people = {
        "auteur": make(db, "auteur@example.org", "editor", PASSWORD),
        "collega": make(db, "collega@example.org", "editor", PASSWORD),
        "derde": make(db, "derde@example.org", "editor", PASSWORD),
        "beheerder": make(db, "beheer@example.org", "admin", PASSWORD),
    }
    db.commit()
    return people
