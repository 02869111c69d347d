"""Join codes: six characters that are easy to read aloud and type on a phone."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L: characters that look alike on a projector or phone keyboard.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6
_VALID = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    """A random join code (31^6, about 890 million possibilities)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str) -> str | None:
    """The code as typed (any case, spaces or a dash in between) or None if it cannot be one."""
    code = re.sub(r"[\s\-]", "", text or "").upper()[: LENGTH + 1]
    return code if _VALID.fullmatch(code) else None


def spaced(code: str) -> str:
    """'K7MQ2X' as 'K7M Q2X', easier to read from the back of the room."""
    return f"{code[:3]} {code[3:]}"
