"""Domain refusals are answered in one place (web/errors.py): the Dutch error page with the
case's status, or JSON under /api/."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from backend.errors import Conflict, Forbidden, Gone, Invalid, NotFound, TooMany
from backend.live.rules import LiveError, LiveReason
from backend.main import create_app
from tests.conftest import make_settings
from tests.helpers import html_lang, links, page

CASES = {
    "ongeldig": (Invalid("Vul een heel getal in."), 400),
    "verboden": (Forbidden("Deze agenda is van iemand anders."), 403),
    "onbekend": (NotFound("Deze bewerklink bestaat niet."), 404),
    "botsing": (Conflict("Er is een nieuwere versie."), 409),
    "weg": (Gone("Deze link is verlopen."), 410),
    "te-vaak": (TooMany("Wacht een paar minuten."), 429),
    "live-vol": (LiveError("Deze sessie is vol.", LiveReason.FULL), 409),
    "live-gesloten": (LiveError("De deelname is gesloten.", LiveReason.CLOSED), 403),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    # The site's app (its handlers come from install_error_handlers), because the error page
    # links to the site's routes by name. No lifespan: nothing here needs the database.
    folder = tmp_path_factory.mktemp("errors")
    app = create_app(make_settings(folder, folder / "errors.db"))

    @app.get("/fout/{case}")
    @app.get("/api/v1/fout/{case}")
    def refuse(case: str):
        raise CASES[case][0]

    yield TestClient(app)


@pytest.mark.parametrize("case", CASES)
def test_a_domain_error_is_the_dutch_error_page_with_its_status(client, case):
    error, status = CASES[case]
    response = client.get(f"/fout/{case}")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert error.message in response.text
    assert html_lang(response) == "nl"
    assert "/dilemmas" in links(page(response))  # a way on, from the routes' names


@pytest.mark.parametrize("case", CASES)
def test_under_the_api_a_domain_error_is_json(client, case):
    error, status = CASES[case]
    response = client.get(f"/api/v1/fout/{case}")
    assert response.status_code == status
    assert response.json() == {"detail": error.message}
