"""Editing through the pages: create, validate, conflict, guard, review, publish, history."""

from __future__ import annotations

from html import unescape

from tests.factories import make_front, make_sections
from tests.helpers import (
    add_user,
    csrf,
    field,
    heading,
    login,
    logout,
    page,
    text_of,
    texts,
    value_of,
)


def version_in(html: str) -> str:
    """The version number an edit form sends back (optimistic locking)."""
    return value_of(page(html), "version")


def revision_in(html: str) -> str:
    """The version number a review form names (the version the reviewer was shown)."""
    return value_of(page(html), "revision")


def version_under_review(html: str) -> str:
    """The version the edit page says is under review ("Ter beoordeling: versie 3")."""
    shown = text_of(page(html), "p:-soup-contains('Ter beoordeling:') strong")
    assert shown.startswith("versie "), shown
    return shown.removeprefix("versie ")


def approve(client, slug: str = "nieuwe-casus", **data):
    """Approve the version the edit page shows now (posted directly: the page hides the
    button from those who may not approve)."""
    revision = version_under_review(client.get(f"/beheer/content/{slug}").text)
    return client.post(
        f"/beheer/content/{slug}/goedkeuren",
        data={"revision": revision, "csrf_token": csrf(client), **data},
        follow_redirects=False,
    )


def refused_on_edit_page(response, slug: str = "nieuwe-casus") -> bool:
    """A refused workflow step redirects (303) to the edit page's GET address, which then
    says why: the address bar never holds the POST address of the step."""
    return [r.status_code for r in response.history] == [303] and response.url.path == (
        f"/beheer/content/{slug}"
    )


def switch_to(client, role: str) -> None:
    client.post("/uitloggen", data={"csrf_token": csrf(client)})
    login(client, role)


def second_editor(client, engine) -> None:
    """Log in as another editor (the accounts fixture has one editor)."""
    add_user(engine, "tweede@example.org", "editor")
    logout(client)
    login(client, "tweede@example.org")


def form_data(client, **overrides) -> dict:
    front = make_front(
        "personal_interest", slug="nieuwe-casus", title="Een nieuwe casus over een broer"
    )
    data = {
        **{k: v for k, v in front.items() if k not in ("status", "kind", "recusal_required")},
        "recusal_required": "ja",
        **{f"section_{k}": v for k, v in make_sections("personal_interest").items()},
        "csrf_token": csrf(client),
    }
    data.update(overrides)
    return data


def published_title(client, slug: str = "nieuwe-casus") -> str:
    """The heading of the case's public page, which must be found."""
    public = client.get(f"/casussen/persoonlijk-belang/{slug}")
    assert public.status_code == 200, public.status_code
    return heading(public)


def create(client, **overrides):
    return client.post(
        "/beheer/content/nieuw/personal_interest",
        data=form_data(client, **overrides),
        follow_redirects=False,
    )


def test_editor_creates_a_case_that_stays_hidden_until_published(client, accounts):
    login(client, "editor")
    response = create(client)
    assert response.status_code == 303 and response.headers["location"].startswith(
        "/beheer/content/nieuwe-casus"
    )
    assert client.get("/casussen/persoonlijk-belang/nieuwe-casus").status_code == 404
    assert "Een nieuwe casus over een broer" in client.get("/beheer/content?status=draft").text


def test_invalid_form_shows_dutch_messages_per_field_and_keeps_input(client, accounts):
    login(client, "editor")
    response = create(client, year="1850", section_facts="", member_role="koning")
    html = unescape(response.text)
    assert response.status_code == 400
    assert "valt buiten het bereik" in html and "'## Feiten' ontbreekt" in html
    assert "onbekende waarde 'koning'" in html
    assert "Een nieuwe casus over een broer" in html


