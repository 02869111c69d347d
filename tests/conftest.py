"""Shared fixtures: a fresh database per test, with the small fixture corpus or the shipped one;
SQLite by default, PostgreSQL under DT_TEST_DATABASE=postgres (tests/databases.py)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from backend.config import REPO_ROOT, Settings
from backend.content.store import import_collection
from backend.db import make_engine, migrate
from backend.main import create_app
from tests import pgcluster
from tests.databases import FIXTURE_CONTENT, PostgresDatabases, on_postgres, url_of
from tests.helpers import add_accounts


@contextmanager
def serving(app, **options):
    """Serve the app with uvicorn on a free local port in a thread; yields the base URL.
    `options` go to uvicorn.Config (e.g. the ones `dilemmatafel serve` uses)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, **{"log_level": "warning", **options, "host": "127.0.0.1"}, port=port
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("de testserver startte niet")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def make_settings(
    tmp_path: Path, database: Path | str, content_dir: Path = FIXTURE_CONTENT
) -> Settings:
    """Settings for an app over `database`: a SQLite file (a Path) or a database URL, as the
    `fixture_db` and `shipped_db` fixtures give them."""
    return Settings(
        data_dir=tmp_path,
        database_url=url_of(database),
        index_dir=tmp_path / "index",
        content_dir=content_dir,
        secret_key="test-secret-key-not-for-production",
        search_warm_up=False,  # a background load of seconds' work per app: tested on its own
    )


# Fixtures through which a test gets its database: under DT_TEST_DATABASE=postgres only the
# tests that use one of them run (the others do not depend on the database and ran already).
DATABASE_FIXTURES = frozenset(
    {
        "engine",
        "fixture_db",
        "empty_database_url",
        "new_database",
        "shipped_db",
        "shipped_db_template",
    }
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only(reason): about SQLite itself; skipped in the PostgreSQL run"
    )


def pytest_collection_modifyitems(config, items):
    """In the PostgreSQL run: keep only tests that get a database from the fixtures above and
    skip those marked sqlite_only, with their reason."""
    if not on_postgres():
        return
    kept, deselected = [], []
    for item in items:
        (kept if DATABASE_FIXTURES & set(item.fixturenames) else deselected).append(item)
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
            item.add_marker(pytest.mark.skip(reason=f"about SQLite: {reason}"))
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session")
def postgres():
    """A throw-away PostgreSQL server for this test process (tests/pgcluster.py). Skipped where
    PostgreSQL is not installed, unless DT_REQUIRE_POSTGRES=1 (CI), where that fails."""
    if not pgcluster.available():
        if os.environ.get("DT_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required here (DT_REQUIRE_POSTGRES=1) but not installed")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with pgcluster.Cluster() as cluster:
        yield cluster


