"""Browser tests: the app served by uvicorn in a thread, driven by Playwright in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.config import REPO_ROOT
from backend.db import make_engine
from backend.main import create_app
from tests.conftest import make_settings, serving
from tests.databases import url_of
from tests.helpers import add_user

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def server_engine(live_server, shipped_db):
    """An engine on the live server's database (to add accounts or start a live session)."""
    engine = make_engine(url_of(shipped_db))
    yield engine
    engine.dispose()


@pytest.fixture
def editors(server_engine) -> list[str]:
    """An editor and an admin in the live server's database (password `PASSWORD`): emails."""
    people = [("anna@example.org", "editor"), ("bram@example.org", "admin")]
    for email, role in people:
        add_user(server_engine, email, role)
    return [email for email, _ in people]


@pytest.fixture
def live_server(tmp_path, shipped_db, shipped_index_template):
    """Base URL of the app over a copy of the shipped corpus (`shipped_db`) and its index."""
    app = create_app(make_settings(tmp_path, shipped_db, REPO_ROOT))
    app.state.search_index.directory = shipped_index_template
    with serving(app) as base_url:
        assert app.state.search_index.wait_until_ready(60)
        yield base_url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium ontbreekt: installeer het met 'apt-get install chromium'.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
