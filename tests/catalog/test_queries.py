"""Lists: filters combine (OR within, AND across), counts, pages, visibility, relations."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from backend.catalog import queries
from backend.content.store import import_records
from backend.content.types import CASE_TYPES, DILEMMA
from backend.models import Item
from tests.factories import make_record


@pytest.fixture
def db(engine):
    records = [
        make_record(
            slug="a-provincie",
            title="Aaa provincie",
            levels=["provincie"],
            difficulty=1,
            legal_refs=["awb-2-4"],
        ),
        make_record(
            slug="b-gemeente",
            title="Bbb gemeente",
            levels=["gemeente"],
            difficulty=2,
            themes=["nevenfuncties"],
        ),
        make_record(
            slug="c-beide",
            title="Ccc beide",
            levels=["gemeente", "provincie"],
            difficulty=2,
            themes=["nevenfuncties", "belangenverstrengeling"],
        ),
        make_record(slug="d-concept", title="Ddd concept", status="draft"),
        make_record(slug="e-intern", title="Eee intern", visibility="internal"),
        make_record("secrecy", slug="f-geheim", title="Fff geheim"),
    ]
    import_records(engine, records)
    with Session(engine) as db:
        yield db


def run(db, params, types=(DILEMMA,), page_size=20):
    return queries.list_items(db, queries.parse_list_query(list(types), params), page_size)


def slugs(page):
    return [item.slug for item in page.items]


def counts(page, facet):
    result = next(r for r in page.facets if r.facet.name == facet)
    return {c.value: c.count for c in result.counts}


def test_only_published_public_items_of_the_type_in_title_order(db):
    assert slugs(run(db, [])) == ["a-provincie", "b-gemeente", "c-beide"]


def test_values_of_one_filter_combine_with_or(db):
    page = run(db, [("bestuurslaag", "provincie"), ("bestuurslaag", "gemeente")])
    assert page.total == 3


def test_different_filters_combine_with_and(db):
    page = run(db, [("bestuurslaag", "provincie"), ("thema", "nevenfuncties")])
    assert slugs(page) == ["c-beide"]


def test_counts_show_what_adding_a_value_would_give(db):
    page = run(db, [("bestuurslaag", "provincie")])
    # Other values of the selected facet are counted without its own filter (OR semantics).
    assert counts(page, "levels") == {"gemeente": 2, "provincie": 2}
    # Other facets are counted within the current result.
    assert counts(page, "themes") == {"belangenverstrengeling": 2, "nevenfuncties": 1}
    assert counts(page, "difficulty") == {"1": 1, "2": 1}


def test_selected_value_without_results_is_still_listed(db):
    page = run(db, [("thema", "ondermijning")])
    assert page.total == 0
    themes = next(r for r in page.facets if r.facet.name == "themes")
    assert [(c.value, c.count, c.selected) for c in themes.counts if c.selected] == [
        ("ondermijning", 0, True)
    ]


def test_pages(db):
    first, second = run(db, [], page_size=2), run(db, [("pagina", "2")], page_size=2)
    assert (first.pages, slugs(first), slugs(second)) == (
        2,
        ["a-provincie", "b-gemeente"],
        ["c-beide"],
    )
    with pytest.raises(queries.InvalidQuery, match="Pagina 3 bestaat niet"):
        run(db, [("pagina", "3")], page_size=2)


def test_page_numbers_are_windowed():
    page = queries.ItemPage([], 1000, 10, 50, 20, [])
    assert page.page_numbers() == [1, None, 8, 9, 10, 11, 12, None, 50]


@pytest.mark.parametrize("params", [[("thema", "onbekend")], [("pagina", "0")], [("pagina", "x")]])
def test_bad_parameters_raise_a_dutch_message(db, params):
    with pytest.raises(queries.InvalidQuery):
        run(db, params)


def test_unknown_parameters_and_empty_values_are_ignored(db):
    assert run(db, [("utm_source", "nieuwsbrief"), ("thema", "")]).total == 3


def test_filters_of_another_type_are_not_accepted(db):
    assert run(db, [("regime", "voor-2023")]).total == 3
    assert run(db, [("regime", "sinds-2023")], types=CASE_TYPES).total == 1


def test_changes_show_up_at_once(db):
    db_item = db.exec(select(Item).where(Item.slug == "a-provincie")).one()
    db_item.status = "archived"
    db.add(db_item)
    db.commit()
    assert slugs(run(db, [])) == ["b-gemeente", "c-beide"]


def test_related_items_share_theme_or_article_most_first(db):
    db_item = db.exec(select(Item).where(Item.slug == "c-beide")).one()
    related = [item.slug for item in queries.related_items(db, db_item)]
    assert related[0] == "b-gemeente"
    assert "d-concept" not in related and "e-intern" not in related


def test_items_with_tag_are_grouped_by_type(db):
    grouped = queries.items_with_tag(db, "legal_refs", "gemeentewet-28")
    assert [item.slug for item in grouped["dilemma"]] == ["b-gemeente", "c-beide"]
    assert [item.slug for item in grouped["secrecy"]] == ["f-geheim"]
