"""The editorial workflow as a state machine, with history, conflicts and the guard."""

from __future__ import annotations

import pytest
from sqlmodel import select

from backend.content.types import CONTENT_TYPES
from backend.editorial import history, workflow
from backend.editorial.forms import form_to_item, form_values
from backend.models import AuditEntry, Item
from tests.factories import make_front, make_sections

DILEMMA = CONTENT_TYPES["dilemma"]


def new_item(db, people, **overrides):
    front = make_front("dilemma", slug="nieuw-dilemma", **overrides)
    item = workflow.create_item(db, people["auteur"], DILEMMA, front, make_sections("dilemma"))
    db.commit()
    return item


def approve(db, reviewer, item):
    """Approve the version under review as the review page shows it (its newest version)."""
    return workflow.approve(db, reviewer, item, workflow.newest_version(db, item))


def text_of(db, item, summary: str, editor, version: int):
    """Save the working copy with another summary, as `editor`, from `version`."""
    copy = workflow.working_copy(db, item)
    front = {**copy.front, "summary": summary}
    return workflow.save_draft(db, editor, item, front, copy.sections, version)


def test_a_new_item_is_a_hidden_draft(db, people):
    item = new_item(db, people)
    assert item.status == "draft"
    copy = workflow.working_copy(db, item)
    assert copy.draft.state == "draft" and copy.version == 1
    assert [r.action for r in history.revisions(db, item)] == ["create"]


def test_invalid_fields_are_reported_and_nothing_is_saved(db, people):
    with pytest.raises(workflow.InvalidItem) as invalid:
        workflow.create_item(db, people["auteur"], DILEMMA, make_front("dilemma", themes=["x"]), {})
    fields = {error.field for error in invalid.value.errors}
    assert {"themes", "situation"} <= fields
    db.rollback()
    assert db.exec(select(Item)).all() == []


def test_duplicate_slug_is_refused(db, people):
    new_item(db, people)
    with pytest.raises(workflow.InvalidItem, match="niet opgeslagen"):
        workflow.create_item(
            db,
            people["collega"],
            DILEMMA,
            make_front("dilemma", slug="nieuw-dilemma"),
            make_sections("dilemma"),
        )


def test_full_cycle_with_four_eyes(db, people):
    item = new_item(db, people)
    workflow.submit_for_review(db, people["auteur"], item)
    with pytest.raises(workflow.WorkflowError, match="vier ogen"):
        approve(db, people["auteur"], item)
    approve(db, people["collega"], item)
    db.commit()
    assert item.status == "published"
    assert workflow.working_copy(db, item).draft is None
    actions = [r.action for r in history.revisions(db, item)]
    assert actions == ["publish", "submit", "create"]
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "content.publish")).one()


def test_published_item_stays_visible_while_a_new_version_is_reviewed(db, people):
    item = new_item(db, people)
    workflow.submit_for_review(db, people["auteur"], item)
    approve(db, people["collega"], item)
    front = {**item.front, "title": "Een nieuwe titel voor dit dilemma"}
    workflow.save_draft(db, people["auteur"], item, front, item.sections, version=0)
    workflow.submit_for_review(db, people["auteur"], item)
    db.commit()
    assert item.status == "published" and item.title == "Een dilemma om te testen"
    approve(db, people["collega"], item)
    assert item.title == "Een nieuwe titel voor dit dilemma"


def test_send_back_needs_a_comment(db, people):
    item = new_item(db, people)
    workflow.submit_for_review(db, people["auteur"], item)
    with pytest.raises(workflow.WorkflowError, match="Schrijf erbij"):
        workflow.send_back(db, people["collega"], item, "  ")
    draft = workflow.send_back(db, people["collega"], item, "Toelichting mist artikel 28.")
    assert draft.state == "draft" and draft.review_comment == "Toelichting mist artikel 28."
    with pytest.raises(workflow.WorkflowError, match="niet ter beoordeling"):
        approve(db, people["collega"], item)


def test_second_save_from_an_old_version_is_a_conflict(db, people):
    item = new_item(db, people)
    front = dict(workflow.working_copy(db, item).front)
    workflow.save_draft(db, people["auteur"], item, {**front, "minutes": 20}, item.sections, 1)
    with pytest.raises(workflow.EditConflict) as conflict:
        workflow.save_draft(db, people["collega"], item, {**front, "minutes": 30}, item.sections, 1)
    assert conflict.value.theirs.front["minutes"] == 20


