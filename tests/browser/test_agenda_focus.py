"""A keyboard user moves a dilemma to the top of a saved agenda: after every redraw the focus
is on the block's own button (or on "Omlaag" once "Omhoog" is disabled at the top), the status
region says where the block is now, and the moved dilemma is "Dilemma 1"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_axe import axe_violations
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

WAIT = 10_000
NUMBER = re.compile(r"Dilemma (\d+): (.+?) \(\d+ min\)$")


def active_id(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def press_enter_and_wait_for(page: Page, announced: str | re.Pattern) -> None:
    """Enter on the focused control, as a keyboard user does; then wait for the status."""
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-status")).to_have_text(announced, timeout=WAIT)
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')",
        timeout=WAIT,
    )


def test_moving_a_block_by_keyboard_keeps_the_focus_and_announces_the_place(
    page, live_server, editors
):
    page.goto(live_server + "/inloggen")
    page.get_by_label("E-mailadres").fill(editors[0])
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile("/inloggen"))
    page.goto(live_server + "/sessies/agenda?publiek=raad&duur=90&datum=2030-05-20")
    page.get_by_role("button", name="Opslaan en bewerken").click()
    expect(page.get_by_text("Bekijklink")).to_be_visible()

    headings = page.locator("ol.dt-agenda-edit > li > h2")
    texts = [" ".join(text.split()) for text in headings.all_inner_texts()]
    dilemmas = [i for i, text in enumerate(texts) if NUMBER.search(text)]
    assert len(dilemmas) >= 2, texts
    place = dilemmas[-1]
    name = NUMBER.search(texts[place]).group(2)
    block = headings.nth(place).get_attribute("id")
    total = len(texts)

    # The other blocks, in order; the moved one is taken out and put back at `place`.
    others = [bool(NUMBER.search(text)) for i, text in enumerate(texts) if i != place]
    page.locator(f"#{block}-omhoog").focus()
    while place > 0:
        place -= 1
        number = 1 + sum(others[:place])  # its dilemma number once it is at `place`
        press_enter_and_wait_for(
            page, f"Blok ‘Dilemma {number}: {name}’ staat nu op plaats {place + 1} van {total}."
        )
        # The same control, until the block is at the top, where "Omhoog" is disabled.
        assert active_id(page) == (f"{block}-omhoog" if place else f"{block}-omlaag")
        assert headings.nth(place).get_attribute("id") == block
    expect(page.locator(f"#{block}-omhoog")).to_be_disabled()
    expect(headings.first).to_contain_text(f"Dilemma 1: {name}")
    numbers = [int(m.group(1)) for m in map(NUMBER.search, headings.all_inner_texts()) if m]
    assert numbers == list(range(1, len(dilemmas) + 1))

    # "Omlaag" from the top: one place down, and the focus stays on that button.
    press_enter_and_wait_for(page, f"Blok ‘Dilemma 1: {name}’ staat nu op plaats 2 van {total}.")
    assert active_id(page) == f"{block}-omlaag"

    # Removing it: the focus goes to the heading of the block that took its place.
    page.keyboard.press("Tab")
    assert active_id(page) == f"{block}-verwijder"
    press_enter_and_wait_for(
        page,
        re.compile(
            f"^Blok ‘Dilemma 1: {re.escape(name)}’ is verwijderd. De agenda heeft nu"
            rf" {total - 1} blokken. Totaal: \d+ van 90 minuten; er is nog \d+ minuten over.$"
        ),
    )
    assert active_id(page) == headings.nth(1).get_attribute("id")
    assert page.locator(f"#{block}").count() == 0

    assert axe_violations(page) == []
