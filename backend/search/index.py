"""The Whoosh index: schema, documents from items, rebuild and incremental updates.

The index is derived from the database and can always be rebuilt from it. A marker file
records the schema version and the collection token it was built from; when either differs
at start-up, or the index cannot be opened, it is rebuilt in the background while the app
keeps serving (search then says it is being rebuilt).
"""

from __future__ import annotations

import itertools
import json
import logging
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from whoosh import index as whoosh_index
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.writing import AsyncWriter

from backend import vocabulary
from backend.catalog.facets import collection_token
from backend.content.types import CONTENT_TYPES
from backend.models import Item
from backend.search.analysis import index_analyzer, spelling_words

logger = logging.getLogger(__name__)
_generations = itertools.count()

SCHEMA_VERSION = 6
MARKER = "dilemmatafel.json"
TAG_FIELDS = ("themes", "roles", "levels", "legal_refs")
KIND_TEXT_FIELDS = ("interest", "subject", "shared_with", "lifted")


def build_schema() -> Schema:
    prose = index_analyzer()
    return Schema(
        slug=ID(stored=True, unique=True, sortable=True),
        type=ID(stored=True),
        title=TEXT(analyzer=prose, field_boost=3.0, stored=True),
        # Everything else that is searched, in one field: two fields per query term
        # instead of four halves the work of every query.
        content=TEXT(analyzer=prose),
        summary=STORED,
        body=STORED,
        # The words of the collection for "Bedoelde u": folded in Python and split on spaces,
        # which is far cheaper to index than running them through the prose analyzer.
        spelling=KEYWORD(),
        themes=KEYWORD(stored=True, commas=True),
        roles=KEYWORD(stored=True, commas=True),
        levels=KEYWORD(stored=True, commas=True),
        legal_refs=KEYWORD(stored=True, commas=True),
        status=ID(stored=True),
        visibility=ID(stored=True),
        updated=DATETIME(stored=True, sortable=True),
    )


def item_document(db_item: Item) -> dict:
    """The index document of an item: its prose, its tags and their Dutch labels."""
    content_type = CONTENT_TYPES[db_item.type]
    front = db_item.front
    prose = [db_item.sections[s.name] for s in content_type.sections if s.name in db_item.sections]
    prose += list((front.get("options") or {}).values()) + list(front.get("steps") or [])
    prose += [str(front[name]) for name in KIND_TEXT_FIELDS if front.get(name)]
    labels = [
        vocabulary.ALL[name].label_of(value) for name in TAG_FIELDS for value in front.get(name, [])
    ]
    labels += [
        vocabulary.LEGAL_ARTICLES.get(ref).description for ref in front.get("legal_refs", [])
    ]
    body = "\n\n".join(prose)
    return {
        "slug": db_item.slug,
        "type": db_item.type,
        "title": db_item.title,
        "summary": db_item.summary,
        "body": body,
        "content": "\n\n".join([db_item.summary, " ".join(labels), body]),
        # "Bedoelde u" draws only from what the public may see: a draft's or an internal
        # item's words must never surface as a suggestion.
        "spelling": (
            " ".join(spelling_words(" ".join([db_item.title, db_item.summary, body])))
            if db_item.status == "published" and db_item.visibility == "public"
            else ""
        ),
        **{name: ",".join(front.get(name, [])) for name in TAG_FIELDS},
        "status": db_item.status,
        "visibility": db_item.visibility,
        "updated": db_item.updated_at.replace(tzinfo=None),
    }


class SearchIndex:
    """One index directory, opened lazily, rebuilt from the database when needed."""

    def __init__(self, directory: Path, engine: Engine):
        self.directory = Path(directory)
        self.engine = engine
        self._index = None
        self._slugs: list[str] | None = None
        # Changes on every write (unique in the process), so cached results never outlive
        # the index state they were computed from.
        self.generation = next(_generations)
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    # -- state -------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def wait_until_ready(self, timeout: float = 60) -> bool:
        return self._ready.wait(timeout)

    def open(self):
        """The opened index (raises when it is not ready)."""
        if self._index is None:
            self._index = whoosh_index.open_dir(str(self.directory))
            self._slugs = None
        return self._index

    def slugs(self, searcher) -> list[str]:
        """The slug of every document number, cached until the index changes."""
        if self._slugs is None or len(self._slugs) != searcher.reader().doc_count_all():
            self._slugs = list(searcher.reader().column_reader("slug"))
        return self._slugs

    def _read_marker(self) -> dict:
        try:
            return json.loads((self.directory / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _write_marker(self, directory: Path, token: tuple) -> None:
        marker = {"schema_version": SCHEMA_VERSION, "token": list(token)}
        (directory / MARKER).write_text(json.dumps(marker), encoding="utf-8")

    def needs_rebuild(self) -> str | None:
        """Why the index must be rebuilt (missing, stale, damaged), or None."""
        try:
            if not whoosh_index.exists_in(str(self.directory)):
                return "ontbreekt"
        except Exception as error:  # noqa: BLE001 - an unreadable table of contents
            return f"beschadigd ({type(error).__name__})"
        marker = self._read_marker()
        if marker.get("schema_version") != SCHEMA_VERSION:
            return "verouderd schema"
        with Session(self.engine) as session:
            if marker.get("token") != list(collection_token(session)):
                return "loopt achter op de database"
        try:
            with whoosh_index.open_dir(str(self.directory)).searcher() as searcher:
                searcher.doc_count()
        except Exception as error:  # noqa: BLE001 - any failure to read means damaged
            return f"beschadigd ({type(error).__name__})"
        return None

    # -- building ----------------------------------------------------------------------

    def start(self, background: bool = True) -> None:
        """Check the index at start-up; rebuild it (in the background) when needed."""
        reason = self.needs_rebuild()
        if reason is None:
            self._ready.set()
            return
        logger.info("search index %s: rebuilding from the database", reason)
        if not background:
            self.rebuild()
            return
        self._thread = threading.Thread(target=self._rebuild_logged, daemon=True)
        self._thread.start()

    def _rebuild_logged(self) -> None:
        try:
            self.rebuild()
        except Exception:  # noqa: BLE001 - keep serving; search reports the problem
            logger.exception("rebuilding the search index failed")
            self.last_error = "De zoekindex kon niet worden opgebouwd."

    def rebuild(self, procs: int = 1) -> int:
        """Build a complete new index beside the old one, then swap it in. Returns doc count.

        procs > 1 analyses documents in several processes (for the command line only: the
        server rebuilds in a thread, where forking is not safe).
        """
        with self._lock:
            building = self.directory.with_name(self.directory.name + ".building")
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir(parents=True)
            new_index = whoosh_index.create_in(str(building), build_schema())
            with Session(self.engine) as session:
                token = collection_token(session)
                writer = new_index.writer(limitmb=512, procs=procs, multisegment=procs > 1)
                count = 0
                for db_item in session.exec(select(Item)):
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
            self._index = None
            self.generation = next(_generations)
            self._ready.set()
            return count

    def update_items(self, items: Iterable[Item], removed_slugs: Iterable[str] = ()) -> None:
        """Write changed items (and drop removed ones) after a database commit."""
        if not self.ready:
            return  # the running rebuild reads the database, which already has the change
        with self._lock:
            writer = AsyncWriter(self.open())
            for slug in removed_slugs:
                writer.delete_by_term("slug", slug)
            for db_item in items:
                writer.update_document(**item_document(db_item))
            writer.commit()
            with Session(self.engine) as session:
                self._write_marker(self.directory, collection_token(session))
            self._index = None
            self.generation = next(_generations)
