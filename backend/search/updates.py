"""Incremental index writes: changed items, and the logged changes an index lacks.

`write_changes` writes documents and moves the index's position in the change log (its
marker, see `folder`) forward in one step. Writing an item twice is harmless
(`update_document` by slug), so a change written after its commit and again from the log is
still held exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlmodel import Session

from backend.catalog.facets import collection_token
from backend.models import Item
from backend.search import changelog
from backend.search.documents import item_document
from backend.search.folder import applied_change, write_marker


def write_changes(
    whoosh_index: Any,
    directory: Path,
    db: Session,
    items: Iterable[Item] = (),
    removed_slugs: Iterable[str] = (),
) -> int | None:
    """Write these items, and every logged change the index lacks, in one commit; returns
    how many logged items were written. None (and nothing written) when the index's position
    in the log is unknown or pruned: then only a rebuild can catch up. The caller holds the
    build lock and keeps other threads of its process out."""
    applied = applied_change(directory)
    pending = None if applied is None else changelog.pending_changes(db, applied)
    if pending is None:
        return None
    current = changelog.items_by_slug(db, pending.slugs)
    logged = set(pending.slugs)
    writer = whoosh_index.writer()
    try:
        for slug in removed_slugs:
            writer.delete_by_term("slug", slug)
        for db_item in items:
            if db_item.slug not in logged:  # written twice in one commit: two documents
                writer.update_document(**item_document(db_item))
        for slug in pending.slugs:
            if slug in current:
                writer.update_document(**item_document(current[slug]))
            else:
                writer.delete_by_term("slug", slug)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    write_marker(directory, collection_token(db), pending.upto)
    return len(pending.slugs)