def test_personal_data_stops_creation_until_removed_or_marked_fictional(db, people):
    sections = {**make_sections("dilemma"), "situation": "Bel hem op 06-12345678 of mail p@q.nl."}
    front = make_front("dilemma", slug="met-gegevens")
    with pytest.raises(workflow.PersonalDataFound) as found:
        workflow.create_item(db, people["auteur"], DILEMMA, front, sections)
    assert {hit.kind for hit in found.value.hits} == {"phone", "email"}
    first = found.value.hits[0].fingerprint
    with pytest.raises(workflow.PersonalDataFound) as still:
        workflow.create_item(db, people["auteur"], DILEMMA, front, sections, [first])
    assert [hit.kind for hit in still.value.hits] == [found.value.hits[1].kind]
    marks = [hit.fingerprint for hit in found.value.hits]
    item = workflow.create_item(db, people["auteur"], DILEMMA, front, sections, marks)
    assert workflow.submit_for_review(db, people["auteur"], item).state == "review"


def test_a_working_copy_from_before_the_save_guard_is_still_checked_on_submission(db, people):
    item = new_item(db, people)
    draft = workflow.working_copy(db, item).draft
    # Written straight into the row, as a working copy saved before saving ran the guard.
    draft.sections = {**draft.sections, "situation": "Bel hem op 06-12345678 of mail p@q.nl."}
    db.add(draft)
    hits = workflow.personal_data(draft)
    with pytest.raises(workflow.PersonalDataFound):
        workflow.submit_for_review(db, people["auteur"], item, [hits[0].fingerprint])
    workflow.acknowledge(db, draft, [hits[0].fingerprint])
    draft = workflow.submit_for_review(db, people["auteur"], item, [hits[1].fingerprint])
    assert draft.state == "review" and workflow.personal_data(draft) == []


def test_restore_makes_an_old_version_the_working_copy(db, people):
    item = new_item(db, people)
    front = dict(workflow.working_copy(db, item).front)
    workflow.save_draft(db, people["auteur"], item, {**front, "minutes": 40}, item.sections, 1)
    draft = workflow.restore(db, people["collega"], item, 1)
    assert draft.front["minutes"] == 10 and draft.version == 3
    assert history.revisions(db, item)[0].action == "restore"
    with pytest.raises(workflow.WorkflowError, match="bestaat niet"):
        workflow.restore(db, people["collega"], item, 99)


def test_archive_and_direct_publication_rules(db, people):
    item = new_item(db, people)
    with pytest.raises(workflow.WorkflowError, match="beheerder"):
        workflow.publish_directly(db, people["auteur"], item, 1)
    workflow.publish_directly(db, people["beheerder"], item, workflow.newest_version(db, item))
    workflow.archive(db, people["auteur"], item)
    assert item.status == "archived"
    with pytest.raises(workflow.WorkflowError, match="al gearchiveerd"):
        workflow.archive(db, people["auteur"], item)


def test_approval_of_a_version_that_changed_since_is_a_conflict_and_publishes_nothing(db, people):
    item = new_item(db, people)
    workflow.submit_for_review(db, people["auteur"], item)
    seen = workflow.newest_version(db, item)
    text_of(db, item, "Een samenvatting die de beoordelaar nooit zag.", people["auteur"], 1)
    workflow.submit_for_review(db, people["auteur"], item)
    db.commit()
    with pytest.raises(workflow.ApprovalConflict, match="nieuwere versie") as conflict:
        workflow.approve(db, people["collega"], item, seen)
    db.rollback()
    assert conflict.value.seen.front["summary"] == make_front("dilemma")["summary"]
    assert (
        conflict.value.current.front["summary"] == "Een samenvatting die de beoordelaar nooit zag."
    )
    assert item.status == "draft"
    assert "publish" not in [r.action for r in history.revisions(db, item)]
    approve(db, people["collega"], item)
    assert item.summary == "Een samenvatting die de beoordelaar nooit zag."


def test_approval_after_someone_else_published_is_a_conflict(db, people):
    item = new_item(db, people)
    workflow.submit_for_review(db, people["auteur"], item)
    seen = workflow.newest_version(db, item)
    approve(db, people["collega"], item)
    db.commit()
    with pytest.raises(workflow.ApprovalConflict):
        workflow.approve(db, people["derde"], item, seen)


def test_approval_must_name_an_existing_version(db, people):
    item = new_item(db, people)
    workflow.submit_for_review(db, people["auteur"], item)
    with pytest.raises(workflow.WorkflowError, match="welke versie"):
        workflow.approve(db, people["collega"], item, None)
    with pytest.raises(workflow.WorkflowError, match="Versie 99 van dit item bestaat niet"):
        workflow.approve(db, people["collega"], item, 99)
    assert item.status == "draft"


