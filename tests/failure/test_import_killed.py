"""`dilemmatafel content import` killed with SIGKILL while it writes a large collection: the
import is one transaction, so the database holds the old collection or the new one, never a
mix, no item lacks its tags, SQLite's file is intact, and running the import again completes."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.models import Item
from tests.conftest import FIXTURE_CONTENT
from tests.factories import make_record, write_record
from tests.failure.conftest import assert_sqlite_intact, half_items, sqlite_path

pytestmark = pytest.mark.failure

# Enough that writing them takes about a second (the window to be killed in), few enough
# that the rerun, which also rebuilds the search index, stays within a few seconds.
NEW_ITEMS = 400
UPDATED = " (bijgewerkt)"


@pytest.fixture(scope="module")
def large_corpus(tmp_path_factory) -> Path:
    """The fixture collection with every title changed, plus NEW_ITEMS new dilemmas."""
    root = tmp_path_factory.mktemp("large-corpus")
    shutil.copytree(FIXTURE_CONTENT, root, dirs_exist_ok=True)
    for path in root.rglob("*.md"):
        lines = path.read_text(encoding="utf-8").split("\n")
        lines = [line + UPDATED if line.startswith("title: ") else line for line in lines]
        path.write_text("\n".join(lines), encoding="utf-8")
    for number in range(NEW_ITEMS):
        write_record(
            root,
            make_record(slug=f"synthetisch-{number:05d}", title=f"Synthetisch dilemma {number}"),
        )
    return root


def import_command(database_url: str, corpus: Path, data_dir: Path) -> tuple[list[str], dict]:
    command = [sys.executable, "-m", "backend.cli", "content", "import", "--dir", str(corpus)]
    env = {
        **os.environ,
        "DT_DATABASE_URL": database_url,
        "DT_DATA_DIR": str(data_dir),
        "DT_INDEX_DIR": str(data_dir / "index"),
    }
    return command, env


def is_writing(database_url: str, engine: Engine) -> bool:
    """Whether another connection is inside a write transaction on the item table."""
    path = sqlite_path(database_url)
    if path is not None:
        # A writer holds SQLite's write lock until it commits; taking it fails meanwhile.
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with engine.connect() as connection:
        held = connection.execute(
            text(
                "SELECT count(*) FROM pg_locks JOIN pg_class ON pg_class.oid = pg_locks.relation"
                " WHERE pg_class.relname = 'item' AND pg_locks.mode = 'RowExclusiveLock'"
                " AND pg_locks.pid <> pg_backend_pid()"
            )
        ).scalar_one()
    return held > 0


def state_of(engine: Engine) -> str:
    """'old' (the fixture collection as it was), 'new' (all of the large corpus) or what
    else the database holds."""
    with Session(engine) as db:
        items = db.exec(select(Item)).all()
    titles_updated = {
        item.title.endswith(UPDATED) for item in items if "synthetisch" not in item.slug
    }
    synthetic = sum("synthetisch" in item.slug for item in items)
    if synthetic == 0 and titles_updated == {False}:
        return "old"
    if synthetic == NEW_ITEMS and titles_updated == {True}:
        return "new"
    return f"mixed: {synthetic} new items, titles updated {sorted(titles_updated)}"


def test_an_import_killed_while_writing_leaves_the_old_or_the_new_collection(
    database_url, db_engine, large_corpus, tmp_path
):
    command, env = import_command(database_url, large_corpus, tmp_path / "data")
    log = tmp_path / "import.log"
    with log.open("wb") as output:
        importer = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not is_writing(database_url, db_engine):
            assert importer.poll() is None, "the import ended before it was seen writing"
            assert time.monotonic() < deadline, "the import was never seen writing"
            time.sleep(0.01)
    finally:
        importer.kill()  # SIGKILL: no rollback, no clean-up, as in a power cut
        importer.wait(10)
    db_engine.dispose()  # nothing cached from before the kill

    assert state_of(db_engine) in ("old", "new")
    assert half_items(db_engine) == []
    assert_sqlite_intact(database_url)

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "Geïmporteerd:" in rerun.stdout and "Zoekindex opgebouwd" in rerun.stdout
    assert state_of(db_engine) == "new"
    assert half_items(db_engine) == []
    assert_sqlite_intact(database_url)
