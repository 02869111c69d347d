"""How an item is presented outside the database: the shape shared by pages and API."""

from __future__ import annotations

from typing import Any

from backend.content.types import CONTENT_TYPES, ContentType
from backend.models import Item

LIST_FIELDS = ("themes", "roles", "levels", "legal_refs")


def content_type_of(db_item: Item) -> ContentType:
    return CONTENT_TYPES[db_item.type]


def summary_of(
    type_key: str, slug: str, title: str, summary: str, tags: dict[str, list[str]]
) -> dict[str, Any]:
    """The fields every list shows: type, slug, title, tags and links."""
    content_type = CONTENT_TYPES[type_key]
    shown: dict[str, Any] = {
        "type": content_type.api_type,
        "slug": slug,
        "title": title,
        "summary": summary,
        **{name: list(tags.get(name, [])) for name in LIST_FIELDS},
        "url": content_type.url(slug),
        "api_url": content_type.api_url(slug),
    }
    if content_type.kind:
        shown["kind"] = content_type.kind
    return shown


def item_summary(db_item: Item) -> dict[str, Any]:
    """An item from the database in list shape."""
    return summary_of(db_item.type, db_item.slug, db_item.title, db_item.summary, db_item.front)


def item_detail(db_item: Item) -> dict[str, Any]:
    """Everything public about an item: its summary plus all fields and prose sections."""
    content_type = content_type_of(db_item)
    skip = {"slug", "title", "summary", "kind", *LIST_FIELDS}
    detail = item_summary(db_item)
    detail["fields"] = {
        name: db_item.front[name]
        for name in content_type.field_order
        if name in db_item.front and name not in skip
    }
    detail["sections"] = {
        section.name: db_item.sections[section.name]
        for section in content_type.sections
        if section.name in db_item.sections
    }
    detail["updated_at"] = db_item.updated_at.isoformat()
    return detail
