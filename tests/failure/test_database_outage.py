"""The database going away while the server runs: PostgreSQL stopped for ten seconds gives a
Dutch 'tijdelijk niet beschikbaar' page (503, Retry-After) and Dutch JSON, never a 500 or a
trace; open event streams wait and the process lives; once PostgreSQL is back the app works
again by itself. SQLite locked by another writer is a 503 as well."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.db import is_unavailable, make_engine, migrate
from backend.main import create_app
from backend.models import LiveSession
from tests.conftest import make_settings
from tests.failure.conftest import EventReader
from tests.helpers import PASSWORD, ROLE_EMAILS, add_accounts, csrf, heading, html_lang, login

pytestmark = pytest.mark.failure

logger = logging.getLogger(__name__)
OUTAGE_SECONDS = 10
UNAVAILABLE = "tijdelijk niet beschikbaar"


def assert_unavailable_page(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text[:300]
    assert int(response.headers["retry-after"]) > 0
    assert heading(response) == "Tijdelijk niet beschikbaar"
    assert html_lang(response) == "nl"
    assert "Probeer het over een halve minuut opnieuw" in response.text
    assert "Traceback" not in response.text and "psycopg" not in response.text


def assert_unavailable_json(response: httpx.Response) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/json")
    assert int(response.headers["retry-after"]) > 0
    assert UNAVAILABLE in response.json()["detail"]


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_postgresql_away_for_ten_seconds_gives_a_dutch_503_and_recovers_by_itself(
    postgres, db_engine, server
):
    leader = httpx.Client(base_url=server.base_url, timeout=10)
    login(leader, "facilitator")
    visitor = httpx.Client(base_url=server.base_url, timeout=10)
    login_form = {"email": ROLE_EMAILS["editor"], "password": PASSWORD, "csrf_token": csrf(visitor)}
    started = leader.post(
        "/live/start",
        data={"dilemma": "subsidie-eigen-sportvereniging", "csrf_token": csrf(leader)},
    )
    session_id = int(started.headers["location"].rsplit("/", 1)[-1])
    with Session(db_engine) as db:
        live = db.get(LiveSession, session_id)
        token, seen_from = live.presenter_token, live.event_seq
    db_engine.dispose()  # the test's own connections must not keep PostgreSQL from stopping
    screen = EventReader(server.url(f"/scherm/{token}/stroom?na={seen_from}"))
    assert screen.connected() and screen.status == 200
    assert httpx.get(server.url("/zoeken"), params={"q": "subsidie"}).status_code == 200

    postgres.stop("fast")
    stopped = time.monotonic()
    try:
        assert_unavailable_page(httpx.get(server.url("/")))
        assert_unavailable_page(httpx.get(server.url("/dilemmas")))
        assert_unavailable_page(leader.get(f"/live/{session_id}"))
        assert_unavailable_page(
            leader.post(f"/live/{session_id}/openen", data={"csrf_token": csrf(leader)})
        )
        assert_unavailable_page(visitor.post("/inloggen", data=login_form))
        assert_unavailable_json(httpx.get(server.url("/api/v1/dilemmas")))
        # Search checks the collection against the database at most once a second; after
        # that it needs the database as well.
        time.sleep(max(0.0, 1.1 - (time.monotonic() - stopped)))
        assert_unavailable_page(httpx.get(server.url("/zoeken"), params={"q": "subsidie"}))
        assert_unavailable_json(httpx.get(server.url("/api/v1/search"), params={"q": "raad"}))
        # A new stream cannot start; the open one waits; the process lives.
        assert httpx.get(server.url(f"/scherm/{token}/stroom")).status_code == 503
        assert not screen.done.is_set()
        assert server.process is not None and server.process.poll() is None
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
    finally:
        postgres.start()
    back = time.monotonic()

    while httpx.get(server.url("/")).status_code != 200:  # no restart of the app
        assert time.monotonic() - back < 10, "the app did not recover within 10 s"
        time.sleep(0.1)
    recovered_after = time.monotonic() - back
    # The figure in docs/failure.md (shown with -o log_cli=true --log-cli-level=INFO).
    logger.info("recovered %.2f s after PostgreSQL was back", recovered_after)
    assert recovered_after < 5
    assert httpx.get(server.url("/dilemmas")).status_code == 200
    found = httpx.get(server.url("/api/v1/search"), params={"q": "subsidie"})
    assert found.status_code == 200 and found.json()["items"]
    assert visitor.post("/inloggen", data=login_form).status_code == 303  # what was refused
    # The facilitator is still logged in and the session carries on; the open stream gets it.
    opened = leader.post(f"/live/{session_id}/openen", data={"csrf_token": csrf(leader)})
    assert opened.status_code == 303, opened.text
    assert screen.wait_for(seen_from + 1) and screen.events == [(seen_from + 1, "state")]
    screen.close()
    log = server.read_log()
    assert "database unavailable on GET /" in log
    assert ROLE_EMAILS["editor"] not in log  # nothing personal in the log
    leader.close()
    visitor.close()


def test_sqlite_locked_by_another_writer_gives_a_503_not_a_500(tmp_path: Path):
    database = tmp_path / "locked.db"
    engine = make_engine(f"sqlite:///{database}")
    migrate(engine)
    add_accounts(engine)
    app = create_app(make_settings(tmp_path, database))
    with TestClient(app) as client:
        form = {
            "email": ROLE_EMAILS["editor"],
            "password": PASSWORD,
            "csrf_token": csrf(client),
        }
        other_writer = sqlite3.connect(database, isolation_level=None)
        other_writer.execute("BEGIN IMMEDIATE")  # holds the write lock (SQLite waits 5 s)
        try:
            response = client.post("/inloggen", data=form, follow_redirects=False)
        finally:
            other_writer.execute("ROLLBACK")
            other_writer.close()
        assert_unavailable_page(response)
        assert client.post("/inloggen", data=form, follow_redirects=False).status_code == 303
    engine.dispose()


def test_only_outages_count_as_unavailable_not_mistakes(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'mistake.db'}")
    with engine.connect() as connection, pytest.raises(Exception) as mistake:
        connection.exec_driver_sql("SELECT * FROM no_such_table")
    assert not is_unavailable(mistake.value)
    assert not is_unavailable(ValueError("not a database error"))
    engine.dispose()
