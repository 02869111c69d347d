"""An index folder on disk: its marker file, and whether it can be searched.

The marker (`MARKER`) records the schema version, the collection token and the id of the
last logged change (`changelog`) the index holds.
"""

from __future__ import annotations

import json
import logging
from enum import StrEnum
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.query import Every

from backend.search.documents import SCHEMA_VERSION

logger = logging.getLogger("backend.search.index")

MARKER = "dilemmatafel.json"


class IndexProblem(StrEnum):
    """Why the index is not current (for the log; users see a Dutch notice meanwhile)."""

    MISSING = "missing"
    DAMAGED = "damaged"
    OLD_SCHEMA = "old-schema"
    BEHIND = "behind"  # built from an older state of the collection, outside the log
    CHANGES = "changes"  # the log holds newer changes: applied without a rebuild
    LOG_PRUNED = "log-pruned"  # further behind than the change log reaches
    UPDATE_FAILED = "update-failed"  # an incremental update could not be written


def read_marker(directory: Path) -> dict[str, Any]:
    """The marker of an index folder ({} when missing or unreadable)."""
    try:
        marker: dict[str, Any] = json.loads((directory / MARKER).read_text(encoding="utf-8"))
        return marker
    except (OSError, ValueError):
        return {}


def write_marker(directory: Path, token: tuple[int, str], change_id: int) -> None:
    marker = {"schema_version": SCHEMA_VERSION, "token": list(token), "change_id": change_id}
    (directory / MARKER).write_text(json.dumps(marker), encoding="utf-8")


def applied_change(directory: Path) -> int | None:
    """The id of the last logged change the index in the folder holds (None: unknown)."""
    change_id = read_marker(directory).get("change_id")
    return change_id if isinstance(change_id, int) and not isinstance(change_id, bool) else None


def damage(directory: Path) -> IndexProblem | None:
    """Why the index in the folder cannot be searched (missing, old schema, damaged), or None.
    Reads every part of it once."""
    try:
        if not whoosh_index.exists_in(str(directory)):
            return IndexProblem.MISSING
    except Exception as error:
        logger.info("search index unreadable: %s", type(error).__name__)
        return IndexProblem.DAMAGED
    if read_marker(directory).get("schema_version") != SCHEMA_VERSION:
        return IndexProblem.OLD_SCHEMA
    try:
        with whoosh_index.open_dir(str(directory)).searcher() as searcher:
            reader = searcher.reader()
            for _ in reader.all_stored_fields():
                pass
            for _ in reader.all_terms():
                pass
            searcher.search(Every(), limit=1)
    except Exception as error:
        logger.info("search index unreadable: %s", type(error).__name__)
        return IndexProblem.DAMAGED
    return None
