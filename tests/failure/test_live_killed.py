"""A live session whose server is killed with SIGKILL while phones are answering: after a
restart on the same database the session is still running, every answer the server confirmed
is stored, none twice, the phones carry on with their own tokens, and the projector's event
stream resumes from its Last-Event-ID without a gap or a repeat."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field

import httpx2 as httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from backend.content.store import import_records
from backend.models import LiveAnswer, LiveEvent, LiveParticipant, LiveRound, LiveSession
from tests.factories import make_record
from tests.failure.conftest import START_TIMEOUT, EventReader
from tests.helpers import csrf, login, page

pytestmark = pytest.mark.failure

PHONES = 8


@dataclass
class Phone:
    """A participant's phone over HTTP, answering in a loop until the server goes away."""

    http: httpx.Client
    code: str
    # (option, number of the event with the new count; None when the count stayed the same)
    confirmed: list[tuple[str, int | None]] = field(default_factory=list)
    unconfirmed: str | None = None  # the answer in flight when the connection broke

    def answer(self, position: int, option: str) -> httpx.Response:
        return self.http.post(
            f"/j/{self.code}/antwoord",
            data={"ronde": str(position), "keuze": option, "csrf_token": csrf(self.http)},
        )

    def keep_answering(self, position: int, stop: threading.Event) -> None:
        for option in itertools.cycle("ABC"):
            if stop.is_set():
                return
            try:
                response = self.answer(position, option)
            except httpx.TransportError:
                self.unconfirmed = option
                return
            if response.status_code == 303:
                seq = response.headers.get("Live-Event-Id")
                self.confirmed.append((option, int(seq) if seq else None))
            time.sleep(0.1)

    def chosen(self) -> list[str]:
        """The answers the phone's page shows as chosen."""
        shown = page(self.http.get(f"/j/{self.code}"))
        return [
            str(b["value"]) for b in shown.select("button.dt-answer--chosen[aria-pressed=true]")
        ]


def leader_client(base_url: str) -> httpx.Client:
    leader = httpx.Client(base_url=base_url, timeout=10)
    login(leader, "facilitator")
    return leader


def act(leader: httpx.Client, session_id: int, action: str, **form: str) -> None:
    response = leader.post(
        f"/live/{session_id}/{action}", data={"csrf_token": csrf(leader), **form}
    )
    assert response.status_code == 303, response.text


def start_agenda_session(leader: httpx.Client, dilemmas: tuple[str, ...]) -> int:
    """A live session of a saved council agenda holding these dilemmas; its id."""
    saved = leader.post(
        "/sessies/opslaan", data={"publiek": "raad", "duur": "60", "csrf_token": csrf(leader)}
    )
    assert saved.status_code == 303, saved.text
    token = saved.headers["location"].rsplit("/", 1)[-1]
    for slug in dilemmas:  # one the builder chose already is refused, with a 400
        added = leader.post(
            f"/sessies/bewerken/{token}/wijzig",
            data={"action": "voegtoe", "slug": slug, "csrf_token": csrf(leader)},
        )
        assert added.status_code in (303, 400), added.text
    started = leader.post("/live/start", data={"agenda": token, "csrf_token": csrf(leader)})
    assert started.status_code == 303, started.text
    return int(started.headers["location"].rsplit("/", 1)[-1])


