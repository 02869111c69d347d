"""The Whoosh index: rebuild, incremental updates, and the open searcher per generation.

The index is derived from the database and can always be rebuilt from it. Each process keeps
its own folder (never shared over a network file system), current from the database's change
log (`changelog`): changes after the last one the folder's marker names are applied item by
item, at start-up and by the follower (`follow`). A missing, damaged, old-schema or too far
behind index is rebuilt in the background while the app serves (search says so meanwhile);
a search that finds it damaged, or a write that cannot update it, starts one rebuild. Builds
go into a new folder swapped in when complete, under a lock shared with the command line.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from whoosh.filedb.filestore import FileStorage

from backend.catalog.facets import collection_token
from backend.catalog.queries import InvalidQuery
from backend.models import Item
from backend.search import changelog
from backend.search.buildlock import BuildLock, Holder, held_elsewhere, log_waiting
from backend.search.documents import SCHEMA_VERSION as SCHEMA_VERSION
from backend.search.documents import item_document
from backend.search.folder import IndexProblem, applied_change, read_marker
from backend.search.folder import damage as folder_damage
from backend.search.lexicon import lexicon_of
from backend.search.postings import Snapshot, close_later
from backend.search.spelling import spelling_of
from backend.search.whoosh_speedups import install as install_whoosh_speedups
from backend.search.writing import build_folder, write_changes

# Whoosh ships no annotations: its index object is Any to mypy.
WhooshIndex: TypeAlias = Any  # whoosh.index.FileIndex

logger = logging.getLogger(__name__)
install_whoosh_speedups()
_generations = itertools.count()

REBUILDING = "Zoeken is even niet beschikbaar: de zoekindex wordt opnieuw opgebouwd."
FAILED = (
    "Zoeken is even niet beschikbaar: de zoekindex kon niet opnieuw worden opgebouwd. Blijft"
    " dit zo, meld het dan aan de beheerder van deze site."
)
# After a failed rebuild, the next one starts no sooner than this (seconds, by _clock).
RETRY_SECONDS = 60
_clock = time.monotonic
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024


class SearchUnavailable(Exception):
    """The index is missing, damaged or being rebuilt; the message is Dutch."""


class SearchIndex:
    """One index directory, opened lazily, rebuilt from the database when needed.

    At most one rebuild runs at a time: requests for another one while it runs (a damaged
    index found by a search, a write that could not update the index) are folded into one
    next round. Every write to the folder takes the build lock, shared with the command line.
    """

    def __init__(
        self,
        directory: Path,
        engine: Engine,
        purpose: str = "de webserver",
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        warm: bool = True,
    ):
        self.directory = Path(directory)
        self.engine = engine
        self.purpose = purpose
        self.cache_bytes = cache_bytes
        # Load the most frequent terms' postings in the background after (re)opening.
        self.warm = warm
        self._index: WhooshIndex | None = None
        # The open searcher and its arrays, replaced as one when the generation changes.
        self._snapshot: Snapshot | None = None
        # Changes on every write (unique in the process), so cached results never outlive
        # the index state they were computed from.
        self.generation = next(_generations)
        self._identity: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._ready = threading.Event()
        # The background rebuild: one worker, what it must do next, when it may retry.
        self._state_lock = threading.Lock()
        self._pending: str | None = None
        self._worker: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self._retry_at = 0.0
        self.last_error: str | None = None

    # -- state -------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def wait_until_ready(self, timeout: float = 60) -> bool:
        return self._ready.wait(timeout)

    def wait_until_idle(self, timeout: float = 60) -> bool:
        """Wait until no background rebuild runs or is due (for tests and shutdown)."""
        return self._idle.wait(timeout)

    def unavailable_message(self) -> str:
        """What search tells users while it cannot answer (Dutch)."""
        return self.last_error or REBUILDING

    def open(self) -> WhooshIndex:
        """The opened index (raises when it is not ready).

        Read without memory mapping: the searcher stays open across requests, and a
        mapped file damaged in place would end the process (SIGBUS) instead of raising
        an error that heals the index. Reads are serialised by the snapshot's lock."""
        if self._index is None:
            storage = FileStorage(str(self.directory), supports_mmap=False)
            self._index = storage.open_index()
        return self._index

    def damage(self) -> IndexProblem | None:
        """Why the index on disk cannot be searched (missing, old schema, damaged), or None."""
        return folder_damage(self.directory)

    def needs_rebuild(self) -> IndexProblem | None:
        """Why the index is not current, or None. Only CHANGES is caught up without a
        rebuild: applying the logged changes the index lacks."""
        return self.damage() or self._lag()

    def _lag(self) -> IndexProblem | None:
        """How a sound index stands to the database: current (None), CHANGES to apply, or
        a reason to rebuild."""
        applied = applied_change(self.directory)
        if applied is None:
            return IndexProblem.BEHIND  # built before the change log, or by hand
        with Session(self.engine) as db:
            if not changelog.reaches(db, applied):
                return IndexProblem.LOG_PRUNED
            latest = changelog.latest_change_id(db)
            if latest > applied:
                return IndexProblem.CHANGES
            if latest < applied:
                return IndexProblem.BEHIND  # another database, or one restored from a backup
            if read_marker(self.directory).get("token") != list(collection_token(db)):
                return IndexProblem.BEHIND
        return None

    # -- searching ---------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Snapshot]:
        """The current snapshot (open searcher and arrays). A missing or damaged index
        raises SearchUnavailable and starts one rebuild in the background; other errors
        pass through unchanged."""
        self._resume()
        if not self.ready:
            raise SearchUnavailable(self.unavailable_message())
        try:
            snapshot = self._current()
        except Exception as error:
            self._check_damage(error)
            raise
        try:
            yield snapshot
        except InvalidQuery:
            raise  # the user's input, not the index: no need to look at the disk
        except Exception as error:
            self._check_damage(error)
            raise

    def _current(self) -> Snapshot:
        """The snapshot of the index on disk, reopened only when its generation changed
        (a write here, a rebuild, or a folder swapped in by another process)."""
        with self._lock:
            snapshot = self._snapshot
            inode = os.stat(self.directory).st_ino
            index = self.open()
            unchanged = self._identity == (inode, index.latest_generation())
            if snapshot is not None and unchanged and snapshot.generation == self.generation:
                return snapshot
            searcher = index.searcher()
            identity = (inode, searcher.reader().generation())
            if identity != self._identity:
                self._identity = identity
                self.generation = next(_generations)
            fresh = Snapshot(searcher, self.generation, self.cache_bytes)
            self._snapshot = fresh
        if snapshot is not None:
            close_later(snapshot)
        if self.warm:
            threading.Thread(
                target=warm_up, args=(fresh,), name="zoekindex-warm", daemon=True
            ).start()
        return fresh

    def _check_damage(self, error: Exception) -> None:
        """After an error while searching: if the index is damaged, say so and heal it."""
        if self._heal_if_damaged(error) is not None:
            raise SearchUnavailable(self.unavailable_message()) from error

    def _heal_if_damaged(self, error: Exception | None = None) -> IndexProblem | None:
        """If the index is damaged or gone: stop searching it and rebuild it."""
        reason = self.damage()
        if reason is not None:
            logger.warning("search index %s (%s): rebuilding from the database", reason, error)
            self._ready.clear()
            self._index = None
            self._snapshot = None
            self._schedule("check")
        return reason

    # -- building ----------------------------------------------------------------------

    def start(self, background: bool = True) -> None:
        """Check the index at start-up; catch it up or rebuild it (in the background) when
        needed. An index that only lacks logged changes serves searches meanwhile."""
        reason = self.needs_rebuild()
        if reason is None or reason is IndexProblem.CHANGES:
            self._ready.set()
            if self.warm:
                threading.Thread(target=self._warm_up, name="zoekindex-open", daemon=True).start()
        if reason is None:
            return
        if not background:
            self._catch_up(force=False)
            return
        self._schedule("check")

    def rebuild(
        self, procs: int = 1, on_wait: Callable[[Holder | None], None] | None = None
    ) -> int:
        """Build a complete new index beside the old one, then swap it in. Returns doc count.

        Waits while another process builds in this folder (`on_wait` is told who). procs > 1
        analyses documents in several processes (for the command line only: the server
        rebuilds in a thread, where forking is not safe).
        """
        with self._build_lock(on_wait):
            return self._build(procs)

    @contextmanager
    def _build_lock(self, on_wait: Callable[[Holder | None], None] | None = None) -> Iterator[None]:
        """Hold the folder's build lock, waiting while another builder has it."""
        lock = BuildLock(self.directory, self.purpose)
        lock.acquire(on_wait=on_wait or log_waiting)
        try:
            yield
        finally:
            lock.release()

    def _build(self, procs: int = 1) -> int:
        """The build itself (the caller holds the build lock)."""
        count = build_folder(self.directory, self.engine, procs, item_document)
        # Logged before the index counts as ready, so whoever waits for it sees the line.
        logger.info("search index rebuilt: %d items", count)
        self._reopen()
        return count

    def _reopen(self) -> None:
        """Use the index on disk from now on: it is new, or checked and sound."""
        self._index, self._identity = None, None
        self.generation = next(_generations)
        self.last_error = None
        self._ready.set()
        if self.warm:
            threading.Thread(target=self._warm_up, name="zoekindex-open", daemon=True).start()

    def _warm_up(self) -> None:
        """Open the new index and load its frequent terms, so the first search is quick."""
        try:
            self._current()
        except Exception:
            logger.warning("search index: warming up after opening failed", exc_info=True)

    def _schedule(self, mode: str) -> None:
        """Ask the background worker to "check" the index (rebuild if needed) or "force" a
        rebuild. One worker at most; asks made while it runs become one next round."""
        with self._state_lock:
            if self._pending != "force":
                self._pending = mode
            if self._worker is not None or _clock() < self._retry_at:
                return
            self._idle.clear()
            self._worker = threading.Thread(target=self._work, name="zoekindex", daemon=True)
            self._worker.start()

    def _resume(self) -> None:
        """Start a rebuild that is due again after a failure (searches call this)."""
        if self._pending is not None and self._worker is None:
            self._schedule(self._pending)

    def _work(self) -> None:
        while True:
            with self._state_lock:
                mode, self._pending = self._pending, None
                if mode is None:
                    self._worker = None
                    self._idle.set()
                    return
            try:
                self._catch_up(force=mode == "force")
            except Exception:
                logger.exception(
                    "rebuilding the search index failed; retried in %d s, or run"
                    " 'dilemmatafel reindex'",
                    RETRY_SECONDS,
                )
                with self._state_lock:
                    self.last_error = FAILED
                    self._retry_at = _clock() + RETRY_SECONDS
                    self._pending = self._pending or mode
                    self._worker = None
                    self._idle.set()
                return

    def _catch_up(self, force: bool) -> None:
        """Apply logged changes, or rebuild (forced, or when the index needs it), under the
        build lock."""
        with self._build_lock():
            reason = IndexProblem.UPDATE_FAILED if force else self.needs_rebuild()
            if reason is IndexProblem.CHANGES and self._apply_logged():
                reason = self._lag()
                if reason is IndexProblem.CHANGES:
                    reason = None  # committed since: the follower applies them
            if reason is None:
                self._reopen()  # e.g. the command line built it while we waited
                return
            logger.info("search index %s: rebuilding from the database", reason)
            self._build()

    def update_items(self, items: Iterable[Item], removed_slugs: Iterable[str] = ()) -> None:
        """Write changed items (and drop removed ones) after a database commit, with any
        other logged changes the index lacks.

        Never raises: the caller's transaction has committed, so the write has happened.
        When the index cannot take it now (a build runs, here or on the command line, or
        writing fails), one rebuild in the background catches up.
        """
        if not self.ready:
            self._schedule("force")
            return
        self._write_now(items, removed_slugs, when_busy="force")

    def follow(self) -> int:
        """Apply the changes other processes logged since the index's last one (the
        follower calls this every poll); returns how many items it wrote. Nothing happens
        while the index is current or being rebuilt, or a build holds the folder (the next
        poll tries again). Database errors pass to the caller."""
        if not self.ready or self._worker is not None:
            return 0
        applied = applied_change(self.directory)
        if applied is None:  # e.g. the folder was deleted: heal it before a search notices
            if not held_elsewhere(self.directory) and self._heal_if_damaged() is None:
                self._schedule("check")  # sound, but its position in the log is unknown
            return 0
        latest = changelog.poll_latest_change_id(self.engine)
        if latest < applied:
            self._schedule("check")  # the log went back: a restored database
        if latest <= applied:
            return 0
        return self._write_now((), (), when_busy=None)

    def _write_now(
        self, items: Iterable[Item], removed_slugs: Iterable[str], when_busy: str | None
    ) -> int:
        """Write under the build lock if it is free (else schedule `when_busy`); a failed
        write schedules a rebuild, a position the log no longer reaches a check."""
        with self._lock:
            lock = BuildLock(self.directory, self.purpose)
            try:
                if not lock.acquire(wait=False):
                    logger.info("search index busy: catching up when the build is done")
                    if when_busy:
                        self._schedule(when_busy)
                    return 0
                try:
                    written = self._write_items(items, removed_slugs)
                finally:
                    lock.release()
            except SQLAlchemyError:
                if when_busy is None:
                    raise  # the follower retries when the database is back
                logger.exception("updating the search index failed: rebuilding to catch up")
                self._schedule("force")
                return 0
            except Exception:
                logger.exception("updating the search index failed: rebuilding to catch up")
                self._schedule("force")
                return 0
        if written is None:
            self._schedule("check")
        return written or 0

    def _apply_logged(self) -> bool:
        """Apply the logged changes the index lacks (the caller holds the build lock);
        False when a rebuild must do it."""
        with self._lock:
            try:
                return self._write_items((), ()) is not None
            except SQLAlchemyError:
                raise
            except Exception as error:
                logger.info("search index: applying changes failed (%s)", type(error).__name__)
                return False

    def _write_items(self, items: Iterable[Item], removed_slugs: Iterable[str]) -> int | None:
        """`writing.write_changes` on this index; a new generation when it wrote."""
        with Session(self.engine) as db:
            written = write_changes(self.open(), self.directory, db, items, removed_slugs)
        if written is not None:
            self._index = None
            self.generation = next(_generations)
        return written


def warm_up(snapshot: Snapshot) -> None:
    """Load what the first searches of a new snapshot need: its lexicon and spelling words,
    frequent terms and (in a small collection) documents."""
    try:
        lexicon_of(snapshot)
        spelling_of(snapshot)
    except Exception:  # replaced and closed meanwhile: nothing left to warm
        return
    snapshot.warm()
