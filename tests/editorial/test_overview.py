"""The editors' overview: search, filters by type and state, and paging."""

from __future__ import annotations

from backend.content.types import CONTENT_TYPES
from backend.editorial import overview, workflow
from backend.editorial.overview import OverviewQuery, editorial_overview
from tests.factories import make_front, make_sections


def add_dilemmas(db, author, count: int) -> None:
    for number in range(count):
        front = make_front(
            "dilemma", slug=f"dilemma-{number:03d}", title=f"Dilemma nummer {number}"
        )
        workflow.create_item(db, author, CONTENT_TYPES["dilemma"], front, make_sections("dilemma"))
    db.commit()


def titles(result) -> set[str]:
    return {row.title for row in result.rows}


def test_unknown_values_in_an_old_link_are_ignored():
    query = OverviewQuery.parse("  subsidie   hockey ", "roman", "weg", "-3")
    assert query == OverviewQuery(text="subsidie hockey", type_key="", status="", page=1)
    assert OverviewQuery.parse("", "dilemma", "review", "2") == OverviewQuery(
        "", "dilemma", "review", 2
    )


def test_search_matches_every_word_in_title_slug_or_summary(fixture_db, db, people):
    add_dilemmas(db, people["auteur"], 3)
    found = editorial_overview(db, OverviewQuery(text="NUMMER 2"))
    assert titles(found) == {"Dilemma nummer 2"} and found.total == 1
    assert editorial_overview(db, OverviewQuery(text="dilemma-001")).total == 1
    assert editorial_overview(db, OverviewQuery(text="nummer bestaatniet")).total == 0


def test_filters_by_type_and_state(fixture_db, db, people):
    add_dilemmas(db, people["auteur"], 2)
    everything = editorial_overview(db, OverviewQuery())
    dilemmas = editorial_overview(db, OverviewQuery(type_key="dilemma"))
    assert 0 < dilemmas.total < everything.total
    assert all(row.item.type == "dilemma" for row in dilemmas.rows)
    drafts = editorial_overview(db, OverviewQuery(status="draft"))
    assert titles(drafts) == {"Dilemma nummer 0", "Dilemma nummer 1"}
    assert editorial_overview(db, OverviewQuery(status="review")).total == 0
    item = drafts.rows[0].item
    workflow.submit_for_review(db, people["auteur"], item)
    db.commit()
    in_review = editorial_overview(db, OverviewQuery(status="review"))
    assert [row.item.slug for row in in_review.rows] == [item.slug]


def test_pages_hold_a_page_size_each_and_a_page_past_the_end_shows_the_last(db, people):
    add_dilemmas(db, people["auteur"], overview.PAGE_SIZE + 3)
    first = editorial_overview(db, OverviewQuery())
    assert (first.total, first.pages, len(first.rows)) == (overview.PAGE_SIZE + 3, 2, 25)
    past = editorial_overview(db, OverviewQuery(page=99))
    assert past.page == 2 and len(past.rows) == 3
    assert not titles(first) & titles(past)


def test_paging_links_keep_the_query():
    query = OverviewQuery(text="gift", type_key="dilemma", status="draft", page=1)
    assert query.params(2) == [
        ("q", "gift"),
        ("soort", "dilemma"),
        ("status", "draft"),
        ("pagina", 2),
    ]
    assert OverviewQuery().params(1) == []
