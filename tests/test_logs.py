"""Logs: one JSON object per line under DT_LOG_FORMAT=json, uvicorn's lines included, and no
personal data in any of them (no e-mail address, password, client address, join code, search
words, cookie or secret link), checked on a real `dilemmatafel serve` process."""

from __future__ import annotations

import json
import logging
import sys

import httpx2 as httpx
from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.content.store import import_collection
from backend.db import make_engine, migrate
from backend.live import service as live_service
from backend.logs import JsonFormatter, request_id
from backend.main import create_app
from backend.models import User
from tests.conftest import FIXTURE_CONTENT, make_settings
from tests.helpers import ROLE_EMAILS, add_user
from tests.processes import AppProcess

CLIENT_ADDRESS = "203.0.113.77"  # what the trusted proxy says the visitor's address is
WRONG_PASSWORD = "Zomervakantie-Texel-2026"
SEARCH_WORDS = ("schoonzoon", "vergunningaanvraag")


def record(message: str, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("dilemmatafel.test", logging.ERROR, __file__, 1, message, (), exc_info)


def test_a_json_line_carries_time_level_logger_message_request_id_and_traceback():
    token = request_id.set("abc123def4567890")
    try:
        raise ValueError("kapot")
    except ValueError:
        line = JsonFormatter().format(record("iets ging mis", sys.exc_info()))
    finally:
        request_id.reset(token)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "ERROR" and entry["logger"] == "dilemmatafel.test"
    assert entry["message"] == "iets ging mis"
    assert entry["request_id"] == "abc123def4567890"
    assert entry["time"].endswith("+00:00")
    assert "ValueError: kapot" in entry["exception"]


def logged_request_ids(client, caplog, headers: dict[str, str]) -> list[str]:
    """The request ids of the access lines of two requests to /healthz."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="dilemmatafel.access"):
        client.get("/healthz", headers=headers)
        client.get("/healthz", headers=headers)
    return [r.request_id for r in caplog.records if r.name == "dilemmatafel.access"]


def test_each_request_has_an_id_and_only_a_trusted_proxy_may_set_it(tmp_path, fixture_db, caplog):
    settings = make_settings(tmp_path, fixture_db)
    settings.trusted_proxies = ["proxy.internal"]
    sent = {"X-Request-ID": "proxy-id-12345678"}
    with TestClient(create_app(settings)) as stranger:
        first, second = logged_request_ids(stranger, caplog, sent)
        assert len(first) == 16 and first != second and "proxy-id-12345678" not in (first, second)
        # Not sent back: HEAD and GET answers stay equal (tests/web/test_head.py).
        assert "x-request-id" not in stranger.get("/healthz").headers
    with TestClient(create_app(settings), client=("proxy.internal", 443)) as proxy:
        assert logged_request_ids(proxy, caplog, sent) == ["proxy-id-12345678"] * 2
        odd = logged_request_ids(proxy, caplog, {"X-Request-ID": "<script>alert(1)</script>"})
        assert "<script>alert(1)</script>" not in odd


def prepared_database(tmp_path) -> tuple[str, str, str]:
    """A SQLite database with the fixture corpus and a running live session; its URL, the
    join code and the presenter's secret token."""
    url = f"sqlite:///{tmp_path / 'logs.db'}"
    engine = make_engine(url)
    migrate(engine)
    import_collection(engine, FIXTURE_CONTENT)
    owner_id = add_user(engine, ROLE_EMAILS["facilitator"], "facilitator")
    with Session(engine) as db:
        owner = db.get(User, owner_id)
        live = live_service.start_from_dilemma(db, owner, "subsidie-eigen-sportvereniging", 3)
        db.commit()
        code, screen = live.code, live.presenter_token
    engine.dispose()
    return url, code, screen


def test_json_logs_hold_no_personal_data(tmp_path):
    url, code, screen = prepared_database(tmp_path)
    server = AppProcess(
        url,
        tmp_path / "server",
        content_dir=FIXTURE_CONTENT,
        env={
            "DT_LOG_FORMAT": "json",
            "DT_LOG_LEVEL": "INFO",
            "DT_TRUSTED_PROXIES": "127.0.0.1",
        },
    )
    with (
        server,
        httpx.Client(
            base_url=server.base_url, headers={"X-Forwarded-For": CLIENT_ADDRESS}, timeout=20
        ) as http,
    ):
        assert http.get("/readyz").status_code in (200, 503)  # the index may still build
        http.get("/inloggen")
        csrf_cookie = http.cookies["dt_csrf"]
        refused = http.post(
            "/inloggen",
            data={
                "email": ROLE_EMAILS["facilitator"],
                "password": WRONG_PASSWORD,
                "csrf_token": csrf_cookie,
            },
        )
        assert refused.status_code in (400, 401, 403)
        http.get("/zoeken", params={"q": " ".join(SEARCH_WORDS)})
        joined = http.get(f"/j/{code}")
        assert joined.status_code == 200
        participant_cookies = [value for name, value in http.cookies.items() if name != "dt_csrf"]
        assert http.get(f"/scherm/{screen}").status_code == 200
        http.get("/bestaat-niet", params={"email": ROLE_EMAILS["facilitator"]})
    lines = [line for line in server.read_log().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)
    assert any(entry["logger"].startswith("uvicorn") for entry in entries)
    requests = [entry["message"] for entry in entries if entry["logger"] == "dilemmatafel.access"]
    assert any(message.startswith("GET /j/{code} 200") for message in requests), requests
    assert any(message.startswith("POST /inloggen ") for message in requests), requests
    assert all(
        "request_id" in entry for entry in entries if entry["logger"] == "dilemmatafel.access"
    )
    log = "\n".join(lines)
    personal = [
        ROLE_EMAILS["facilitator"],
        "example.org",
        WRONG_PASSWORD,
        CLIENT_ADDRESS,
        code,
        screen,
        csrf_cookie,
        *participant_cookies,
        *SEARCH_WORDS,
    ]
    assert [value for value in personal if value in log] == []
    # The test's own address only where uvicorn says where it listens.
    assert all(
        entry["logger"] == "uvicorn.error" for entry in entries if "127.0.0.1" in entry["message"]
    )
