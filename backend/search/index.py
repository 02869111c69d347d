"""The Whoosh index: rebuild, incremental updates, and the open searcher per generation.

The index is derived from the database and can always be rebuilt from it. A marker file
records the schema version and the collection token it was built from; when either differs
at start-up, or the index cannot be opened, it is rebuilt in the background while the app
keeps serving (search then says it is being rebuilt). The index heals itself while the app
runs: a search that finds it missing or damaged starts one rebuild, and a write that cannot
update it has one rebuild catch up. Builds go into a new folder that replaces the old one
only when complete, under a lock shared with the command line (see buildlock).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Every

from backend.catalog.facets import collection_token
from backend.catalog.queries import InvalidQuery
from backend.models import Item
from backend.search.buildlock import BuildLock, Holder
from backend.search.documents import SCHEMA_VERSION, build_schema, item_document
from backend.search.postings import Searcher, Snapshot
from backend.search.whoosh_speedups import install as install_whoosh_speedups

# Whoosh ships no annotations: its index object is Any to mypy.
WhooshIndex: TypeAlias = Any  # whoosh.index.FileIndex

logger = logging.getLogger(__name__)
install_whoosh_speedups()
_generations = itertools.count()

MARKER = "dilemmatafel.json"

REBUILDING = "Zoeken is even niet beschikbaar: de zoekindex wordt opnieuw opgebouwd."
FAILED = (
    "Zoeken is even niet beschikbaar: de zoekindex kon niet opnieuw worden opgebouwd. Blijft"
    " dit zo, meld het dan aan de beheerder van deze site."
)
# After a failed rebuild, the next one starts no sooner than this (seconds, by _clock).
RETRY_SECONDS = 60
_clock = time.monotonic
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
# Below this many documents every term reads in well under a millisecond: no warming.
WARM_MIN_DOCS = 1000


class IndexProblem(StrEnum):
    """Why the index must be rebuilt (for the log; users see `REBUILDING` meanwhile)."""

    MISSING = "missing"
    DAMAGED = "damaged"
    OLD_SCHEMA = "old-schema"
    BEHIND = "behind"  # built from an older state of the collection
    UPDATE_FAILED = "update-failed"  # an incremental update could not be written


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

    def _read_marker(self) -> dict[str, Any]:
        try:
            marker: dict[str, Any] = json.loads(
                (self.directory / MARKER).read_text(encoding="utf-8")
            )
            return marker
        except (OSError, ValueError):
            return {}

    def _write_marker(self, directory: Path, token: tuple[int, str]) -> None:
        marker = {"schema_version": SCHEMA_VERSION, "token": list(token)}
        (directory / MARKER).write_text(json.dumps(marker), encoding="utf-8")

    def damage(self) -> IndexProblem | None:
        """Why the index on disk cannot be searched (missing, old schema, damaged), or None."""
        try:
            if not whoosh_index.exists_in(str(self.directory)):
                return IndexProblem.MISSING
        except Exception as error:
            logger.info("search index unreadable: %s", type(error).__name__)
            return IndexProblem.DAMAGED
        if self._read_marker().get("schema_version") != SCHEMA_VERSION:
            return IndexProblem.OLD_SCHEMA
        try:
            with whoosh_index.open_dir(str(self.directory)).searcher() as searcher:
                _read_all(searcher)
        except Exception as error:
            logger.info("search index unreadable: %s", type(error).__name__)
            return IndexProblem.DAMAGED
        return None

    def needs_rebuild(self) -> IndexProblem | None:
        """Why the index must be rebuilt (missing, stale, damaged), or None."""
        reason = self.damage()
        if reason is not None:
            return reason
        with Session(self.engine) as db:
            if self._read_marker().get("token") != list(collection_token(db)):
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
            _close_later(snapshot)
        if self.warm and fresh.doc_count >= WARM_MIN_DOCS:
            threading.Thread(target=fresh.warm, name="zoekindex-warm", daemon=True).start()
        return fresh

    def _check_damage(self, error: Exception) -> None:
        """After an error while searching: if the index is damaged, say so and heal it."""
        reason = self.damage()
        if reason is None:
            return
        logger.warning("search index %s (%s): rebuilding from the database", reason, error)
        self._ready.clear()
        self._index = None
        self._snapshot = None
        self._schedule("check")
        raise SearchUnavailable(self.unavailable_message()) from error

    # -- building ----------------------------------------------------------------------

    def start(self, background: bool = True) -> None:
        """Check the index at start-up; rebuild it (in the background) when needed."""
        reason = self.needs_rebuild()
        if reason is None:
            self._ready.set()
            if self.warm:
                threading.Thread(target=self._warm_up, name="zoekindex-open", daemon=True).start()
            return
        logger.info("search index %s: rebuilding from the database", reason)
        if not background:
            self.rebuild()
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
        lock.acquire(on_wait=on_wait or _log_waiting)
        try:
            yield
        finally:
            lock.release()

    def _build(self, procs: int = 1) -> int:
        """The build itself (the caller holds the build lock)."""
        building = self.directory.with_name(self.directory.name + ".building")
        # Whatever an interrupted build left is thrown away; the live index is untouched.
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        new_index = whoosh_index.create_in(str(building), build_schema())
        with Session(self.engine) as db:
            token = collection_token(db)
            writer = new_index.writer(limitmb=512, procs=procs, multisegment=procs > 1)
            count = 0
            for db_item in db.exec(select(Item)):
                writer.add_document(**item_document(db_item))
                count += 1
            writer.commit(optimize=True)
        self._write_marker(building, token)
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            self.directory.rename(old)
        building.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)
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
        """Rebuild (forced, or when the index needs it) under the build lock."""
        with self._build_lock():
            reason = IndexProblem.UPDATE_FAILED if force else self.needs_rebuild()
            if reason is None:
                self._reopen()  # e.g. the command line built it while we waited
                return
            logger.info("search index %s: rebuilding from the database", reason)
            self._build()

    def update_items(self, items: Iterable[Item], removed_slugs: Iterable[str] = ()) -> None:
        """Write changed items (and drop removed ones) after a database commit.

        Never raises: the caller's transaction has committed, so the write has happened.
        When the index cannot take it now (a build runs, here or on the command line, or
        writing fails), one rebuild in the background catches up.
        """
        if not self.ready:
            self._schedule("force")
            return
        with self._lock:
            try:
                lock = BuildLock(self.directory, self.purpose)
                if not lock.acquire(wait=False):
                    logger.info("search index busy: catching up when the build is done")
                    self._schedule("force")
                    return
                try:
                    self._write_items(items, removed_slugs)
                finally:
                    lock.release()
            except Exception:
                logger.exception("updating the search index failed: rebuilding to catch up")
                self._schedule("force")

    def _write_items(self, items: Iterable[Item], removed_slugs: Iterable[str]) -> None:
        writer = self.open().writer()
        try:
            for slug in removed_slugs:
                writer.delete_by_term("slug", slug)
            for db_item in items:
                writer.update_document(**item_document(db_item))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        with Session(self.engine) as db:
            self._write_marker(self.directory, collection_token(db))
        self._index = None
        self.generation = next(_generations)


def _close_later(snapshot: Snapshot, delay: float = 30.0) -> None:
    """Close a replaced snapshot once searches that still hold it have finished."""
    timer = threading.Timer(delay, snapshot.close)
    timer.daemon = True
    timer.start()


def _read_all(searcher: Searcher) -> None:
    """Read every part of the index once (its stored fields and terms): raises if damaged."""
    reader = searcher.reader()
    for _ in reader.all_stored_fields():
        pass
    for _ in reader.all_terms():
        pass
    searcher.search(Every(), limit=1)


def _log_waiting(holder: Holder | None) -> None:
    logger.info("search index: waiting for %s", holder.describe() if holder else "another build")
