"""HEAD answers wherever GET does: the same status and headers, no body."""

from __future__ import annotations

import httpx2 as httpx
import pytest
from sqlmodel import Session

from backend.live import service as live_service
from backend.main import create_app
from backend.models import User
from tests.conftest import make_settings, serving
from tests.helpers import add_user


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/dilemmas?thema=belangenverstrengeling",
        "/dilemmas/subsidie-eigen-sportvereniging",
        "/zoeken?q=subsidie",
        "/beheer",
        "/bestaat-niet",
        "/uitloggen",
        "/api/v1/dilemmas",
        "/api/v1/dilemmas/subsidie-eigen-sportvereniging",
        "/api/v1/dilemmas/bestaat-niet",
        "/api/v1/search?q=subsidie",
        "/api/openapi.json",
        "/api/docs",
        "/static/favicon.svg",
    ],
)
def test_head_gives_the_status_and_headers_of_get(client, url):
    client.get("/")  # the CSRF cookie is set once, so neither answer below sets it
    got = client.get(url, follow_redirects=False)
    head = client.head(url, follow_redirects=False)
    assert head.status_code == got.status_code
    assert dict(head.headers) == dict(got.headers)
    assert head.content == b""


@pytest.fixture
def presenter_stream(engine) -> str:
    """The path of a live session's presenter stream."""
    owner_id = add_user(engine, "leider@example.org", "facilitator")
    with Session(engine) as db:
        owner = db.get(User, owner_id)
        live = live_service.start_from_dilemma(db, owner, "subsidie-eigen-sportvereniging", 3)
        db.commit()
        return f"/scherm/{live.presenter_token}/stroom"


def test_head_on_an_event_stream_answers_and_ends(tmp_path, fixture_db, presenter_stream):
    """A HEAD on a live stream gets its headers and the answer is complete: the next request
    on the same keep-alive connection is answered, no stream runs on for nobody."""
    with (
        serving(create_app(make_settings(tmp_path, fixture_db))) as base_url,
        httpx.Client(base_url=base_url, timeout=10) as http,
    ):
        head = http.head(presenter_stream)
        after = http.get("/api/v1/vocabulary")
    assert head.status_code == 200
    assert head.headers["content-type"].startswith("text/event-stream")
    assert head.content == b""
    assert after.status_code == 200
