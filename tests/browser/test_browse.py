"""A visitor opens the home page, filters the dilemma list and opens a dilemma."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_filter_and_open_a_dilemma(page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Het gesprek over integriteit, goed voorbereid"
    )

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dilemma's").click()
    expect(page).to_have_url(live_server + "/dilemmas")
    count = page.locator("#results-heading")
    total_before = int(count.inner_text().split()[0])

    # Ticking a filter updates the list in place (htmx) and keeps the state in the URL.
    page.locator("summary", has_text="Bestuurslaag").click()  # a closed filter group opens
    page.get_by_label(re.compile(r"^Waterschap \(")).check()
    expect(page).to_have_url(re.compile(r"/dilemmas\?bestuurslaag=waterschap$"))
    expect(count).to_contain_text("met deze filters")
    total_after = int(count.inner_text().split()[0])
    assert 0 < total_after < total_before
    for tag_row in page.locator(".dt-card__tags").all():
        expect(tag_row).to_contain_text("Waterschap")
    assert page.get_by_label(re.compile(r"^Waterschap \(")).is_checked()

    first = page.locator(".dt-card__title a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="Toelichting")).to_be_visible()

    # The filtered list is bookmarkable: going back restores it.
    page.go_back()
    expect(page).to_have_url(re.compile(r"bestuurslaag=waterschap"))
    assert all(url.startswith(live_server) for url in requests), "alles wordt lokaal geladen"


def test_filters_work_with_the_keyboard(page, live_server):
    page.goto(live_server + "/goede-praktijken")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_focused()
    checkbox = page.get_by_label(re.compile(r"^Repressief \("))
    checkbox.focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"aanpak=repressief"))
    expect(page.locator("#results-heading")).to_contain_text("met deze filters")


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/dilemmas", "/goede-praktijken", "/casussen/geheimhouding", "/zoeken?q=nevenfuncties"],
)
def test_on_a_phone_the_first_result_shows_without_scrolling(phone, live_server, path):
    phone.goto(live_server + path)
    first = phone.locator(".dt-card").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < phone.evaluate("innerHeight")
    # The filters wait behind one button, which says how many are ticked.
    expect(phone.locator("summary", has_text=re.compile(r"^Filters \(0\)$"))).to_be_visible()
    expect(phone.locator(".dt-facet").first).to_be_hidden()
    width = phone.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], "niets steekt buiten het scherm uit"


def test_long_dutch_words_hyphenate(phone, live_server):
    phone.goto(live_server + "/dilemmas")
    assert phone.evaluate("document.documentElement.lang") == "nl"
    title = phone.locator(".dt-card__title").first
    assert title.evaluate("node => getComputedStyle(node).hyphens") == "auto"


def test_on_a_phone_menu_and_filters_work_with_the_keyboard(phone, live_server):
    phone.goto(live_server + "/goede-praktijken")
    nav = phone.get_by_role("navigation", name="Hoofdmenu")
    expect(nav).to_be_hidden()
    menu = phone.locator("summary", has_text="Menu")
    menu.focus()
    phone.keyboard.press("Enter")
    expect(nav).to_be_visible()
    phone.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Bijeenkomst voorbereiden")).to_be_focused()
    menu.focus()
    phone.keyboard.press("Enter")
    expect(nav).to_be_hidden()

    filters = phone.locator("summary", has_text="Filters (0)")
    filters.focus()
    phone.keyboard.press("Enter")
    checkbox = phone.get_by_label(re.compile(r"^Repressief \("))
    expect(checkbox).to_be_visible()
    for _ in range(40):  # Tab through the open filter groups to the checkbox
        if checkbox.evaluate("node => node === document.activeElement"):
            break
        phone.keyboard.press("Tab")
    expect(checkbox).to_be_focused()
    phone.keyboard.press("Space")
    expect(phone).to_have_url(re.compile(r"aanpak=repressief"))
    # Redrawn with the new results, the filters stay open and say one is ticked.
    expect(phone.locator("summary", has_text="Filters (1)")).to_be_visible()
    expect(checkbox).to_be_visible()
    expect(checkbox).to_be_checked()
