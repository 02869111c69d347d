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

from sqlalchemy import String, bindparam, delete, func, insert, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from backend.models import LimitHit

PRUNE_EVERY = 60.0  # seconds between two clean-ups of expired hits by one limiter

_RECENT = (
    select(func.count())
    .select_from(LimitHit)
    .where(
        col(LimitHit.limiter) == bindparam("limiter"),
        col(LimitHit.key) == bindparam("key"),
        col(LimitHit.at) > bindparam("since"),
    )
)
# Counting and adding the attempt in one statement: one round trip. Two processes counting
# the same key at the same instant may both add the last allowed attempt, so under
# concurrency a limit can be passed by the number of simultaneous requests, never more.
_ADD_IF_UNDER = (
    insert(LimitHit)
    .from_select(
        ["limiter", "key", "at"],
        select(
            bindparam("limiter", type_=String), bindparam("key", type_=String), bindparam("at")
        ).where(_RECENT.scalar_subquery() < bindparam("limit")),
    )
    .returning(col(LimitHit.id))
)
_PRUNE = delete(LimitHit).where(
    col(LimitHit.limiter) == bindparam("limiter"), col(LimitHit.at) <= bindparam("since")
)


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
        # Each statement commits on its own: no BEGIN and COMMIT around it, two round trips
        # fewer on PostgreSQL (counting and adding is one statement, atomic by itself).
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.name = name
        self.limit = limit
        self.seconds = seconds
        self._secret = secret
        self._clock = clock
        self._pruned_at = 0.0
        self._prune_lock = threading.Lock()

    def allow(self, key: str, limit: int | None = None) -> bool:
        """Count an attempt; False (and not counted) when the limit (or this key's own
        `limit`) is reached."""
        now = self._clock()
        parameters = {**self._where(key, now), "at": now, "limit": self._limit(limit)}
        with self._autocommit.connect() as connection:
            added = connection.execute(_ADD_IF_UNDER, parameters).first() is not None
        self._prune(now)
        return added

    def blocked(self, key: str, limit: int | None = None) -> bool:
        """Whether the limit is reached, without counting an attempt."""
        with self._autocommit.connect() as connection:
            count: int = connection.execute(_RECENT, self._where(key, self._clock())).scalar_one()
        return count >= self._limit(limit)

    def _where(self, key: str, now: float) -> dict[str, object]:
        hashed = keyed_hash(self._secret, key)
        return {"limiter": self.name, "key": hashed, "since": now - self.seconds}

    def _limit(self, limit: int | None) -> int:
        return self.limit if limit is None else limit

    def _prune(self, now: float) -> None:
        """Delete this limiter's hits that left the window (at most once a minute)."""
        with self._prune_lock:
            if now - self._pruned_at < PRUNE_EVERY:
                return
            self._pruned_at = now
        with self.engine.begin() as connection:
            connection.execute(_PRUNE, {"limiter": self.name, "since": now - self.seconds})
