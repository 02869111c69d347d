"""Every export family (agenda, saved agenda, term plan, live report) answers an unknown file
format the same way: the Dutch 404 page naming the formats there are."""

from __future__ import annotations

import pytest

from tests.helpers import html_lang

TERM_PLAN = "bestuurslaag=gemeente&start=2026-04-01"
AGENDA = "publiek=raad&datum=2030-03-15&begintijd=19:30&duur=90&groepsgrootte=25"


@pytest.mark.parametrize(
    ("url", "formats"),
    [
        (f"/sessies/agenda.pdf?{AGENDA}", "docx, md of ics"),
        ("/sessies/bekijken/geen-token/agenda.pdf", "docx, md of ics"),
        (f"/sessies/periodeplan.pdf?{TERM_PLAN}", "docx, md of ics"),
        ("/verslag/geen-token/verslag.pdf", "docx, md of csv"),
    ],
)
def test_an_unknown_format_is_the_same_dutch_404_everywhere(client, url, formats):
    response = client.get(url)
    assert response.status_code == 404
    assert html_lang(response) == "nl"  # the error page, not a bare text
    assert f"Dit bestandsformaat bestaat niet. Kies {formats}." in response.text


def test_a_known_format_downloads_with_its_file_name(client):
    response = client.get(f"/sessies/periodeplan.md?{TERM_PLAN}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('.md"')
    assert response.text.startswith("#")
