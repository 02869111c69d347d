"""BM25F over a query plan with numpy: which documents match, and their scores.

The same scores as Whoosh's BM25F for the same query (see tests/search/test_ranking.py):
each leaf's per-document scores are read from the snapshot's cache and added up; phrases
are checked through Whoosh on the documents that hold all their words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from backend.search.plan import Leaf, QueryPlan
from backend.search.postings import Postings, Scores, Snapshot

Mask: TypeAlias = NDArray[np.bool_]  # one flag per document number


def _leaf_scores(snapshot: Snapshot, leaf: Leaf) -> Postings:
    if leaf.is_phrase:
        return snapshot.phrase_scores(leaf)
    ids, scores = snapshot.term_scores(leaf.field, leaf.stems[0])
    return (ids, scores * leaf.boost) if leaf.boost != 1.0 else (ids, scores)


def _union(snapshot: Snapshot, leaves: Iterable[Leaf]) -> tuple[Mask, Scores]:
    """Documents matching any leaf (bool per docnum) and the sum of their leaf scores."""
    hit = np.zeros(snapshot.doc_count, dtype=bool)
    total = np.zeros(snapshot.doc_count, dtype=np.float64)
    for leaf in leaves:
        ids, scores = _leaf_scores(snapshot, leaf)
        hit[ids] = True
        total[ids] += scores  # a leaf lists each document once
    return hit, total


def score_plan(snapshot: Snapshot, plan: QueryPlan) -> tuple[Mask, Scores]:
    """(matches, scores): a bool and a float array over all document numbers."""
    matches: Mask | None
    if plan.matches_everything:
        matches = snapshot.live.copy()
        scores = np.zeros(snapshot.doc_count, dtype=np.float64)
    else:
        matches, scores = None, np.zeros(snapshot.doc_count, dtype=np.float64)
        for group in plan.required:
            hit, total = _union(snapshot, group)
            matches = hit if matches is None else matches & hit
            scores += total
        if plan.optional:
            hit, total = _union(snapshot, plan.optional)
            matches = hit if matches is None else matches
            scores += total
        # Not everything: a required group or an optional leaf has set the matches.
        assert matches is not None
        matches &= snapshot.live
    if plan.excluded:
        excluded, _ = _union(snapshot, plan.excluded)
        matches &= ~excluded
    return matches, scores


def top_order(keys: np.ndarray, docnums: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` highest keys, highest first, ties by document number
    (as Whoosh orders them). argpartition first, so only `count` values are sorted."""
    if count <= 0 or len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    if count < len(keys):
        chosen = np.argpartition(-keys, count - 1)[:count]
        # Keep every entry tied with the last one chosen, so ties resolve by docnum.
        threshold = keys[chosen].min()
        chosen = np.flatnonzero(keys >= threshold)
    else:
        chosen = np.arange(len(keys))
    order = np.lexsort((docnums[chosen], -keys[chosen]))
    return chosen[order][:count]
