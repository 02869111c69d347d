"""Web test helpers: accounts of every role and logging in through the real form."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from backend.accounts import service
from backend.web.auth import CSRF_COOKIE

PASSWORD = "een lange zin als wachtwoord"
ROLE_EMAILS = {
    "facilitator": "gespreksleider@example.org",
    "editor": "redacteur@example.org",
    "admin": "beheerder@example.org",
}


@pytest.fixture
def accounts(engine, client):
    """One active account per role in the client's database; returns role -> user id."""
    ids = {}
    with Session(engine) as db:
        for role, email in ROLE_EMAILS.items():
            ids[role] = service.create_user(db, email, role, PASSWORD).id
        db.commit()
    return ids


def csrf(client) -> str:
    if CSRF_COOKIE not in client.cookies:
        client.get("/inloggen")
    return client.cookies[CSRF_COOKIE]


def login(client, role: str) -> None:
    """Log in as the account with this role (the client keeps the session cookie)."""
    response = client.post(
        "/inloggen",
        data={"email": ROLE_EMAILS[role], "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
