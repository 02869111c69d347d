"""Keeping the index whole: one builder per folder, stale locks, interrupted builds, catch-up."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from select import select as wait_readable

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from backend.cli import app as cli
from backend.config import REPO_ROOT, get_settings
from backend.models import Item
from backend.search import index as index_module
from backend.search.buildlock import BuildLock
from backend.search.index import SearchIndex
from tests.databases import url_of
from tests.search.test_search import search, slugs

runner = CliRunner()


@pytest.fixture
def index(tmp_path, engine, fixture_db):
    search_index = SearchIndex(tmp_path / "index", engine)
    search_index.start(background=False)
    return search_index


@pytest.fixture
def cli_env(tmp_path, monkeypatch, fixture_db):
    """The command line on the test database and index folder."""
    monkeypatch.setenv("DT_DATABASE_URL", url_of(fixture_db))
    monkeypatch.setenv("DT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DT_INDEX_DIR", str(tmp_path / "index"))
    get_settings.cache_clear()
    yield {**os.environ, "COLUMNS": "300", "PYTHONPATH": str(REPO_ROOT)}
    get_settings.cache_clear()


def spawn(code: str, env=None) -> subprocess.Popen:
    """A Python process running `code`, talking over stdin/stdout."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env=env,
    )


def kill_9(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def rename_item(engine, slug: str, title: str) -> Item:
    with Session(engine) as db:
        db_item = db.exec(select(Item).where(Item.slug == slug)).one()
        db_item.title = title
        db.add(db_item)
        db.commit()
        db.refresh(db_item)
        return db_item


def test_the_lock_names_its_holder_and_keeps_a_second_builder_out(tmp_path):
    first = BuildLock(tmp_path / "index", "'dilemmatafel reindex'")
    second = BuildLock(tmp_path / "index", "de webserver")
    assert first.acquire()
    try:
        assert not second.acquire(wait=False)
        holder = second.holder()
        assert holder.pid == os.getpid() and holder.host
        assert holder.describe().startswith(f"'dilemmatafel reindex' (proces {os.getpid()} op ")
    finally:
        first.release()
    assert second.acquire(wait=False)
    second.release()


def test_a_lock_left_by_a_killed_builder_does_not_block_the_next_build(tmp_path, index):
    holder = spawn(
        f"""
        from backend.search.buildlock import BuildLock
        BuildLock({str(index.directory)!r}, "'dilemmatafel reindex'").acquire()
        print("vast", flush=True)
        input()
        """
    )
    assert holder.stdout.readline().strip() == "vast"
    assert not BuildLock(index.directory, "test").acquire(wait=False)
    kill_9(holder)
    # The lock file still names the killed process, but nothing holds it any more.
    assert BuildLock(index.directory, "test").holder().pid == holder.pid
    lock = BuildLock(index.directory, "test")
    assert lock.acquire(wait=False)
    lock.release()
    assert index.rebuild() == 4


def ends_within(pid: int, seconds: float) -> bool:
    """True when process `pid` (not our child) has ended or ends within `seconds`."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(wait_readable([pidfd], [], [], seconds)[0])
    finally:
        os.close(pidfd)


def test_worker_processes_of_a_killed_builder_neither_keep_the_lock_nor_linger(tmp_path):
    """The command line builds with several processes (Whoosh forks workers)."""
    directory = tmp_path / "index"
    holder = spawn(
        f"""
        import multiprocessing, time
        from backend.search.buildlock import BuildLock
        BuildLock({str(directory)!r}, "'dilemmatafel reindex'").acquire()
        fork = multiprocessing.get_context("fork")
        running = fork.Event()
        def work():
            running.set()
            time.sleep(600)
        child = fork.Process(target=work)
        child.start()
        running.wait()
        print(child.pid, flush=True)
        input()
        """
    )
    child_pid = int(holder.stdout.readline())
    try:
        kill_9(holder)
        lock = BuildLock(directory, "test")
        assert lock.acquire(wait=False), "a forked child kept the lock"
        lock.release()
        if sys.platform == "linux":
            assert ends_within(child_pid, 30), "a forked child outlived its builder"
    finally:
        if not ends_within(child_pid, 0):
            os.kill(child_pid, signal.SIGKILL)


def paused_build(index: SearchIndex, env: dict) -> subprocess.Popen:
    """A `reindex`-like build in another process, paused after it read the database."""
    builder = spawn(
        f"""
        from backend.db import make_engine
        from backend.search import index as index_module
        from backend.search.index import SearchIndex

        document, paused = index_module.item_document, []
        def pausing_document(db_item):
            if not paused:
                paused.append(True)
                print("halverwege", flush=True)
                input()
            return document(db_item)
        index_module.item_document = pausing_document
        engine = make_engine({env["DT_DATABASE_URL"]!r})
        SearchIndex({str(index.directory)!r}, engine, "'dilemmatafel reindex'").rebuild()
        """,
        env=env,
    )
    assert builder.stdout.readline().strip() == "halverwege", builder.stderr.read()
    return builder


def test_a_build_killed_halfway_keeps_the_old_index_and_blocks_nothing(engine, index, cli_env):
    rename_item(engine, "grondexploitatie-besloten", "Geheime grondexploitatie Zonnewijk")
    kill_9(paused_build(index, cli_env))
    # The old, complete index is still the one searched (without the new title).
    assert index.damage() is None
    assert slugs(search(engine, index, q="Zonnewijk")) == []
    assert slugs(search(engine, index, q="hockeyclub")) == ["subsidie-eigen-sportvereniging"]
    # The next build neither waits nor trips over what the killed one left.
    result = runner.invoke(cli, ["reindex"])
    assert result.exit_code == 0, result.output
    assert "Zoekindex opgebouwd: 4 items" in result.output
    assert slugs(search(engine, index, q="Zonnewijk")) == ["grondexploitatie-besloten"]


def test_a_write_during_a_command_line_build_is_not_lost(engine, index, cli_env):
    builder = paused_build(index, cli_env)
    db_item = rename_item(engine, "grondexploitatie-besloten", "Grondexploitatie Zonnewijk")
    index.update_items([db_item])  # returns at once, without raising
    builder.stdin.write("\n")
    builder.stdin.flush()
    assert builder.wait(timeout=120) == 0
    # The command line swapped in an index built before the write; the server catches up.
    assert index.wait_until_idle(60)
    assert slugs(search(engine, index, q="Zonnewijk")) == ["grondexploitatie-besloten"]
    assert index.needs_rebuild() is None


def test_reindex_waits_for_a_running_build_and_says_so_in_dutch(index, cli_env):
    lock = BuildLock(index.directory, "de webserver")
    lock.acquire()
    try:
        reindex = spawn("from backend.cli import app; app(['reindex'])", env=cli_env)
        line = reindex.stderr.readline()
        assert "De zoekindex wordt al opgebouwd door de webserver (proces" in line
        assert "Deze opdracht wacht tot dat klaar is" in line
        assert reindex.poll() is None  # still waiting
    finally:
        lock.release()
    out, err = reindex.communicate(timeout=120)
    assert reindex.returncode == 0, err
    assert "Zoekindex opgebouwd: 4 items" in out


def test_a_failing_update_never_raises_and_one_rebuild_catches_up(engine, index, monkeypatch):
    def broken_writer():
        raise OSError("schijf vol")

    monkeypatch.setattr(index.open(), "writer", broken_writer)
    db_item = rename_item(engine, "grondexploitatie-besloten", "Grondexploitatie Zonnewijk")
    index.update_items([db_item])
    assert index.wait_until_idle(60)
    assert slugs(search(engine, index, q="Zonnewijk")) == ["grondexploitatie-besloten"]


def test_a_failed_rebuild_is_retried_after_a_pause_not_on_every_search(
    engine, index, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger="backend.search.index")
    document = index_module.item_document

    def failing_document(db_item):
        raise OSError("schijf vol")

    monkeypatch.setattr(index_module, "item_document", failing_document)
    for toc in index.directory.glob("_MAIN_*.toc"):
        toc.unlink()  # damaged: the next search finds out
    first = search(engine, index, q="raad")
    assert first.unavailable and "Zoeken is even niet beschikbaar" in first.message
    assert index.wait_until_idle(60)
    for _ in range(5):
        outcome = search(engine, index, q="raad")
        assert outcome.unavailable and "meld het dan aan de beheerder" in outcome.message
    assert index.wait_until_idle(60)
    failures = [r for r in caplog.records if r.getMessage().startswith("rebuilding the search")]
    assert len(failures) == 1
    # Once the pause is over, the next search starts one new attempt, which succeeds.
    monkeypatch.setattr(index_module, "item_document", document)
    monkeypatch.setattr(index_module, "_clock", lambda: time.monotonic() + 3600)
    assert search(engine, index, q="raad").unavailable
    assert index.wait_until_ready(60)
    assert slugs(search(engine, index, q="hockeyclub")) == ["subsidie-eigen-sportvereniging"]
