"""Privacy by design in the editor's pages: saving stops at possible personal data until it is
removed or ticked as fictional, and an admin purges a revision from the history page."""

from __future__ import annotations

from html import unescape

from sqlmodel import Session, select

from backend.models import AuditEntry, ItemDraft, ItemRevision
from tests.helpers import csrf, login, logout, page, text_of, texts, value_of
from tests.web.test_accessibility import PageAudit
from tests.web.test_editor import create, form_data, version_in

SLUG = "nieuwe-casus"
EDIT = f"/beheer/content/{SLUG}"
HISTORY = f"{EDIT}/geschiedenis"
BSN_TEXT = "De klager (BSN 111222333) meldde zich bij de griffier."
EMAIL_TEXT = "Het raadslid is bereikbaar op k.pieters@voorbeeld.nl."


def revisions(engine) -> list[ItemRevision]:
    with Session(engine) as db:
        return list(db.exec(select(ItemRevision).order_by(ItemRevision.number)))


def audited(engine, action: str) -> list[AuditEntry]:
    with Session(engine) as db:
        return list(db.exec(select(AuditEntry).where(AuditEntry.action == action)))


def ticks(response) -> list[str]:
    """The values of the 'verzonnen' checkboxes a refused form offers."""
    return [box["value"] for box in page(response).select("input[name=verzonnen]")]


def save(client, **overrides):
    version = version_in(client.get(EDIT).text)
    return client.post(
        EDIT, data=form_data(client, version=version, **overrides), follow_redirects=False
    )


def test_creating_with_a_bsn_writes_nothing_and_lists_the_finding(client, accounts, engine):
    login(client, "editor")
    refused = create(client, section_facts=BSN_TEXT)
    assert refused.status_code == 400
    html = page(refused)
    assert "mogelijk persoonsgegevens" in text_of(html, "[role=alert]")
    # The text stays in the form, the finding is listed with a link to its field and a
    # checkbox whose label says what ticking it means.
    assert value_of(html, "section_facts") == BSN_TEXT
    (finding,) = html.select(".dt-pd-panel li")
    assert finding.select_one("a")["href"] == "#s-facts" and html.select_one("#s-facts")
    assert "Burgerservicenummer (BSN) in ‘Feiten’" in text_of(finding, "a")
    assert "111222333 is verzonnen / fictief" in text_of(finding, "label")
    assert client.get(EDIT).status_code == 404
    assert revisions(engine) == []


def test_ticked_as_fictional_the_item_is_created_and_the_tick_audited(client, accounts, engine):
    login(client, "editor")
    marks = ticks(create(client, section_facts=BSN_TEXT))
    created = create(client, section_facts=BSN_TEXT, verzonnen=marks)
    assert created.status_code == 303
    assert [r.action for r in revisions(engine)] == ["create"]
    (entry,) = audited(engine, "content.fictional")
    assert entry.details["kinds"] == ["bsn"] and "111222333" not in str(entry.details)


def test_saving_an_email_address_writes_no_revision_until_ticked(client, accounts, engine):
    login(client, "editor")
    create(client)
    refused = save(client, section_facts=EMAIL_TEXT)
    assert refused.status_code == 400
    assert "k.pieters@voorbeeld.nl" in texts(page(refused), "mark.dt-pd")
    assert value_of(page(refused), "section_facts") == EMAIL_TEXT
    assert len(revisions(engine)) == 1
    with Session(engine) as db:
        assert "k.pieters" not in str(db.exec(select(ItemDraft)).one().sections)
    saved = save(client, section_facts=EMAIL_TEXT, verzonnen=ticks(refused))
    assert saved.status_code == 303
    assert [r.action for r in revisions(engine)] == ["create", "save"]


