"""Bounded requests: body size and body time, header time and size, event streams per client,
and the open-file limit the server checks at start-up."""

from __future__ import annotations

import logging
import resource
import socket
import time
from contextlib import ExitStack, contextmanager

import httpx2 as httpx
import pytest
import uvicorn
from sqlmodel import Session, select

from backend.main import create_app
from backend.models import LiveSession
from backend.web.server import HeaderDeadlineProtocol, needed_open_files
from tests.conftest import make_settings, serving
from tests.helpers import add_user, csrf, heading, login
from tests.web.test_editor import form_data

KIB = 1024


def exchange(base_url: str, data: bytes, guard: float = 10) -> bytes:
    """Send raw bytes and read the answer until the server closes the connection. `guard` only
    stops a failing test from hanging: a server that keeps waiting fails the test."""
    host, port = base_url.removeprefix("http://").split(":")
    received = b""
    with socket.create_connection((host, int(port)), timeout=guard) as sock:
        sock.sendall(data)
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            pytest.fail(f"the server kept the connection open; it answered {received[:60]!r}")
    return received


def headers_of(path: str, **fields: str) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: testserver"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in fields.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


# --- body size --------------------------------------------------------------------------------


def test_a_form_over_the_limit_is_refused_in_dutch_before_the_csrf_check(client):
    response = client.post("/inloggen", data={"email": "x" * 70 * KIB, "password": "p"})
    assert response.status_code == 413
    assert "text/html" in response.headers["content-type"]
    assert "64 kB" in response.text and "er is niets opgeslagen" in response.text


