"""Accounts: passwords, invitations, login with lock-out, sessions, roles, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlmodel import Session, select

from backend.accounts import passwords, service
from backend.accounts.passwords import hash_password, password_problems, verify_password
from backend.accounts.service import AccountError
from backend.clock import utcnow
from backend.models import AuditEntry, User
from backend.web.auth import RateLimiter

GOOD = "een lange zin als wachtwoord"


@pytest.fixture
def db(engine):
    with Session(engine) as db:
        yield db


@pytest.fixture
def admin(db):
    user = service.create_user(db, "beheer@example.org", "admin", GOOD)
    db.commit()
    return user


def actions(db) -> list[str]:
    return [entry.action for entry in db.exec(select(AuditEntry).order_by(AuditEntry.id))]


def test_hashing_is_argon2_and_verifies():
    hashed = hash_password(GOOD)
    assert hashed.startswith("$argon2")
    assert verify_password(GOOD, hashed) and not verify_password("iets anders", hashed)
    assert not verify_password(GOOD, None)


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("kort", "te kort"),
        ("x" * 129, "te lang"),
        ("wachtwoord2024", "te gangbaar"),
        ("Welkom123456", "te gangbaar"),
        ("aaaaaaaaaaaaaaa", "te gangbaar"),
        ("ikbenjanssen-en-dat-is-zo", "e-mailadres"),
        ("mijn-dilemmatafel-account", "naam van deze toepassing"),
    ],
)
def test_password_rules(password, fragment):
    problems = " ".join(password_problems(password, "janssen@example.org"))
    assert fragment in problems


def test_no_composition_rules():
    assert password_problems("alleen kleine letters en spaties", "a@example.org") == []


def test_invitation_sets_password_once(db, admin):
    invitation = service.invite_user(db, admin, "Nieuw@Example.org", "editor", "Nieuwe Adviseur")
    db.commit()
    assert invitation.user.email == "nieuw@example.org" and invitation.user.password_hash is None
    with pytest.raises(AccountError, match="niet gelijk"):
        service.set_password_with_invite(db, invitation.token, GOOD, GOOD + "x")
    user = service.set_password_with_invite(db, invitation.token, GOOD, GOOD)
    assert verify_password(GOOD, user.password_hash)
    with pytest.raises(AccountError, match="verlopen of al gebruikt"):
        service.set_password_with_invite(db, invitation.token, GOOD, GOOD)


def test_expired_invitation_is_refused(db, admin):
    invitation = service.invite_user(db, admin, "laat@example.org", "editor")
    invitation.user.invite_expires_at = utcnow() - timedelta(minutes=1)
    db.commit()
    assert service.user_for_invite(db, invitation.token) is None


def test_duplicate_and_invalid_email_and_unknown_role(db, admin):
    with pytest.raises(AccountError, match="al een account"):
        service.invite_user(db, admin, "BEHEER@example.org", "editor")
    with pytest.raises(AccountError, match="geen geldig e-mailadres"):
        service.invite_user(db, admin, "geen-adres", "editor")
    with pytest.raises(AccountError, match="Onbekende rol"):
        service.invite_user(db, admin, "x@example.org", "koning")


def test_login_locks_after_repeated_failures(db, admin):
    for _ in range(service.MAX_FAILED_LOGINS):
        with pytest.raises(AccountError, match="klopt niet"):
            service.authenticate(db, "beheer@example.org", "fout wachtwoord hier")
    with pytest.raises(AccountError, match="tijdelijk geblokkeerd"):
        service.authenticate(db, "beheer@example.org", GOOD)
    assert "login.locked" in actions(db)
    admin.locked_until = utcnow() - timedelta(seconds=1)
    db.add(admin)
    assert service.authenticate(db, "beheer@example.org", GOOD).id == admin.id


def test_unknown_email_gets_the_same_message(db):
    with pytest.raises(AccountError) as error:
        service.authenticate(db, "niemand@example.org", GOOD)
    assert str(error.value) == service.LOGIN_FAILED


def test_sessions_start_end_and_expire(db, admin):
    token = service.start_session(db, admin)
    db.commit()
    assert service.user_for_session(db, token).id == admin.id
    service.end_session(db, token)
    db.commit()
    assert service.user_for_session(db, token) is None
    assert service.user_for_session(db, "verzonnen") is None


def test_deactivating_ends_sessions_and_blocks_login(db, admin):
    other = service.create_user(db, "redacteur@example.org", "editor", GOOD)
    token = service.start_session(db, other)
    service.set_active(db, admin, other.id, False)
    db.commit()
    assert service.user_for_session(db, token) is None
    with pytest.raises(AccountError):
        service.authenticate(db, "redacteur@example.org", GOOD)


def test_admin_cannot_change_own_role_or_account(db, admin):
    with pytest.raises(AccountError, match="eigen rol"):
        service.change_role(db, admin, admin.id, "editor")
    with pytest.raises(AccountError, match="eigen rol"):
        service.set_active(db, admin, admin.id, False)


def test_role_changes_are_audited(db, admin):
    other = service.create_user(db, "gespreksleider@example.org", "facilitator", GOOD)
    service.change_role(db, admin, other.id, "editor")
    db.commit()
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "user.role")).one()
    assert entry.details == {"old": "facilitator", "new": "editor"} and entry.actor_id == admin.id


def test_role_ranking():
    editor = User(email="e@example.org", role="editor")
    assert service.has_role(editor, "facilitator") and service.has_role(editor, "editor")
    assert not service.has_role(editor, "admin") and not service.has_role(None, "facilitator")


def test_rate_limiter_window():
    limiter = RateLimiter(limit=2, seconds=60)
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")
    assert limiter.allow("b")


@pytest.fixture
def verifications(monkeypatch) -> list[str]:
    """Every Argon2 verification (the costly step of a login), as the hash verified against."""
    checked: list[str] = []
    original = Argon2Hasher.verify

    def spy(self, password, hashed):
        checked.append(hashed)
        return original(self, password, hashed)

    monkeypatch.setattr(Argon2Hasher, "verify", spy)
    return checked


def _deactivated(db, admin) -> str:
    user = service.create_user(db, "uitgezet@example.org", "editor", GOOD)
    service.set_active(db, admin, user.id, False)
    return user.email


def _invited(db, admin) -> str:
    return service.invite_user(db, admin, "uitgenodigd@example.org", "editor").user.email


@pytest.mark.parametrize(
    "account", ["unknown", "wrong password", "deactivated", "invited", "locked"]
)
def test_every_failed_login_costs_one_password_verification(db, admin, verifications, account):
    """An unknown address takes as long as a wrong password: both run one Argon2 check."""
    email = {
        "unknown": lambda: "niemand@example.org",
        "wrong password": lambda: admin.email,
        "deactivated": lambda: _deactivated(db, admin),
        "invited": lambda: _invited(db, admin),
        "locked": lambda: admin.email,
    }[account]()
    if account == "locked":
        admin.locked_until = utcnow() + timedelta(minutes=5)
    db.commit()
    with pytest.raises(AccountError):
        service.authenticate(db, email, "fout wachtwoord hier")
    assert len(verifications) == 1
    if account == "unknown":
        assert verifications == [passwords._DUMMY_HASH]


def test_the_dummy_hash_costs_what_a_real_hash_costs():
    def parameters(hashed: str) -> str:
        return hashed.rsplit("$", 2)[0]  # $argon2id$v=19$m=…,t=…,p=…

    assert parameters(passwords._DUMMY_HASH) == parameters(hash_password(GOOD))


@pytest.mark.parametrize("account", ["unknown", "deactivated", "invited"])
def test_addresses_without_a_usable_account_lock_out_like_a_real_one(db, admin, account):
    """After the same number of failures, an unknown, switched-off or invited address gets
    exactly the lock-out message a real account gets: no way to tell which exist."""
    lockout = service.UnknownAddressLockout()
    email = {
        "unknown": lambda: "niemand@example.org",
        "deactivated": lambda: _deactivated(db, admin),
        "invited": lambda: _invited(db, admin),
    }[account]()
    db.commit()
    messages = {}
    for address in (email, admin.email):
        for _ in range(service.MAX_FAILED_LOGINS):
            with pytest.raises(AccountError, match="klopt niet"):
                service.authenticate(db, address, "fout wachtwoord hier", lockout)
        with pytest.raises(AccountError) as error:
            service.authenticate(db, address, GOOD, lockout)
        messages[address] = str(error.value)
    assert "tijdelijk geblokkeerd" in messages[admin.email]
    assert messages[email] == messages[admin.email]


def test_unknown_address_lockout_stays_bounded():
    """A flood of made-up addresses cannot fill the server's memory."""
    lockout = service.UnknownAddressLockout(capacity=3)
    for n in range(10):
        lockout.record(f"x{n}@example.org").failed_logins += 1
    assert len(lockout) == 3


