"""The catalog's facet index as a sparse matrix, for filters and counts in numpy.

One row per (facet, value), one column per visible item, stored as its nonzero entries
(row and column arrays): filtering is a row union per facet and an intersection across
facets, and every count for a result set is one sparse matrix-vector product (a
`bincount` of the rows of the entries whose column is in the set). The same answers as
`backend.catalog.queries.matching_ids` and `facet_counts` (tests/search/test_facet_matrix.py
compares them on every facet).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from backend.catalog.facets import FacetIndex
from backend.catalog.queries import FacetCount, FacetResult, ListQuery
from backend.search.postings import Snapshot


@dataclass
class FacetMatrix:
    item_ids: NDArray[np.int64]  # column -> item id
    column_of: dict[int, int]  # item id -> column
    row_of: dict[tuple[str, str], int]
    entry_rows: NDArray[np.int64]  # the nonzero entries of the matrix: (row, column) pairs
    entry_columns: NDArray[np.int64]

    @property
    def size(self) -> int:
        return len(self.item_ids)

    def rows(self, facet: str, values: Iterable[str]) -> NDArray[np.bool_]:
        """The union of the rows of these values (bool per column)."""
        found = [self.row_of[(facet, v)] for v in values if (facet, v) in self.row_of]
        mask = np.zeros(self.size, dtype=bool)
        if found:
            mask[self.entry_columns[np.isin(self.entry_rows, found)]] = True
        return mask

    def product(self, columns: NDArray[np.bool_]) -> NDArray[np.intp]:
        """The matrix times a 0/1 column vector: per row, how many chosen columns it has."""
        chosen = self.entry_rows[columns[self.entry_columns]]
        return np.bincount(chosen, minlength=len(self.row_of))

    def filter_mask(
        self, list_query: ListQuery, skip_facet: str | None = None
    ) -> NDArray[np.bool_]:
        """Columns of the query's types passing every filter but skip_facet's."""
        mask = self.rows("type", [t.key for t in list_query.content_types])
        for facet_name, values in list_query.selected.items():
            if facet_name != skip_facet and values:
                mask &= self.rows(facet_name, values)
        return mask

    def counts(
        self, list_query: ListQuery, shown: NDArray[np.bool_], within: NDArray[np.bool_]
    ) -> list[FacetResult]:
        """Counts per filter value, as `facet_counts`: a facet with a selection is counted
        without its own filter. shown: the results; within: the text matches."""
        everything = self.product(shown)
        results = []
        for facet in list_query.facets:
            chosen = list_query.selected.get(facet.name, [])
            if chosen:
                counted = within & self.filter_mask(list_query, skip_facet=facet.name)
                per_row = self.product(counted)
            else:
                per_row = everything
            counts = []
            for term in facet.vocabulary.terms:
                row = self.row_of.get((facet.name, term.slug))
                count = int(per_row[row]) if row is not None else 0
                if count or term.slug in chosen:
                    counts.append(FacetCount(term.slug, term.label, count, term.slug in chosen))
            results.append(FacetResult(facet, counts))
        return results


def facet_matrix(facets: FacetIndex) -> FacetMatrix:
    """The matrix of a facet index snapshot (built once, kept with the snapshot)."""
    cached: FacetMatrix | None = facets.derived.get("search.facet_matrix")
    if cached is not None:
        return cached
    item_ids = np.array(sorted(facets.rank, key=facets.rank.__getitem__), dtype=np.int64)
    column_of = {int(item_id): column for column, item_id in enumerate(item_ids)}
    keys = sorted(facets.postings)
    rows, columns = [], []
    for row, key in enumerate(keys):
        found = [column_of[i] for i in facets.postings[key] if i in column_of]
        rows.extend([row] * len(found))
        columns.extend(found)
    built = FacetMatrix(
        item_ids,
        column_of,
        {key: row for row, key in enumerate(keys)},
        np.asarray(rows, dtype=np.int64),
        np.asarray(columns, dtype=np.int64),
    )
    facets.derived["search.facet_matrix"] = built
    return built


def column_of_doc(snapshot: Snapshot, facets: FacetIndex, matrix: FacetMatrix) -> NDArray[np.int64]:
    """For each document number, the column of its (live, visible) item, or -1."""
    key = ("search.columns", facets.token, id(matrix))
    cached: NDArray[np.int64] | None = snapshot.derived.get(key)
    if cached is not None:
        return cached
    columns = np.full(snapshot.doc_count, -1, dtype=np.int64)
    for docnum, slug in enumerate(snapshot.slugs):
        item_id = facets.id_of_slug.get(slug)
        if item_id is not None and snapshot.live[docnum]:
            columns[docnum] = matrix.column_of[item_id]
    for old in [k for k in snapshot.derived if k[0] == "search.columns"]:
        del snapshot.derived[old]  # only the current facet snapshot's columns are kept
    snapshot.derived[key] = columns
    return columns
