"""Counts and filters from the facet matrix equal the catalog's set-based ones.

Every value of every search facet, on the shipped corpus and on a synthetic one: alone,
combined with a second facet, and within a subset of the collection (as a text search
narrows it).
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from sqlmodel import Session

from backend.catalog.facets import facet_index
from backend.catalog.queries import facet_counts, matching_ids, parse_list_query
from backend.content.store import import_records
from backend.content.types import CONTENT_TYPES
from backend.db import make_engine, migrate
from backend.search.facet_matrix import facet_matrix
from backend.search.query import SEARCH_FACETS
from bench.synthetic import synthetic_records
from tests.databases import url_of


@pytest.fixture(scope="module")
def synthetic_engine(tmp_path_factory, new_database):
    with new_database(tmp_path_factory.mktemp("synthetic")) as database:
        engine = make_engine(url_of(database))
        migrate(engine)
        import_records(engine, synthetic_records(400, seed=16))
        yield engine
        engine.dispose()


def list_queries(rng: random.Random):
    """No filter, each value alone, and each value with a random value of another facet."""
    yield []
    for facet in SEARCH_FACETS:
        others = [f for f in SEARCH_FACETS if f.name != facet.name]
        for term in facet.vocabulary.terms:
            yield [(facet.param, term.slug)]
            other = rng.choice(others)
            yield [(facet.param, term.slug), (other.param, rng.choice(other.vocabulary.slugs))]
    yield [(f.param, v) for f in SEARCH_FACETS[:2] for v in f.vocabulary.slugs[:2]]


def compare(db: Session) -> int:
    facets = facet_index(db)
    matrix = facet_matrix(facets)
    rng = random.Random(16)
    all_ids = sorted(facets.rank)
    compared = 0
    for params in list_queries(rng):
        list_query = parse_list_query(list(CONTENT_TYPES.values()), params, SEARCH_FACETS)
        for within_ids in (set(all_ids), set(rng.sample(all_ids, len(all_ids) // 3))):
            within = np.zeros(matrix.size, dtype=bool)
            within[[matrix.column_of[i] for i in within_ids]] = True
            ids = matching_ids(facets, list_query, within=within_ids)
            shown = within & matrix.filter_mask(list_query)
            assert {int(i) for i in matrix.item_ids[shown]} == ids, params
            expected = facet_counts(facets, list_query, ids, within=within_ids)
            assert matrix.counts(list_query, shown, within) == expected, params
            compared += 1
    return compared


def test_matrix_counts_equal_the_set_counts_on_the_shipped_corpus(shipped_db_template):
    engine = make_engine(url_of(shipped_db_template))
    with Session(engine) as db:
        assert compare(db) > 100
    engine.dispose()


def test_matrix_counts_equal_the_set_counts_on_a_synthetic_corpus(synthetic_engine):
    with Session(synthetic_engine) as db:
        assert compare(db) > 100
