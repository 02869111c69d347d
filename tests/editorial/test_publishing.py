"""Publishing and archiving through `editorial.publishing`: committed, then in search."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import Session, select

from backend.content.types import CONTENT_TYPES
from backend.editorial import publishing, workflow
from backend.models import Item
from backend.search.index import SearchIndex
from backend.search.query import search_collection
from tests.factories import make_front, make_sections

SLUG = "zonnepanelen-op-het-raadhuis"


@pytest.fixture
def index(tmp_path, engine, fixture_db):
    search_index = SearchIndex(tmp_path / "index", engine)
    search_index.start(background=False)
    return search_index


def found(engine, index, q: str) -> list[str]:
    with Session(engine) as db:
        outcome = search_collection(db, index, [("q", q)], 20)
    return [hit.slug for hit in outcome.result.hits]


def status(engine, slug: str) -> str:
    """The item's status as another connection reads it: only what was committed."""
    with Session(engine) as db:
        return db.exec(select(Item.status).where(Item.slug == slug)).one()


def submitted(db, people) -> Item:
    front = make_front("dilemma", slug=SLUG, title="Zonnepanelen op het raadhuis")
    dilemma = CONTENT_TYPES["dilemma"]
    item = workflow.create_item(db, people["auteur"], dilemma, front, make_sections())
    workflow.submit_for_review(db, people["auteur"], item)
    db.commit()
    return item


def newest(db, item) -> int:
    return workflow.newest_version(db, item)


def test_an_approved_item_is_published_and_found(engine, index, db, people):
    item = submitted(db, people)
    assert found(engine, index, "zonnepanelen") == []
    publishing.approve(db, index, people["collega"], item, newest(db, item))
    assert status(engine, SLUG) == "published"
    assert found(engine, index, "zonnepanelen") == [SLUG]


def test_a_direct_publication_is_found(engine, index, db, people):
    item = submitted(db, people)
    publishing.publish_directly(db, index, people["beheerder"], item, newest(db, item))
    assert status(engine, SLUG) == "published"
    assert found(engine, index, "zonnepanelen") == [SLUG]


def test_an_archived_item_leaves_search(engine, index, db, people):
    assert found(engine, index, "hockeyclub") == ["subsidie-eigen-sportvereniging"]
    item = db.exec(select(Item).where(Item.slug == "subsidie-eigen-sportvereniging")).one()
    publishing.archive(db, index, people["auteur"], item)
    assert status(engine, item.slug) == "archived"
    assert found(engine, index, "hockeyclub") == []


def test_a_refused_approval_reaches_neither_the_database_nor_search(engine, index, db, people):
    item = submitted(db, people)
    with pytest.raises(workflow.WorkflowError, match="vier ogen"):
        publishing.approve(db, index, people["auteur"], item, newest(db, item))
    db.rollback()
    assert status(engine, SLUG) == "draft"
    assert found(engine, index, "zonnepanelen") == []


def test_the_index_is_written_after_the_commit(engine, db, people):
    """What the index is given is what every other connection already reads."""

    class Recorder:
        def __init__(self):
            self.seen = []

        def update_items(self, items, removed_slugs=()):
            self.seen += [(item.slug, status(engine, item.slug)) for item in items]

    item = submitted(db, people)
    recorder = Recorder()
    publishing.approve(db, recorder, people["collega"], item, newest(db, item))
    assert recorder.seen == [(SLUG, "published")]


def test_a_publication_stands_when_the_index_cannot_be_written(engine, index, db, people):
    item = submitted(db, people)
    shutil.rmtree(index.directory)
    publishing.approve(db, index, people["collega"], item, newest(db, item))
    assert status(engine, SLUG) == "published"
    assert index.wait_until_idle(60) and index.ready
    assert found(engine, index, "zonnepanelen") == [SLUG]


def test_a_created_item_is_committed_and_the_index_keeps_up(engine, index, db, people):
    front = make_front("dilemma", slug=SLUG, title="Zonnepanelen op het raadhuis")
    dilemma = CONTENT_TYPES["dilemma"]
    publishing.create_item(db, index, people["auteur"], dilemma, front, make_sections())
    assert status(engine, SLUG) == "draft"
    assert index.needs_rebuild() is None  # no rebuild at the next start
    assert found(engine, index, "zonnepanelen") == []  # a draft is never found
