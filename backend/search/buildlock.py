"""One builder per index folder: a lock file beside the folder that names its holder.

The web server, `dilemmatafel reindex`, `content import` and `init` all write the index. They
take this lock first, so they never build in the same folder at the same time. The lock is
an `flock` on `<index>.lock`: the kernel releases it when its holder ends, however it ends
(kill -9 included), so a lock file left behind by an interrupted build is stale and never
blocks the next one. The file names the holder (pid, host, who, since) for the message
others see while they wait. It lives beside the index folder, not in it, because a build
swaps the whole folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

logger = logging.getLogger("backend.search.index")

# Lock descriptors this process holds. A child forked during a build (Whoosh's
# multiprocessing writer) closes its copies, so it never keeps the lock, and on Linux it
# ends with its builder, so a killed build leaves no stray workers behind.
_held: set[int] = set()
_builder_pid = 0
_PR_SET_PDEATHSIG = 1


def _after_fork_in_child() -> None:
    if not _held:
        return
    for fd in list(_held):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()
    if sys.platform == "linux":
        try:
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            return
        if os.getppid() != _builder_pid:  # the builder ended before the line above
            os._exit(1)


os.register_at_fork(after_in_child=_after_fork_in_child)


@dataclass
class Holder:
    """Who holds the lock, as written in the lock file."""

    pid: int
    host: str
    purpose: str
    since: str

    def describe(self) -> str:
        """The holder in Dutch, for waiting messages."""
        return f"{self.purpose} (proces {self.pid} op {self.host}, sinds {self.since})"


def lock_path(index_dir: Path) -> Path:
    """The lock file of an index folder: `<folder>.lock` beside it."""
    index_dir = Path(index_dir)
    return index_dir.with_name(index_dir.name + ".lock")


class BuildLock:
    """The exclusive right to write an index folder (build, swap or update it)."""

    def __init__(self, index_dir: Path, purpose: str):
        self.path = lock_path(index_dir)
        self.purpose = purpose
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(
        self, wait: bool = True, on_wait: Callable[[Holder | None], None] | None = None
    ) -> bool:
        """Take the lock; returns False when `wait` is off and someone else holds it.

        While waiting, `on_wait` is called once with the current holder (or None when the
        file does not say).
        """
        if self.held:
            raise RuntimeError("this build lock is already held")  # it would wait for itself
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    os.close(fd)
                    return False
                if on_wait is not None:
                    on_wait(self.holder())
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        global _builder_pid
        _held.add(fd)
        _builder_pid = os.getpid()
        self._fd = fd
        self._write_holder()
        return True

    def release(self) -> None:
        """Give the lock up; the file stays (removing it would let two holders in)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _held.discard(fd)
        try:
            os.ftruncate(fd, 0)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def holder(self) -> Holder | None:
        """The holder named in the lock file, or None when it names none."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return Holder(int(data["pid"]), str(data["host"]), str(data["purpose"]), data["since"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write_holder(self) -> None:
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "purpose": self.purpose,
            "since": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        }
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, json.dumps(record).encode(), 0)
        except OSError:
            pass  # only the waiting message needs it; the lock itself holds


def held_elsewhere(index_dir: Path) -> bool:
    """Whether someone else (another process, or another lock here) holds the lock now."""
    lock = BuildLock(index_dir, "")
    if not lock.acquire(wait=False):
        return True
    lock.release()
    return False


def log_waiting(holder: Holder | None) -> None:
    """Log who holds the lock a builder waits for."""
    logger.info("search index: waiting for %s", holder.describe() if holder else "another build")
