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
