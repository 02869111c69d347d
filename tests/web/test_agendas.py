"""Saved agendas: save, edit in place, view link, someone else's edit link, list, copy."""

from __future__ import annotations

from html import unescape

from sqlmodel import Session, select

from backend.content.store import import_records
from backend.models import Item
from tests.factories import make_record
from tests.helpers import add_user, csrf, link, links, login, logout, page, text_of, texts, value_of

BUILD = {
    "publiek": "raad",
    "datum": "2030-03-15",
    "begintijd": "19:30",
    "duur": "60",
    "groepsgrootte": "12",
}


def save(client) -> str:
    response = client.post(
        "/sessies/opslaan", data={**BUILD, "csrf_token": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303
    return response.headers["location"]


def edit(client, url, **data):
    return client.post(
        f"{url}/wijzig", data={**data, "csrf_token": csrf(client)}, headers={"HX-Request": "true"}
    )


def total(html: str) -> int:
    """The total the agenda editor shows, in minutes ("Totaal: 60 minuten van 60.")."""
    shown = text_of(page(html), ".dt-agenda-total strong")
    assert shown.endswith(" minuten"), shown
    return int(shown.removesuffix(" minuten"))


def view_link(html: str) -> str:
    """The read-only link to share, as the edit page links it."""
    return link(page(html), "/sessies/bekijken/")


def dilemma_slugs(html: str) -> list[str]:
    """The dilemmas the page links to, in order."""
    return [href.removeprefix("/dilemmas/") for href in links(page(html), "a[href^='/dilemmas/']")]


def test_saving_needs_a_login(client, accounts):
    response = client.post(
        "/sessies/opslaan", data={**BUILD, "csrf_token": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/inloggen")


def test_edit_in_place_keeps_the_sum_visible_and_fixable(client, accounts):
    login(client, "facilitator")
    url = save(client)
    shown = client.get(url).text
    assert total(shown) == 60 and "Bekijklink" in shown and "Bewerklink" in shown
    changed = edit(client, url, action="minuten", index="0", minutes="15").text
    assert total(changed) == 70 and "10 minuten te lang" in unescape(changed)
    fixed = edit(client, url, action="verdeel").text
    assert total(fixed) == 60
    moved = edit(client, url, action="omlaag", index="0").text
    assert moved.index("De zorgplicht") < moved.index("Opening en welkom")


def test_swap_and_add_dilemmas(client, accounts, engine):
    import_records(
        engine,
        [
            make_record(slug=f"extra-dilemma-{n}", title=f"Extra dilemma nummer {n}")
            for n in (1, 2, 3)
        ],
    )
    login(client, "facilitator")
    url = save(client)
    swap_form = page(client.get(url)).select_one("form:has(input[name=action][value=wissel])")
    assert swap_form is not None, "no dilemma offered to swap"
    index, slug = value_of(swap_form, "index"), value_of(swap_form, "slug")
    swapped = edit(client, url, action="wissel", index=index, slug=slug).text
    in_agenda = set(dilemma_slugs(swapped))
    assert slug in in_agenda
    extra = next(f"extra-dilemma-{n}" for n in (1, 2, 3) if f"extra-dilemma-{n}" not in in_agenda)
    added = edit(client, url, action="voegtoe", slug=extra).text
    assert f"/dilemmas/{extra}" in added
    again = edit(client, url, action="voegtoe", slug=extra)
    assert again.status_code == 400 and "staat al in de agenda" in unescape(again.text)


def test_tampered_input_changes_nothing(client, accounts):
    login(client, "facilitator")
    url = save(client)
    before = client.get(url).text
    for data in (
        {"action": "verwijder", "index": "99"},
        {"action": "minuten", "index": "0", "minutes": "-5"},
        {"action": "wissel", "index": "0", "slug": "subsidie-eigen-sportvereniging"},
        {"action": "voegtoe", "slug": "grondexploitatie-besloten"},
        {"action": "sloop"},
    ):
        response = edit(client, url, **data)
        assert response.status_code == 400, data
    assert total(client.get(url).text) == total(before)


def test_someone_elses_edit_link_is_refused_but_the_view_link_works(client, accounts, engine):
    login(client, "facilitator")
    url = save(client)
    view = view_link(client.get(url).text)
    logout(client)
    add_user(engine, "andere@example.org", "facilitator")
    login(client, "andere@example.org")
    refused = client.get(url)
    assert refused.status_code == 403 and "van iemand anders" in unescape(refused.text)
    assert edit(client, url, action="verdeel").status_code == 403
    assert (
        "Mijn agenda" in client.get("/beheer/agendas").text
        and "/sessies/bewerken/" not in client.get("/beheer/agendas").text
    )
    client.post("/uitloggen", data={"csrf_token": csrf(client)})
    shown = client.get(view)
    assert shown.status_code == 200 and "wijzig" not in shown.text
    assert (
        client.get(f"{view}/agenda.docx")
        .headers["content-type"]
        .startswith("application/vnd.openxml")
    )
    assert client.get("/sessies/bekijken/verzonnen-token").status_code == 404


def test_list_and_copy(client, accounts):
    login(client, "facilitator")
    url = save(client)
    copied = client.post(f"{url}/kopie", data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert copied.status_code == 303 and copied.headers["location"] != url
    listing = client.get("/beheer/agendas").text
    assert listing.count("/sessies/bewerken/") == 2 and "Kopie van" in listing


def test_add_a_dilemma_found_by_search(client, accounts, engine):
    login(client, "facilitator")
    url = save(client)  # before the new dilemma exists, so the agenda cannot have picked it
    import_records(
        engine, [make_record(slug="zwembad-dilemma", title="Het zwembad van de wethouder")]
    )
    client.app.state.search_index.rebuild()
    found = client.get(f"{url}/zoek", params={"q": "zwembad"}, headers={"HX-Request": "true"}).text
    assert "Toevoegen: Het zwembad van de wethouder" in found
    added = edit(client, url, action="voegtoe", slug="zwembad-dilemma").text
    assert "/dilemmas/zwembad-dilemma" in added
    again = client.get(f"{url}/zoek", params={"q": "zwembad"}).text
    assert "Toevoegen: Het zwembad" not in again


def test_the_view_link_hides_items_archived_since_saving(client, accounts, engine):
    login(client, "facilitator")
    url = save(client)
    view = view_link(client.get(url).text)
    before = client.get(view).text
    slug = dilemma_slugs(before)[0]
    with Session(engine) as db:
        item = db.exec(select(Item).where(Item.slug == slug)).one()
        title = item.title
        item.status = "archived"
        db.add(item)
        db.commit()
    assert title in before
    after = client.get(view).text
    assert title not in after and f"/dilemmas/{slug}" not in after
    assert "uit de collectie gehaald" in after
    markdown = client.get(f"{view}/agenda.md").text
    assert title not in markdown and "Onderdeel niet meer beschikbaar" in markdown


def test_the_links_to_copy_use_the_configured_address_not_the_host_header(client, accounts):
    """The view and edit links shown for copying are absolute, on DT_BASE_URL when set, so a
    forged Host header cannot put another site's address in them."""
    login(client, "facilitator")
    url = save(client)
    client.app.state.settings.base_url = "https://dilemmatafel.example.nl/"
    try:
        shown = client.get(url, headers={"Host": "phishing.example"})
    finally:
        client.app.state.settings.base_url = ""
    assert "phishing" not in shown.text
    view, edit_link = texts(page(shown), "code")
    assert view.startswith("https://dilemmatafel.example.nl/sessies/bekijken/")
    assert edit_link == f"https://dilemmatafel.example.nl{url}"


def test_the_view_links_word_file_has_the_handouts_per_version(client, accounts):
    """The saved agenda's Word file carries each dilemma's hand-out, like the builder's: the
    facilitator's version with the notes, the participants' version without."""
    import io

    from docx import Document

    login(client, "facilitator")
    url = save(client)
    view = next(
        href
        for href in links(page(client.get(url)))
        if href.startswith("/sessies/bekijken/") and href.count("/") == 3
    )

    def headings(query: str = "") -> list[str]:
        response = client.get(f"{view}/agenda.docx{query}")
        assert response.status_code == 200
        document = Document(io.BytesIO(response.content))
        return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]

    facilitator, participants = headings(), headings("?versie=deelnemers")
    assert "Situatie" in facilitator and "Vraag" in facilitator
    assert "Toelichting (voor de gespreksleider)" in facilitator
    assert "Situatie" in participants and "Vraag" in participants
    assert "Toelichting (voor de gespreksleider)" not in participants
