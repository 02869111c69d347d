"""The session builder pages and downloads, over the shipped collection."""

from __future__ import annotations

from html import unescape

import pytest

QUERY = "publiek=raad&datum=2030-03-15&begintijd=19:30&duur=90&groepsgrootte=25&thema=nevenfuncties"


def test_form_builds_an_agenda_that_adds_up(shipped_client):
    form = shipped_client.get("/sessies").text
    assert 'action="/sessies/agenda"' in form and 'name="duur"' in form
    page = unescape(shipped_client.get(f"/sessies/agenda?{QUERY}").text)
    assert "Integriteitsbijeenkomst gemeenteraad" in page
    assert "vrijdag 15 maart 2030" in page
    assert '<th scope="row" colspan="2">Totaal</th><td>90</td>' in page
    assert "Gekozen omdat het" in page


def test_same_link_same_agenda(shipped_client):
    assert (
        shipped_client.get(f"/sessies/agenda?{QUERY}").text
        == shipped_client.get(f"/sessies/agenda?{QUERY}").text
    )


def test_print_versions(shipped_client):
    facilitator = unescape(shipped_client.get(f"/sessies/agenda?{QUERY}&afdrukken=1").text)
    participants = unescape(
        shipped_client.get(f"/sessies/agenda?{QUERY}&afdrukken=1&versie=deelnemers").text
    )
    assert "print.css" in facilitator and "Situatie" in facilitator
    assert "Toelichting (voor de gespreksleider)" in facilitator
    assert "Toelichting (voor de gespreksleider)" not in participants and "Situatie" in participants


@pytest.mark.parametrize(
    ("extension", "media", "name"),
    [
        (
            "docx",
            "application/vnd.openxmlformats",
            "integriteitsbijeenkomst-gemeenteraad-2030-03-15.docx",
        ),
        ("md", "text/markdown", "integriteitsbijeenkomst-gemeenteraad-2030-03-15.md"),
        ("ics", "text/calendar", "integriteitsbijeenkomst-gemeenteraad-2030-03-15.ics"),
    ],
)
def test_downloads(shipped_client, extension, media, name):
    response = shipped_client.get(f"/sessies/agenda.{extension}?{QUERY}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert name in response.headers["content-disposition"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("duur=10", "De duur in minuten moet een heel getal van 30 tot en met 240 zijn."),
        ("duur=abc", "De duur in minuten moet een heel getal"),
        ("groepsgrootte=0", "Het aantal deelnemers moet"),
        ("groepsgrootte=10000", "Het aantal deelnemers moet"),
        ("datum=2001-01-01", "De datum ligt in het verleden"),
        ("thema=<script>", "Onbekend thema"),
    ],
)
def test_bad_input_returns_the_form_with_a_dutch_message(shipped_client, query, message):
    response = shipped_client.get(f"/sessies/agenda?{query}")
    assert response.status_code == 400
    assert message in unescape(response.text)
    assert "<script>" not in response.text
    assert shipped_client.get(f"/sessies/agenda.docx?{query}").status_code == 400


def test_unknown_download_format(shipped_client):
    assert shipped_client.get(f"/sessies/agenda.pdf?{QUERY}").status_code == 404


def test_term_plan_page_and_downloads(shipped_client):
    form = shipped_client.get("/sessies/periodeplan")
    assert form.status_code == 200 and 'name="start"' in form.text
    page = unescape(
        shipped_client.get("/sessies/periodeplan?bestuurslaag=waterschap&start=2027-03-20").text
    )
    assert (
        "Integriteitsagenda waterschap 2027–2031" in page and "Waterschapswet art. 33 lid 3" in page
    )
    docx = shipped_client.get("/sessies/periodeplan.docx?bestuurslaag=waterschap&start=2027-03-20")
    assert "integriteitsagenda-waterschap-2027-2031.docx" in docx.headers["content-disposition"]


@pytest.mark.parametrize(
    "query",
    [
        "bestuurslaag=rijk&start=2027-01-01",
        "bestuurslaag=gemeente&start=gisteren",
        "bestuurslaag=gemeente&start=1850-01-01",
    ],
)
def test_term_plan_bad_input(shipped_client, query):
    response = shipped_client.get(f"/sessies/periodeplan?{query}")
    assert response.status_code == 400 and "dt-error" in response.text
    assert shipped_client.get(f"/sessies/periodeplan.md?{query}").status_code == 400
