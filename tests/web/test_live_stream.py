"""Server-Sent Events over real HTTP: several screens each get every update exactly once,
also after reconnecting with Last-Event-ID."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx
import pytest
from sqlmodel import Session

from backend.live.events import EVERYONE, TEAM, channel
from backend.main import create_app
from backend.models import LiveSession
from tests.conftest import make_settings, serving
from tests.helpers import add_user, csrf, login


@pytest.fixture
def server(tmp_path, fixture_db, engine):
    """(base URL, app) of the app served by uvicorn, with one facilitator account."""
    add_user(engine, "leider@example.org", "facilitator")
    app = create_app(make_settings(tmp_path, fixture_db))
    with serving(app) as base_url:
        yield base_url, app


class Leader:
    """The facilitator's browser, over HTTP."""

    def __init__(self, base: str):
        self.http = httpx.Client(base_url=base, timeout=10)
        login(self.http, "leider@example.org")
        self.csrf = csrf(self.http)  # renewed at login
        started = self.http.post(
            "/live/start",
            data={"dilemma": "subsidie-eigen-sportvereniging", "csrf_token": self.csrf},
        )
        self.session_id = int(started.headers["location"].rsplit("/", 1)[-1])

    def act(self, action: str) -> None:
        response = self.http.post(
            f"/live/{self.session_id}/{action}", data={"csrf_token": self.csrf}
        )
        assert response.status_code == 303, response.text


def joined_phone(base: str, code: str) -> httpx.Client:
    """A phone that opened the join link: it holds the participant token the server issued."""
    phone = httpx.Client(base_url=base, timeout=10)
    assert phone.get(f"/j/{code}").status_code == 200
    return phone


def answer(phone: httpx.Client, code: str, option: str) -> int:
    try:
        response = phone.post(
            f"/j/{code}/antwoord",
            data={"ronde": "0", "keuze": option, "csrf_token": phone.cookies["dt_csrf"]},
        )
    finally:
        phone.close()
    assert response.status_code == 303
    return int(response.headers["Live-Event-Id"])


def read_events(url: str, until: int, headers: dict | None = None, stop_after: int = 0):
    """(id, event, data) of each event until the one numbered `until` (or `stop_after` events,
    after which the connection is dropped like a phone going into a tunnel)."""
    events, current = [], {}
    with httpx.stream("GET", url, headers=headers or {}, timeout=15) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith(("id:", "event:", "data:")):
                field, value = line.split(":", 1)
                current[field] = value.strip()
            elif line == "" and "id" in current:
                events.append((int(current["id"]), current.get("event"), current.get("data")))
                current = {}
                if events[-1][0] >= until or len(events) == stop_after:
                    return events
    return events


def wait_for_subscribers(app, name: str, count: int) -> None:
    deadline = time.monotonic() + 10
    while app.state.broadcaster.subscriber_count(name) < count:
        assert time.monotonic() < deadline, "de schermen maakten geen verbinding"
        time.sleep(0.02)


def test_every_screen_gets_every_update_exactly_once(server, engine):
    base, app = server
    leader = Leader(base)
    with Session(engine) as db:
        code = db.get(LiveSession, leader.session_id).code
    members = [joined_phone(base, code) for _ in range(3)]  # joins are events 1..3
    with Session(engine) as db:
        live = db.get(LiveSession, leader.session_id)
        token, start = live.presenter_token, live.event_seq
    assert start == 3
    presenter = f"{base}/scherm/{token}/stroom?na={start}"
    phone = f"{base}/j/{code}/stroom?na={start}"
    facilitator_cookies = dict(leader.http.cookies)
    with ThreadPoolExecutor(max_workers=8) as pool:
        # Updates 4..10: open, three answers (counts), close, reveal, hide.
        screens = [pool.submit(read_events, presenter, 10) for _ in range(2)]
        screens.append(
            pool.submit(
                read_events,
                f"{base}/live/{leader.session_id}/stroom?na={start}",
                10,
                {"Cookie": "; ".join(f"{k}={v}" for k, v in facilitator_cookies.items())},
            )
        )
        phones = [pool.submit(read_events, phone, 10) for _ in range(3)]
        dropping = pool.submit(read_events, presenter, 10, None, 2)  # leaves after 2 updates
        wait_for_subscribers(app, channel(leader.session_id, TEAM), 4)
        wait_for_subscribers(app, channel(leader.session_id, EVERYONE), 3)

        leader.act("openen")
        counted = [answer(p, code, option) for p, option in zip(members, "ABC", strict=True)]
        first_part = dropping.result(timeout=10)
        leader.act("sluiten")
        leader.act("tonen")
        # The phone that dropped out comes back and says where it was.
        resumed = pool.submit(read_events, presenter, 10, {"Last-Event-ID": str(first_part[-1][0])})
        leader.act("verbergen")
        seen_by_screens = [future.result(timeout=15) for future in screens]
        seen_by_phones = [future.result(timeout=15) for future in phones]
        second_part = resumed.result(timeout=15)

    assert counted == [5, 6, 7]
    expected = [
        (4, "state", "open"),
        (5, "count", "1"),
        (6, "count", "2"),
        (7, "count", "3"),
        (8, "state", "gesloten"),
        (9, "state", "uitkomst"),
        (10, "state", "verborgen"),
    ]
    for seen in seen_by_screens:
        assert seen == expected
    for seen in seen_by_phones:  # phones never get the live count
        assert seen == [event for event in expected if event[1] != "count"]
    assert first_part == expected[:2]
    assert first_part + second_part == expected  # nothing lost, nothing twice


def test_a_reloaded_page_continues_from_its_own_state(server, engine):
    """A stream without Last-Event-ID starts at the page's `na`; without that, at now."""
    base, app = server
    leader = Leader(base)
    leader.act("openen")
    leader.act("sluiten")
    with Session(engine) as db:
        token = db.get(LiveSession, leader.session_id).presenter_token
    with ThreadPoolExecutor(max_workers=2) as pool:
        from_page = pool.submit(read_events, f"{base}/scherm/{token}/stroom?na=1", 3)
        from_now = pool.submit(read_events, f"{base}/scherm/{token}/stroom", 3)
        wait_for_subscribers(app, channel(leader.session_id, TEAM), 2)
        leader.act("tonen")
        assert [e[0] for e in from_page.result(timeout=10)] == [2, 3]
        assert [e[0] for e in from_now.result(timeout=10)] == [3]
