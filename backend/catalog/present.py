"""How an item is presented outside the database: the shape shared by pages and API."""

from __future__ import annotations

from typing import Any

from backend.content.types import CONTENT_TYPES, ContentType
from backend.models import Item

LIST_FIELDS = ("themes", "roles", "levels", "legal_refs")


def content_type_of(db_item: Item) -> ContentType:
    return CONTENT_TYPES[db_item.type]


def item_summary(db_item: Item) -> dict[str, Any]:
    """The fields every list shows: type, slug, title, tags and links."""
    content_type = content_type_of(db_item)
    summary: dict[str, Any] = {
        "type": content_type.api_type,
        "slug": db_item.slug,
        "title": db_item.title,
        "summary": db_item.summary,
        **{name: list(db_item.front.get(name, [])) for name in LIST_FIELDS},
        "url": content_type.url(db_item.slug),
        "api_url": content_type.api_url(db_item.slug),
    }
    if content_type.kind:
        summary["kind"] = content_type.kind
    return summary


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