def test_the_writer_cannot_approve_when_a_colleague_submitted(db, people):
    item = new_item(db, people)  # written by auteur
    workflow.submit_for_review(db, people["collega"], item)
    with pytest.raises(workflow.WorkflowError, match="Een andere redacteur moet deze versie"):
        approve(db, people["auteur"], item)
    with pytest.raises(workflow.WorkflowError, match="Een andere redacteur moet deze versie"):
        approve(db, people["collega"], item)  # who submitted may not approve either
    approve(db, people["derde"], item)
    assert item.status == "published"


def test_who_changed_a_submitted_draft_cannot_approve_that_version(db, people):
    item = workflow.create_item(
        db,
        people["collega"],
        DILEMMA,
        make_front("dilemma", slug="van-collega"),
        make_sections("dilemma"),
    )
    workflow.submit_for_review(db, people["collega"], item)
    text_of(db, item, "De auteur scherpte de samenvatting aan.", people["auteur"], 1)
    workflow.submit_for_review(db, people["collega"], item)
    info = workflow.review_info(db, people["auteur"], item)
    assert {user.email for user in info.authors} == {"auteur@example.org", "collega@example.org"}
    assert "Een andere redacteur moet deze versie goedkeuren" in info.refusal
    with pytest.raises(workflow.WorkflowError, match="meegeschreven"):
        approve(db, people["auteur"], item)
    assert workflow.review_info(db, people["derde"], item).refusal is None
    approve(db, people["derde"], item)


def test_saving_without_changing_the_text_does_not_make_an_author(db, people):
    item = new_item(db, people)
    text_of(db, item, make_front("dilemma")["summary"], people["collega"], 1)
    workflow.submit_for_review(db, people["auteur"], item)
    approve(db, people["collega"], item)
    assert item.status == "published"


def test_only_changes_since_the_last_publication_count(db, people):
    item = new_item(db, people)
    workflow.submit_for_review(db, people["auteur"], item)
    approve(db, people["collega"], item)
    text_of(db, item, "Een nieuwe versie, geschreven door de collega.", people["collega"], 0)
    workflow.submit_for_review(db, people["collega"], item)
    approve(db, people["auteur"], item)  # auteur wrote none of this version's changes
    assert item.summary == "Een nieuwe versie, geschreven door de collega."


def test_restoring_an_unpublished_text_keeps_its_writer_from_approving_it(db, people):
    item = new_item(db, people)
    text_of(db, item, "Tekst van de auteur die nooit is goedgekeurd.", people["auteur"], 1)
    unreviewed = workflow.newest_version(db, item)
    text_of(db, item, "Tekst van de collega.", people["collega"], 2)
    workflow.submit_for_review(db, people["collega"], item)
    approve(db, people["derde"], item)
    workflow.restore(db, people["collega"], item, unreviewed)
    workflow.submit_for_review(db, people["collega"], item)
    with pytest.raises(workflow.WorkflowError, match="meegeschreven"):
        approve(db, people["auteur"], item)
    approve(db, people["derde"], item)
    assert item.summary == "Tekst van de auteur die nooit is goedgekeurd."


def test_an_admin_approves_no_own_work_but_may_publish_directly(db, people):
    admin = people["beheerder"]
    item = workflow.create_item(
        db, admin, DILEMMA, make_front("dilemma", slug="van-beheer"), make_sections("dilemma")
    )
    workflow.submit_for_review(db, people["collega"], item)
    with pytest.raises(workflow.WorkflowError, match="vier ogen"):
        approve(db, admin, item)
    workflow.publish_directly(db, admin, item, workflow.newest_version(db, item))
    assert item.status == "published"


def test_direct_publication_also_names_the_version_seen(db, people):
    item = new_item(db, people)
    seen = workflow.newest_version(db, item)
    text_of(db, item, "Gewijzigd nadat de beheerder keek.", people["auteur"], 1)
    with pytest.raises(workflow.ApprovalConflict):
        workflow.publish_directly(db, people["beheerder"], item, seen)
    db.rollback()
    assert item.status == "draft"


def test_form_round_trip():
    front = make_front("good_practice")
    shown = form_values(CONTENT_TYPES["good_practice"], front)
    pairs = [
        (k, v)
        for k, value in shown.items()
        for v in (value if isinstance(value, list) else [value])
    ]
    pairs += [(f"section_{name}", text) for name, text in make_sections("good_practice").items()]
    parsed, sections = form_to_item(CONTENT_TYPES["good_practice"], pairs)
    assert parsed == {k: v for k, v in front.items() if k != "status"}
    assert sections["goal"] == make_sections("good_practice")["goal"]
