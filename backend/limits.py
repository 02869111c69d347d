"""A rate limiter whose counts live in the database, so every server process sees the same
attempts (`RateLimiter` in backend/web/auth.py is the in-memory one for a single process).

Each counted attempt is a row (limiter name, keyed hash of the key, Unix time): a sliding
window exactly like the in-memory limiter. Keys are never stored as given (they are network
addresses): only an HMAC with the server's secret key. Rows older than the window are pruned
now and then by whichever process counts next.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable

from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col

from backend.models import LimitHit

PRUNE_EVERY = 60.0  # seconds between two clean-ups of expired hits by one limiter

_COUNT = (
    select(func.count())
    .select_from(LimitHit)
    .where(
        col(LimitHit.limiter) == bindparam("limiter"),
        col(LimitHit.key) == bindparam("key"),
        col(LimitHit.at) > bindparam("since"),
    )
)
_INSERT = insert(LimitHit)
_PRUNE = delete(LimitHit).where(
    col(LimitHit.limiter) == bindparam("limiter"), col(LimitHit.at) <= bindparam("since")
)
# PostgreSQL: attempts on one key take turns, so two processes cannot both take the last one.
_KEY_LOCK = text("SELECT pg_advisory_xact_lock(hashtext(:lock))")


def keyed_hash(secret: bytes, key: str) -> str:
    """What is stored instead of a key: an HMAC-SHA256 with the server's secret (hex)."""
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()


class SharedRateLimiter:
    """At most `limit` attempts per key in a sliding window of `seconds`, counted in the
    database (the `Limiter` protocol of backend/web/deps.py)."""

    def __init__(
        self,
        engine: Engine,
        name: str,
        secret: bytes,
        limit: int,
        seconds: float,
        clock: Callable[[], float] = time.time,
    ):
        self.engine = engine
        self.name = name
        self.limit = limit
        self.seconds = seconds
        self._secret = secret
        self._clock = clock
        self._serialise = engine.dialect.name == "postgresql"
        self._pruned_at = 0.0
        self._prune_lock = threading.Lock()

    def allow(self, key: str, limit: int | None = None) -> bool:
        """Count an attempt; False (and not counted) when the limit (or this key's own
        `limit`) is reached."""
        hashed, now = keyed_hash(self._secret, key), self._clock()
        with self.engine.begin() as connection:
            if self._serialise:
                connection.execute(_KEY_LOCK, {"lock": f"{self.name}:{hashed}"})
            if self._count(connection, hashed, now) >= self._limit(limit):
                return False
            connection.execute(_INSERT, {"limiter": self.name, "key": hashed, "at": now})
        self._prune(now)
        return True

    def blocked(self, key: str, limit: int | None = None) -> bool:
        """Whether the limit is reached, without counting an attempt."""
        with self.engine.connect() as connection:
            count = self._count(connection, keyed_hash(self._secret, key), self._clock())
        return count >= self._limit(limit)

    def _limit(self, limit: int | None) -> int:
        return self.limit if limit is None else limit

    def _count(self, connection: Connection, hashed: str, now: float) -> int:
        parameters = {"limiter": self.name, "key": hashed, "since": now - self.seconds}
        count: int = connection.execute(_COUNT, parameters).scalar_one()
        return count

    def _prune(self, now: float) -> None:
        """Delete this limiter's hits that left the window (at most once a minute)."""
        with self._prune_lock:
            if now - self._pruned_at < PRUNE_EVERY:
                return
            self._pruned_at = now
        with self.engine.begin() as connection:
            connection.execute(_PRUNE, {"limiter": self.name, "since": now - self.seconds})
