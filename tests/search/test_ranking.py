"""The vectorised scorer ranks exactly as Whoosh did, on the relevance queries.

For each of the relevance cases (test_relevance.py), the numpy BM25F over the query plan
must find the same documents as the query as built before issue 16 (nested unions, scored
by Whoosh), with the same scores, so its top 10 is Whoosh's top 10 (ties in any order).
"""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import index as whoosh_index

from backend.search.parse import parse_user_query
from backend.search.plan import build_plan, nested_query, whoosh_query
from backend.search.postings import Snapshot
from backend.search.scoring import score_plan, top_order
from tests.search.test_relevance import CASES

QUERIES = [case[0] for case in CASES] + ["raad -geheim", '"gesloten deuren" raad', "art 28"]


@pytest.fixture(scope="module")
def snapshot(shipped_index_template):
    searcher = whoosh_index.open_dir(str(shipped_index_template)).searcher()
    shot = Snapshot(searcher, generation=0, cache_bytes=8 * 1024 * 1024)
    yield shot
    shot.close()


def whoosh_ranking(snapshot, query) -> list[tuple[float, int]]:
    """(score, docnum), best first, ties by docnum, as Whoosh's collector returns them."""
    results = snapshot.searcher.search(query, limit=None)
    return [(score, docnum) for score, docnum in results.top_n]


def grouped(ranking: list[tuple[float, int]]) -> list[tuple[float, frozenset[int]]]:
    """Consecutive documents with the same score as one group: ties in any order."""
    groups: list[tuple[float, set[int]]] = []
    for score, docnum in ranking:
        if groups and abs(groups[-1][0] - score) < 1e-9:
            groups[-1][1].add(docnum)
        else:
            groups.append((score, {docnum}))
    return [(round(score, 9), frozenset(docs)) for score, docs in groups]


@pytest.mark.parametrize("text", QUERIES)
def test_numpy_ranking_equals_the_whoosh_ranking(snapshot, text):
    user_query = parse_user_query(text)
    plan = build_plan(user_query)
    old = whoosh_ranking(snapshot, nested_query(user_query))
    matches, scores = score_plan(snapshot, plan)
    docnums = np.flatnonzero(matches)
    assert set(docnums.tolist()) == {docnum for _, docnum in old}, "other documents match"
    order = top_order(scores[docnums], docnums, 10)
    new = [(float(scores[d]), int(d)) for d in docnums[order]]
    assert len(new) == min(10, len(old))
    # The top 10 compared as groups of equal score (the last group may be cut off).
    old_groups, new_groups = grouped(old[:10]), grouped(new)
    assert [score for score, _ in new_groups] == [score for score, _ in old_groups]
    assert new_groups[:-1] == old_groups[:-1]
    full = {d: s for s, d in old}
    assert all(abs(full[d] - s) < 1e-9 for s, d in new)


@pytest.mark.parametrize("text", QUERIES[:12])
def test_the_flat_whoosh_query_scores_like_the_nested_one(snapshot, text):
    user_query = parse_user_query(text)
    flat_query = whoosh_query(build_plan(user_query))
    flat = {d: s for s, d in whoosh_ranking(snapshot, flat_query)}
    nested = {d: s for s, d in whoosh_ranking(snapshot, nested_query(user_query))}
    assert flat.keys() == nested.keys()
    assert all(abs(flat[d] - nested[d]) < 1e-9 for d in flat)
