"""Retention: audit entries, expired login sessions and long-ended live sessions are deleted
when their period is over, by the command and by the server (the clock moved forward)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from backend import retention
from backend.accounts.service import audit
from backend.cli import app as cli
from backend.clock import utcnow
from backend.config import Settings, get_settings
from backend.db import make_engine, migrate
from backend.main import create_app
from backend.models import (
    AuditEntry,
    LiveEvent,
    LiveRound,
    LiveSession,
    LoginSession,
    User,
)
from backend.models.live import LiveStatus
from tests.conftest import make_settings
from tests.helpers import add_user

DAY = timedelta(days=1)


def add_audit(db: Session, days_ago: int, action: str) -> None:
    audit(db, None, action)
    db.flush()
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == action)).one()
    entry.at = utcnow() - days_ago * DAY
    db.add(entry)


def add_login(db: Session, user_id: int, expires_in: timedelta, token: str) -> None:
    db.add(LoginSession(token_hash=token, user_id=user_id, expires_at=utcnow() + expires_in))


def add_live(db: Session, owner_id: int, code: str, status: str, ended_days_ago: int | None):
    """A live session with one round (totals and agreements) and its last event."""
    ended = utcnow() - ended_days_ago * DAY if ended_days_ago is not None else None
    live = LiveSession(
        owner_id=owner_id,
        title=f"Raad {code}",
        code=code,
        presenter_token=f"p-{code}",
        report_token=f"r-{code}",
        status=status,
        started_at=utcnow() - 400 * DAY,
        ended_at=ended,
    )
    db.add(live)
    db.flush()
    db.add(
        LiveRound(
            session_id=live.id,
            position=0,
            kind="dilemma",
            title="Cadeau",
            minutes=10,
            content={},
            counts={"a": 3},
            total=3,
            agreements="We melden cadeaus boven de 50 euro.",
        )
    )
    db.add(LiveEvent(session_id=live.id, seq=1, audience="alle", name="afgelopen"))


@pytest.fixture
def stored(engine) -> dict[str, int]:
    return populate(engine)


def populate(engine) -> dict[str, int]:
    """A year and a half of data: old and new audit entries, an expired and a valid login,
    sessions ended long ago, recently, and one still running."""
    owner = add_user(engine, "gespreksleider@example.org", "facilitator")
    with Session(engine) as db:
        add_audit(db, 400, "login.oud")
        add_audit(db, 10, "login.nieuw")
        add_login(db, owner, -DAY, "verlopen")
        add_login(db, owner, DAY, "geldig")
        add_live(db, owner, "OUD123", LiveStatus.ENDED, 400)
        add_live(db, owner, "NIEUW1", LiveStatus.ENDED, 30)
        add_live(db, owner, "LOOPT1", LiveStatus.ACTIVE, None)
        db.commit()
    return {"owner": owner}


def settings_with(tmp_path, **days) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="x", **days)


def remaining(engine) -> dict[str, list]:
    with Session(engine) as db:
        return {
            "audit": sorted(
                e.action for e in db.exec(select(AuditEntry)) if e.action != "user.create"
            ),
            "logins": sorted(s.token_hash for s in db.exec(select(LoginSession))),
            "live": sorted(s.code for s in db.exec(select(LiveSession))),
            "rounds": len(db.exec(select(LiveRound)).all()),
            "events": len(db.exec(select(LiveEvent)).all()),
        }


def test_defaults_keep_a_year():
    settings = Settings(secret_key="x")
    assert settings.audit_retention_days == 365 and settings.live_retention_days == 365


def test_a_pass_deletes_only_what_is_past_its_period(engine, stored, tmp_path):
    result = retention.run_retention(engine, settings_with(tmp_path))
    assert (result.audit_entries, result.login_sessions, result.live_sessions) == (1, 1, 1)
    assert remaining(engine) == {
        "audit": ["login.nieuw"],
        "logins": ["geldig"],
        "live": ["LOOPT1", "NIEUW1"],
        "rounds": 2,
        "events": 2,
    }
    # The user's account itself is not touched.
    with Session(engine) as db:
        assert db.get(User, stored["owner"]) is not None


def test_moving_the_clock_forward_ages_the_rest(engine, stored, tmp_path):
    settings = settings_with(tmp_path, audit_retention_days=30, live_retention_days=60)
    retention.run_retention(engine, settings)
    assert remaining(engine)["live"] == ["LOOPT1", "NIEUW1"]
    later = utcnow() + 31 * DAY
    result = retention.run_retention(engine, settings, now=later)
    assert result.live_sessions == 1 and result.login_sessions == 1
    assert result.audit_entries == 2  # login.nieuw and the creation of the owner's account
    # A session that still runs is never deleted here (ending it is end_abandoned's job).
    assert remaining(engine) == {
        "audit": [],
        "logins": [],
        "live": ["LOOPT1"],
        "rounds": 1,
        "events": 1,
    }


def test_a_pass_on_postgresql(postgres_url, tmp_path):
    engine = make_engine(postgres_url)
    try:
        migrate(engine)
        populate(engine)
        later = utcnow() + 31 * DAY
        settings = settings_with(tmp_path, audit_retention_days=30, live_retention_days=60)
        assert retention.run_retention(engine, settings).total == 3
        assert retention.run_retention(engine, settings, now=later).total == 4
        assert remaining(engine)["live"] == ["LOOPT1"] and remaining(engine)["audit"] == []
    finally:
        engine.dispose()


def test_a_second_pass_finds_nothing(engine, stored, tmp_path):
    retention.run_retention(engine, settings_with(tmp_path))
    assert retention.run_retention(engine, settings_with(tmp_path)).total == 0


@pytest.mark.parametrize("days", ["0", "-5", "veel"])
def test_a_retention_period_must_be_a_positive_number_of_days(monkeypatch, days):
    monkeypatch.setenv("DT_LIVE_RETENTION_DAYS", days)
    with pytest.raises(ValueError, match="live_retention_days"):
        Settings(secret_key="x")


def test_the_command_applies_the_configured_periods(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DT_DATABASE_URL", url)
    monkeypatch.setenv("DT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DT_AUDIT_RETENTION_DAYS", "5")
    get_settings.cache_clear()
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as db:
        add_audit(db, 2, "login.recent")
        db.commit()
    try:
        first = CliRunner().invoke(cli, ["retention"])
        assert first.exit_code == 0, first.output
        assert "0 regel(s) uit het auditlogboek (ouder dan 5 dagen)" in first.output
        # Four days on, the entry is six days old: past the five configured.
        monkeypatch.setattr(retention, "utcnow", lambda: utcnow() + 4 * DAY)
        second = CliRunner().invoke(cli, ["retention"])
        assert second.exit_code == 0, second.output
        assert "1 regel(s) uit het auditlogboek" in second.output
        assert remaining(engine)["audit"] == []
    finally:
        get_settings.cache_clear()
        engine.dispose()


def test_the_server_applies_retention_at_start_up(engine, stored, fixture_db, tmp_path):
    with TestClient(create_app(make_settings(tmp_path, fixture_db))):
        assert remaining(engine)["live"] == ["LOOPT1", "NIEUW1"]
        assert remaining(engine)["audit"] == ["login.nieuw"]


def test_the_daily_pass_repeats_and_survives_a_failure(caplog):
    calls: list[int] = []

    def flaky_pass() -> None:
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("database weg")

    async def run_three() -> None:
        task = asyncio.create_task(retention.run_daily(flaky_pass, timedelta(milliseconds=5)))
        while len(calls) < 3:
            await asyncio.sleep(0.005)
        task.cancel()

    asyncio.run(asyncio.wait_for(run_three(), 10))
    assert len(calls) >= 3
    assert "retention pass failed" in caplog.text
