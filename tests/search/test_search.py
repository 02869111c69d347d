"""Searching the fixture corpus: ranking, filters, counts, snippets, visibility, index upkeep."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import Session, select

from backend.catalog.queries import InvalidQuery
from backend.content.store import import_records
from backend.models import Item
from backend.search.index import SCHEMA_VERSION, SearchIndex
from backend.search.query import search_collection
from tests.factories import make_record


@pytest.fixture
def index(tmp_path, engine, fixture_db):
    search_index = SearchIndex(tmp_path / "index", engine)
    search_index.start(background=False)
    return search_index


def search(engine, index, **params):
    pairs = []
    for key, value in params.items():
        pairs.extend((key, v) for v in (value if isinstance(value, list) else [value]))
    with Session(engine) as db:
        return search_collection(db, index, pairs, 20)


def slugs(outcome):
    return [hit.slug for hit in outcome.result.hits]


def test_part_of_a_compound_finds_the_compound(engine, index):
    assert "subsidie-eigen-sportvereniging" in slugs(search(engine, index, q="vereniging"))


def test_synonym_finds_the_item(engine, index):
    # The fixture dilemma speaks of a 'hockeyclub'; 'sportclub' is in its synonym group.
    assert slugs(search(engine, index, q="sportclub"))[0] == "subsidie-eigen-sportvereniging"


def test_article_query_finds_items_citing_it(engine, index):
    found = set(slugs(search(engine, index, q="artikel 28 Gemeentewet")))
    assert found == {"subsidie-eigen-sportvereniging", "stemming-over-eigen-perceel"}


def test_filters_and_type_facet_combine_with_the_text(engine, index):
    outcome = search(engine, index, q="raadslid", soort="personal_interest")
    assert slugs(outcome) == ["stemming-over-eigen-perceel"]
    types = next(f for f in outcome.result.facets if f.facet.name == "type")
    assert {c.value: c.count for c in types.counts}["dilemma"] >= 1


def test_exclusion_removes_items(engine, index):
    assert "grondexploitatie-besloten" not in slugs(search(engine, index, q="raad -geheimhouding"))


def test_snippet_marks_matches_and_escapes_text(engine, index):
    hit = search(engine, index, q="hockeyclub").result.hits[0]
    assert "<mark>hockeyclub</mark>" in str(hit.snippet)


def test_misspelling_gets_a_suggestion(engine, index):
    assert search(engine, index, q="hockyclub").result.suggestion == "hockeyclub"


def test_empty_and_stop_word_queries_get_a_dutch_message(engine, index):
    assert search(engine, index, q="").message.startswith("Typ een of meer woorden")
    assert "veelvoorkomende woorden" in search(engine, index, q="de het een").message


def test_bad_sort_and_page_are_invalid(engine, index):
    with pytest.raises(InvalidQuery):
        search(engine, index, q="raad", sorteer="alfabet")
    with pytest.raises(InvalidQuery):
        search(engine, index, q="raad", pagina="negen")


def test_a_page_past_the_end_shows_the_last_page(engine, index):
    result = search(engine, index, q="raad", pagina="9").result
    assert result.page == result.pages == 1
    assert result.hits == search(engine, index, q="raad").result.hits
    assert any("Pagina 9 bestaat niet" in notice for notice in result.notices)


def test_drafts_and_internal_items_never_appear(engine, index):
    import_records(
        engine,
        [
            make_record(slug="geheim-concept", title="Concept over hockeyclub", status="draft"),
            make_record(slug="intern-stuk", title="Intern over hockeyclub", visibility="internal"),
        ],
    )
    index.rebuild()
    outcome = search(engine, index, q="hockeyclub")
    assert "geheim-concept" not in slugs(outcome) and "intern-stuk" not in slugs(outcome)
    counts = {
        c.value: c.count for f in outcome.result.facets if f.facet.name == "type" for c in f.counts
    }
    assert counts == {"dilemma": 1}


def test_suggestions_never_reveal_words_of_drafts_or_internal_items(engine, index):
    import_records(
        engine,
        [
            make_record(slug="geheim-concept", title="Concept over Xylofoonstraat", status="draft"),
            make_record(slug="intern-stuk", title="Over Zebrapadplan", visibility="internal"),
        ],
    )
    index.rebuild()
    assert search(engine, index, q="Xylofoonstrat").result.suggestion is None
    assert search(engine, index, q="Zebrapadplam").result.suggestion is None
    assert search(engine, index, q="hockyclub").result.suggestion == "hockeyclub"


def test_index_updates_after_a_write(engine, index):
    with Session(engine) as db:
        db_item = db.exec(select(Item).where(Item.slug == "grondexploitatie-besloten")).one()
        db_item.title = "Geheime grondexploitatie Zonnewijk"
        db.add(db_item)
        db.commit()
        db.refresh(db_item)
        index.update_items([db_item])
    assert slugs(search(engine, index, q="Zonnewijk")) == ["grondexploitatie-besloten"]
    assert index.needs_rebuild() is None


@pytest.mark.parametrize("damage", ["missing", "schema", "stale", "broken"])
def test_start_rebuilds_a_missing_stale_or_damaged_index(engine, index, damage):
    directory = index.directory
    if damage == "missing":
        shutil.rmtree(directory)
    elif damage == "schema":
        (directory / "dilemmatafel.json").write_text(f'{{"schema_version": {SCHEMA_VERSION - 1}}}')
    elif damage == "stale":
        import_records(
            engine, [make_record(slug="nieuw-na-index", title="Nieuw dilemma over zonnepanelen")]
        )
    else:
        for segment in directory.glob("*.seg"):
            segment.write_bytes(b"kapot")
        for toc in directory.glob("_MAIN_*.toc"):
            toc.write_bytes(b"kapot")
    assert index.needs_rebuild() is not None
    fresh = SearchIndex(directory, engine)
    fresh.start(background=False)
    assert fresh.ready and fresh.needs_rebuild() is None
    if damage == "stale":
        assert slugs(search(engine, fresh, q="zonnepanelen")) == ["nieuw-na-index"]


def test_search_reports_rebuilding_instead_of_failing(engine, tmp_path):
    rebuilding = SearchIndex(tmp_path / "leeg", engine)
    outcome = search(engine, rebuilding, q="raad")
    assert outcome.unavailable and "opnieuw opgebouwd" in outcome.message


def test_snippet_marks_whole_words_and_compound_parts_only():
    from backend.search.snippets import make_snippet

    text = "De koper las de krant. Een <b>Geheimhoudingsplicht</b> en beïnvloeding."
    html = str(make_snippet(text, ["per", "krant", "geheim", "beinvloed"]))
    assert "<mark>koper</mark>" not in html
    assert "<mark>krant</mark>" in html
    assert "<mark>Geheimhoudingsplicht</mark>" in html and "&lt;b&gt;" in html
    assert "<mark>beïnvloeding</mark>" in html
