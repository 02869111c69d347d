"""Moving validated records into the database and back out to files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.clock import utcnow
from backend.content.files import ContentError, file_path, load_collection, render_file
from backend.content.types import CONTENT_TYPES, ContentType
from backend.content.validate import ItemRecord
from backend.errors import Invalid
from backend.models import Item, ItemTag, log_search_changes


class ImportRefused(Invalid):
    """The collection has errors; nothing was imported."""

    def __init__(self, errors: list[ContentError]):
        super().__init__(f"{len(errors)} fout(en) in de content; er is niets geïmporteerd.")
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def tag_values(content_type: ContentType, front: dict[str, Any]) -> list[tuple[str, str]]:
    """The (facet, value) pairs of an item, as stored in item_tag."""
    pairs = []
    for facet in content_type.facets:
        value = front.get(facet.name)
        values = value if isinstance(value, list) else [value]
        for one in values:
            if one is None:
                continue
            if isinstance(one, bool):
                one = "ja" if one else "nee"
            pairs.append((facet.name, str(one)))
    return pairs


def _is_unchanged(db_item: Item, record: ItemRecord) -> bool:
    return (
        db_item.type == record.content_type.key
        and db_item.front == record.front
        and db_item.sections == record.sections
    )


def _apply(db_item: Item, record: ItemRecord) -> None:
    """Copy a record onto a database item (front matter, prose and the filter columns)."""
    front = dict(record.front)
    db_item.type = record.content_type.key
    db_item.title = front["title"]
    db_item.summary = front["summary"]
    db_item.status = front["status"]
    db_item.visibility = front["visibility"]
    db_item.front = front
    db_item.sections = dict(record.sections)


def _tag_rows(db_item: Item, record: ItemRecord) -> list[dict[str, Any]]:
    return [
        {"item_id": db_item.id, "facet": facet, "value": value}
        for facet, value in tag_values(record.content_type, record.front)
    ]


def _new_item(record: ItemRecord) -> Item:
    """A database item for a record not stored before (its columns set by _apply)."""
    front = record.front
    return Item(
        slug=record.slug,
        type=record.content_type.key,
        title=front["title"],
        summary=front["summary"],
        status=front["status"],
        visibility=front["visibility"],
        front={},
        sections={},
    )


def _upsert(db: Session, records: list[ItemRecord], existing: dict[str, Item]) -> dict[str, int]:
    """Insert or update records by slug, then rewrite the tags of those that changed and
    log them for search (every writer of item rows comes through here)."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    changed: list[tuple[Item, ItemRecord]] = []
    for record in records:
        db_item = existing.get(record.slug)
        if db_item is not None and _is_unchanged(db_item, record):
            counts["unchanged"] += 1
            continue
        if db_item is None:
            db_item = _new_item(record)
            counts["created"] += 1
        else:
            db_item.version += 1
            db_item.updated_at = utcnow()
            counts["updated"] += 1
        _apply(db_item, record)
        db.add(db_item)
        changed.append((db_item, record))
    db.flush()
    changed_ids = [db_item.id for db_item, _ in changed]
    for start in range(0, len(changed_ids), 500):
        db.exec(delete(ItemTag).where(col(ItemTag.item_id).in_(changed_ids[start : start + 500])))
    rows = [row for db_item, record in changed for row in _tag_rows(db_item, record)]
    if rows:
        db.exec(insert(ItemTag), params=rows)
    # In the same transaction: every process's search index learns of exactly what commits.
    log_search_changes(db, [db_item.slug for db_item, _ in changed])
    return counts


def save_record(db: Session, record: ItemRecord) -> str:
    """Insert or update one item by slug, with its tags; return created/updated/unchanged."""
    existing = db.exec(select(Item).where(Item.slug == record.slug)).first()
    counts = _upsert(db, [record], {record.slug: existing} if existing else {})
    return next(outcome for outcome, count in counts.items() if count)


def import_collection(engine: Engine, root: Path) -> ImportResult:
    """Validate every file under root, then upsert all of them in one transaction.

    Raises ImportRefused (and changes nothing) when any file has an error.
    """
    records, errors = load_collection(root)
    if errors:
        raise ImportRefused(errors)
    return import_records(engine, records)


def import_records(engine: Engine, records: list[ItemRecord]) -> ImportResult:
    """Upsert validated records in one transaction."""
    with Session(engine) as db, db.begin():
        slugs = [record.slug for record in records]
        existing = {
            db_item.slug: db_item
            for start in range(0, len(slugs), 500)
            for db_item in db.exec(
                select(Item).where(col(Item.slug).in_(slugs[start : start + 500]))
            )
        }
        counts = _upsert(db, records, existing)
    return ImportResult(**counts)


def record_from_item(db_item: Item) -> ItemRecord:
    """The record (front matter and sections) that a database item was made from."""
    return ItemRecord(CONTENT_TYPES[db_item.type], dict(db_item.front), dict(db_item.sections))


def exported_files(db: Session, *, published_only: bool = True) -> list[tuple[str, str]]:
    """(relative path, file text) per item, as the content folders hold them.

    By default only what the public sees: published and public (internal items stay out).
    """
    query = select(Item).order_by(Item.type, Item.slug)
    if published_only:
        query = query.where(Item.status == "published", Item.visibility == "public")
    files = []
    for db_item in db.exec(query):
        record = record_from_item(db_item)
        files.append((file_path(Path(), record).as_posix(), render_file(record)))
    return files


def export_collection(engine: Engine, target: Path, *, published_only: bool = True) -> list[Path]:
    """Write items back as content files under target; return the paths written."""
    written = []
    with Session(engine) as db:
        for relative, text in exported_files(db, published_only=published_only):
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
