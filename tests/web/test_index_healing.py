"""A missing or damaged index while the app runs: a Dutch notice, one rebuild, no failed writes."""

from __future__ import annotations

import logging
import shutil
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.content.types import CONTENT_TYPES
from backend.editorial import workflow
from backend.main import create_app
from backend.models import User
from backend.search.buildlock import BuildLock
from tests.conftest import make_settings
from tests.factories import make_front, make_sections
from tests.helpers import csrf, heading, login, page

UNAVAILABLE = "Zoeken is even niet beschikbaar"


@pytest.fixture
def client(tmp_path, fixture_db):
    """The app over the fixture corpus, where admins may publish directly."""
    settings = make_settings(tmp_path, fixture_db).model_copy(update={"admin_direct_publish": True})
    app = create_app(settings)
    with TestClient(app) as test_client:
        assert app.state.search_index.wait_until_ready(30)
        yield test_client


def damage(directory, how: str) -> None:
    if how == "missing":
        shutil.rmtree(directory)
    else:
        for name in list(directory.glob("*.seg")) + list(directory.glob("_MAIN_*.toc")):
            name.write_bytes(b"kapot")


def rebuilds(caplog) -> int:
    return sum(r.getMessage().startswith("search index rebuilt") for r in caplog.records)


def found(client, q: str) -> list[str]:
    response = client.get("/api/v1/search", params={"q": q})
    assert response.status_code == 200, response.text
    return [item["slug"] for item in response.json()["items"]]


@pytest.mark.parametrize("how", ["missing", "broken"])
def test_a_damaged_index_gives_a_dutch_notice_and_heals_with_one_rebuild(client, caplog, how):
    caplog.set_level(logging.INFO, logger="backend.search.index")
    index = client.app.state.search_index
    # The command line is building: the server's rebuild has to wait, so every request
    # below meets the damaged index.
    other_builder = BuildLock(index.directory, "'dilemmatafel reindex'")
    other_builder.acquire()
    try:
        damage(index.directory, how)
        for _ in range(5):
            page = client.get("/zoeken", params={"q": "hockeyclub"})
            assert page.status_code == 503
            assert UNAVAILABLE in unescape(page.text)
        api = client.get("/api/v1/search", params={"q": "hockeyclub"})
        assert api.status_code == 503 and api.headers["retry-after"]
        assert api.json()["detail"].startswith(UNAVAILABLE)
        # Search as you type: htmx only swaps in 2xx and 4xx answers, so the notice is a 200.
        fragment = client.get("/zoeken", params={"q": "hockeyclub"}, headers={"HX-Request": "true"})
        assert fragment.status_code == 200 and UNAVAILABLE in unescape(fragment.text)
    finally:
        other_builder.release()
    assert index.wait_until_ready(60) and index.wait_until_idle(60)
    assert found(client, "hockeyclub") == ["subsidie-eigen-sportvereniging"]
    assert rebuilds(caplog) == 1


def test_archiving_succeeds_when_the_index_cannot_be_written_and_the_index_catches_up(
    client, accounts
):
    index = client.app.state.search_index
    login(client, "editor")
    shutil.rmtree(index.directory)
    response = client.post(
        "/beheer/content/subsidie-eigen-sportvereniging/archiveren",
        data={"csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert client.get("/dilemmas/subsidie-eigen-sportvereniging").status_code == 404
    assert index.wait_until_idle(60) and index.ready
    assert index.needs_rebuild() is None
    assert found(client, "hockeyclub") == []


def test_publishing_succeeds_when_the_index_cannot_be_written_and_search_catches_up(
    client, accounts, engine
):
    index = client.app.state.search_index
    with Session(engine) as db:
        admin = db.get(User, accounts["admin"])
        front = make_front(slug="zonnepanelen-op-het-raadhuis", title="Zonnepanelen op raadhuis")
        workflow.create_item(db, admin, CONTENT_TYPES["dilemma"], front, make_sections())
        db.commit()
    login(client, "admin")
    edit_page = page(client.get("/beheer/content/zonnepanelen-op-het-raadhuis"))
    publish = edit_page.select_one("form[action$='/publiceren']")
    seen = publish.find("input", attrs={"name": "revision"}) if publish else None
    shutil.rmtree(index.directory)
    response = client.post(
        "/beheer/content/zonnepanelen-op-het-raadhuis/publiceren",
        data={"csrf_token": csrf(client), **({"revision": seen["value"]} if seen else {})},
        follow_redirects=False,
    )
    assert response.status_code == 303
    published = client.get("/dilemmas/zonnepanelen-op-het-raadhuis")
    assert published.status_code == 200 and heading(published) == "Zonnepanelen op raadhuis"
    assert index.wait_until_idle(60) and index.ready
    assert found(client, "zonnepanelen") == ["zonnepanelen-op-het-raadhuis"]
