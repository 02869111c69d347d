"""Odd but possible input: huge ids and dates at the edge of the calendar answer 4xx, not 500."""

from __future__ import annotations

import socket

import pytest

from backend.main import create_app
from tests.conftest import make_settings, serving
from tests.helpers import heading, login, page, text_of

HUGE = "9" * 30


@pytest.mark.parametrize(
    "path",
    [
        f"/live/{HUGE}",
        f"/live/{HUGE}/stroom",
        "/live/-1",
        f"/beheer/gebruikers/{HUGE}",
    ],
)
def test_huge_ids_are_not_found(client, accounts, path):
    login(client, "admin")
    response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)
    assert heading(response) == "Pagina niet gevonden", path


@pytest.mark.parametrize(
    ("role", "path", "form"),
    [
        ("facilitator", f"/live/{HUGE}/volgende", {}),
        ("admin", f"/beheer/gebruikers/{HUGE}/rol", {"role": "editor"}),
        ("admin", f"/beheer/gebruikers/{HUGE}/actief", {"active": "nee"}),
    ],
)
def test_a_huge_id_in_a_form_post_is_refused(client, accounts, role, path, form):
    login(client, role)
    response = client.post(path, data={"csrf_token": client.cookies["dt_csrf"], **form})
    assert response.status_code == 404, (path, response.status_code)
    assert heading(response) == "Pagina niet gevonden", path


def test_an_agenda_too_far_ahead_gets_a_dutch_message(client):
    response = client.get("/sessies/agenda", params={"publiek": "raad", "datum": "9999-12-31"})
    assert response.status_code == 400 and "te ver vooruit" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"datum": "9999-12-31"},
        {"datum": "0001-01-01"},
        {"datum": "9999-12-31", "begintijd": "23:59", "duur": "240"},
    ],
)
def test_agenda_dates_at_the_edge_of_the_calendar(client, params):
    for path in ("/sessies/agenda", "/sessies/agenda.ics", "/sessies/agenda.docx"):
        response = client.get(path, params={"publiek": "raad", **params})
        assert response.status_code < 500, (path, params, response.status_code)


@pytest.mark.parametrize("start", ["9999-12-31", "9998-06-01", "0001-01-01"])
def test_term_plan_dates_at_the_edge_of_the_calendar(client, start):
    for path in ("/sessies/periodeplan", "/sessies/periodeplan.ics", "/sessies/periodeplan.docx"):
        response = client.get(path, params={"bestuurslaag": "gemeente", "start": start})
        assert response.status_code < 500, (path, start, response.status_code)


def test_an_unexpected_error_keeps_the_connection_for_the_next_request(tmp_path, fixture_db):
    """A browser reuses its connection: after a 500 the next request on it must still work."""
    app = create_app(make_settings(tmp_path, fixture_db))

    @app.get("/test-fout")
    def broken():
        raise RuntimeError("kapot")

    with serving(app) as base:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            stream = connection.makefile("rb")
            first = _request(connection, stream, "/test-fout")
            second = _request(connection, stream, "/api/v1/vocabulary")
    assert first.startswith(b"HTTP/1.1 500") and b"Er ging aan onze kant iets mis" in first
    assert second.startswith(b"HTTP/1.1 200")


def _request(connection, stream, path: str) -> bytes:
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        head += stream.read(1)
    lines = head.split(b"\r\n")
    length = int(
        next(line.split(b":")[1] for line in lines if line.lower().startswith(b"content-"))
    )
    return head + stream.read(length)


@pytest.mark.parametrize("digits", ["²", "³5", "½"])
def test_digits_that_are_not_decimal_are_refused_in_dutch(client, accounts, digits):
    """'²'.isdigit() is true but int('²') fails: such input must get a message, not a 500."""
    login(client, "facilitator")
    response = client.post(
        "/live/start",
        data={"dilemma": "subsidie-eigen-sportvereniging", "csrf_token": client.cookies["dt_csrf"]},
        follow_redirects=False,
    )
    session_id = response.headers["location"].rsplit("/", 1)[-1]
    asks = {  # what the message tells the facilitator to fill in instead
        "verlengen": ("minuten", "als een heel getal"),
        "naar": ("positie", "Kies een onderdeel uit de agenda"),
        "verwacht": ("verwacht", "als een heel getal"),
    }
    for action, (field, fix) in asks.items():
        answer = client.post(
            f"/live/{session_id}/{action}",
            data={field: digits, "csrf_token": client.cookies["dt_csrf"]},
        )
        assert answer.status_code in (400, 409), (action, answer.status_code)
        assert fix in text_of(page(answer), "main"), action
    listing = client.get("/dilemmas", params={"pagina": digits})
    assert listing.status_code == 400
    assert "geen geldig paginanummer" in text_of(page(listing), "main")
