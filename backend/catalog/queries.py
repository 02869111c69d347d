"""Browsing the collection: filtered, counted and paginated lists, details and relations.

Only published, public items are returned unless `public_only` is switched off (for
editors, later). Filter values combine with OR within one facet and AND across facets;
the count next to each value is the number of results when that value is added.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy.sql import Select
from sqlmodel import Session, select

from backend.content.types import CONTENT_TYPES, ContentType, Facet
from backend.models import Item, ItemTag

PAGE_PARAM = "pagina"


class InvalidQuery(ValueError):
    """A filter or page parameter that cannot be used; the message is Dutch."""


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetResult:
    facet: Facet
    counts: list[FacetCount]

    @property
    def has_selection(self) -> bool:
        return any(count.selected for count in self.counts)


@dataclass
class ListQuery:
    """A validated list request: which types, which filter values, which page."""

    content_types: list[ContentType]
    facets: list[Facet]
    selected: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1

    def params(self, page: int | None = None) -> list[tuple[str, str]]:
        """The URL parameters that reproduce this query (for links and the pushed URL)."""
        pairs = [
            (facet.param, value)
            for facet in self.facets
            for value in self.selected.get(facet.name, [])
        ]
        if page and page > 1:
            pairs.append((PAGE_PARAM, str(page)))
        return pairs


@dataclass
class ItemPage:
    items: list[Item]
    total: int
    page: int
    pages: int
    page_size: int
    facets: list[FacetResult]

    def page_numbers(self, around: int = 2) -> list[int | None]:
        """Page numbers to link to: first, last and those near the current page; None is a gap."""
        wanted = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        numbers = sorted(n for n in wanted if 1 <= n <= self.pages)
        shown: list[int | None] = []
        for number in numbers:
            if shown and number - shown[-1] > 1:
                shown.append(None)
            shown.append(number)
        return shown


def facets_for(content_types: Sequence[ContentType]) -> list[Facet]:
    """The union of the filters of the given types, in a stable order."""
    facets: list[Facet] = []
    for content_type in content_types:
        facets.extend(f for f in content_type.facets if f.name not in {x.name for x in facets})
    return facets


def parse_list_query(
    content_types: Sequence[ContentType], params: Iterable[tuple[str, str]]
) -> ListQuery:
    """Turn URL parameters into a ListQuery; unknown values raise InvalidQuery.

    Parameters that are not filters of these types are ignored (e.g. tracking tags);
    empty values are ignored (an 'all' choice in a form).
    """
    facets = facets_for(content_types)
    by_param = {facet.param: facet for facet in facets}
    query = ListQuery(list(content_types), facets)
    for key, raw in params:
        value = raw.strip()
        if key == PAGE_PARAM:
            query.page = _parse_page(value)
            continue
        facet = by_param.get(key)
        if facet is None or not value:
            continue
        if value not in facet.vocabulary:
            allowed = ", ".join(facet.vocabulary.slugs)
            raise InvalidQuery(
                f"Het filter '{facet.vocabulary.label.lower()}' kent de waarde '{value[:80]}'"
                f" niet. Kies uit: {allowed}."
            )
        chosen = query.selected.setdefault(facet.name, [])
        if value not in chosen:
            chosen.append(value)
    return query


def _parse_page(value: str) -> int:
    if not value.isdigit() or int(value) < 1 or len(value) > 6:
        raise InvalidQuery(
            f"'{value[:20]}' is geen geldig paginanummer. Gebruik een heel getal vanaf 1."
        )
    return int(value)


def _visible(query: Select, public_only: bool) -> Select:
    if public_only:
        return query.where(Item.status == "published", Item.visibility == "public")
    return query


def _filtered_ids(list_query: ListQuery, public_only: bool, skip_facet: str | None = None):
    type_keys = [t.key for t in list_query.content_types]
    query = _visible(select(Item.id).where(Item.type.in_(type_keys)), public_only)
    for facet_name, values in list_query.selected.items():
        if facet_name == skip_facet or not values:
            continue
        tagged = select(ItemTag.item_id).where(
            ItemTag.facet == facet_name, ItemTag.value.in_(values)
        )
        query = query.where(Item.id.in_(tagged))
    return query


def list_items(
    session: Session, list_query: ListQuery, page_size: int, public_only: bool = True
) -> ItemPage:
    """One page of items matching the query, with counts per filter value."""
    ids = _filtered_ids(list_query, public_only)
    total = session.exec(select(func.count()).select_from(ids.subquery())).one()
    pages = max(1, math.ceil(total / page_size))
    if list_query.page > pages:
        noun = "pagina" if pages == 1 else "pagina's"
        raise InvalidQuery(
            f"Pagina {list_query.page} bestaat niet; deze lijst heeft {pages} {noun}."
        )
    items = session.exec(
        select(Item)
        .where(Item.id.in_(ids))
        .order_by(func.lower(Item.title), Item.id)
        .offset((list_query.page - 1) * page_size)
        .limit(page_size)
    ).all()
    facets = [_facet_counts(session, list_query, facet, public_only) for facet in list_query.facets]
    return ItemPage(list(items), total, list_query.page, pages, page_size, facets)


def _facet_counts(
    session: Session, list_query: ListQuery, facet: Facet, public_only: bool
) -> FacetResult:
    ids = _filtered_ids(list_query, public_only, skip_facet=facet.name)
    rows = session.exec(
        select(ItemTag.value, func.count(ItemTag.item_id))
        .where(ItemTag.facet == facet.name, ItemTag.item_id.in_(ids))
        .group_by(ItemTag.value)
    ).all()
    counts = dict(rows)
    selected = list_query.selected.get(facet.name, [])
    return FacetResult(
        facet,
        [
            FacetCount(term.slug, term.label, counts.get(term.slug, 0), term.slug in selected)
            for term in facet.vocabulary.terms
            if counts.get(term.slug) or term.slug in selected
        ],
    )


def get_item(
    session: Session, content_types: Sequence[ContentType], slug: str, public_only: bool = True
) -> Item | None:
    """The item with this slug among these types, or None (also for hidden items)."""
    query = select(Item).where(Item.slug == slug, Item.type.in_([t.key for t in content_types]))
    return session.exec(_visible(query, public_only)).first()


def related_items(session: Session, db_item: Item, limit: int = 6) -> list[Item]:
    """Public items sharing the most themes and legal articles with this one."""
    own = session.exec(
        select(ItemTag.facet, ItemTag.value).where(
            ItemTag.item_id == db_item.id, ItemTag.facet.in_(["themes", "legal_refs"])
        )
    ).all()
    if not own:
        return []
    matches = [(ItemTag.facet == facet) & (ItemTag.value == value) for facet, value in own]
    condition = matches[0]
    for match in matches[1:]:
        condition = condition | match
    shared = func.count(ItemTag.id).label("shared")
    query = _visible(
        select(Item, shared)
        .join(ItemTag, ItemTag.item_id == Item.id)
        .where(condition, Item.id != db_item.id)
        .group_by(Item.id)
        .order_by(shared.desc(), func.lower(Item.title))
        .limit(limit),
        public_only=True,
    )
    return [row[0] for row in session.exec(query).all()]


def items_with_tag(session: Session, facet: str, value: str) -> dict[str, list[Item]]:
    """Public items carrying this tag, grouped by content type key (in registry order)."""
    items = session.exec(
        _visible(
            select(Item)
            .join(ItemTag, ItemTag.item_id == Item.id)
            .where(ItemTag.facet == facet, ItemTag.value == value)
            .order_by(func.lower(Item.title)),
            public_only=True,
        )
    ).all()
    grouped: dict[str, list[Item]] = {key: [] for key in CONTENT_TYPES}
    for db_item in items:
        grouped[db_item.type].append(db_item)
    return {key: group for key, group in grouped.items() if group}


def tag_counts(session: Session, facet: str) -> dict[str, int]:
    """How many public items carry each value of a facet."""
    rows = session.exec(
        _visible(
            select(ItemTag.value, func.count(ItemTag.item_id))
            .join(Item, Item.id == ItemTag.item_id)
            .where(ItemTag.facet == facet)
            .group_by(ItemTag.value),
            public_only=True,
        )
    ).all()
    return dict(rows)


def type_counts(session: Session) -> dict[str, int]:
    """How many public items each content type has."""
    rows = session.exec(
        _visible(select(Item.type, func.count(Item.id)).group_by(Item.type), public_only=True)
    ).all()
    return dict(rows)