def test_script_in_text_fields_is_rendered_inert(client, accounts):
    login(client, "editor")
    create(
        client,
        title="<script>alert('x')</script> titel",
        section_facts="<img src=x onerror=alert(1)>",
    )
    shown = client.get("/beheer/content/nieuwe-casus")
    assert "<script>alert" not in shown.text and "<img src=x" not in shown.text
    assert value_of(page(shown), "title") == "<script>alert('x')</script> titel"  # kept as text
    preview = client.post(
        "/beheer/content/voorbeeld",
        data={"section_facts": "<script>x</script> **vet**", "csrf_token": csrf(client)},
    )
    assert "<script>" not in preview.text and page(preview).find("script") is None
    assert texts(page(preview), "strong") == ["vet"]


def test_two_editors_saving_the_same_version_get_a_conflict(client, accounts):
    login(client, "editor")
    create(client)
    edit_page = client.get("/beheer/content/nieuwe-casus").text
    version = version_in(edit_page)
    first = client.post(
        "/beheer/content/nieuwe-casus",
        data=form_data(client, version=version, interest="Eerste versie"),
        follow_redirects=False,
    )
    assert first.status_code == 303
    second = client.post(
        "/beheer/content/nieuwe-casus",
        data=form_data(client, version=version, interest="Tweede versie"),
    )
    assert second.status_code == 409
    html = unescape(second.text)
    assert "Iemand anders heeft dit item ook bewerkt" in html
    assert "Eerste versie" in html and "Tweede versie" in html


def test_personal_data_guard_then_four_eyes_then_public_and_searchable(client, accounts):
    login(client, "editor")
    blocked = create(client, section_facts="Het raadslid is bereikbaar op k.pieters@voorbeeld.nl.")
    # Nothing is created while the text holds possible personal data (more in
    # test_editor_privacy.py); without it, the case is created.
    assert blocked.status_code == 400
    assert "mogelijk persoonsgegevens" in unescape(blocked.text)
    assert "k.pieters@voorbeeld.nl" in texts(page(blocked), "mark.dt-pd")
    assert client.get("/beheer/content/nieuwe-casus").status_code == 404
    create(client, section_facts="Het raadslid meldde zich bij de griffier.")
    client.post("/beheer/content/nieuwe-casus/indienen", data={"csrf_token": csrf(client)})
    own = approve(client)
    assert own.status_code == 303 and own.headers["location"] == "/beheer/content/nieuwe-casus"
    assert "vier ogen" in unescape(client.get("/beheer/content/nieuwe-casus").text)
    client.post("/uitloggen", data={"csrf_token": csrf(client)})
    login(client, "admin")
    done = approve(client)
    assert done.status_code == 303
    assert published_title(client) == "Een nieuwe casus over een broer"
    hits = client.get("/api/v1/search", params={"q": "nieuwe casus broer"}).json()["items"]
    assert hits and hits[0]["slug"] == "nieuwe-casus"
    assert "content.publish" in client.get("/beheer/audit").text


def test_history_shows_changes_and_restores(client, accounts):
    login(client, "editor")
    create(client)
    edit_page = client.get("/beheer/content/nieuwe-casus").text
    version = version_in(edit_page)
    client.post(
        "/beheer/content/nieuwe-casus",
        data=form_data(client, version=version, interest="Zijn zwager is aannemer"),
    )
    history = unescape(client.get("/beheer/content/nieuwe-casus/geschiedenis").text)
    assert "Versie 2: Opgeslagen" in history
    # Side by side, per field: the old words struck out, the new ones marked as added.
    row = page(history).select_one("tr:has(> th[scope=row]:-soup-contains('Het belang'))")
    assert row is not None, "no row for Het belang"
    old, new = row.select("td.dt-diff-text")
    assert any("Broer" in struck for struck in texts(old, "del")) and not old.select("ins")
    assert any("Zijn zwager" in added for added in texts(new, "ins")) and not new.select("del")
    # An unchanged word is shown unmarked.
    for cell in (old, new):
        unmarked = [
            text for text in cell.find_all(string=True) if not text.find_parent(["del", "ins"])
        ]
        assert "aannemer" in "".join(unmarked)
    assert "interest:" not in history  # not the content file's field names
    client.post("/beheer/content/nieuwe-casus/herstellen/1", data={"csrf_token": csrf(client)})
    edit_page = client.get("/beheer/content/nieuwe-casus").text
    assert "Broer is aannemer" in edit_page
    assert "Versie 3: Hersteld" in unescape(
        client.get("/beheer/content/nieuwe-casus/geschiedenis").text
    )


