"""Shared fixtures: a fresh database per test, with the small fixture corpus or the shipped one."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
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
from tests.helpers import add_accounts

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


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


def make_settings(tmp_path: Path, database: Path, content_dir: Path = FIXTURE_CONTENT) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{database}",
        index_dir=tmp_path / "index",
        content_dir=content_dir,
        secret_key="test-secret-key-not-for-production",
    )


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


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A writable copy of the small fixture corpus."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture
def engine(tmp_path: Path):
    """A fresh, migrated, empty SQLite database."""
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def fixture_db(tmp_path: Path, engine) -> Path:
    """A database holding the fixture corpus."""
    import_collection(engine, FIXTURE_CONTENT)
    return tmp_path / "test.db"


@pytest.fixture
def client(tmp_path: Path, fixture_db: Path):
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
def shipped_db_template(tmp_path_factory) -> Path:
    """The shipped corpus imported once per test run; tests get a copy."""
    folder = tmp_path_factory.mktemp("shipped")
    database = folder / "shipped.db"
    engine = make_engine(f"sqlite:///{database}")
    migrate(engine)
    import_collection(engine, REPO_ROOT)
    engine.dispose()
    return database


@pytest.fixture(scope="session")
def shipped_index_template(shipped_db_template: Path) -> Path:
    """The search index over the shipped corpus, built once per run (tests only read it)."""
    from backend.search.index import SearchIndex

    directory = shipped_db_template.parent / "index"
    SearchIndex(directory, make_engine(f"sqlite:///{shipped_db_template}")).rebuild()
    return directory


@pytest.fixture
def shipped_client(tmp_path: Path, shipped_db_template: Path, shipped_index_template: Path):
    """A TestClient on an app over a private copy of the shipped corpus."""
    database = tmp_path / "shipped.db"
    shutil.copy(shipped_db_template, database)
    app = create_app(make_settings(tmp_path, database, REPO_ROOT))
    app.state.search_index.directory = shipped_index_template
    with TestClient(app) as test_client:
        assert app.state.search_index.wait_until_ready(60)
        yield test_client
