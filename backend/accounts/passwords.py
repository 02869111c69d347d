"""Password hashing (Argon2 via pwdlib) and the password rules.

The rules follow current NCSC and NIST advice: a minimum length, a generous maximum, no
composition rules (no forced digits or symbols), and a blocklist of common passwords.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

MIN_LENGTH = 12
MAX_LENGTH = 128
BLOCKLIST_FILE = Path(__file__).resolve().parent / "common_passwords.txt"

_hasher = PasswordHash((Argon2Hasher(),))
# Verified against when the account does not exist, so a wrong e-mail address takes as
# long as a wrong password (no account enumeration by timing).
_DUMMY_HASH = _hasher.hash("dilemmatafel-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when the password matches; always spends the time of one verification."""
    if not password_hash:
        _hasher.verify(password, _DUMMY_HASH)
        return False
    return _hasher.verify(password, password_hash)


@lru_cache
def _blocklist() -> frozenset[str]:
    lines = BLOCKLIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, email: str = "") -> list[str]:
    """What is wrong with a new password, in Dutch; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(
            f"Het wachtwoord is te kort: gebruik minstens {MIN_LENGTH} tekens. Een zin van een"
            " paar woorden is sterk en goed te onthouden."
        )
    if len(password) > MAX_LENGTH:
        problems.append(f"Het wachtwoord is te lang: gebruik hoogstens {MAX_LENGTH} tekens.")
    lowered = password.lower()
    local_part = email.split("@", 1)[0].lower()
    if lowered in _blocklist() or len(set(lowered)) <= 2:
        problems.append("Dit wachtwoord is te gangbaar en makkelijk te raden. Kies een ander.")
    elif local_part and len(local_part) >= 4 and local_part in lowered:
        problems.append("Het wachtwoord mag uw e-mailadres niet bevatten.")
    elif "dilemmatafel" in lowered:
        problems.append("Het wachtwoord mag de naam van deze toepassing niet bevatten.")
    return problems
