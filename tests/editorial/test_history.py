"""The history page's data: each revision with what changed since the one before."""

from __future__ import annotations

from sqlmodel import select

from backend.content.types import CONTENT_TYPES
from backend.editorial import history, workflow
from backend.models import Item
from tests.factories import make_front, make_sections

DILEMMA = CONTENT_TYPES["dilemma"]


def new_item(session, author):
    front = make_front("dilemma", slug="nieuw-dilemma")
    item = workflow.create_item(session, author, DILEMMA, front, make_sections("dilemma"))
    session.commit()
    return item


def save(session, editor, item, **changes):
    copy = workflow.working_copy(session, item)
    front = {**copy.front, **changes}
    workflow.save_draft(session, editor, item, front, copy.sections, copy.version)
    session.commit()


def test_each_revision_shows_the_lines_that_changed_since_the_one_before(session, people):
    item = new_item(session, people["auteur"])
    save(session, people["collega"], item, minutes=40)
    changes = history.item_history(session, item).changes
    assert [(c.revision.number, c.revision.action) for c in changes] == [(2, "save"), (1, "create")]
    assert changes[0].diff == [
        "@@ -9,3 +9,3 @@",
        " difficulty: 1",
        "-minutes: 10",
        "+minutes: 40",
        " options:",
    ]
    assert changes[1].diff == []  # the first version has nothing to compare with


def test_a_revision_that_changed_no_text_shows_no_changes(session, people):
    item = new_item(session, people["auteur"])
    workflow.submit_for_review(session, people["auteur"], item)
    session.commit()
    newest = history.item_history(session, item).changes[0]
    assert newest.revision.action == "submit" and newest.diff == []


def test_a_changed_section_is_shown_as_its_text(session, people):
    item = new_item(session, people["auteur"])
    copy = workflow.working_copy(session, item)
    sections = {**copy.sections, "question": "Wat doet u nu?"}
    workflow.save_draft(session, people["auteur"], item, copy.front, sections, copy.version)
    session.commit()
    diff = history.item_history(session, item).changes[0].diff
    assert "-Tekst van de sectie Vraag." in diff and "+Wat doet u nu?" in diff
    assert not any(line.startswith(("+", "-")) and "minutes" in line for line in diff)


def test_history_names_the_authors_of_its_revisions(session, people):
    item = new_item(session, people["auteur"])
    save(session, people["collega"], item, minutes=40)
    authors = history.item_history(session, item).authors
    assert authors == {
        people["auteur"].id: "auteur@example.org",
        people["collega"].id: "collega@example.org",
    }


def test_a_version_reads_as_its_content_file(session, people):
    item = new_item(session, people["auteur"])
    text = history.version_text(item, {**item.front, "minutes": 25}, item.sections)
    assert text.startswith("---\nslug: nieuw-dilemma\n")
    assert "\nminutes: 25\n" in text and "\n## Vraag\n\nTekst van de sectie Vraag.\n" in text


def test_an_imported_item_has_an_empty_history(fixture_db, session):
    item = session.exec(select(Item).where(Item.slug == "subsidie-eigen-sportvereniging")).one()
    assert history.item_history(session, item) == history.History([], {})
