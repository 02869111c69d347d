"""Two server processes, one PostgreSQL database, each with its own search index folder.

A publication through one server's editor is found by search on the other within 2 seconds
(the other's follower applies the change log), and a server whose index folder disappears
keeps serving pages, says in Dutch that search is being rebuilt, and searches again after.
"""

from __future__ import annotations

import shutil
import statistics
import time
from html import unescape

import httpx2 as httpx
import pytest

from backend.content.store import import_collection
from backend.db import make_engine, migrate
from backend.search.buildlock import BuildLock
from tests.conftest import FIXTURE_CONTENT
from tests.factories import make_front, make_sections
from tests.helpers import add_accounts, csrf, login, page
from tests.processes import AppProcess

pytestmark = pytest.mark.multiprocess

UNAVAILABLE = "Zoeken is even niet beschikbaar"


@pytest.fixture
def servers(tmp_path, postgres_url):
    """Servers A and B on one prepared database (fixture corpus, one account per role)."""
    engine = make_engine(postgres_url)
    migrate(engine)
    import_collection(engine, FIXTURE_CONTENT)
    add_accounts(engine)
    engine.dispose()
    env = {"DT_ADMIN_DIRECT_PUBLISH": "true"}
    a = AppProcess(postgres_url, tmp_path / "a", FIXTURE_CONTENT, env)
    b = AppProcess(postgres_url, tmp_path / "b", FIXTURE_CONTENT, env)
    with a, b:
        for server in (a, b):
            wait_for(lambda s=server: search_on(s, "hockeyclub") is not None, 60)
        yield a, b
    for server in (a, b):
        assert "Traceback" not in server.read_log(), server.read_log()


def wait_for(condition, seconds: float) -> float:
    """Poll until `condition()` holds; the seconds it took (fails after `seconds`)."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, f"not within {seconds} s"
        time.sleep(0.02)
    return time.monotonic() - start


def search_on(server: AppProcess, q: str) -> list[str] | None:
    """The slugs search on this server finds; None while it says search is unavailable."""
    response = httpx.get(server.url("/api/v1/search"), params={"q": q}, timeout=10)
    if response.status_code == 503:
        assert response.json()["detail"].startswith(UNAVAILABLE)
        return None
    assert response.status_code == 200, response.text
    return [item["slug"] for item in response.json()["items"]]


def publish_through_editor(client: httpx.Client, slug: str, title: str) -> None:
    """Create a dilemma in the editor and publish it directly, as the logged-in admin."""
    front = make_front("dilemma", slug=slug, title=title)
    data = {
        **{k: v for k, v in front.items() if k not in ("status", "options")},
        **{f"options_{key}": text for key, text in front["options"].items()},
        **{f"section_{k}": v for k, v in make_sections("dilemma").items()},
        "csrf_token": csrf(client),
    }
    created = client.post("/beheer/content/nieuw/dilemma", data=data)
    assert created.status_code == 303, created.text
    form = page(client.get(f"/beheer/content/{slug}")).select_one("form[action$='/publiceren']")
    assert form is not None, "the admin sees no publish button"
    revision = form.find("input", attrs={"name": "revision"})["value"]
    published = client.post(
        f"/beheer/content/{slug}/publiceren",
        data={"revision": revision, "csrf_token": csrf(client)},
    )
    assert published.status_code == 303, published.text


def test_a_publication_on_a_is_found_by_search_on_b_within_two_seconds(servers):
    a, b = servers
    took = []
    with httpx.Client(base_url=a.base_url, timeout=30) as editor_on_a:
        login(editor_on_a, "admin")
        for number, word in enumerate(("zonnepanelen", "warmtenet", "fietsenstalling")):
            slug = f"{word}-bij-het-raadhuis"
            assert search_on(b, word) == []
            publish_through_editor(editor_on_a, slug, f"Een {word} bij het raadhuis {number}")
            took.append(wait_for(lambda w=word, s=slug: search_on(b, w) == [s], 2.0))
            assert search_on(a, word) == [slug]
    assert statistics.median(took) < 2.0


def test_a_deleted_index_folder_is_rebuilt_while_pages_keep_working(servers):
    _, b = servers
    index_dir = b.data_dir / "index"
    # The test holds the build lock, so B's rebuild waits and the notice can be seen.
    other_builder = BuildLock(index_dir, "de test")
    assert other_builder.acquire(wait=False)
    try:
        shutil.rmtree(index_dir)
        time.sleep(1.5)  # B's follower polls meanwhile: it must not stop B
        for path in ("/", "/dilemmas", "/dilemmas/subsidie-eigen-sportvereniging"):
            assert httpx.get(b.url(path), timeout=10).status_code == 200, path
        notice = httpx.get(b.url("/zoeken"), params={"q": "hockeyclub"}, timeout=10)
        assert notice.status_code == 503 and UNAVAILABLE in unescape(notice.text)
        assert search_on(b, "hockeyclub") is None
    finally:
        other_builder.release()
    wait_for(lambda: search_on(b, "hockeyclub") == ["subsidie-eigen-sportvereniging"], 30)
    assert httpx.get(b.url("/"), timeout=10).status_code == 200
