"""A facilitator builds an agenda, saves it, changes a block's minutes, evens the time out
again, and downloads the Word file."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_build_edit_and_download(browser, live_server, editors):
    page = browser.new_context(locale="nl-NL", accept_downloads=True).new_page()
    page.goto(live_server + "/inloggen")
    page.get_by_label("E-mailadres").fill(editors[0])
    page.get_by_label("Wachtwoord").fill("een lange zin als wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    page.goto(live_server + "/sessies")
    page.get_by_label("Voor wie").select_option("provinciale-staten")
    page.get_by_label("Datum").fill("2030-05-20")
    page.get_by_label("Duur in minuten").fill("120")
    page.get_by_label("Aantal deelnemers").fill("30")
    page.get_by_role("group", name=re.compile("Thema's")).get_by_label(
        "Geschenken en uitnodigingen"
    ).check()
    page.get_by_role("button", name="Agenda samenstellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Integriteitsbijeenkomst provinciale staten"
    )
    expect(page.locator("tfoot")).to_contain_text("120")

    page.get_by_role("button", name="Opslaan en bewerken").click()
    expect(page.get_by_text("Bekijklink")).to_be_visible()
    status = page.locator(".dt-agenda-total")
    expect(status).to_contain_text("120 minuten van 120")
    page.get_by_label(re.compile("^Minuten voor Opening")).fill("20")
    page.locator(".dt-agenda-block").first.get_by_role("button", name="Aanpassen").click()
    expect(status).to_contain_text("te lang")
    page.get_by_role("button", name=re.compile("Verdeel de resterende tijd")).click()
    expect(status).to_contain_text("120 minuten van 120")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word (.docx, gespreksleider)").click()
    download = download_info.value
    assert (
        download.suggested_filename == "integriteitsbijeenkomst-provinciale-staten-2030-05-20.docx"
    )
    document = Document(io.BytesIO(Path(download.path()).read_bytes()))
    minutes = [int(row.cells[2].text) for row in document.tables[0].rows[1:]]
    assert sum(minutes) == 120 and minutes[0] == 20
