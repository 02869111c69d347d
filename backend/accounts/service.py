"""Accounts: creating and inviting users, logging in and out, roles, the audit log.

Every change to an account and every login goes through these functions, which also
write the audit entry, so no path can skip it. Messages for users are in Dutch.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from backend.accounts.lockout import (
    AddressFailures,
    AddressLockout,
    UnknownAddressLockout,
    normalise_email,
)
from backend.accounts.passwords import hash_password, password_problems, verify_password
from backend.clock import as_utc, utcnow
from backend.errors import Invalid
from backend.models import AuditEntry, LoginSession, User
from backend.models.account import ROLE_LABELS, Role
from backend.models.ids import stored_id

ROLE_RANK: dict[str, int] = {Role.FACILITATOR: 1, Role.EDITOR: 2, Role.ADMIN: 3}
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
INVITE_LIFETIME = timedelta(days=7)
LOGIN_FAILED = "Het e-mailadres of het wachtwoord klopt niet."


class AccountError(Invalid):
    """A request about an account that cannot be carried out; the message is Dutch.

    `field` names the form field the message belongs to, when there is one."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Invitation:
    user: User
    token: str  # shown once to the admin, who passes it on; only its hash is stored


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def audit(db: Session, actor: User | None, action: str, target: str = "", **details: Any) -> None:
    """Record an audit entry in the caller's transaction."""
    db.add(
        AuditEntry(
            actor_id=actor.id if actor else None, action=action, target=target, details=details
        )
    )


def _check_email(db: Session, email: str) -> str:
    email = normalise_email(email)
    if "@" not in email or "." not in email.split("@")[-1] or len(email) > 254 or " " in email:
        raise AccountError(f"'{email[:80]}' is geen geldig e-mailadres.")
    if db.exec(select(User).where(User.email == email)).first():
        raise AccountError(f"Er is al een account met het e-mailadres {email}.")
    return email


def _check_role(role: str) -> str:
    if role not in set(Role):
        raise AccountError(f"Onbekende rol '{role}'; kies uit: {', '.join(ROLE_LABELS)}.")
    return role


def create_user(
    db: Session,
    email: str,
    role: str,
    password: str,
    name: str = "",
    actor: User | None = None,
) -> User:
    """Create an active user with a password (used by the command line for the first admin)."""
    email = _check_email(db, email)
    problems = password_problems(password, email)
    if problems:
        raise AccountError(" ".join(problems))
    user = User(email=email, name=name.strip()[:120], role=_check_role(role))
    user.password_hash = hash_password(password)
    db.add(user)
    db.flush()
    audit(db, actor, "user.create", f"user:{user.id}", role=role)
    return user


def invite_user(db: Session, actor: User, email: str, role: str, name: str = "") -> Invitation:
    """Create a user without a password and a one-time link to choose one."""
    email = _check_email(db, email)
    user = User(email=email, name=name.strip()[:120], role=_check_role(role))
    token = secrets.token_urlsafe(32)
    user.invite_token_hash = _hash_token(token)
    user.invite_expires_at = utcnow() + INVITE_LIFETIME
    db.add(user)
    db.flush()
    audit(db, actor, "user.invite", f"user:{user.id}", role=role)
    return Invitation(user, token)


def user_for_invite(db: Session, token: str) -> User | None:
    """The user a set-password token belongs to, if it is still valid."""
    user = db.exec(select(User).where(User.invite_token_hash == _hash_token(token))).first()
    if (
        user is None
        or not user.active
        or user.invite_expires_at is None
        or as_utc(user.invite_expires_at) < utcnow()
    ):
        return None
    return user


def set_password_with_invite(db: Session, token: str, password: str, repeat: str) -> User:
    """Set the password of an invited user; the token can be used once."""
    user = user_for_invite(db, token)
    if user is None:
        raise AccountError(
            "Deze link is verlopen of al gebruikt. Vraag de beheerder om een nieuwe uitnodiging."
        )
    if password != repeat:
        raise AccountError("De twee wachtwoorden zijn niet gelijk. Typ ze opnieuw.")
    problems = password_problems(password, user.email)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(password)
    user.invite_token_hash = None
    user.invite_expires_at = None
    db.add(user)
    audit(db, user, "user.password_set", f"user:{user.id}")
    return user


