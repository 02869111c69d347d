"""An in-memory facet index over the collection, rebuilt whenever the collection changes.

Lists need, per request, the items matching a combination of filters plus a count for
every filter value. Set operations on a snapshot of (facet, value) -> item ids answer
that in a few milliseconds for 10,000 items, where the equivalent SQL GROUP BY queries
take tens. The snapshot is checked against the database on every use (item count and
newest `updated_at`), so several server processes never serve stale lists for long.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from backend.models import Item, ItemTag

_lock = threading.Lock()
_cache: dict[tuple[str, bool], FacetIndex] = {}


@dataclass
class FacetIndex:
    """A snapshot of which visible items carry which tags."""

    token: tuple[int, str]
    rank: dict[int, int] = field(default_factory=dict)
    by_type: dict[str, set[int]] = field(default_factory=dict)
    postings: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    tags_of: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    id_of_slug: dict[str, int] = field(default_factory=dict)
    # Derived data that other modules compute from this snapshot, dropped with it.
    derived: dict[Hashable, Any] = field(default_factory=dict)

    def of_types(self, type_keys: Iterable[str]) -> set[int]:
        ids: set[int] = set()
        for key in type_keys:
            ids |= self.by_type.get(key, set())
        return ids

    def with_any(self, facet: str, values: Iterable[str]) -> set[int]:
        ids: set[int] = set()
        for value in values:
            ids |= self.postings.get((facet, value), set())
        return ids

    def count(self, facet: str, value: str, within: set[int]) -> int:
        posting = self.postings.get((facet, value))
        return len(posting & within) if posting else 0

    def ordered(self, ids: Iterable[int]) -> list[int]:
        """Ids in list order: by title, then id."""
        return sorted(ids, key=self.rank.__getitem__)

    def shared_tags(self, item_id: int, facets: set[str]) -> Counter[int]:
        """For every other item, how many of this item's tags (in facets) it shares."""
        shared: Counter[int] = Counter()
        for facet, value in self.tags_of.get(item_id, []):
            if facet in facets:
                shared.update(self.postings.get((facet, value), ()))
        shared.pop(item_id, None)
        return shared


def collection_token(db: Session) -> tuple[int, str]:
    """What identifies the current state of the collection: item count and newest change."""
    count, newest = db.exec(select(func.count(), func.max(Item.updated_at)).select_from(Item)).one()
    return (count, str(newest))


def _build(db: Session, token: tuple[int, str], public_only: bool) -> FacetIndex:
    query = select(Item.id, Item.type, Item.title, Item.slug)
    if public_only:
        query = query.where(Item.status == "published", Item.visibility == "public")
    rows = db.exec(query).all()
    index = FacetIndex(token)
    for position, (item_id, type_key, _title, slug) in enumerate(
        sorted(rows, key=lambda row: (row[2].lower(), row[0] or 0))
    ):
        if item_id is None:  # a primary key read back from the table is never empty
            continue
        index.rank[item_id] = position
        index.id_of_slug[slug] = item_id
        index.by_type.setdefault(type_key, set()).add(item_id)
        # The type is a facet too (search filters on it).
        index.postings.setdefault(("type", type_key), set()).add(item_id)
    for item_id, facet, value in db.exec(
        select(ItemTag.item_id, ItemTag.facet, ItemTag.value)
    ).all():
        if item_id in index.rank:
            index.postings.setdefault((facet, value), set()).add(item_id)
            index.tags_of.setdefault(item_id, []).append((facet, value))
    return index


def facet_index(db: Session, public_only: bool = True) -> FacetIndex:
    """The current snapshot for this database, rebuilt if the collection has changed."""
    key = (str(db.get_bind().engine.url), public_only)
    token = collection_token(db)
    index = _cache.get(key)
    if index is not None and index.token == token:
        return index
    with _lock:
        index = _cache.get(key)
        if index is None or index.token != token:
            index = _build(db, token, public_only)
            _cache[key] = index
    return index