def test_a_live_session_survives_a_kill_9_while_phones_answer(db_engine, server):
    import_records(db_engine, [make_record(slug="tweede-dilemma", title="Een tweede dilemma")])
    leader = leader_client(server.base_url)
    session_id = start_agenda_session(leader, ("subsidie-eigen-sportvereniging", "tweede-dilemma"))
    with Session(db_engine) as db:
        live = db.get(LiveSession, session_id)
        code, token = live.code, live.presenter_token
        dilemmas = db.exec(
            select(LiveRound.position)
            .where(LiveRound.session_id == session_id, LiveRound.kind == "dilemma")
            .order_by(col(LiveRound.position))
        ).all()
    assert len(dilemmas) >= 2, "the agenda needs two dilemma rounds"
    first, second = dilemmas[:2]
    act(leader, session_id, "naar", positie=str(first))
    act(leader, session_id, "openen")
    phones = [
        Phone(httpx.Client(base_url=server.base_url, timeout=10), code) for _ in range(PHONES)
    ]
    for phone in phones:
        assert phone.http.get(f"/j/{code}").status_code == 200  # joined: token cookie issued
    with Session(db_engine) as db:
        seen_from = db.get(LiveSession, session_id).event_seq
    screen = EventReader(server.url(f"/scherm/{token}/stroom?na={seen_from}"))
    assert screen.connected() and screen.status == 200

    stop = threading.Event()
    threads = [
        threading.Thread(target=phone.keep_answering, args=(first, stop)) for phone in phones
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while min(len(phone.confirmed) for phone in phones) < 2:  # each phone has answered
        assert time.monotonic() < deadline, "the phones' answers were not confirmed"
        time.sleep(0.05)
    server.kill()  # in the middle of the answers
    stop.set()
    for thread in threads:
        thread.join(10)
    screen.close()
    before_kill = list(screen.events)

    server.start(timeout=START_TIMEOUT)  # the same settings and database, a new process
    with Session(db_engine) as db:
        live = db.get(LiveSession, session_id)
        assert live.status == "active" and live.current == first
        round_id = db.exec(
            select(LiveRound.id).where(
                LiveRound.session_id == session_id, LiveRound.position == first
            )
        ).one()
        stored = db.exec(select(LiveAnswer).where(LiveAnswer.round_id == round_id)).all()
        participants = db.exec(
            select(func.count()).where(LiveParticipant.session_id == session_id)
        ).one()
        event_numbers = set(
            db.exec(select(LiveEvent.seq).where(LiveEvent.session_id == session_id)).all()
        )
    # One answer per phone (none counted twice), and it is the last one the server confirmed
    # or the one still in flight when the server died (stored, but never confirmed).
    assert len(stored) == len({answer.participant for answer in stored}) == PHONES
    for phone in phones:
        possible = {phone.confirmed[-1][0], phone.unconfirmed} - {None}
        shown = phone.chosen()  # the phone still carries its token: the server knows it
        assert len(shown) == 1 and shown[0] in possible, (shown, possible)
        assert all(seq in event_numbers for _, seq in phone.confirmed if seq is not None)
    assert sorted(answer.option for answer in stored) == sorted(
        phone.chosen()[0] for phone in phones
    )
    assert participants == PHONES  # nobody had to join again

    # The projector reconnects where it was; the next round runs with the same phones.
    screen = EventReader(
        server.url(f"/scherm/{token}/stroom"), {"Last-Event-ID": str(before_kill[-1][0])}
    )
    assert screen.connected() and screen.status == 200
    act(leader, session_id, "sluiten")
    act(leader, session_id, "naar", positie=str(second))
    act(leader, session_id, "openen")
    for phone, option in zip(phones, itertools.cycle("ABC"), strict=False):
        assert phone.answer(second, option).status_code == 303
    with Session(db_engine) as db:
        live = db.get(LiveSession, session_id)
        final = live.event_seq
        second_round = db.exec(
            select(LiveRound.id).where(
                LiveRound.session_id == session_id, LiveRound.position == second
            )
        ).one()
        answered = db.exec(select(func.count()).where(LiveAnswer.round_id == second_round)).one()
        participants = db.exec(
            select(func.count()).where(LiveParticipant.session_id == session_id)
        ).one()
    assert answered == PHONES and participants == PHONES
    assert screen.wait_for(final), (screen.events, final)
    screen.close()
    numbers = [seq for seq, _ in before_kill + screen.events]
    assert numbers == list(range(seen_from + 1, final + 1))  # no gap, no repeat
    for phone in phones:
        phone.http.close()
    leader.close()