def _change(db, user, current=GOOD, new="een heel ander lang wachtwoord", repeat=None):
    return service.change_password(
        db, user, current, new, new if repeat is None else repeat, keep_session=None
    )


@pytest.mark.parametrize(
    ("current", "new", "repeat", "field", "fragment"),
    [
        ("fout wachtwoord hier", "een heel ander lang wachtwoord", None, "current", "huidige"),
        (GOOD, "kort", None, "password", "te kort"),
        (GOOD, "wachtwoord2024", None, "password", "te gangbaar"),
        (GOOD, "een heel ander lang wachtwoord", "iets anders", "repeat", "niet gelijk"),
        (GOOD, GOOD, None, "password", "hetzelfde"),
    ],
)
def test_changing_a_password_checks_the_current_one_and_the_rules(
    db, admin, current, new, repeat, field, fragment
):
    before = admin.password_hash
    with pytest.raises(AccountError, match=fragment) as error:
        _change(db, admin, current, new, repeat)
    assert error.value.field == field
    assert admin.password_hash == before


def test_wrong_current_passwords_count_towards_the_lockout(db, admin):
    for _ in range(service.MAX_FAILED_LOGINS):
        with pytest.raises(AccountError, match="huidige"):
            _change(db, admin, current="fout wachtwoord hier")
    with pytest.raises(AccountError, match="tijdelijk geblokkeerd"):
        _change(db, admin)
    assert "login.locked" in actions(db)


def test_changing_a_password_ends_the_other_sessions_and_is_audited(db, admin):
    this_browser = service.start_session(db, admin)
    other_browser = service.start_session(db, admin)
    db.commit()
    service.change_password(
        db,
        admin,
        GOOD,
        "een heel ander lang wachtwoord",
        "een heel ander lang wachtwoord",
        keep_session=this_browser,
    )
    db.commit()
    assert service.user_for_session(db, this_browser).id == admin.id
    assert service.user_for_session(db, other_browser) is None
    assert verify_password("een heel ander lang wachtwoord", admin.password_hash)
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "user.password_change")).one()
    assert entry.actor_id == admin.id and entry.details == {"sessions_ended": 1}
