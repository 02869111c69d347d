"""The open searcher and its postings cache: kept across searches, bounded, replaced with
the index generation."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from whoosh import index as whoosh_index

from backend.main import create_app
from backend.models import Item
from backend.search import postings
from backend.search.index import SearchIndex
from backend.search.parse import parse_user_query
from backend.search.plan import synonym_phrases
from backend.search.postings import (
    DOCUMENT_OVERHEAD,
    DOCUMENT_SHARE,
    Snapshot,
    most_frequent_terms,
)
from backend.search.query import prefix_terms, search_collection
from tests.conftest import make_settings


@pytest.fixture
def index(tmp_path, engine, fixture_db):
    search_index = SearchIndex(tmp_path / "index", engine, warm=False)
    search_index.start(background=False)
    return search_index


def search(engine, index, text):
    with Session(engine) as db:
        return [hit.slug for hit in search_collection(db, index, [("q", text)], 20).result.hits]


def test_the_searcher_stays_open_until_the_index_changes(engine, index):
    search(engine, index, "raad")
    with index.reading() as first:
        pass
    search(engine, index, "hockeyclub")
    with index.reading() as second:
        assert second is first and not first.searcher.is_closed
    with Session(engine) as db:
        db_item = db.exec(select(Item).where(Item.slug == "grondexploitatie-besloten")).one()
        db_item.title = "Geheime grondexploitatie Zonnewijk"
        db.add(db_item)
        db.commit()
        db.refresh(db_item)
        index.update_items([db_item])
    # The write is visible in the very next search, through a new snapshot.
    assert search(engine, index, "Zonnewijk") == ["grondexploitatie-besloten"]
    with index.reading() as third:
        assert third is not first and third.generation != first.generation


def test_the_postings_cache_stays_within_its_byte_bound(index):
    searcher = whoosh_index.open_dir(str(index.directory)).searcher()
    reader = searcher.reader()
    terms = [t.decode() for _, t in reader.most_frequent_terms("content", number=40)]
    one = Snapshot(searcher, 0, cache_bytes=1 << 20)
    sizes = [sum(a.nbytes for a in one.term_scores("content", t)) for t in terms]
    limit = sum(sizes[:5])
    snapshot = Snapshot(searcher, 0, cache_bytes=limit)
    for text in terms:
        snapshot.term_scores("content", text)
        snapshot.term_scores("content", terms[0])  # kept warm: the least recent go first
        assert snapshot.cached_bytes <= limit
    assert ("content", terms[0]) in snapshot._cache
    assert ("content", terms[1]) not in snapshot._cache
    searcher.close()


def test_warming_loads_the_most_frequent_terms(index):
    searcher = whoosh_index.open_dir(str(index.directory)).searcher()
    snapshot = Snapshot(searcher, 0, cache_bytes=1 << 20)
    phrases = synonym_phrases()
    assert snapshot.warm(limit=10) == 20 + len(phrases)
    frequent = next(iter(searcher.reader().most_frequent_terms("content", number=1)))[1]
    assert ("content", frequent.decode()) in snapshot._cache
    assert (phrases[0].field, phrases[0].stems) in snapshot._cache
    searcher.close()


def test_warming_a_small_collection_reads_every_document_within_its_share(index):
    searcher = whoosh_index.open_dir(str(index.directory)).searcher()
    count = searcher.doc_count_all()
    snapshot = Snapshot(searcher, 0, cache_bytes=1 << 20)
    snapshot.warm(limit=1)
    assert sorted(snapshot._documents) == list(range(count))
    assert snapshot.stored_fields(1) == searcher.stored_fields(1)

    room_for_two = Snapshot(searcher, 0, cache_bytes=4 * (2 * DOCUMENT_OVERHEAD + 1000))
    room_for_two.warm(limit=1)
    assert 0 < len(room_for_two._documents) < count
    assert room_for_two.document_bytes <= room_for_two.cache_limit // DOCUMENT_SHARE
    searcher.close()


def test_warming_a_large_collection_leaves_the_documents_to_the_searches(index, monkeypatch):
    searcher = whoosh_index.open_dir(str(index.directory)).searcher()
    monkeypatch.setattr(postings, "WARM_DOCUMENTS", searcher.doc_count_all() - 1)
    snapshot = Snapshot(searcher, 0, cache_bytes=1 << 20)
    snapshot.warm(limit=1)
    assert snapshot._documents == {}
    searcher.close()


@pytest.mark.parametrize("warm_up", [True, False])
def test_the_app_warms_its_index_after_opening_unless_told_not_to(tmp_path, fixture_db, warm_up):
    settings = make_settings(tmp_path, fixture_db).model_copy(update={"search_warm_up": warm_up})
    app = create_app(settings)
    with TestClient(app):
        search_index = app.state.search_index
        assert search_index.wait_until_ready(30)
        deadline = time.monotonic() + 30
        with search_index.reading() as snapshot:
            while warm_up and snapshot.document_bytes == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert (snapshot.cached_bytes > 0) is warm_up
            assert (snapshot.document_bytes > 0) is warm_up


def test_hit_documents_are_the_stored_fields_and_stay_within_a_quarter_of_the_cache(index):
    searcher = whoosh_index.open_dir(str(index.directory)).searcher()
    count = searcher.doc_count_all()
    limit = 4 * (2 * DOCUMENT_OVERHEAD + 1000)  # room for two small documents, not all
    snapshot = Snapshot(searcher, 0, cache_bytes=limit)
    for docnum in [*range(count), 0, 1]:
        assert snapshot.stored_fields(docnum) == searcher.stored_fields(docnum)
        assert snapshot.document_bytes <= limit // DOCUMENT_SHARE
    # The most recent stays, the least recent were dropped.
    assert 1 in snapshot._documents and len(snapshot._documents) < count
    searcher.close()


def test_the_most_frequent_terms_summed_per_segment_are_whooshs(engine, index):
    with Session(engine) as db:
        db_item = db.exec(select(Item).where(Item.slug == "grondexploitatie-besloten")).one()
        index.update_items([db_item])  # an update adds a second segment
    searcher = whoosh_index.open_dir(str(index.directory)).searcher()
    reader = searcher.reader()
    assert not reader.is_atomic()
    for fieldname in ("content", "title"):
        expected = reader.most_frequent_terms(fieldname, number=60)
        assert most_frequent_terms(reader, fieldname, 60) == expected
    searcher.close()


def test_prefix_widening_is_remembered_per_snapshot(index):
    with index.reading() as snapshot:
        reader = snapshot.searcher.reader()
        word = next(t.decode() for t in reader.lexicon("content") if len(t) >= 8)[:6]
        first = prefix_terms(snapshot, parse_user_query(word))
        assert first and all(term.startswith(word[:4]) for term in first)
        snapshot.searcher.reader = None  # a second ask must not read the index
        assert prefix_terms(snapshot, parse_user_query(word)) == first
        del snapshot.searcher.reader
