"""Search as you type: results update in place, the URL follows, filters keep the query."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_as_you_type_and_filter(page, live_server):
    page.goto(live_server + "/")
    page.get_by_label("Zoeken in dilemma's, goede praktijken en casussen").fill("geheimhouding")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/zoeken\?q=geheimhouding"))
    heading = page.locator("#results-heading")
    expect(heading).to_contain_text("voor ‘geheimhouding’")

    box = page.get_by_label("Waar gaat uw vraag over?")
    box.fill("")
    box.type("stukken uitgelekt naar de krant", delay=20)
    expect(heading).to_contain_text("voor ‘stukken uitgelekt naar de krant’")
    expect(page).to_have_url(re.compile(r"q=stukken(\+|%20)uitgelekt(\+|%20)naar"))
    expect(page.locator(".dt-card mark").first).to_be_visible()

    page.get_by_label(re.compile(r"^Casussen geheimhouding \(")).check()
    expect(page).to_have_url(re.compile(r"soort=secrecy"))
    expect(page.locator(".dt-card__type").first).to_have_text("Casus geheimhouding")
    for label in page.locator(".dt-card__type").all():
        expect(label).to_have_text("Casus geheimhouding")
    assert box.input_value() == "stukken uitgelekt naar de krant"


def test_misspelling_shows_the_likely_word_and_offers_the_words_as_typed(page, live_server):
    page.goto(live_server + "/zoeken?q=geheimhuding")
    expect(page.locator("#results-heading")).to_contain_text("voor ‘geheimhouding’")
    expect(page.locator(".dt-suggestion")).to_contain_text("Zoek in plaats daarvan op")
    page.get_by_role("link", name="geheimhuding").click()
    expect(page.locator("#results-heading")).to_contain_text("voor ‘geheimhuding’")
    page.get_by_role("link", name="geheimhouding").click()
    expect(page.locator("#results-heading")).to_contain_text("voor ‘geheimhouding’")
