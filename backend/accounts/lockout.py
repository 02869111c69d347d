"""Lock-outs for login addresses that have no account, so they lock out exactly like real
accounts and a lock-out message reveals nothing.

`UnknownAddressLockout` keeps the failures in memory (one server process);
`SharedAddressLockout` keeps them in the database, so every process counts the same failures.
Neither keeps an address: the memory holds a hash, the database an HMAC with the secret key.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import bindparam, delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from backend.clock import utcnow
from backend.limits import keyed_hash
from backend.models import LoginFailure

FORGET_AFTER = timedelta(days=1)  # failures of an address left alone this long are dropped
_FORGET = delete(LoginFailure).where(col(LoginFailure.updated_at) < bindparam("before"))
_FORGET = delete(LoginFailure).where(col(LoginFailure.updated_at) < bindparam("before"))


def normalise_email(email: str) -> str:
    return email.strip().lower()


@dataclass
class AddressFailures:
    """Wrong passwords for an address without an account (mirrors the fields on User)."""

    failed_logins: int = 0
    locked_until: datetime | None = None


class AddressLockout(Protocol):
    """Where the failures of addresses without an account are kept."""

    def record(self, email: str) -> AddressFailures:
        """The failure record of this address (a new one when it has none)."""
        ...

    def save(self, email: str, record: AddressFailures) -> None:
        """Keep the record after a failure was counted on it."""
        ...


class UnknownAddressLockout:
    """In memory: the oldest entries go once `capacity` is reached, so a flood of made-up
    addresses cannot fill the memory."""

    def __init__(self, capacity: int = 10_000):
        self.capacity = capacity
        self._records: OrderedDict[str, AddressFailures] = OrderedDict()
        self._lock = threading.Lock()  # requests run in a thread pool

    def record(self, email: str) -> AddressFailures:
        """The failure record of this address (created when new)."""
        key = hashlib.sha256(normalise_email(email).encode()).hexdigest()
        with self._lock:
            record = self._records.pop(key, None) or AddressFailures()
            self._records[key] = record  # now the newest
            while len(self._records) > self.capacity:
                self._records.popitem(last=False)
            return record

    def save(self, email: str, record: AddressFailures) -> None:
        """Nothing to do: `record` gave the stored object itself."""

    def __len__(self) -> int:
        return len(self._records)


class SharedAddressLockout:
    """In the database (`login_failure`), for several server processes. Two processes
    counting a failure for the same address at the same instant may count it once; the
    per-client login limiter still applies."""

    def __init__(self, engine: Engine, secret: bytes):
        self.engine = engine
        self._secret = secret
        self._pruned_at: datetime | None = None

    def _key(self, email: str) -> str:
        return keyed_hash(self._secret, normalise_email(email))

    def record(self, email: str) -> AddressFailures:
        with Session(self.engine) as db:
            row = db.get(LoginFailure, self._key(email))
            if row is None:
                return AddressFailures()
            return AddressFailures(row.failed_logins, row.locked_until)

    def save(self, email: str, record: AddressFailures) -> None:
        now = utcnow()
        with Session(self.engine) as db:
            row = db.get(LoginFailure, self._key(email)) or LoginFailure(
                key=self._key(email), updated_at=now
            )
            row.failed_logins = record.failed_logins
            row.locked_until = record.locked_until
            row.updated_at = now
            db.add(row)
            if self._pruned_at is None or now - self._pruned_at > timedelta(hours=1):
                self._pruned_at = now
                db.connection().execute(_FORGET, {"before": now - FORGET_AFTER})
            db.commit()
