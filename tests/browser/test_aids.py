"""Each decision aid completed on a phone-sized screen, with htmx swapping the steps."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def answer(page, legend: str, option: str) -> None:
    """Choose an option in the step's radio group and go on."""
    page.get_by_role("group", name=legend).get_by_label(option, exact=False).first.check()
    page.get_by_role("button", name="Volgende").click()


def test_personal_interest_aid_on_a_phone(browser, live_server):
    page = browser.new_context(locale="nl-NL", viewport=PHONE).new_page()
    page.goto(live_server + "/wijzers/persoonlijk-belang")
    answer(page, "In welk orgaan wordt het besluit genomen?", "Gemeenteraad")
    answer(page, "Waarover gaat het besluit?", "Een gewoon besluit")
    answer(page, "Welk belang hebt u bij het besluit?", "Een belang van een vereniging")
    answer(page, "Welke positie hebt u in die organisatie?", "Ik ben gewoon lid")
    answer(page, "Hoe groot is de organisatie?", "Groot")
    expect(page.get_by_role("heading", name="Uitkomst: U kunt deelnemen")).to_be_visible()
    assert "orgaan=raad" in page.url  # htmx pushed the answers into the address bar
    # Going back to change the position recomputes the advice.
    page.get_by_role("link", name="Wijzig het antwoord op: Welke positie").click()
    answer(page, "Welke positie hebt u in die organisatie?", "Ik zit in het bestuur")
    answer(page, "Raakt het besluit dat belang specifiek", "Ja, het belang is specifiek")
    expect(
        page.get_by_role("heading", name="Uitkomst: Neem niet deel aan beraadslaging en stemming")
    ).to_be_visible()


def test_secrecy_aid_on_a_phone(browser, live_server):
    page = browser.new_context(locale="nl-NL", viewport=PHONE).new_page()
    page.goto(live_server + "/wijzers/geheimhouding")
    answer(page, "Waarmee wilt u verder?", "Omgaan met geheime informatie")
    answer(page, "Bij welke overheid bent u lid of werkt u?", "Gemeente")
    answer(page, "Wat wilt u met de geheime informatie doen?", "Noemen in de openbare vergadering")
    expect(page.get_by_role("heading", name="Uitkomst: Dat mag niet")).to_be_visible()
    expect(page.get_by_text("onschendbaarheid")).to_be_visible()


def test_exemption_aid_on_a_phone(browser, live_server):
    page = browser.new_context(locale="nl-NL", viewport=PHONE).new_page()
    page.goto(live_server + "/wijzers/ontheffing")
    answer(page, "Wat voor overeenkomst met de gemeente is het?", "Huren of pachten")
    answer(page, "Hoe wordt de grond of het gebouw toegewezen?", "Openbaar, met gelijke kansen")
    expect(page.get_by_role("heading", name="Uitkomst: Valt buiten het verbod")).to_be_visible()
