"""An editor writes a case with an e-mail address in it, is stopped by the guard on saving,
fixes it and submits; a second editor approves it; the case is then found by public search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, base, email):
    page.goto(base + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_write_guard_review_publish_and_find(browser, live_server, editors):
    anna = browser.new_context(locale="nl-NL").new_page()
    log_in(anna, live_server, editors[0])
    anna.goto(live_server + "/beheer/content/nieuw/personal_interest")
    # No slug typed: it is made from the title (it can be changed under "Geavanceerd").
    expect(anna.get_by_label("Slug")).to_be_hidden()
    anna.get_by_label("Titel").fill("Wethouder en de zwemvereniging")
    anna.get_by_label("Samenvatting").fill(
        "Een wethouder is voorzitter van de zwemvereniging die om een nieuw bad vraagt."
    )
    anna.get_by_role("group", name=re.compile("Thema's")).get_by_label(
        "Belangenverstrengeling"
    ).check()
    anna.get_by_role("group", name=re.compile("Rollen")).get_by_label("Wethouder").check()
    anna.get_by_role("group", name=re.compile("Bestuurslagen")).get_by_label("Gemeente").check()
    anna.get_by_label("Jaar").fill("2025")
    anna.get_by_label("Soort belang").select_option("bestuursfunctie")
    anna.get_by_label(re.compile(r"^Het belang")).fill("Voorzitter van de zwemvereniging")
    anna.get_by_label("Rol van het lid").select_option("wethouder")
    anna.get_by_label("Wat het lid deed").select_option("verliet-de-vergadering")
    anna.get_by_role("group", name="Onthouding wettelijk vereist").get_by_label("Ja").check()
    anna.get_by_label("Zichtbaarheid").select_option("public")
    for heading, text in [
        (
            "Feiten",
            "De wethouder van Zeewolderveen is voorzitter van de zwemvereniging."
            " Mail: h.vos@zwemclub-voorbeeld.nl.",
        ),
        ("Vraag", "Mag de wethouder meebeslissen over het nieuwe bad?"),
        ("Wat er gebeurde", "Zij verliet de collegevergadering bij dit punt."),
        ("Uitkomst", "Het college besloot zonder haar."),
        (
            "Beoordeling",
            "Een bestuursfunctie is een persoonlijk belang (artikel 28 en 58 Gemeentewet).",
        ),
    ]:
        anna.get_by_label(heading, exact=False).and_(anna.locator("textarea")).fill(text)
    anna.get_by_role("button", name="Opslaan als concept").click()
    # Stopped before anything is written: the text stays, the finding links to its field and
    # can be ticked as fictional.
    expect(anna.get_by_role("alert")).to_contain_text("mogelijk persoonsgegevens")
    expect(anna.locator("mark.dt-pd")).to_contain_text("h.vos@zwemclub-voorbeeld.nl")
    expect(
        anna.get_by_label(re.compile("h.vos@zwemclub-voorbeeld.nl is verzonnen"))
    ).to_be_visible()
    anna.get_by_role("link", name="E-mailadres in ‘Feiten’").click()
    facts = anna.get_by_label("Feiten", exact=False).and_(anna.locator("textarea"))
    expect(facts).to_be_focused()
    expect(facts).to_have_value(re.compile("h.vos@zwemclub-voorbeeld.nl"))
    facts.fill("De wethouder van Zeewolderveen is voorzitter van de zwemvereniging.")
    anna.get_by_role("button", name="Opslaan als concept").click()
    expect(anna.locator(".dt-notice[role=status]")).to_contain_text("Opgeslagen")
    expect(anna).to_have_url(re.compile(r"/beheer/content/wethouder-en-de-zwemvereniging\?"))

    anna.get_by_label("Vraag", exact=False).and_(anna.locator("textarea")).fill(
        "Mag de wethouder meebeslissen over het nieuwe zwembad?"
    )
    # No need to click Opslaan: the draft is saved automatically after a pause in typing.
    expect(anna.locator("#autosave-status")).to_contain_text(
        "Automatisch opgeslagen", timeout=15_000
    )
    anna.get_by_role("button", name="Indienen ter beoordeling").click()
    expect(anna.get_by_text("Werkversie: Ter beoordeling")).to_be_visible()

    bram = browser.new_context(locale="nl-NL").new_page()
    log_in(bram, live_server, editors[1])
    bram.goto(live_server + "/beheer/content?status=review")
    bram.get_by_role("link", name="Wethouder en de zwemvereniging").click()
    bram.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(bram.get_by_text("Status: Gepubliceerd")).to_be_visible()

    visitor = browser.new_context(locale="nl-NL").new_page()
    visitor.goto(live_server + "/zoeken?q=zwemvereniging+wethouder")
    expect(visitor.locator(".dt-card__title").first).to_have_text("Wethouder en de zwemvereniging")


def test_the_preview_follows_the_text_and_law_articles_can_be_found_by_typing(
    browser, live_server, editors
):
    anna = browser.new_context(locale="nl-NL", viewport={"width": 1440, "height": 900}).new_page()
    log_in(anna, live_server, editors[0])
    anna.goto(live_server + "/beheer/content/nieuw/dilemma")
    question = anna.locator("#s-question")
    question.fill("Mag de **burgemeester** dit aannemen?")
    preview = anna.get_by_role("region", name="Voorbeeld van Vraag")
    expect(preview.locator("strong")).to_have_text("burgemeester")
    text_box, preview_box = question.bounding_box(), preview.bounding_box()
    assert preview_box["x"] > text_box["x"] + text_box["width"], "voorbeeld rechts van de tekst"

    laws = anna.get_by_role("group", name="Wetsartikelen")
    expect(laws.get_by_role("group", name="Gemeentewet")).to_be_visible()
    laws.get_by_label("Zoek een artikel").fill("provinciewet 28")
    expect(laws.get_by_role("status")).to_have_text("1 artikel gevonden")
    expect(laws.get_by_role("group", name="Gemeentewet")).to_be_hidden()
    anna.keyboard.press("Tab")
    anna.keyboard.press("Space")
    expect(laws.get_by_label("Provinciewet art. 28")).to_be_checked()
