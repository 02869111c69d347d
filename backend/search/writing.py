"""Writing an index folder: a complete build swapped in, and incremental changes.

`build_folder` builds every item into a new folder beside the index and swaps it in whole.
`write_changes` writes changed items, with the logged changes the index lacks, and moves the
index's position in the change log (its marker, see `folder`) forward in one step. Writing an
item twice is harmless (`update_document` by slug), so a change written after its commit and
again from the log is still held exactly once. Callers hold the folder's build lock.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from whoosh import index as whoosh_index

from backend.catalog.facets import collection_token
from backend.models import Item
from backend.search import changelog
from backend.search.documents import build_schema, item_document
from backend.search.folder import applied_change, write_marker


def write_changes(
    index: Any,
    directory: Path,
    db: Session,
    items: Iterable[Item] = (),
    removed_slugs: Iterable[str] = (),
) -> int | None:
    """Write these items, and every logged change the (opened Whoosh) index lacks, in one
    commit; returns how many logged items were written. None (and nothing written) when the
    index's position in the log is unknown or pruned: then only a rebuild can catch up. The
    caller holds the build lock and keeps other threads of its process out."""
    applied = applied_change(directory)
    pending = None if applied is None else changelog.pending_changes(db, applied)
    if pending is None:
        return None
    current = changelog.items_by_slug(db, pending.slugs)
    logged = set(pending.slugs)
    writer = index.writer()
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


def build_folder(
    directory: Path,
    engine: Engine,
    procs: int = 1,
    document: Callable[[Item], dict[str, Any]] = item_document,
) -> int:
    """Build every item into `<directory>.building`, then swap it in; returns the count."""
    building = directory.with_name(directory.name + ".building")
    # Whatever an interrupted build left is thrown away; the live index is untouched.
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    new_index = whoosh_index.create_in(str(building), build_schema())
    with Session(engine) as db:
        # Read before the items: a change committed meanwhile is applied again later.
        change_id = changelog.latest_change_id(db)
        token = collection_token(db)
        writer = new_index.writer(limitmb=512, procs=procs, multisegment=procs > 1)
        count = 0
        for db_item in db.exec(select(Item)):
            writer.add_document(**document(db_item))
            count += 1
        writer.commit(optimize=True)
    write_marker(building, token, change_id)
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        directory.rename(old)
    building.rename(directory)
    shutil.rmtree(old, ignore_errors=True)
    return count
