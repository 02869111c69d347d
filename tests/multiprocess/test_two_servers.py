"""Two server processes (A and B) on one PostgreSQL database, each with its own data and index
folder, as behind a load balancer without sticky sessions: what happens on A is seen on B."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx2 as httpx
import pytest
from sqlmodel import Session

from backend.content.store import import_collection
from backend.db import make_engine, migrate
from backend.models import LiveSession
from tests.conftest import FIXTURE_CONTENT
from tests.helpers import add_user, page, text_of
from tests.processes import AppProcess
from tests.web.test_live_stream import Leader, answer, joined_phone, read_events

pytestmark = pytest.mark.multiprocess


@pytest.fixture(scope="module")
def servers(postgres, tmp_path_factory):
    """(A, B, engine): two `dilemmatafel serve` processes on one prepared database."""
    postgres.drop_database("twee_servers")
    url = postgres.create_database("twee_servers")
    engine = make_engine(url)
    migrate(engine)
    import_collection(engine, FIXTURE_CONTENT)
    add_user(engine, "leider@example.org", "facilitator")
    root = tmp_path_factory.mktemp("servers")
    a, b = (AppProcess(url, root / name, FIXTURE_CONTENT) for name in ("a", "b"))
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda server: server.start(120), (a, b)))
        yield a, b, engine
    finally:
        a.stop()
        b.stop()
        engine.dispose()
        postgres.drop_database("twee_servers")


def _session(engine, session_id: int) -> LiveSession:
    with Session(engine) as db:
        live = db.get(LiveSession, session_id)
        assert live is not None
        return live


def _events(response: httpx.Response) -> Iterator[tuple[int, str, str]]:
    """(id, event, data) of each Server-Sent Event, as they arrive."""
    current: dict[str, str] = {}
    for line in response.iter_lines():
        if line.startswith(("id:", "event:", "data:")):
            name, value = line.split(":", 1)
            current[name] = value.strip()
        elif line == "" and "id" in current:
            yield int(current["id"]), current.get("event", ""), current.get("data", "")
            current = {}


def test_an_answer_on_a_reaches_the_presenter_and_the_facilitator_on_b(servers):
    a, b, engine = servers
    leader = Leader(a.base_url)  # logs in and starts the session on A
    live = _session(engine, leader.session_id)
    phone = joined_phone(a.base_url, live.code)
    leader.act("openen")
    presenter_on_b = f"{b.base_url}/scherm/{live.presenter_token}/stroom?na={live.event_seq}"
    with (
        ThreadPoolExecutor(max_workers=1) as pool,
        httpx.stream("GET", presenter_on_b, timeout=30) as stream,
    ):
        events = _events(stream)

        def arrives() -> tuple[int, str, str]:
            return pool.submit(next, events).result(timeout=20)  # pings keep a stream open

        # What happened before comes from the database; once it is through, the screen on
        # B follows live while the participant answers on A.
        assert [arrives()[1:] for _ in range(2)] == [("joined", "1"), ("state", "open")]
        counted = answer(phone, live.code, "A")
        try:
            assert arrives() == (counted, "count", "1")
        finally:
            stream.close()  # lets a reader that is still waiting go
    # The facilitator's page, served by B with the login made on A, shows the count.
    on_b = httpx.get(
        b.url(f"/live/{leader.session_id}"), cookies=dict(leader.http.cookies), timeout=10
    )
    assert on_b.status_code == 200
    assert text_of(page(on_b), "strong[sse-swap=count]") == "1"


def test_a_screen_on_b_resumes_with_last_event_id_after_events_made_on_a(servers):
    a, b, engine = servers
    leader = Leader(a.base_url)
    token = _session(engine, leader.session_id).presenter_token
    leader.act("openen")
    first = _session(engine, leader.session_id).event_seq
    for action in ("sluiten", "tonen", "verbergen"):  # while the screen on B is away
        leader.act(action)
    resumed = read_events(
        b.url(f"/scherm/{token}/stroom"), first + 3, headers={"Last-Event-ID": str(first)}
    )
    assert [(seq - first, name, data) for seq, name, data in resumed] == [
        (1, "state", "gesloten"),
        (2, "state", "uitkomst"),
        (3, "state", "verborgen"),
    ]


def test_a_phone_connected_to_a_counts_on_the_facilitators_page_on_b(servers):
    a, b, engine = servers
    leader = Leader(b.base_url)
    code = _session(engine, leader.session_id).code
    phone = joined_phone(a.base_url, code)

    def connected_on_b() -> str:
        response = leader.http.get(f"/live/{leader.session_id}")
        return text_of(page(response), ".dt-lead-view__connected strong")

    assert connected_on_b() == "0 telefoons verbonden"
    with phone.stream("GET", f"/j/{code}/stroom") as stream:
        assert stream.status_code == 200
        assert connected_on_b() == "1 telefoon verbonden"
    phone.close()


def test_wrong_join_codes_on_a_and_b_count_together(servers):
    a, b, _ = servers
    guessers = [httpx.Client(base_url=server.base_url, timeout=10) for server in (a, b)]
    statuses = [guessers[n % 2].get("/j/ZZZZZZ").status_code for n in range(20)]
    assert set(statuses) == {404}  # twenty wrong codes, ten on each server
    assert guessers[0].get("/j/ZZZZZY").status_code == 429  # the 21st is refused, on A
    assert guessers[1].get("/j/ZZZZZX").status_code == 429  # and on B
    for guesser in guessers:
        guesser.close()