@pytest.fixture
def postgres_url(postgres, request) -> str:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards); its URL."""
    name = f"t_{abs(hash(request.node.nodeid)):x}"[:40]
    postgres.drop_database(name)
    url = postgres.create_database(name)
    yield url
    postgres.drop_database(name)


@pytest.fixture(scope="session")
def pg_databases(request) -> PostgresDatabases:
    """This process's PostgreSQL templates and copies (only under DT_TEST_DATABASE=postgres;
    the fixtures ask for it by name, so that `postgres` in a test's fixture names means the
    test is about PostgreSQL itself)."""
    return PostgresDatabases(request.getfixturevalue("postgres"))


@contextmanager
def postgres_copy(request, template: str | None):
    """A PostgreSQL database for a fixture: blank or a copy of a template; dropped afterwards."""
    databases = request.getfixturevalue("pg_databases")
    url = databases.new(template)
    try:
        yield url
    finally:
        databases.drop(url)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A writable copy of the small fixture corpus."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture
def empty_database_url(request, tmp_path: Path) -> Iterator[str]:
    """The URL of a database that does not hold tables yet (for `dilemmatafel init` and the
    like): a SQLite file still to be made, or a blank PostgreSQL database."""
    if not on_postgres():
        yield url_of(tmp_path / "blank.db")
        return
    with postgres_copy(request, None) as url:
        yield url


@pytest.fixture(scope="session")
def new_database(request):
    """For fixtures of a wider scope: `with new_database(folder) as database:` gives a blank
    database (a SQLite file in `folder` still to be made, or a PostgreSQL database dropped
    afterwards), as a Path or a URL."""

    @contextmanager
    def blank(folder: Path) -> Iterator[Path | str]:
        if not on_postgres():
            yield folder / "test.db"
            return
        with postgres_copy(request, None) as url:
            yield url

    return blank


@pytest.fixture
def engine(request, tmp_path: Path):
    """A fresh, migrated, empty database (on PostgreSQL: already holding the fixture corpus
    when the test also uses `fixture_db`, which is faster than importing it per test)."""
    if not on_postgres():
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        migrate(engine)
        yield engine
        engine.dispose()
        return
    with_corpus = "fixture_db" in request.fixturenames
    with postgres_copy(request, "tpl_fixture" if with_corpus else "tpl_migrated") as url:
        request.node.stash[HOLDS_FIXTURE_CORPUS] = with_corpus
        engine = make_engine(url)
        yield engine
        engine.dispose()


HOLDS_FIXTURE_CORPUS = pytest.StashKey[bool]()


@pytest.fixture
def fixture_db(request, tmp_path: Path, engine) -> Path | str:
    """A database holding the fixture corpus: the `engine` fixture's database, as a SQLite file
    (a Path) or a URL; `make_settings` takes either. Treat it as opaque."""
    if not on_postgres():
        import_collection(engine, FIXTURE_CONTENT)
        return tmp_path / "test.db"
    if not request.node.stash.get(HOLDS_FIXTURE_CORPUS, False):
        import_collection(engine, FIXTURE_CONTENT)
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def client(tmp_path: Path, fixture_db: Path | str):
    """A TestClient on an app over the fixture corpus."""
    app = create_app(make_settings(tmp_path, fixture_db))
    with TestClient(app) as test_client:
        assert app.state.search_index.wait_until_ready(30)
        yield test_client


@pytest.fixture
def accounts(engine, client) -> dict[str, int]:
    """One active account per role in the client's database (password `tests.helpers.PASSWORD`,
    log in with `tests.helpers.login(client, role)`); returns role -> user id."""
    return add_accounts(engine)


@pytest.fixture(scope="session")
def shipped_db_template(request, tmp_path_factory) -> Path | str:
    """The shipped corpus imported once per test process: a SQLite file, or the URL of a
    PostgreSQL template database. Read it, or take a private copy with `shipped_db` (a
    PostgreSQL template cannot be copied while someone is connected to it)."""
    if on_postgres():
        return request.getfixturevalue("pg_databases").template_url("tpl_shipped")
    folder = tmp_path_factory.mktemp("shipped")
    database = folder / "shipped.db"
    engine = make_engine(f"sqlite:///{database}")
    migrate(engine)
    import_collection(engine, REPO_ROOT)
    engine.dispose()
    return database


@contextmanager
def shipped_copy(request, folder: Path, template: Path | str):
    """A private copy of the shipped corpus's database: a file in `folder` or a PostgreSQL
    database (dropped afterwards); as a Path or a URL."""
    if not on_postgres():
        database = folder / "shipped.db"
        shutil.copy(template, database)
        yield database
        return
    with postgres_copy(request, "tpl_shipped") as url:
        yield url


@pytest.fixture
def shipped_db(request, tmp_path: Path, shipped_db_template: Path | str):
    """A private copy of the shipped corpus's database for one test (a Path or a URL)."""
    with shipped_copy(request, tmp_path, shipped_db_template) as database:
        yield database


@pytest.fixture(scope="session")
def shipped_index_template(tmp_path_factory, shipped_db_template: Path | str) -> Path:
    """The search index over the shipped corpus, built once per run (tests only read it)."""
    from backend.search.index import SearchIndex

    directory = tmp_path_factory.mktemp("shipped-index") / "index"
    engine = make_engine(url_of(shipped_db_template))
    try:
        SearchIndex(directory, engine).rebuild()
    finally:
        engine.dispose()
    return directory


@pytest.fixture
def shipped_client(tmp_path: Path, shipped_db: Path | str, shipped_index_template: Path):
    """A TestClient on an app over a private copy of the shipped corpus."""
    app = create_app(make_settings(tmp_path, shipped_db, REPO_ROOT))
    app.state.search_index.directory = shipped_index_template
    with TestClient(app) as test_client:
        assert app.state.search_index.wait_until_ready(60)
        yield test_client
