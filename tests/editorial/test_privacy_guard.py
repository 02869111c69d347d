"""Privacy by design in the workflow: the guard on every path that writes a revision, and
purging a revision that holds personal data anyway."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from backend.content.types import CONTENT_TYPES
from backend.editorial import history, purge, workflow
from backend.errors import Forbidden
from backend.models import AuditEntry, ItemRevision
from tests.factories import make_front, make_sections

DILEMMA = CONTENT_TYPES["dilemma"]

PASTED = {
    "bsn": "Het BSN van de klager is 111222333.",
    "email": "Mail de klager op j.jansen@oosterwaarde.nl voor details.",
    "phone": "De wethouder is bereikbaar op 06-12345678.",
}


def new_item(db, people):
    front = make_front("dilemma", slug="privacy-dilemma")
    item = workflow.create_item(db, people["auteur"], DILEMMA, front, make_sections("dilemma"))
    db.commit()
    return item


def save(db, people, item, situation: str, fictional=None, who="auteur"):
    copy = workflow.working_copy(db, item)
    sections = {**copy.sections, "situation": situation}
    return workflow.save_draft(db, people[who], item, copy.front, sections, copy.version, fictional)


def revision_count(db, item) -> int:
    return len(db.exec(select(ItemRevision).where(ItemRevision.item_id == item.id)).all())


def audit_rows(db, action: str) -> list[AuditEntry]:
    return list(db.exec(select(AuditEntry).where(AuditEntry.action == action)))


@pytest.mark.parametrize("kind", sorted(PASTED))
def test_pasted_personal_data_is_not_saved(db, people, kind):
    item = new_item(db, people)
    before = workflow.working_copy(db, item)
    with pytest.raises(workflow.PersonalDataFound) as found:
        save(db, people, item, PASTED[kind])
    assert [hit.kind for hit in found.value.hits] == [kind]
    assert found.value.hits[0].where == "situation"
    db.rollback()  # as the router does
    assert revision_count(db, item) == 1
    after = workflow.working_copy(db, item)
    assert after.version == before.version and after.sections == before.sections


def test_marked_fictional_it_is_saved_and_the_marking_audited_without_the_data(db, people):
    item = new_item(db, people)
    with pytest.raises(workflow.PersonalDataFound) as found:
        save(db, people, item, PASTED["bsn"] + " " + PASTED["email"])
    db.rollback()
    marks = [hit.fingerprint for hit in found.value.hits]
    draft = save(db, people, item, PASTED["bsn"] + " " + PASTED["email"], marks)
    db.commit()
    assert revision_count(db, item) == 2 and set(marks) <= set(draft.acknowledged)
    (entry,) = audit_rows(db, "content.fictional")
    assert entry.actor_id == people["auteur"].id and entry.target == "item:privacy-dilemma"
    assert entry.details == {"count": 2, "kinds": ["bsn", "email"], "fields": ["situation"]}
    stored = json.dumps(entry.details)
    assert "111222333" not in stored and "jansen" not in stored
    assert not any(mark in stored for mark in marks)
    # Marked once, the same text saves again without ticking and without a new audit entry.
    save(db, people, item, PASTED["bsn"] + " " + PASTED["email"] + " Meer tekst.")
    db.commit()
    assert len(audit_rows(db, "content.fictional")) == 1


def test_a_tick_for_one_hit_does_not_let_another_through(db, people):
    item = new_item(db, people)
    text = PASTED["phone"] + " " + PASTED["email"]
    with pytest.raises(workflow.PersonalDataFound) as found:
        save(db, people, item, text)
    db.rollback()
    phone = next(hit for hit in found.value.hits if hit.kind == "phone")
    with pytest.raises(workflow.PersonalDataFound) as still:
        save(db, people, item, text, [phone.fingerprint, "niet-een-vingerafdruk"])
    assert [hit.kind for hit in still.value.hits] == ["email"]


def test_restoring_a_version_with_personal_data_needs_the_same_marking(db, people):
    item = new_item(db, people)
    # Version 2 holds an e-mail address its author marked as fictional.
    with pytest.raises(workflow.PersonalDataFound) as found:
        save(db, people, item, PASTED["email"])
    db.rollback()
    save(db, people, item, PASTED["email"], [found.value.hits[0].fingerprint])
    save(db, people, item, "Een nieuwe, schone situatie.")
    db.commit()
    # The marking belongs to the working copy; a colleague's new working copy starts afresh.
    draft = workflow.working_copy(db, item).draft
    draft.acknowledged = []
    db.add(draft)
    db.commit()
    with pytest.raises(workflow.PersonalDataFound):
        workflow.restore(db, people["collega"], item, 2)
    db.rollback()
    assert revision_count(db, item) == 3
    workflow.restore(db, people["collega"], item, 2, [found.value.hits[0].fingerprint])
    db.commit()
    assert workflow.working_copy(db, item).sections["situation"] == PASTED["email"]
    assert len(audit_rows(db, "content.fictional")) == 2


def slipped_through(db, people):
    """An item whose version 2 holds an e-mail address (marked, wrongly, as fictional) and
    whose version 3 is clean."""
    item = new_item(db, people)
    with pytest.raises(workflow.PersonalDataFound) as found:
        save(db, people, item, PASTED["email"])
    db.rollback()
    save(db, people, item, PASTED["email"], [found.value.hits[0].fingerprint])
    save(db, people, item, "De situatie, zonder gegevens.")
    db.commit()
    return item


def test_an_admin_purges_a_revision_with_a_reason_and_it_is_audited(db, people):
    item = slipped_through(db, people)
    purge.purge_revision(db, people["beheerder"], item, 2, "  e-mailadres  van de klager ")
    db.commit()
    revision = db.exec(
        select(ItemRevision).where(ItemRevision.item_id == item.id, ItemRevision.number == 2)
    ).one()
    assert revision.front == {} and revision.sections == {} and revision.purged_at is not None
    assert revision.action == "save" and revision.author_id == people["auteur"].id
    # The working copy forgets its "fictional" mark of the purged address (a short hash).
    assert workflow.working_copy(db, item).draft.acknowledged == []
    (entry,) = audit_rows(db, "content.purge")
    assert entry.actor_id == people["beheerder"].id and entry.target == "item:privacy-dilemma"
    assert entry.details == {"revision": 2, "reason": "e-mailadres van de klager"}
    assert "jansen" not in json.dumps(entry.details)


def test_history_after_a_purge_compares_around_it_and_it_cannot_be_restored(db, people):
    item = slipped_through(db, people)
    purge.purge_revision(db, people["beheerder"], item, 2, "e-mailadres")
    db.commit()
    newest, purged, first = history.item_history(db, item).changes
    assert purged.revision.number == 2 and purged.fields == [] and purged.older is None
    # Version 3 is compared with version 1, the newest readable one before it.
    assert newest.older is not None and newest.older.number == 1
    assert [change.label for change in newest.fields] == ["Situatie"]
    assert first.older is None
    with pytest.raises(workflow.WorkflowError, match="verwijderd wegens persoonsgegevens"):
        workflow.restore(db, people["auteur"], item, 2)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_purge_needs_a_reason(db, people, reason):
    item = slipped_through(db, people)
    with pytest.raises(purge.PurgeRefused, match="Geef een reden op"):
        purge.purge_revision(db, people["beheerder"], item, 2, reason)


def test_only_an_admin_may_purge(db, people):
    item = slipped_through(db, people)
    with pytest.raises(Forbidden):
        purge.purge_revision(db, people["collega"], item, 2, "e-mailadres")


def test_the_text_in_use_cannot_be_purged_until_a_corrected_version_replaces_it(db, people):
    item = slipped_through(db, people)
    # Version 3 is the working copy: purging it would leave the text in place.
    with pytest.raises(purge.PurgeRefused, match="de tekst die nu geldt"):
        purge.purge_revision(db, people["beheerder"], item, 3, "e-mailadres")
    workflow.submit_for_review(db, people["auteur"], item)
    workflow.approve(db, people["collega"], item, workflow.newest_version(db, item))
    db.commit()
    published = workflow.newest_version(db, item)
    with pytest.raises(purge.PurgeRefused, match="de tekst die nu geldt"):
        purge.purge_revision(db, people["beheerder"], item, published, "controle")
    # A later saved version does not free the published one while it is online ...
    save(db, people, item, "Een nieuwe situatie.")
    db.commit()
    assert published in purge.protected_versions(db, item)
    # ... but once another version is published, the old publication can go.
    workflow.submit_for_review(db, people["auteur"], item)
    workflow.approve(db, people["collega"], item, workflow.newest_version(db, item))
    db.commit()
    purge.purge_revision(db, people["beheerder"], item, published, "controle")


def test_a_purged_revision_cannot_be_purged_twice_or_a_missing_one_at_all(db, people):
    item = slipped_through(db, people)
    purge.purge_revision(db, people["beheerder"], item, 2, "e-mailadres")
    with pytest.raises(purge.PurgeRefused, match="al verwijderd"):
        purge.purge_revision(db, people["beheerder"], item, 2, "e-mailadres")
    with pytest.raises(purge.PurgeRefused, match="bestaat niet"):
        purge.purge_revision(db, people["beheerder"], item, 99, "e-mailadres")
