"""Fixtures for the editorial tests: a database session and four people who edit."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from backend.models import User
from tests.helpers import add_user


@pytest.fixture
def db(engine):
    with Session(engine) as db:
        yield db


@pytest.fixture
def people(engine, db) -> dict[str, User]:
    """Three editors and an admin, by their role in the tests."""
    roles = {
        "auteur": ("auteur@example.org", "editor"),
        "collega": ("collega@example.org", "editor"),
        "derde": ("derde@example.org", "editor"),
        "beheerder": ("beheer@example.org", "admin"),
    }
    return {name: db.get(User, add_user(engine, *account)) for name, account in roles.items()}
