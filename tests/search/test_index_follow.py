"""Several processes, one database: each index follows the search change log.

Two `SearchIndex` objects over one database stand for two server processes with their own
index folders. What one publishes reaches the other's search through the log, once.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from backend.content.store import import_collection, import_records
from backend.content.types import CONTENT_TYPES
from backend.db import make_engine, migrate
from backend.editorial import publishing, workflow
from backend.main import create_app
from backend.models import (
    Item,
    ItemDraft,
    ItemRevision,
    ItemTag,
    SearchChange,
    User,
    log_search_changes,
)
from backend.search import changelog
from backend.search.folder import IndexProblem, read_marker, write_marker
from backend.search.follow import IndexFollower
from backend.search.index import SearchIndex
from tests.conftest import FIXTURE_CONTENT, make_settings
from tests.factories import make_front, make_record, make_sections
from tests.helpers import add_user
from tests.search.test_search import search, slugs

SLUG = "zonnepanelen-op-het-raadhuis"


def started(directory, engine) -> SearchIndex:
    index = SearchIndex(directory, engine, warm=False)
    index.start(background=False)
    return index


@pytest.fixture
def pair(tmp_path, engine, fixture_db):
    """Process A's and process B's index, each in its own folder, over one database."""
    return started(tmp_path / "a", engine), started(tmp_path / "b", engine)


@pytest.fixture
def admin(engine):
    with Session(engine) as db:
        return db.get(User, add_user(engine, "beheer@example.org", "admin"))


def publish_on(engine, index, admin, title="Zonnepanelen op het raadhuis") -> None:
    """Create and publish an item the way A's editor does: commit, then A's own index."""
    with Session(engine) as db:
        admin = db.get(User, admin.id)
        front = make_front("dilemma", slug=SLUG, title=title)
        item = publishing.create_item(
            db, index, admin, CONTENT_TYPES["dilemma"], front, make_sections()
        )
        publishing.publish_directly(db, index, admin, item, workflow.newest_version(db, item))


def archive_on(engine, index, admin) -> None:
    with Session(engine) as db:
        item = db.exec(select(Item).where(Item.slug == SLUG)).one()
        publishing.archive(db, index, db.get(User, admin.id), item)


def found(engine, index, q="zonnepanelen") -> list[str]:
    return slugs(search(engine, index, q=q))


def test_a_publication_on_a_is_found_on_b_once_b_has_followed(engine, pair, admin):
    a, b = pair
    publish_on(engine, a, admin)
    assert found(engine, a) == [SLUG]
    assert found(engine, b) == []  # B has not looked at the log yet
    assert b.follow() == 1
    assert found(engine, b) == [SLUG]
    # A's own write after the commit moved A's position too: nothing left to apply.
    assert a.follow() == 0
    assert a.needs_rebuild() is None and b.needs_rebuild() is None


def test_archiving_on_a_removes_the_item_from_b(engine, pair, admin):
    a, b = pair
    publish_on(engine, a, admin)
    b.follow()
    archive_on(engine, a, admin)
    assert b.follow() == 1
    assert found(engine, a) == [] and found(engine, b) == []


def test_an_item_deleted_from_the_database_leaves_every_index(engine, pair, admin):
    a, b = pair
    publish_on(engine, a, admin)
    b.follow()
    with Session(engine) as db:  # no screen deletes items yet; a deleter logs like this
        item_id = db.exec(select(Item.id).where(Item.slug == SLUG)).one()
        for table in (ItemRevision, ItemDraft, ItemTag):
            db.exec(delete(table).where(col(table.item_id) == item_id))
        db.exec(delete(Item).where(col(Item.id) == item_id))
        log_search_changes(db, [SLUG])
        db.commit()
    assert b.follow() == 1
    assert found(engine, b) == []


def test_a_change_applied_twice_is_held_once(engine, pair, admin):
    a, b = pair
    publish_on(engine, a, admin)
    b.follow()
    # B's position goes back to the start of the log: every change is applied again.
    marker = read_marker(b.directory)
    write_marker(b.directory, tuple(marker["token"]), 0)
    assert b.follow() > 1
    assert found(engine, b) == [SLUG]
    with Session(engine) as db, b.reading() as snapshot:
        held = [slug for slug, live in zip(snapshot.slugs, snapshot.live, strict=True) if live]
        assert sorted(held) == sorted(db.exec(select(Item.slug)))  # each item once


def test_a_process_started_late_catches_up_without_a_rebuild(tmp_path, engine, pair, admin):
    a, b = pair
    inode = os.stat(b.directory).st_ino
    publish_on(engine, a, admin)
    import_records(engine, [make_record(slug="nieuw-na-b", title="Warmtenet in de wijk")])
    assert b.needs_rebuild() is IndexProblem.CHANGES
    restarted = started(b.directory, engine)
    assert os.stat(restarted.directory).st_ino == inode  # the same folder: caught up, not rebuilt
    assert found(engine, restarted) == [SLUG]
    assert found(engine, restarted, "warmtenet") == ["nieuw-na-b"]
    assert restarted.needs_rebuild() is None


def test_a_process_started_late_serves_while_it_catches_up_in_the_background(engine, pair, admin):
    a, b = pair
    publish_on(engine, a, admin)
    restarted = SearchIndex(b.directory, engine, warm=False)
    restarted.start(background=True)
    assert restarted.ready  # the index is sound: it answers while it catches up
    assert restarted.wait_until_idle(60)
    assert found(engine, restarted) == [SLUG]


def test_a_process_further_behind_than_the_log_reaches_rebuilds(engine, pair, admin):
    a, b = pair
    inode = os.stat(b.directory).st_ino
    publish_on(engine, a, admin)
    import_records(engine, [make_record(slug="nieuw-na-b", title="Warmtenet in de wijk")])
    with Session(engine) as db:
        assert changelog.prune_changes(db, timedelta(0)) > 0  # all but the newest
    assert b.needs_rebuild() is IndexProblem.LOG_PRUNED
    restarted = started(b.directory, engine)
    assert os.stat(restarted.directory).st_ino != inode  # rebuilt into a new folder
    assert found(engine, restarted) == [SLUG]
    assert found(engine, restarted, "warmtenet") == ["nieuw-na-b"]


def test_a_running_process_whose_position_was_pruned_rebuilds(engine, pair, admin):
    a, b = pair
    publish_on(engine, a, admin)
    import_records(engine, [make_record(slug="nieuw-na-b", title="Warmtenet in de wijk")])
    with Session(engine) as db:
        changelog.prune_changes(db, timedelta(0))
    b.follow()
    assert b.wait_until_idle(60) and b.ready
    assert found(engine, b) == [SLUG]
    assert b.needs_rebuild() is None


def test_pruning_keeps_recent_changes_and_always_the_newest(engine, fixture_db):
    with Session(engine) as db:
        newest = changelog.latest_change_id(db)
        assert newest > 0  # the import logged every item
        assert changelog.prune_changes(db, timedelta(days=7)) == 0
        changelog.prune_changes(db, timedelta(0))
        assert [change.id for change in db.exec(select(SearchChange))] == [newest]


def test_importing_logs_exactly_the_changed_items(engine, fixture_db):
    def logged() -> list[str]:
        with Session(engine) as db:
            return [c.slug for c in db.exec(select(SearchChange).order_by(SearchChange.id))]

    before = logged()
    assert len(before) == len(set(before)) > 0
    import_collection(engine, FIXTURE_CONTENT)  # nothing changed: nothing logged
    assert logged() == before
    import_records(engine, [make_record(slug="nieuw", title="Nieuw")])
    assert logged() == [*before, "nieuw"]


def test_the_follower_thread_brings_a_publication_to_b_within_two_seconds(engine, pair, admin):
    a, b = pair
    follower = IndexFollower(b, interval=0.05, keep=timedelta(days=7))
    follower.start()
    try:
        publish_on(engine, a, admin)
        deadline = time.monotonic() + 2
        while found(engine, b) != [SLUG]:
            assert time.monotonic() < deadline, "B did not find the publication within 2 s"
            time.sleep(0.02)
    finally:
        follower.stop()
    assert not follower.running


def test_the_follower_outlives_a_database_that_is_away_and_logs_it_once(
    engine, pair, admin, caplog, monkeypatch
):
    caplog.set_level(logging.INFO, logger="backend.search.follow")
    a, b = pair
    real_follow, failures = b.follow, []

    def database_away() -> int:
        if len(failures) < 4:
            failures.append(1)
            raise OperationalError("SELECT max(id)", {}, Exception("connection refused"))
        return real_follow()

    monkeypatch.setattr(b, "follow", database_away)
    follower = IndexFollower(b, interval=0.02, keep=timedelta(days=7))
    follower.start()
    try:
        publish_on(engine, a, admin)
        deadline = time.monotonic() + 10
        while found(engine, b) != [SLUG]:
            assert time.monotonic() < deadline, "B never caught up after the database came back"
            time.sleep(0.05)
    finally:
        follower.stop()
    messages = [r.getMessage() for r in caplog.records]
    assert sum("cannot read the change log" in m for m in messages) == 1
    assert sum("can be read again" in m for m in messages) == 1
    assert all("connection refused" not in m for m in messages)  # the type only


def test_two_indexes_follow_one_postgresql_database(tmp_path, postgres_url):
    engine = make_engine(postgres_url)
    try:
        migrate(engine)
        import_collection(engine, FIXTURE_CONTENT)
        a, b = started(tmp_path / "a", engine), started(tmp_path / "b", engine)
        with Session(engine) as db:
            admin = db.get(User, add_user(engine, "beheer@example.org", "admin"))
        publish_on(engine, a, admin)
        assert b.follow() == 1
        assert found(engine, b) == [SLUG]
        archive_on(engine, a, admin)
        assert b.follow() == 1
        assert found(engine, b) == []
        with Session(engine) as db:
            changelog.prune_changes(db, timedelta(0))
        late = SearchIndex(tmp_path / "c", engine, warm=False)
        late.start(background=False)  # no folder: built from scratch, at the log's end
        assert late.needs_rebuild() is None
    finally:
        engine.dispose()


def test_a_deleted_folder_is_rebuilt_by_the_follower_without_a_search(engine, pair):
    _, b = pair
    shutil.rmtree(b.directory)
    assert b.follow() == 0
    assert b.wait_until_idle(60) and b.ready
    assert found(engine, b, "hockeyclub") == ["subsidie-eigen-sportvereniging"]


def test_a_log_that_went_back_restored_database_makes_the_index_rebuild(engine, pair):
    _, b = pair
    marker = read_marker(b.directory)
    write_marker(b.directory, tuple(marker["token"]), marker["change_id"] + 100)
    assert b.needs_rebuild() is IndexProblem.BEHIND
    b.follow()
    assert b.wait_until_idle(60) and b.needs_rebuild() is None


def test_the_app_starts_the_follower_and_stops_it_at_shutdown(tmp_path, fixture_db):
    app = create_app(make_settings(tmp_path, fixture_db))
    follower = app.state.index_follower
    with TestClient(app):
        assert follower.running
    assert not follower.running
    assert follower.interval == 0.5


def test_on_postgresql_change_ids_become_visible_in_their_order(postgres_url):
    """A writer waits while another holds uncommitted changes, so a follower that has seen
    id n never later finds a smaller id appear (and skip it)."""
    engine = make_engine(postgres_url)
    try:
        migrate(engine)
        with Session(engine) as first:
            log_search_changes(first, ["eerste"])
            second_done = threading.Event()

            def second_writer() -> None:
                with Session(engine) as second:
                    log_search_changes(second, ["tweede"])
                    second.commit()
                second_done.set()

            thread = threading.Thread(target=second_writer)
            thread.start()
            assert not second_done.wait(0.5)  # waits for the first to commit
            first.commit()
        thread.join(10)
        assert second_done.is_set()
        with Session(engine) as db:
            rows = db.exec(select(SearchChange.slug).order_by(SearchChange.id)).all()
        assert rows == ["eerste", "tweede"]
    finally:
        engine.dispose()


def test_the_follower_outlives_a_postgresql_server_that_stops_and_starts(
    tmp_path, postgres, postgres_url, caplog
):
    caplog.set_level(logging.INFO, logger="backend.search.follow")
    engine = make_engine(postgres_url)
    follower = None
    try:
        migrate(engine)
        import_collection(engine, FIXTURE_CONTENT)
        a, b = started(tmp_path / "a", engine), started(tmp_path / "b", engine)
        follower = IndexFollower(b, interval=0.05, keep=timedelta(days=7))
        follower.start()
        postgres.stop("fast")
        try:
            time.sleep(1.0)  # the follower meets the closed port several times
            assert follower.running
        finally:
            postgres.start()
        with Session(engine) as db:
            admin = db.get(User, add_user(engine, "beheer@example.org", "admin"))
        publish_on(engine, a, admin)
        deadline = time.monotonic() + 40  # the back-off waits up to MAX_BACKOFF (30 s)
        while found(engine, b) != [SLUG]:
            assert time.monotonic() < deadline, "B never caught up after PostgreSQL came back"
            time.sleep(0.1)
    finally:
        if follower is not None:
            follower.stop()
        engine.dispose()
    messages = [r.getMessage() for r in caplog.records]
    assert sum("cannot read the change log" in m for m in messages) == 1
    assert sum("can be read again" in m for m in messages) == 1