def test_autosave_with_a_phone_number_says_so_and_writes_nothing(client, accounts, engine):
    login(client, "editor")
    create(client)
    version = version_in(client.get(EDIT).text)
    answer = client.post(
        f"{EDIT}/autosave",
        data=form_data(client, version=version, section_facts="Bel hem op 06-12345678."),
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "Nog niet automatisch opgeslagen" in answer.text
    assert "persoonsgegevens" in answer.text
    assert len(revisions(engine)) == 1


def test_a_draft_from_before_the_save_guard_is_still_stopped_at_submission(
    client, accounts, engine
):
    login(client, "editor")
    create(client)
    with Session(engine) as db:  # as saved before saving ran the guard
        draft = db.exec(select(ItemDraft)).one()
        draft.sections = {**draft.sections, "facts": EMAIL_TEXT}
        db.add(draft)
        db.commit()
    refused = client.post(
        f"{EDIT}/indienen", data={"csrf_token": csrf(client)}, follow_redirects=False
    )
    assert refused.status_code == 303 and refused.headers["location"] == EDIT
    blocked = client.get(EDIT)
    assert "mogelijk persoonsgegevens" in unescape(blocked.text)
    assert "Markeer als verzonnen en dien in" in blocked.text
    # The reason is told once: reloading the page does not repeat it.
    assert "mogelijk persoonsgegevens" not in client.get(EDIT).text


def slipped_through(client, engine) -> None:
    """Version 2 holds an e-mail address that was (wrongly) ticked as fictional; version 3
    replaces it."""
    login(client, "editor")
    create(client)
    save(client, section_facts=EMAIL_TEXT, verzonnen=ticks(save(client, section_facts=EMAIL_TEXT)))
    save(client, section_facts="Het raadslid meldde zich bij de griffier.")
    assert [r.number for r in revisions(engine)] == [1, 2, 3]


def purge(client, number: int = 2, **data):
    return client.post(
        f"{EDIT}/verwijderen/{number}",
        data={"csrf_token": csrf(client), **data},
        follow_redirects=False,
    )


def test_only_admins_see_and_may_use_the_purge(client, accounts, engine):
    slipped_through(client, engine)
    assert not page(client.get(HISTORY)).select("form[action$='/verwijderen/2']")
    assert purge(client, reden="e-mailadres").status_code == 403
    assert revisions(engine)[1].purged_at is None


def test_a_purge_without_csrf_token_is_refused(client, accounts, engine):
    slipped_through(client, engine)
    logout(client)
    login(client, "admin")
    response = client.post(f"{EDIT}/verwijderen/2", data={"reden": "e-mailadres"})
    assert response.status_code == 403
    assert revisions(engine)[1].purged_at is None


def test_a_purge_without_reason_says_what_to_do(client, accounts, engine):
    slipped_through(client, engine)
    logout(client)
    login(client, "admin")
    refused = purge(client, reden="  ")
    assert refused.status_code == 400
    html = page(refused)
    assert "Geef een reden op" in text_of(html, "[role=alert]")
    assert html.select_one("[role=alert] a")["href"] == "#reden-2"
    reason = html.select_one("#reden-2")
    assert reason["aria-invalid"] == "true" and html.select_one(f"#{reason['aria-describedby']}")
    assert html.select_one("label[for=reden-2]")
    assert revisions(engine)[1].purged_at is None and audited(engine, "content.purge") == []


def test_an_admin_purges_a_revision_and_the_history_still_reads(client, accounts, engine):
    slipped_through(client, engine)
    logout(client)
    login(client, "admin")
    history = page(client.get(HISTORY))
    # The working copy (version 3) cannot be purged; the older versions can.
    assert history.select("form[action$='/verwijderen/2']")
    assert not history.select("form[action$='/verwijderen/3']")
    done = purge(client, reden="e-mailadres van een raadslid")
    assert done.status_code == 303 and done.headers["location"] == f"{HISTORY}?verwijderd=2"
    shown = client.get(done.headers["location"])
    assert shown.status_code == 200
    assert "k.pieters" not in shown.text
    html = page(shown)
    assert "De tekst van versie 2 is verwijderd" in text_of(html, "[role=status]")
    version_2 = html.select_one("section:has(> h2#rev-2)")
    assert "Tekst verwijderd wegens persoonsgegevens" in text_of(version_2)
    assert not version_2.select("form")  # neither restore nor purge again
    # Version 3 is compared with version 1, the newest readable one before it.
    version_3 = html.select_one("section:has(> h2#rev-3)")
    assert "Versie 1" in texts(version_3, "th[scope=col]")
    (entry,) = audited(engine, "content.purge")
    assert entry.details == {"revision": 2, "reason": "e-mailadres van een raadslid"}
    restore = client.post(
        f"{EDIT}/herstellen/2", data={"csrf_token": csrf(client)}, follow_redirects=True
    )
    assert restore.status_code == 200 and "kan niet worden teruggezet" in unescape(restore.text)
    assert len(revisions(engine)) == 3


def accessible(html: str) -> None:
    """The checks of test_accessibility: one h1, Dutch, every field labelled."""
    audit = PageAudit()
    audit.feed(html)
    assert audit.lang == "nl" and audit.h1 == 1
    assert audit.unlabelled() == [] and audit.problems == []


def test_restoring_a_version_with_unmarked_data_offers_the_tick(client, accounts, engine):
    slipped_through(client, engine)
    with Session(engine) as db:  # a working copy that no longer marks version 2's address
        draft = db.exec(select(ItemDraft)).one()
        draft.acknowledged = []
        db.add(draft)
        db.commit()
    refused = client.post(
        f"{EDIT}/herstellen/2", data={"csrf_token": csrf(client)}, follow_redirects=False
    )
    assert refused.status_code == 400
    html = page(refused)
    assert html.select_one("[role=alert] a")["href"] == "#pd-restore-2"
    form = html.select_one("form[action$='/herstellen/2']")
    assert "k.pieters@voorbeeld.nl" in texts(form, "mark.dt-pd")
    accessible(refused.text)
    assert len(revisions(engine)) == 3
    restored = client.post(
        f"{EDIT}/herstellen/2",
        data={"csrf_token": csrf(client), "verzonnen": ticks(refused)},
        follow_redirects=False,
    )
    assert restored.status_code == 303
    assert [r.action for r in revisions(engine)][-1] == "restore"


def test_the_refused_form_and_the_admins_history_are_accessible(client, accounts, engine):
    login(client, "editor")
    accessible(create(client, section_facts=BSN_TEXT).text)
    logout(client)
    slipped_through(client, engine)
    logout(client)
    login(client, "admin")
    accessible(purge(client, reden="").text)
    accessible(client.get(HISTORY).text)