def _locked_message(record: User | AddressFailures, now: datetime) -> str | None:
    """The lock-out message while the account (or unknown address) is locked, else None."""
    if not record.locked_until or as_utc(record.locked_until) <= now:
        return None
    minutes = int((as_utc(record.locked_until) - now).total_seconds() // 60) + 1
    return (
        f"Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het over"
        f" {minutes} minuten opnieuw."
    )


def _count_failure(record: User | AddressFailures, now: datetime) -> bool:
    """Count a wrong password; True when this one locks the account (or address)."""
    record.failed_logins += 1
    if record.failed_logins < MAX_FAILED_LOGINS:
        return False
    record.locked_until = now + LOCKOUT
    record.failed_logins = 0
    return True


def authenticate(
    db: Session, email: str, password: str, unknown: AddressLockout | None = None
) -> User:
    """The user with this e-mail address and password, or AccountError.

    After MAX_FAILED_LOGINS wrong passwords the account is locked for LOCKOUT. An address
    without a usable account (unknown, switched off, invitation pending) answers exactly
    alike: one password verification per attempt, and the same lock-out, kept in `unknown`
    for addresses that have no account at all.
    """
    user = db.exec(select(User).where(User.email == normalise_email(email))).first()
    if unknown is None:
        unknown = UnknownAddressLockout()  # not kept: the caller does not track addresses
    record = user if user is not None else unknown.record(email)
    now = utcnow()
    if locked := _locked_message(record, now):
        verify_password(password, None)  # the same time as any other attempt
        raise AccountError(locked)
    password_ok = verify_password(password, user.password_hash if user else None)
    if user is None or not user.active or not password_ok:
        if _count_failure(record, now) and user is not None:
            audit(db, None, "login.locked", f"user:{user.id}")
        if isinstance(record, AddressFailures):
            unknown.save(email, record)
        if user is not None:
            db.add(user)
        audit(db, None, "login.failed", f"user:{user.id}" if user else "")
        raise AccountError(LOGIN_FAILED)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.add(user)
    audit(db, user, "login", f"user:{user.id}")
    return user


def start_session(db: Session, user: User) -> str:
    """A new login session; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.add(
        LoginSession(
            token_hash=_hash_token(token),
            user_id=stored_id(user),
            expires_at=utcnow() + SESSION_LIFETIME,
        )
    )
    return token


def user_for_session(db: Session, token: str | None) -> User | None:
    """The active user of a valid session token, else None."""
    if not token:
        return None
    login = db.exec(
        select(LoginSession).where(LoginSession.token_hash == _hash_token(token))
    ).first()
    if login is None or as_utc(login.expires_at) < utcnow():
        return None
    user = db.get(User, login.user_id)
    return user if user is not None and user.active else None


def end_session(db: Session, token: str | None) -> None:
    """Log out: the session token stops working."""
    if not token:
        return
    login = db.exec(
        select(LoginSession).where(LoginSession.token_hash == _hash_token(token))
    ).first()
    if login is not None:
        audit(db, db.get(User, login.user_id), "logout", f"user:{login.user_id}")
        db.delete(login)


def change_password(
    db: Session,
    user: User,
    current: str,
    password: str,
    repeat: str,
    keep_session: str | None,
) -> int:
    """Change the user's own password and end their other login sessions (not
    `keep_session`, the browser making the change); returns how many were ended.

    A wrong current password counts as a failed login, so a borrowed session cannot be used
    to guess it.
    """
    now = utcnow()
    if locked := _locked_message(user, now):
        raise AccountError(locked, "current")
    if not verify_password(current, user.password_hash):
        if _count_failure(user, now):
            audit(db, None, "login.locked", f"user:{user.id}")
        db.add(user)
        audit(db, user, "user.password_change_failed", f"user:{user.id}")
        raise AccountError("Uw huidige wachtwoord klopt niet. Typ het opnieuw.", "current")
    user.failed_logins = 0
    problems = password_problems(password, user.email)
    if problems:
        raise AccountError(" ".join(problems), "password")
    if password == current:
        raise AccountError(
            "Het nieuwe wachtwoord is hetzelfde als het huidige. Kies een ander.", "password"
        )
    if password != repeat:
        raise AccountError(
            "De twee nieuwe wachtwoorden zijn niet gelijk. Typ ze opnieuw.", "repeat"
        )
    user.password_hash = hash_password(password)
    db.add(user)
    ended = _end_sessions(db, user, keep=keep_session)
    audit(db, user, "user.password_change", f"user:{user.id}", sessions_ended=ended)
    return ended


def _end_sessions(db: Session, user: User, keep: str | None = None) -> int:
    """Delete the user's login sessions except the one with token `keep`; how many ended."""
    query = select(LoginSession).where(LoginSession.user_id == user.id)
    if keep:
        query = query.where(LoginSession.token_hash != _hash_token(keep))
    logins = db.exec(query).all()
    for login in logins:
        db.delete(login)
    return len(logins)


def change_role(db: Session, actor: User, user_id: int, role: str) -> User:
    user = _other_user(db, actor, user_id)
    old = user.role
    user.role = _check_role(role)
    db.add(user)
    audit(db, actor, "user.role", f"user:{user.id}", old=old, new=role)
    return user


def set_active(db: Session, actor: User, user_id: int, active: bool) -> User:
    """Deactivate (or reactivate) an account; a deactivated user is logged out everywhere."""
    user = _other_user(db, actor, user_id)
    user.active = active
    db.add(user)
    if not active:
        _end_sessions(db, user)
    audit(db, actor, "user.activate" if active else "user.deactivate", f"user:{user.id}")
    return user


def _other_user(db: Session, actor: User, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise AccountError("Dit account bestaat niet.")
    if user.id == actor.id:
        raise AccountError(
            "U kunt uw eigen rol of account niet wijzigen; vraag een andere beheerder."
        )
    return user


def has_role(user: User | None, minimum: Role) -> bool:
    """True when the user's role is at least `minimum` (facilitator < editor < admin)."""
    return user is not None and ROLE_RANK.get(user.role, 0) >= ROLE_RANK[minimum]
