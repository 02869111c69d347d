"""The history page's data: each revision with what changed since the one before."""

from __future__ import annotations

from sqlmodel import select

from backend.content.types import CONTENT_TYPES
from backend.editorial import history, workflow
from backend.models import Item
from tests.factories import make_front, make_sections

DILEMMA = CONTENT_TYPES["dilemma"]


def new_item(db, author):
    front = make_front("dilemma", slug="nieuw-dilemma")
    item = workflow.create_item(db, author, DILEMMA, front, make_sections("dilemma"))
    db.commit()
    return item


def save(db, editor, item, **changes):
    copy = workflow.working_copy(db, item)
    front = {**copy.front, **changes}
    workflow.save_draft(db, editor, item, front, copy.sections, copy.version)
    db.commit()


def test_each_revision_shows_the_fields_that_changed_since_the_one_before(db, people):
    item = new_item(db, people["auteur"])
    save(db, people["collega"], item, minutes=40)
    changes = history.item_history(db, item).changes
    assert [(c.revision.number, c.revision.action) for c in changes] == [(2, "save"), (1, "create")]
    assert changes[0].fields == [
        history.FieldChange(
            "Gespreksduur in minuten",
            [history.Segment("removed", "10")],
            [history.Segment("added", "40")],
        )
    ]
    assert changes[1].fields == []  # the first version has nothing to compare with


def test_a_revision_that_changed_no_text_shows_no_changes(db, people):
    item = new_item(db, people["auteur"])
    workflow.submit_for_review(db, people["auteur"], item)
    db.commit()
    newest = history.item_history(db, item).changes[0]
    assert newest.revision.action == "submit" and newest.fields == []


def test_a_changed_section_is_marked_word_by_word_under_its_heading(db, people):
    item = new_item(db, people["auteur"])
    copy = workflow.working_copy(db, item)
    sections = {**copy.sections, "question": "Tekst van de nieuwe sectie Vraag."}
    workflow.save_draft(db, people["auteur"], item, copy.front, sections, copy.version)
    db.commit()
    (change,) = history.item_history(db, item).changes[0].fields
    assert change.label == "Vraag"  # the heading, without Markdown's '##'
    assert change.before == [history.Segment("same", "Tekst van de sectie Vraag.")]
    assert change.after == [
        history.Segment("same", "Tekst van de "),
        history.Segment("added", "nieuwe "),
        history.Segment("same", "sectie Vraag."),
    ]


def test_word_diff_marks_replaced_words_on_both_sides():
    before, after = history.word_diff("Een cadeau van de aannemer.", "Een diner van de aannemer.")
    assert "".join(s.text for s in before) == "Een cadeau van de aannemer."
    assert "".join(s.text for s in after) == "Een diner van de aannemer."
    assert history.Segment("removed", "cadeau") in before
    assert history.Segment("added", "diner") in after
    assert all(s.kind != "added" for s in before) and all(s.kind != "removed" for s in after)


def test_fields_are_compared_as_an_editor_reads_them_labels_not_codes(db, people):
    item = new_item(db, people["auteur"])
    copy = workflow.working_copy(db, item)
    themes = [*copy.front["themes"], "nevenfuncties"]
    save(db, people["auteur"], item, themes=themes)
    (change,) = history.item_history(db, item).changes[0].fields
    assert change.label == "Thema's"
    assert history.Segment("added", "Nevenfuncties") in [
        history.Segment(s.kind, s.text.strip(", ")) for s in change.after
    ]


def test_history_names_the_authors_of_its_revisions(db, people):
    item = new_item(db, people["auteur"])
    save(db, people["collega"], item, minutes=40)
    authors = history.item_history(db, item).authors
    assert authors == {
        people["auteur"].id: "auteur@example.org",
        people["collega"].id: "collega@example.org",
    }


def test_a_version_reads_as_its_content_file(db, people):
    item = new_item(db, people["auteur"])
    text = history.version_text(item, {**item.front, "minutes": 25}, item.sections)
    assert text.startswith("---\nslug: nieuw-dilemma\n")
    assert "\nminutes: 25\n" in text and "\n## Vraag\n\nTekst van de sectie Vraag.\n" in text


def test_an_imported_item_has_an_empty_history(fixture_db, db):
    item = db.exec(select(Item).where(Item.slug == "subsidie-eigen-sportvereniging")).one()
    assert history.item_history(db, item) == history.History([], {})
