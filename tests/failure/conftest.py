"""What the failure tests share: a database on SQLite or PostgreSQL holding the fixture corpus
and the test accounts, a real server process over it, and reading a stored item's tags.

Every test here runs `dilemmatafel` as a child process (tests/processes.py) so that it can be
killed with SIGKILL, as a power cut or the OOM killer would, and started again on the same
database.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.content.store import import_collection, tag_values
from backend.content.types import CONTENT_TYPES
from backend.db import make_engine, migrate
from backend.models import Item, ItemTag
from tests.conftest import FIXTURE_CONTENT
from tests.helpers import add_accounts
from tests.processes import AppProcess

# Starting the app takes about 3 s of CPU; on a busy shared machine that can be 40 s or more.
START_TIMEOUT = 120


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path: Path) -> str:
    """An empty database of either kind (PostgreSQL: skipped where it is not installed)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'failure.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def db_engine(database_url: str) -> Iterator[Engine]:
    """The test's own engine on that database: migrated, with the fixture corpus and one
    account per role (tests.helpers.ROLE_EMAILS)."""
    engine = make_engine(database_url)
    migrate(engine)
    import_collection(engine, FIXTURE_CONTENT)
    add_accounts(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def server(database_url: str, db_engine: Engine, tmp_path: Path) -> Iterator[AppProcess]:
    """`dilemmatafel serve` over that database, started; stopped (or already killed) after."""
    process = AppProcess(database_url, tmp_path / "server", content_dir=FIXTURE_CONTENT)
    process.start(timeout=START_TIMEOUT)
    yield process
    process.stop()


def sqlite_path(database_url: str) -> Path | None:
    return Path(database_url.split("///", 1)[1]) if database_url.startswith("sqlite") else None


def assert_sqlite_intact(database_url: str) -> None:
    """`PRAGMA integrity_check` says ok (SQLite only; PostgreSQL has no such check)."""
    path = sqlite_path(database_url)
    if path is None:
        return
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def half_items(engine: Engine) -> list[str]:
    """Slugs of items whose tag rows are not exactly those of their front matter."""
    with Session(engine) as db:
        stored: dict[int, set[tuple[str, str]]] = {}
        for tag in db.exec(select(ItemTag)):
            stored.setdefault(tag.item_id, set()).add((tag.facet, tag.value))
        return [
            item.slug
            for item in db.exec(select(Item))
            if stored.get(item.id, set()) != set(tag_values(CONTENT_TYPES[item.type], item.front))
        ]


class EventReader:
    """A screen following a Server-Sent Event stream, in a thread: the (id, event name) of
    every event in the order received, until the stream ends or the connection breaks."""

    def __init__(self, url: str, headers: dict[str, str] | None = None):
        self.events: list[tuple[int, str]] = []
        self.status: int | None = None
        self.broken: Exception | None = None
        self.done = threading.Event()
        self._client = httpx.Client(timeout=httpx.Timeout(10, read=60))
        self._thread = threading.Thread(target=self._read, args=(url, headers or {}), daemon=True)
        self._thread.start()

    def _read(self, url: str, headers: dict[str, str]) -> None:
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                self.status = response.status_code
                current: dict[str, str] = {}
                for line in response.iter_lines():
                    if line.startswith(("id:", "event:")):
                        field, value = line.split(":", 1)
                        current[field] = value.strip()
                    elif line == "" and "id" in current:
                        self.events.append((int(current["id"]), current.get("event", "")))
                        current = {}
        except Exception as error:  # the server was killed or went away
            self.broken = error
        finally:
            self.done.set()

    def connected(self, timeout: float = 10) -> bool:
        """Whether the stream answered (its status is then in `status`)."""
        deadline = time.monotonic() + timeout
        while self.status is None and not self.done.is_set():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return self.status is not None

    def wait_for(self, seq: int, timeout: float = 15) -> bool:
        """Wait until the event numbered `seq` (or a later one) has arrived."""
        deadline = time.monotonic() + timeout
        while not (self.events and self.events[-1][0] >= seq):
            if self.done.is_set() or time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    @property
    def last_id(self) -> int | None:
        return self.events[-1][0] if self.events else None

    def close(self) -> None:
        self._client.close()
        self._thread.join(5)
