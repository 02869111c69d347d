"""Browsing the collection: filtered, counted and paginated lists, details and relations.

Only published, public items are returned unless `public_only` is switched off (for
editors, later). Filter values combine with OR within one facet and AND across facets;
the count next to each value is the number of results when that value is added.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from backend.catalog.facets import FacetIndex, facet_index
from backend.content.types import CONTENT_TYPES, ContentType, Facet
from backend.errors import Invalid
from backend.models import Item
from backend.models.ids import stored_id

PAGE_PARAM = "pagina"


class InvalidQuery(Invalid):
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
    content_types: Sequence[ContentType],
    params: Iterable[tuple[str, str]],
    facets: Sequence[Facet] | None = None,
) -> ListQuery:
    """Turn URL parameters into a ListQuery; unknown values raise InvalidQuery.

    The filters are those of the types unless `facets` is given. Parameters that are not
    filters are ignored (e.g. tracking tags); empty values are ignored (an 'all' choice).
    """
    facets = list(facets) if facets is not None else facets_for(content_types)
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
    if not value.isdecimal() or int(value) < 1 or len(value) > 6:
        raise InvalidQuery(
            f"'{value[:20]}' is geen geldig paginanummer. Gebruik een heel getal vanaf 1."
        )
    return int(value)


def _visible(query: SelectOfScalar[Item], public_only: bool) -> SelectOfScalar[Item]:
    if public_only:
        return query.where(Item.status == "published", Item.visibility == "public")
    return query


def matching_ids(
    index: FacetIndex,
    list_query: ListQuery,
    skip_facet: str | None = None,
    within: set[int] | None = None,
) -> set[int]:
    """Ids of the items of the query's types that pass every filter (but skip_facet's).

    `within` narrows the result to a given set, e.g. the items matching a text search.
    """
    ids = index.of_types(t.key for t in list_query.content_types)
    if within is not None:
        ids &= within
    for facet_name, values in list_query.selected.items():
        if facet_name != skip_facet and values:
            ids &= index.with_any(facet_name, values)
    return ids


def page_count(page: int, total: int, page_size: int) -> int:
    """How many pages `total` results fill; InvalidQuery when `page` is past the last."""
    pages = max(1, math.ceil(total / page_size))
    if page > pages:
        noun = "pagina" if pages == 1 else "pagina's"
        raise InvalidQuery(f"Pagina {page} bestaat niet; deze lijst heeft {pages} {noun}.")
    return pages


def items_by_id(db: Session, ids: list[int]) -> list[Item]:
    """The items with these ids, in the order given."""
    if not ids:
        return []
    found = {db_item.id: db_item for db_item in db.exec(select(Item).where(col(Item.id).in_(ids)))}
    return [found[item_id] for item_id in ids if item_id in found]


def list_items(
    db: Session, list_query: ListQuery, page_size: int, public_only: bool = True
) -> ItemPage:
    """One page of items matching the query, with counts per filter value."""
    index = facet_index(db, public_only)
    ids = matching_ids(index, list_query)
    pages = page_count(list_query.page, len(ids), page_size)
    start = (list_query.page - 1) * page_size
    page_ids = index.ordered(ids)[start : start + page_size]
    return ItemPage(
        items_by_id(db, page_ids),
        len(ids),
        list_query.page,
        pages,
        page_size,
        facet_counts(index, list_query, ids),
    )


def facet_counts(
    index: FacetIndex, list_query: ListQuery, ids: set[int], within: set[int] | None = None
) -> list[FacetResult]:
    """Counts per value. A facet with a selection is counted without its own filter (OR).

    ids are the current results; `within` is the set they were narrowed to (see matching_ids).
    """
    results = []
    for facet in list_query.facets:
        chosen = list_query.selected.get(facet.name, [])
        if chosen:
            counted = matching_ids(index, list_query, skip_facet=facet.name, within=within)
        else:
            counted = ids
        counts = [
            FacetCount(
                term.slug,
                term.label,
                index.count(facet.name, term.slug, counted),
                term.slug in chosen,
            )
            for term in facet.vocabulary.terms
        ]
        results.append(FacetResult(facet, [c for c in counts if c.count or c.selected]))
    return results


def get_item(
    db: Session, content_types: Sequence[ContentType], slug: str, public_only: bool = True
) -> Item | None:
    """The item with this slug among these types, or None (also for hidden items)."""
    type_keys = [content_type.key for content_type in content_types]
    query = select(Item).where(Item.slug == slug, col(Item.type).in_(type_keys))
    return db.exec(_visible(query, public_only)).first()


def related_items(db: Session, db_item: Item, limit: int = 6) -> list[Item]:
    """Public items sharing the most themes and legal articles with this one."""
    index = facet_index(db)
    shared = index.shared_tags(stored_id(db_item), {"themes", "legal_refs"})
    best = sorted(shared, key=lambda item_id: (-shared[item_id], index.rank[item_id]))[:limit]
    return items_by_id(db, best)


def items_with_tag(db: Session, facet: str, value: str) -> dict[str, list[Item]]:
    """Public items carrying this tag, grouped by content type key (in registry order)."""
    index = facet_index(db)
    items = items_by_id(db, index.ordered(index.with_any(facet, [value])))
    grouped: dict[str, list[Item]] = {key: [] for key in CONTENT_TYPES}
    for db_item in items:
        grouped[db_item.type].append(db_item)
    return {key: group for key, group in grouped.items() if group}


def tag_counts(db: Session, facet: str) -> dict[str, int]:
    """How many public items carry each value of a facet."""
    index = facet_index(db)
    return {value: len(ids) for (name, value), ids in index.postings.items() if name == facet}


def type_counts(db: Session) -> dict[str, int]:
    """How many public items each content type has."""
    return {key: len(ids) for key, ids in facet_index(db).by_type.items()}