def test_archiving_removes_an_item_from_public_pages_and_search(client, accounts):
    login(client, "editor")
    client.post(
        "/beheer/content/subsidie-eigen-sportvereniging/archiveren",
        data={"csrf_token": csrf(client)},
    )
    assert client.get("/dilemmas/subsidie-eigen-sportvereniging").status_code == 404
    assert client.get("/api/v1/search", params={"q": "hockeyclub"}).json()["total"] == 0


def test_unknown_item_and_type_are_dutch_404s(client, accounts):
    login(client, "editor")
    for path in ("/beheer/content/bestaat-niet", "/beheer/content/nieuw/roman"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert heading(response) == "Pagina niet gevonden", path


def test_export_download_holds_only_published_files_and_is_audited(client, accounts):
    import io
    import zipfile

    login(client, "editor")
    create(client)  # a draft: not exported
    response = client.get("/beheer/content/export.zip")
    assert response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "dilemmas/subsidie-eigen-sportvereniging.md" in names
    assert not any("nieuwe-casus" in name for name in names)
    client.post("/uitloggen", data={"csrf_token": csrf(client)})
    login(client, "admin")
    assert "content.export" in client.get("/beheer/audit").text


def test_autosave_saves_valid_drafts_and_keeps_the_version_in_step(client, accounts):
    login(client, "editor")
    create(client)
    edit_page = client.get("/beheer/content/nieuwe-casus").text
    version = version_in(edit_page)
    saved = client.post(
        "/beheer/content/nieuwe-casus/autosave",
        data=form_data(client, version=version, interest="Tijdens het typen bewaard"),
        headers={"HX-Request": "true"},
    )
    assert "Automatisch opgeslagen" in saved.text
    # The form's version field is replaced out of band, so the next save is not refused.
    version_field = page(saved).select_one("input#edit-version[hx-swap-oob=true]")
    assert version_field is not None and version_field["name"] == "version"
    new_version = str(version_field["value"])
    assert int(new_version) == int(version) + 1
    assert "Tijdens het typen bewaard" in client.get("/beheer/content/nieuwe-casus").text
    invalid = client.post(
        "/beheer/content/nieuwe-casus/autosave",
        data=form_data(client, version=new_version, year="12"),
    )
    assert "Nog niet automatisch opgeslagen" in unescape(invalid.text)
    stale = client.post(
        "/beheer/content/nieuwe-casus/autosave", data=form_data(client, version=version)
    )
    assert "iemand anders" in unescape(stale.text)


def test_reviewer_sends_back_with_a_comment_the_author_sees(client, accounts):
    login(client, "editor")
    create(client)
    client.post("/beheer/content/nieuwe-casus/indienen", data={"csrf_token": csrf(client)})
    client.post("/uitloggen", data={"csrf_token": csrf(client)})
    login(client, "admin")
    empty = client.post(
        "/beheer/content/nieuwe-casus/terugsturen", data={"comment": "", "csrf_token": csrf(client)}
    )
    assert refused_on_edit_page(empty) and "Schrijf erbij" in unescape(empty.text)
    client.post(
        "/beheer/content/nieuwe-casus/terugsturen",
        data={"comment": "Noem artikel 58 in de beoordeling.", "csrf_token": csrf(client)},
    )
    shown = page(client.get("/beheer/content/nieuwe-casus"))
    assert (
        text_of(shown, ".dt-notice:-soup-contains('Teruggestuurd')")
        == "Teruggestuurd door de beoordelaar: Noem artikel 58 in de beoordeling."
    )
    assert "Werkversie: Concept." in text_of(shown, ".dt-lead")


def test_approving_a_version_that_changed_since_shows_both_and_publishes_nothing(client, accounts):
    login(client, "editor")
    create(client, interest="De versie die de beoordelaar las")
    client.post("/beheer/content/nieuwe-casus/indienen", data={"csrf_token": csrf(client)})
    switch_to(client, "admin")
    seen = revision_in(client.get("/beheer/content/nieuwe-casus").text)
    switch_to(client, "editor")
    edit_page = client.get("/beheer/content/nieuwe-casus").text
    client.post(
        "/beheer/content/nieuwe-casus",
        data=form_data(
            client, version=version_in(edit_page), interest="Later stilletjes gewijzigd"
        ),
    )
    client.post("/beheer/content/nieuwe-casus/indienen", data={"csrf_token": csrf(client)})
    switch_to(client, "admin")
    stale = client.post(
        "/beheer/content/nieuwe-casus/goedkeuren",
        data={"revision": seen, "csrf_token": csrf(client)},
    )
    html = unescape(stale.text)
    assert stale.status_code == 409
    assert f"nieuwere versie van dit item dan versie {seen}" in html
    assert "Er is niets gepubliceerd" in html
    assert "De versie die de beoordelaar las" in html and "Later stilletjes gewijzigd" in html
    assert client.get("/casussen/persoonlijk-belang/nieuwe-casus").status_code == 404
    assert approve(client).status_code == 303
    public = client.get("/casussen/persoonlijk-belang/nieuwe-casus")
    assert "Later stilletjes gewijzigd" in unescape(public.text)


def test_approval_without_the_version_seen_is_refused_in_dutch(client, accounts):
    login(client, "editor")
    create(client)
    client.post("/beheer/content/nieuwe-casus/indienen", data={"csrf_token": csrf(client)})
    switch_to(client, "admin")
    for revision in ("", "x", "9" * 40):
        refused = client.post(
            "/beheer/content/nieuwe-casus/goedkeuren",
            data={"revision": revision, "csrf_token": csrf(client)},
        )
        assert refused_on_edit_page(refused)
        assert "niets gepubliceerd" in unescape(refused.text)
    assert client.get("/casussen/persoonlijk-belang/nieuwe-casus").status_code == 404


def test_the_writer_cannot_approve_what_a_colleague_submitted(client, accounts, engine):
    login(client, "editor")
    create(client)
    switch_to(client, "admin")  # the admin only presses "Indienen"
    client.post("/beheer/content/nieuwe-casus/indienen", data={"csrf_token": csrf(client)})
    switch_to(client, "editor")
    edit_page = unescape(client.get("/beheer/content/nieuwe-casus").text)
    assert "Een andere redacteur moet deze versie goedkeuren" in edit_page
    assert "Goedkeuren en publiceren" not in edit_page
    refused = approve(client)
    assert refused.status_code == 303
    refused = client.get(refused.headers["location"])
    assert "Een andere redacteur moet deze versie goedkeuren" in unescape(refused.text)
    assert client.get("/casussen/persoonlijk-belang/nieuwe-casus").status_code == 404
    second_editor(client, engine)
    edit_page = unescape(client.get("/beheer/content/nieuwe-casus").text)
    assert "Geschreven door: redacteur@example.org" in edit_page
    assert "ingediend door beheerder@example.org" in edit_page
    assert approve(client).status_code == 303
    assert published_title(client) == "Een nieuwe casus over een broer"


def test_an_editor_who_changed_a_submitted_draft_cannot_approve_it(client, accounts, engine):
    login(client, "admin")
    create(client)
    client.post("/beheer/content/nieuwe-casus/indienen", data={"csrf_token": csrf(client)})
    switch_to(client, "editor")
    edit_page = client.get("/beheer/content/nieuwe-casus").text
    client.post(
        "/beheer/content/nieuwe-casus",
        data=form_data(
            client, version=version_in(edit_page), interest="Aangescherpt door de redacteur"
        ),
    )
    switch_to(client, "admin")
    client.post("/beheer/content/nieuwe-casus/indienen", data={"csrf_token": csrf(client)})
    switch_to(client, "editor")
    refused = approve(client)
    assert refused.status_code == 303
    assert "meegeschreven" in unescape(client.get(refused.headers["location"]).text)
    second_editor(client, engine)
    assert approve(client).status_code == 303


def test_direct_publication_by_an_admin_where_allowed_names_the_version_seen(client, accounts):
    settings = client.app.state.settings
    client.app.state.settings = settings.model_copy(update={"admin_direct_publish": True})
    login(client, "admin")
    create(client)
    edit_page = client.get("/beheer/content/nieuwe-casus").text
    assert "Direct publiceren (beheerder)" in edit_page
    seen = revision_in(edit_page)
    client.post(
        "/beheer/content/nieuwe-casus",
        data=form_data(client, version=version_in(edit_page), interest="Na het kijken gewijzigd"),
    )
    stale = client.post(
        "/beheer/content/nieuwe-casus/publiceren",
        data={"revision": seen, "csrf_token": csrf(client)},
    )
    assert stale.status_code == 409
    assert client.get("/casussen/persoonlijk-belang/nieuwe-casus").status_code == 404
    fresh = revision_in(client.get("/beheer/content/nieuwe-casus").text)
    done = client.post(
        "/beheer/content/nieuwe-casus/publiceren",
        data={"revision": fresh, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert published_title(client) == "Een nieuwe casus over een broer"


def test_the_content_list_searches_filters_and_ignores_unknown_values(client, accounts):
    login(client, "editor")
    create(client)
    found = unescape(
        client.get("/beheer/content", params={"q": "broer", "soort": "personal_interest"}).text
    )
    assert "1 item gevonden" in found and "Een nieuwe casus over een broer" in found
    other_type = client.get("/beheer/content", params={"q": "broer", "soort": "dilemma"}).text
    assert "0 items gevonden" in other_type and "Een nieuwe casus over een broer" not in other_type
    old_link = client.get(
        "/beheer/content", params={"soort": "roman", "status": "x", "pagina": "9"}
    )
    assert old_link.status_code == 200 and "Een nieuwe casus over een broer" in old_link.text


def test_a_new_item_gets_its_slug_from_the_title(client, accounts):
    login(client, "editor")
    response = create(client, slug="", title="Broer van het raadslid is aannemer")
    assert response.headers["location"].startswith(
        "/beheer/content/broer-van-het-raadslid-is-aannemer"
    )


def test_the_form_has_plain_section_labels_the_slug_under_advanced_and_laws_grouped(
    client, accounts
):
    login(client, "editor")
    form = page(client.get("/beheer/content/nieuw/dilemma"))
    assert text_of(form, "label[for=s-question]").startswith("Vraag")
    assert "## " not in text_of(form)
    advanced = form.select_one("details.dt-advanced")
    assert advanced is not None and text_of(advanced, "summary") == "Geavanceerd"
    assert field(advanced, "slug")
    groups = texts(form, "fieldset.dt-law-group[data-law-group] > legend")
    assert "Gemeentewet" in groups and len(groups) == len(set(groups)) > 2


def test_the_preview_shows_the_section_it_is_asked_for(client, accounts):
    login(client, "editor")
    preview = client.post(
        "/beheer/content/voorbeeld",
        data={
            "section_situation": "De eerste sectie",
            "section_question": "Een **tweede** sectie",
            "veld": "question",
            "csrf_token": csrf(client),
        },
    )
    assert preview.text.strip() == "<p>Een <strong>tweede</strong> sectie</p>"


def test_an_invalid_form_counts_its_wrong_fields_in_agreeing_dutch(client, accounts):
    login(client, "editor")
    one = unescape(create(client, year="1850").text)
    assert "1 veld klopt nog niet" in one
    two = unescape(create(client, year="1850", member_role="koning").text)
    assert "2 velden kloppen nog niet" in two
