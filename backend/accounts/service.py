"""Accounts: creating and inviting users, logging in and out, roles, the audit log.

Every change to an account and every login goes through these functions, which also
write the audit entry, so no path can skip it. Messages for users are in Dutch.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel import Session, select

from backend.accounts.passwords import hash_password, password_problems, verify_password
from backend.models import AuditEntry, LoginSession, User
from backend.models.item import as_utc, utcnow

ROLES = {
    "admin": "Beheerder",
    "editor": "Redacteur (integriteitsadviseur)",
    "facilitator": "Gespreksleider (burgemeester, griffier)",
}
ROLE_RANK = {"facilitator": 1, "editor": 2, "admin": 3}
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
INVITE_LIFETIME = timedelta(days=7)
LOGIN_FAILED = "Het e-mailadres of het wachtwoord klopt niet."


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message is Dutch."""


@dataclass(frozen=True)
class Invitation:
    user: User
    token: str  # shown once to the admin, who passes it on; only its hash is stored


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def audit(
    session: Session, actor: User | None, action: str, target: str = "", **details: Any
) -> None:
    """Record an audit entry in the caller's transaction."""
    session.add(
        AuditEntry(
            actor_id=actor.id if actor else None, action=action, target=target, details=details
        )
    )


def _check_email(session: Session, email: str) -> str:
    email = normalise_email(email)
    if "@" not in email or "." not in email.split("@")[-1] or len(email) > 254 or " " in email:
        raise AccountError(f"'{email[:80]}' is geen geldig e-mailadres.")
    if session.exec(select(User).where(User.email == email)).first():
        raise AccountError(f"Er is al een account met het e-mailadres {email}.")
    return email


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"Onbekende rol '{role}'; kies uit: {', '.join(ROLES)}.")
    return role


def create_user(
    session: Session,
    email: str,
    role: str,
    password: str,
    name: str = "",
    actor: User | None = None,
) -> User:
    """Create an active user with a password (used by the command line for the first admin)."""
    email = _check_email(session, email)
    problems = password_problems(password, email)
    if problems:
        raise AccountError(" ".join(problems))
    user = User(email=email, name=name.strip()[:120], role=_check_role(role))
    user.password_hash = hash_password(password)
    session.add(user)
    session.flush()
    audit(session, actor, "user.create", f"user:{user.id}", role=role)
    return user


def invite_user(session: Session, actor: User, email: str, role: str, name: str = "") -> Invitation:
    """Create a user without a password and a one-time link to choose one."""
    email = _check_email(session, email)
    user = User(email=email, name=name.strip()[:120], role=_check_role(role))
    token = secrets.token_urlsafe(32)
    user.invite_token_hash = _hash_token(token)
    user.invite_expires_at = utcnow() + INVITE_LIFETIME
    session.add(user)
    session.flush()
    audit(session, actor, "user.invite", f"user:{user.id}", role=role)
    return Invitation(user, token)


def user_for_invite(session: Session, token: str) -> User | None:
    """The user a set-password token belongs to, if it is still valid."""
    user = session.exec(select(User).where(User.invite_token_hash == _hash_token(token))).first()
    if user is None or not user.active or as_utc(user.invite_expires_at) < utcnow():
        return None
    return user


def set_password_with_invite(session: Session, token: str, password: str, repeat: str) -> User:
    """Set the password of an invited user; the token can be used once."""
    user = user_for_invite(session, token)
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
    session.add(user)
    audit(session, user, "user.password_set", f"user:{user.id}")
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """The user with this e-mail address and password, or AccountError.

    After MAX_FAILED_LOGINS wrong passwords the account is locked for LOCKOUT.
    """
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    now = utcnow()
    if user is not None and user.locked_until and as_utc(user.locked_until) > now:
        verify_password(password, None)
        minutes = int((as_utc(user.locked_until) - now).total_seconds() // 60) + 1
        raise AccountError(
            f"Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het"
            f" over {minutes} minuten opnieuw."
        )
    if user is None or not user.active or not verify_password(password, user.password_hash):
        if user is not None and user.active:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
                audit(session, None, "login.locked", f"user:{user.id}")
            session.add(user)
        audit(session, None, "login.failed", f"user:{user.id}" if user else "")
        raise AccountError(LOGIN_FAILED)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.add(user)
    audit(session, user, "login", f"user:{user.id}")
    return user


def start_session(session: Session, user: User) -> str:
    """A new login session; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=_hash_token(token), user_id=user.id, expires_at=utcnow() + SESSION_LIFETIME
        )
    )
    return token


def user_for_session(session: Session, token: str | None) -> User | None:
    """The active user of a valid session token, else None."""
    if not token:
        return None
    login = session.exec(
        select(LoginSession).where(LoginSession.token_hash == _hash_token(token))
    ).first()
    if login is None or as_utc(login.expires_at) < utcnow():
        return None
    user = session.get(User, login.user_id)
    return user if user is not None and user.active else None


def end_session(session: Session, token: str | None) -> None:
    """Log out: the session token stops working."""
    if not token:
        return
    login = session.exec(
        select(LoginSession).where(LoginSession.token_hash == _hash_token(token))
    ).first()
    if login is not None:
        audit(session, session.get(User, login.user_id), "logout", f"user:{login.user_id}")
        session.delete(login)


def change_role(session: Session, actor: User, user_id: int, role: str) -> User:
    user = _other_user(session, actor, user_id)
    old = user.role
    user.role = _check_role(role)
    session.add(user)
    audit(session, actor, "user.role", f"user:{user.id}", old=old, new=role)
    return user


def set_active(session: Session, actor: User, user_id: int, active: bool) -> User:
    """Deactivate (or reactivate) an account; a deactivated user is logged out everywhere."""
    user = _other_user(session, actor, user_id)
    user.active = active
    session.add(user)
    if not active:
        for login in session.exec(select(LoginSession).where(LoginSession.user_id == user.id)):
            session.delete(login)
    audit(session, actor, "user.activate" if active else "user.deactivate", f"user:{user.id}")
    return user


def _other_user(session: Session, actor: User, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise AccountError("Dit account bestaat niet.")
    if user.id == actor.id:
        raise AccountError(
            "U kunt uw eigen rol of account niet wijzigen; vraag een andere beheerder."
        )
    return user


def has_role(user: User | None, minimum: str) -> bool:
    """True when the user's role is at least `minimum` (facilitator < editor < admin)."""
    return user is not None and ROLE_RANK.get(user.role, 0) >= ROLE_RANK[minimum]
