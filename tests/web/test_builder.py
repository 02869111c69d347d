"""The session builder pages and downloads, over the shipped collection."""

from __future__ import annotations

import io
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from docx import Document
from icalendar import Calendar

from tests.helpers import field, heading, page, text_of

QUERY = "publiek=raad&datum=2030-03-15&begintijd=19:30&duur=90&groepsgrootte=25&thema=nevenfuncties"


def test_form_builds_an_agenda_that_adds_up(shipped_client):
    form = page(shipped_client.get("/sessies")).select_one("form[action='/sessies/agenda']")
    assert form is not None and field(form, "duur")
    response = shipped_client.get(f"/sessies/agenda?{QUERY}")
    agenda = unescape(response.text)
    assert "Integriteitsbijeenkomst gemeenteraad" in agenda
    assert "vrijdag 15 maart 2030" in agenda
    total = page(response).select_one("tfoot tr:has(> th[scope=row]:-soup-contains('Totaal'))")
    assert total is not None and text_of(total, "td") == "90"
    assert "Gekozen omdat het" in agenda


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
    response = shipped_client.get(f"/sessies/agenda.pdf?{QUERY}")
    assert response.status_code == 404 and heading(response) == "Pagina niet gevonden"


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
        "bestuurslaag=gemeente&start=2027-01-01&locatie=" + "x" * 201,
    ],
)
def test_term_plan_bad_input(shipped_client, query):
    response = shipped_client.get(f"/sessies/periodeplan?{query}")
    assert response.status_code == 400 and "dt-error" in response.text
    assert shipped_client.get(f"/sessies/periodeplan.md?{query}").status_code == 400


def dilemma_titles(html: str) -> list[str]:
    """The agenda's dilemma blocks as their headings name them ("Dilemma 2: ..."), in order."""
    titles = []
    for block in page(html).select("h2[id^=b-]"):
        own_text = "".join(block.find_all(string=True, recursive=False)).strip()
        title = own_text.rsplit("· ", 1)[-1]
        if title.startswith("Dilemma "):
            titles.append(title)
    return titles


def links_labelled(html: str, label: str) -> list[str]:
    """The links whose visible label (before any text for screen readers only) is `label`."""
    return [
        str(anchor["href"])
        for anchor in page(html).select("a[href]")
        if next(anchor.stripped_strings, "") == label
    ]


def test_another_dilemma_keeps_the_request_and_changes_only_that_dilemma(shipped_client):
    agenda = shipped_client.get(f"/sessies/agenda?{QUERY}").text
    titles = dilemma_titles(agenda)
    swap_links = links_labelled(agenda, "Ander dilemma")
    assert len(swap_links) == len(titles) >= 2
    second = swap_links[1]
    assert parse_qs(urlsplit(second).query)["wissel"] == ["2"]
    assert parse_qs(urlsplit(second).query)["thema"] == ["nevenfuncties"]
    swapped_page = shipped_client.get(second).text
    swapped = dilemma_titles(swapped_page)
    assert swapped[0] == titles[0] and swapped[2:] == titles[2:]
    assert swapped[1].startswith("Dilemma 2: ") and swapped[1] != titles[1]
    again = links_labelled(swapped_page, "Ander dilemma")[1]
    assert parse_qs(urlsplit(again).query)["wissel"] == ["2", "2"]  # the next alternative
    assert dilemma_titles(shipped_client.get(again).text)[1] not in (titles[1], swapped[1])


def test_another_composition_is_the_next_variant_without_swaps(shipped_client):
    agenda = shipped_client.get(f"/sessies/agenda?{QUERY}&variant=3&wissel=1").text
    (link,) = links_labelled(agenda, "een andere samenstelling")
    params = parse_qs(urlsplit(link).query)
    assert params["variant"] == ["4"] and "wissel" not in params
    assert params["duur"] == ["90"] and params["thema"] == ["nevenfuncties"]
    assert shipped_client.get(link).status_code == 200


def test_a_bad_swap_link_returns_the_form_with_a_dutch_message(shipped_client):
    response = shipped_client.get(f"/sessies/agenda?{QUERY}&wissel=abc")
    assert response.status_code == 400
    assert "De link om een dilemma te wisselen klopt niet." in unescape(response.text)


def test_word_download_per_version_and_calendar_with_location(shipped_client):
    facilitator = Document(io.BytesIO(shipped_client.get(f"/sessies/agenda.docx?{QUERY}").content))
    participants = Document(
        io.BytesIO(shipped_client.get(f"/sessies/agenda.docx?{QUERY}&versie=deelnemers").content)
    )

    def headings(document):
        return [p.text for p in document.paragraphs if p.style.name == "Heading 3"]

    assert "Toelichting (voor de gespreksleider)" in headings(facilitator)
    assert "Situatie" in headings(participants)
    assert "Toelichting (voor de gespreksleider)" not in headings(participants)
    assert facilitator.core_properties.title == "Integriteitsbijeenkomst gemeenteraad"
    ics = shipped_client.get(f"/sessies/agenda.ics?{QUERY}&locatie=Raadzaal%20Stadhuis").content
    (event,) = [c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT"]
    assert str(event["LOCATION"]) == "Raadzaal Stadhuis"
    page = unescape(shipped_client.get(f"/sessies/agenda?{QUERY}&locatie=Raadzaal").text)
    assert "Locatie: Raadzaal" in page


def test_term_plan_calendar_with_location(shipped_client):
    query = "bestuurslaag=gemeente&start=2027-03-20&locatie=Gemeentehuis"
    assert 'name="locatie"' in shipped_client.get("/sessies/periodeplan").text
    ics = shipped_client.get(f"/sessies/periodeplan.ics?{query}").content
    found = [c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT"]
    assert found and all(str(event["LOCATION"]) == "Gemeentehuis" for event in found)
