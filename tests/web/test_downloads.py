"""Every download answers an unknown file format the same way: the Dutch 404 page that
names the formats there are."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from backend.web.downloads import export_format

AGENDA = "/sessies/agenda.{}?publiek=raad&datum=2030-03-15&begintijd=19:30&duur=90&groepsgrootte=25"
TERM_PLAN = "/sessies/periodeplan.{}?bestuurslaag=gemeente&start=2026-04-01"


def test_a_known_format_gives_what_the_table_holds():
    assert export_format({"docx": 1, "md": 2}, "md") == 2


@pytest.mark.parametrize("formats", [{"docx": 1, "md": 2, "csv": 3}, {"md": 1}])
def test_an_unknown_format_is_404_naming_the_choices(formats):
    with pytest.raises(HTTPException) as refused:
        export_format(formats, "pdf")
    assert refused.value.status_code == 404
    choices = "docx, md of csv" if len(formats) == 3 else "md"
    assert refused.value.detail == f"Dit bestandsformaat bestaat niet; kies {choices}."


@pytest.mark.parametrize("url", [AGENDA, TERM_PLAN])
def test_builder_and_term_plan_downloads_answer_an_unknown_format_alike(client, url):
    known = client.get(url.format("md"))
    assert known.status_code == 200, known.text
    assert "attachment" in known.headers["content-disposition"]
    response = client.get(url.format("pdf"))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Dit bestandsformaat bestaat niet; kies docx, md of ics." in response.text
    assert '<html lang="nl"' in response.text
