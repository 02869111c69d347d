"""The editors' overview of the collection: every item with its editing state, searchable,
filtered by type and state, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from backend.content.types import CONTENT_TYPES
from backend.models import Item, ItemDraft
from backend.models.ids import stored_id

PAGE_SIZE = 25
# The states an editor filters on: 'review' is a working copy offered for review; the
# others are the state of the published item.
STATUS_FILTERS = ("review", "draft", "published", "archived")
MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class OverviewQuery:
    """What the editor asked for; unknown values are dropped, so an old link still works."""

    text: str = ""
    type_key: str = ""
    status: str = ""
    page: int = 1

    @classmethod
    def parse(cls, text: str, type_key: str, status: str, page: str) -> OverviewQuery:
        """The query from raw request parameters, ignoring values it does not know."""
        return cls(
            text=" ".join(text.split())[:MAX_QUERY_CHARS],
            type_key=type_key if type_key in CONTENT_TYPES else "",
            status=status if status in STATUS_FILTERS else "",
            page=int(page) if page.isascii() and page.isdecimal() and len(page) < 6 else 1,
        )

    def params(self, page: int | None = None) -> list[tuple[str, str | int]]:
        """The query as URL parameters (for paging links), without empty values."""
        pairs = [("q", self.text), ("soort", self.type_key), ("status", self.status)]
        shown: list[tuple[str, str | int]] = [(k, v) for k, v in pairs if v]
        if page and page > 1:
            shown.append(("pagina", page))
        return shown

    @property
    def filtered(self) -> bool:
        return bool(self.text or self.type_key or self.status)


@dataclass(frozen=True)
class OverviewRow:
    """One item with its working copy (if any) and the title an editor knows it by."""

    item: Item
    draft: ItemDraft | None

    @property
    def title(self) -> str:
        return (self.draft.front.get("title") if self.draft else None) or self.item.title


@dataclass(frozen=True)
class Overview:
    """One page of matching items, most recently changed first."""

    rows: list[OverviewRow]
    total: int
    page: int
    pages: int
    query: OverviewQuery


def _matches(row: OverviewRow, query: OverviewQuery) -> bool:
    if query.type_key and row.item.type != query.type_key:
        return False
    if query.status == "review" and not (row.draft and row.draft.state == "review"):
        return False
    if query.status in ("draft", "published", "archived") and row.item.status != query.status:
        return False
    if query.text:
        haystack = " ".join([row.title, row.item.title, row.item.slug, row.item.summary or ""])
        return all(word in haystack.casefold() for word in query.text.casefold().split())
    return True


def editorial_overview(db: Session, query: OverviewQuery) -> Overview:
    """The items matching `query`, newest change first; a page past the end gives the last."""
    drafts = {draft.item_id: draft for draft in db.exec(select(ItemDraft))}
    items = db.exec(select(Item).order_by(col(Item.updated_at).desc(), col(Item.id).desc()))
    rows = [
        row
        for item in items
        if _matches(row := OverviewRow(item, drafts.get(stored_id(item))), query)
    ]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(query.page, 1), pages)
    start = (page - 1) * PAGE_SIZE
    return Overview(rows[start : start + PAGE_SIZE], len(rows), page, pages, query)