def test_a_chunked_body_over_the_limit_is_refused(client):
    def chunks():
        for _ in range(20):
            yield b"x" * 8 * KIB

    response = client.post(
        "/inloggen",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413 and heading(response) == "Te veel gegevens verstuurd"
    assert "er is niets opgeslagen" in response.text


def test_the_api_refuses_a_large_body_in_dutch_json(client):
    response = client.post("/api/v1/dilemmas", content=b"{}" + b" " * 70 * KIB)
    assert response.status_code == 413
    assert "te groot" in response.json()["detail"]


def test_the_editor_takes_long_texts_but_not_endless_ones_and_writes_nothing(client, accounts):
    login(client, "editor")
    long_text = "Een lange alinea. " * 6000  # about 100 kB: more than a form, less than 1 MB
    preview = client.post(
        "/beheer/content/voorbeeld",
        data={"section_facts": long_text, "csrf_token": csrf(client)},
    )
    assert preview.status_code == 200
    huge = form_data(client, section_facts="Feiten. " * 140_000)  # over 1 MB
    response = client.post(
        "/beheer/content/nieuw/personal_interest", data=huge, follow_redirects=False
    )
    assert response.status_code == 413 and "1 MB" in response.text
    assert client.get("/beheer/content/nieuwe-casus").status_code == 404


@pytest.fixture
def served(tmp_path, fixture_db):
    """The app over real HTTP, with a short body deadline."""
    settings = make_settings(tmp_path, fixture_db).model_copy(update={"body_timeout_seconds": 0.5})
    with serving(create_app(settings)) as base_url:
        yield base_url


def test_a_declared_huge_body_is_refused_without_reading_it(served):
    answer = exchange(
        served,
        headers_of(
            "/inloggen",
            content_type="application/x-www-form-urlencoded",
            content_length=str(100 * KIB * KIB),
        ),
    )
    assert answer.startswith(b"HTTP/1.1 413")


def test_a_body_sent_too_slowly_gets_408_and_the_connection_is_closed(served):
    request = headers_of(
        "/inloggen", content_type="application/x-www-form-urlencoded", content_length="100"
    )
    answer = exchange(served, request + b"email=a")  # then nothing more
    assert answer.startswith(b"HTTP/1.1 408")
    assert b"de verbinding verbroken" in answer


# --- headers ----------------------------------------------------------------------------------


class QuickDeadline(HeaderDeadlineProtocol):
    header_timeout = 0.3


@contextmanager
def serving_with(protocol):
    """A tiny app served by uvicorn with the given HTTP protocol."""

    async def app(scope, receive, send):
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

    with serving(app, http=protocol, log_level="error") as base_url:
        yield base_url


def test_a_connection_that_sends_no_request_is_closed():
    with serving_with(QuickDeadline) as base_url:
        assert exchange(base_url, b"") == b""


def test_headers_sent_too_slowly_close_the_connection():
    with serving_with(QuickDeadline) as base_url:
        assert exchange(base_url, b"GET / HTTP/1.1\r\nHost: x\r\n") == b""


def test_headers_sent_in_time_are_answered_and_keep_alive_still_works():
    with serving_with(QuickDeadline) as base_url, httpx.Client(base_url=base_url) as http:
        assert http.get("/").text == "ok"
        assert http.get("/").text == "ok"


def test_endless_headers_are_refused():
    # Far more than the limit: the client is still sending when the server refuses, and the
    # 431 must still arrive (not be lost in a reset over the unread rest).
    padding = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 1000) for i in range(2000))
    with serving_with(QuickDeadline) as base_url:
        answer = exchange(base_url, b"GET / HTTP/1.1\r\nHost: x\r\n" + padding + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431")


def test_serve_uses_the_header_deadline(monkeypatch):
    from typer.testing import CliRunner

    from backend.cli import app as cli

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    assert CliRunner().invoke(cli, ["serve"]).exit_code == 0
    protocol = seen["http"]
    if isinstance(protocol, str):
        protocol = uvicorn.importer.import_from_string(protocol)
    assert issubclass(protocol, HeaderDeadlineProtocol)


# --- event streams ----------------------------------------------------------------------------


@pytest.fixture
def capped(tmp_path, fixture_db, engine):
    """(base URL, engine) of the app over real HTTP with at most 2 streams per client, and a
    facilitator account."""
    add_user(engine, "leider@example.org", "facilitator")
    settings = make_settings(tmp_path, fixture_db).model_copy(update={"max_streams_per_client": 2})
    with serving(create_app(settings)) as base_url:
        yield base_url, engine


def leader(base_url: str) -> tuple[httpx.Client, int]:
    """The facilitator's browser with a live session started; (client, session id)."""
    http = httpx.Client(base_url=base_url, timeout=10)
    login(http, "leider@example.org")
    token = csrf(http)  # renewed at login
    started = http.post(
        "/live/start", data={"dilemma": "subsidie-eigen-sportvereniging", "csrf_token": token}
    )
    return http, int(started.headers["location"].rsplit("/", 1)[-1])


def open_stream(stack: ExitStack, http: httpx.Client, url: str) -> httpx.Response:
    return stack.enter_context(http.stream("GET", url))


def test_streams_beyond_the_cap_are_refused_and_a_closed_stream_frees_its_slot(capped):
    base_url, _ = capped
    http, session_id = leader(base_url)
    url = f"/live/{session_id}/stroom"
    with ExitStack() as first, ExitStack() as rest:
        rest.callback(http.close)
        assert open_stream(first, http, url).status_code == 200
        assert open_stream(rest, http, url).status_code == 200
        refused = open_stream(rest, http, url)
        assert refused.status_code == 429
        assert "live-verbindingen" in refused.read().decode()
        first.close()  # the browser tab is closed: the server sees the disconnect
        deadline = time.monotonic() + 10
        while open_stream(rest, http, url).status_code != 200:
            assert time.monotonic() < deadline, "the closed stream never gave its slot back"
            time.sleep(0.05)


def test_a_room_behind_one_address_gets_a_stream_per_phone(capped):
    base_url, engine = capped
    http, session_id = leader(base_url)
    with Session(engine) as db:
        live = db.exec(select(LiveSession).where(LiveSession.id == session_id)).one()
        code, screen = live.code, live.presenter_token
    phones = [httpx.Client(base_url=base_url, timeout=10) for _ in range(5)]
    with ExitStack() as stack:
        stack.callback(http.close)
        for phone in phones:
            stack.callback(phone.close)
            assert phone.get(f"/j/{code}").status_code == 200
            assert open_stream(stack, phone, f"/j/{code}/stroom").status_code == 200
        # The phones in the room do not take the facilitator's or the projector's place.
        assert open_stream(stack, http, f"/live/{session_id}/stroom").status_code == 200
        assert open_stream(stack, http, f"/scherm/{screen}/stroom").status_code == 200


# --- open files -------------------------------------------------------------------------------


def start(tmp_path, fixture_db) -> None:
    from fastapi.testclient import TestClient

    app = create_app(make_settings(tmp_path, fixture_db))
    with TestClient(app):
        assert app.state.search_index.wait_until_ready(30)


def test_start_up_warns_when_the_open_file_limit_is_too_low(
    tmp_path, fixture_db, monkeypatch, caplog
):
    monkeypatch.setattr(resource, "getrlimit", lambda kind: (256, 256))
    with caplog.at_level(logging.WARNING):
        start(tmp_path, fixture_db)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    needed = needed_open_files(make_settings(tmp_path, fixture_db))
    assert any("256" in w and str(needed) in w and "ulimit -n" in w for w in warnings)


def test_start_up_raises_a_low_soft_limit_up_to_the_hard_limit(
    tmp_path, fixture_db, monkeypatch, caplog
):
    raised = []
    monkeypatch.setattr(resource, "getrlimit", lambda kind: (256, 1_000_000))
    monkeypatch.setattr(resource, "setrlimit", lambda kind, limits: raised.append(limits))
    with caplog.at_level(logging.WARNING):
        start(tmp_path, fixture_db)
    assert raised == [(needed_open_files(make_settings(tmp_path, fixture_db)), 1_000_000)]
    assert not [r for r in caplog.records if "open-file limit" in r.getMessage()]
