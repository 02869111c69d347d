"""Live-session fixtures: a copy of the shipped corpus, people of every role and helpers that
run one change the way the routers do (inside a transaction that publishes its events)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from backend.agenda.build import build_agenda
from backend.agenda.model import parse_request
from backend.agenda.saved import save_agenda
from backend.db import make_engine
from backend.live import service
from backend.live.broadcast import LocalBroadcaster
from backend.live.events import transaction
from backend.live.service import round_at
from backend.models import LiveSession, User
from tests.databases import url_of
from tests.helpers import add_user

DILEMMA = "amendement-aangeleverd-door-vereniging"  # options A, B, C
SECRET = "test-secret"


@pytest.fixture
def live_engine(shipped_db):
    engine = make_engine(url_of(shipped_db))
    yield engine
    engine.dispose()


@pytest.fixture
def people(live_engine) -> dict[str, int]:
    """role name -> user id: the session's owner, another facilitator, an editor, an admin."""
    roles = {"owner": "facilitator", "other": "facilitator", "editor": "editor", "admin": "admin"}
    return {
        name: add_user(live_engine, f"{name}@example.org", role) for name, role in roles.items()
    }


@pytest.fixture
def broadcaster():
    return LocalBroadcaster()


class Live:
    """Drives one live session in the database like the routers do."""

    def __init__(self, engine, broadcaster, session_id: int):
        self.engine, self.broadcaster, self.id = engine, broadcaster, session_id

    def do(self, change, *args):
        with Session(self.engine) as db, transaction(db, self.broadcaster):
            live = service.lock(db, db.get(LiveSession, self.id))
            return change(db, live, *args)

    def join(self, token: str, limit: int = 3000) -> str:
        """Register a phone the way the join page does; returns its participant key."""
        key = self.do(lambda db, live: service.participant_key(SECRET, live.id, token))
        if not self.read(lambda db, live: service.is_joined(db, live, key)):
            self.do(service.join, key, limit)
        return key

    def answer(self, token: str, option: str, position: int | None = None, limit: int = 3000):
        """Answer as a phone that joined (it joins first when it has not)."""
        key = self.join(token, limit)

        def change(db, live):
            at = live.current if position is None else position
            return service.answer(db, live, at, key, option, limit)

        return self.do(change)

    def read(self, read):
        with Session(self.engine) as db:
            return read(db, db.get(LiveSession, self.id))

    def options(self) -> list[str]:
        """The answer keys of the current round (A, B, ... or eens/oneens/weet-niet)."""
        return self.read(lambda db, live: list(round_at(db, live, live.current).content["options"]))

    def state(self) -> LiveSession:
        return self.read(lambda db, live: live)

    def go_to_dilemma(self, number: int = 1) -> int:
        """Make the n-th dilemma block current; returns its position."""
        rounds = self.read(lambda db, live: service.rounds_of(db, live))
        position = [r.position for r in rounds if r.kind == "dilemma"][number - 1]
        self.do(service.go_to, position)
        return position


def start_live(engine, broadcaster, owner_id: int, slug: str | None = DILEMMA) -> Live:
    """A session of one dilemma (slug) or, with slug None, of a 90-minute council agenda."""
    with Session(engine) as db:
        owner = db.get(User, owner_id)
        with transaction(db, broadcaster):
            if slug:
                live = service.start_from_dilemma(db, owner, slug, 3)
            else:
                request = parse_request({"publiek": ["raad"], "duur": ["90"]}, date.today())
                saved = save_agenda(db, owner, build_agenda(db, request), "Raadsavond integriteit")
                live = service.start_from_agenda(db, owner, saved, 3)
            session_id = live.id
    return Live(engine, broadcaster, session_id)


@pytest.fixture
def single(live_engine, broadcaster, people) -> Live:
    return start_live(live_engine, broadcaster, people["owner"])


@pytest.fixture
def agenda_live(live_engine, broadcaster, people) -> Live:
    return start_live(live_engine, broadcaster, people["owner"], slug=None)
