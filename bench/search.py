"""Benchmark: our search against SQLite FTS5 on the same synthetic items, at several sizes.

The synthetic text and the queries draw words from the shipped collection by frequency,
so the vocabulary and its long tail are realistic.

Run: .venv/bin/python bench/search.py [--items 128,1000,10000] [--queries 200]
Per size, all engines answer the same queries of 1-4 words:
- ours: numpy BM25F over the open Whoosh index (issue 16), everything a search page needs
  (synonyms, filters and facet counts, snippets for 20 hits, the spelling check); "first
  run" is each query the first time after opening the index and its warm-up (the sorted
  words of the text fields, the postings of the 1,000 most frequent terms per field and
  the synonym phrases, and up to 2,000 items every document's stored fields, which the
  server loads in the background after a start or rebuild; the time it takes is printed);
  the main figure is the same queries again (their terms' postings and their hits' stored
  fields cached, as in a server that has been answering);
- whoosh (old): the path before issue 16: a new searcher per request, nested unions scored
  by Whoosh, set-based facet counts, snippets folding each hit's whole body;
- sqlite fts5: bm25 ranking, a snippet and a total count.
Then each fixed cost separately (old way vs new way). Last line (the largest size):
search p50_ms=<x> p95_ms=<y> fts5_p95_ms=<z> ratio_p95=<y/z> reindex_s=<r>
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.catalog.facets import facet_index
from backend.catalog.queries import facet_counts, matching_ids, parse_list_query
from backend.content.store import import_records
from backend.content.types import CONTENT_TYPES
from backend.db import make_engine, migrate
from backend.models import Item
from backend.search.facet_matrix import facet_matrix
from backend.search.index import SearchIndex, item_document, warm_up
from backend.search.parse import parse_user_query
from backend.search.plan import build_plan, highlight_stems, nested_query, whoosh_query
from backend.search.query import SEARCH_FACETS, search_collection, suggest
from backend.search.snippets import _fold_same_length, make_snippet
from bench.browse import percentile
from bench.synthetic import query_words, synthetic_records

FILTER = ("bestuurslaag", "gemeente")


def build_fts5(path: Path, engine) -> sqlite3.Connection:
    """An FTS5 table with the same text per item as our index."""
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, summary, body,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    with Session(engine) as db:
        rows = [
            (doc["slug"], doc["title"], doc["summary"], doc["body"])
            for doc in (item_document(db_item) for db_item in db.exec(select(Item)))
        ]
    connection.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", rows)
    connection.commit()
    return connection


def fts5_search(connection: sqlite3.Connection, words: list[str]) -> None:
    match = " OR ".join(f'"{word}"' for word in words)
    connection.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
    connection.execute(
        "SELECT slug, title, snippet(docs, 3, '<mark>', '</mark>', ' … ', 24)"
        " FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.5, 1.0) LIMIT 20",
        (match,),
    ).fetchall()


def timed(function, queries) -> list[float]:
    samples = []
    for query in queries:
        start = time.perf_counter()
        function(query)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def old_whoosh_search(db: Session, index: SearchIndex, words: list[str], params=()) -> None:
    """The search as it was before issue 16, for comparison (page 1 of 20)."""
    user_query = parse_user_query(" ".join(words))
    facets = facet_index(db)
    list_query = parse_list_query(list(CONTENT_TYPES.values()), params, SEARCH_FACETS)
    with index.open().searcher() as searcher:
        slug_of = list(searcher.reader().column_reader("slug"))
        results = searcher.search(nested_query(user_query), limit=None)
        ranked = [
            (docnum, facets.id_of_slug[slug_of[docnum]])
            for _, docnum in results.top_n
            if slug_of[docnum] in facets.id_of_slug
        ]
        text_ids = {item_id for _, item_id in ranked}
        ids = matching_ids(facets, list_query, within=text_ids)
        stems = highlight_stems(user_query)
        for docnum, _ in [pair for pair in ranked if pair[1] in ids][:20]:
            body = searcher.stored_fields(docnum)["body"]
            _fold_same_length(body)  # the old snippet folded every hit's whole body
            make_snippet(body, stems)
        if len(ids) < 3:
            suggest(searcher, user_query)
    facet_counts(facets, list_query, ids, within=text_ids)


def fixed_costs(db: Session, index: SearchIndex, queries: list[list[str]]) -> list[tuple]:
    """Each fixed cost of a search measured alone: (what, old way samples, new way samples)."""
    rows = []
    whoosh_ix = index.open()

    def open_searcher(_):
        whoosh_ix.searcher().close()

    with index.reading() as snapshot:
        rows.append(("searcher per request", timed(open_searcher, queries), [0.0]))
        plans = [(parse_user_query(" ".join(w)),) for w in queries]
        searcher = snapshot.searcher
        rows.append(
            (
                "synonyms: nested UnionOr vs flat Or (Whoosh)",
                timed(lambda p: searcher.search(nested_query(p[0]), limit=None), plans),
                timed(lambda p: searcher.search(whoosh_query(build_plan(p[0])), limit=None), plans),
            )
        )
        bodies = [
            [searcher.stored_fields(d)["body"] for d in range(i * 20, i * 20 + 20)]
            for i in range(min(len(queries), snapshot.doc_count // 20))
        ]
        stems = [highlight_stems(p[0]) for p in plans]

        def snippets(i, old):
            for body in bodies[i]:
                if old:
                    _fold_same_length(body)
                make_snippet(body, stems[i])

        indices = list(range(len(bodies)))
        rows.append(
            (
                "snippets for 20 hits: whole body vs window",
                timed(lambda i: snippets(i, True), indices),
                timed(lambda i: snippets(i, False), indices),
            )
        )
    facets = facet_index(db)
    matrix = facet_matrix(facets)
    list_query = parse_list_query(list(CONTENT_TYPES.values()), [], SEARCH_FACETS)
    rng = random.Random(5)
    all_ids = sorted(facets.rank)
    subsets = [set(rng.sample(all_ids, rng.randint(1, len(all_ids)))) for _ in queries]

    def masked(ids):
        mask = np.zeros(matrix.size, dtype=bool)
        mask[[matrix.column_of[i] for i in ids]] = True
        return mask

    masks = [masked(ids) for ids in subsets]
    rows.append(
        (
            "facet counts: sets vs matrix product",
            timed(lambda ids: facet_counts(facets, list_query, ids, within=ids), subsets),
            timed(lambda m: matrix.counts(list_query, m, m), masks),
        )
    )
    return rows


def run_size(items: int, queries: list[list[str]], out) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        engine = make_engine(f"sqlite:///{root / 'bench.db'}")
        migrate(engine)
        import_records(engine, synthetic_records(items))
        index = SearchIndex(root / "index", engine, warm=False)
        start = time.perf_counter()
        index.rebuild(procs=2)  # as `dilemmatafel reindex` does on this 2-core machine
        reindex_s = time.perf_counter() - start
        fts = build_fts5(root / "fts.db", engine)
        out.write(f"\n{items} items: reindex {reindex_s:.1f} s\n")

        with Session(engine) as db:

            def ours(words: list[str], params=()) -> None:
                pairs = [("q", " ".join(words)), *params]
                assert search_collection(db, index, pairs, 20).result is not None

            facet_matrix(facet_index(db))  # built once per collection state, as in the app
            start = time.perf_counter()
            with index.reading() as snapshot:
                warm_up(snapshot)  # what the server does in the background after opening
            warm_s = time.perf_counter() - start
            cold = timed(ours, queries)
            timed(lambda words: fts5_search(fts, words), queries[:10])  # warm up
            fts_samples = timed(lambda words: fts5_search(fts, words), queries)
            our_samples = timed(ours, queries)
            refine = timed(lambda words: ours(words, [FILTER]), queries)
            # The old path takes seconds per query at 10,000 items: a quarter of the queries.
            old = timed(lambda words: old_whoosh_search(db, index, words), queries[::4])
            costs = fixed_costs(db, index, queries[:30])
        engine.dispose()
    fts_p95 = percentile(fts_samples, 0.95)
    out.write(f"  open + warm-up of the most frequent terms: {warm_s:.1f} s\n")
    for name, samples in (
        ("ours (numpy)", our_samples),
        ("ours, first run", cold),
        ("ours, + filter", refine),
        ("whoosh (old)", old),
        ("sqlite fts5", fts_samples),
    ):
        p95 = percentile(samples, 0.95)
        out.write(
            f"  {name:<16} p50={statistics.median(samples):8.2f} ms  p95={p95:8.2f} ms"
            f"  ({p95 / fts_p95:4.2f}x fts5)  n={len(samples)}\n"
        )
    out.write("  fixed costs, p50 old -> new (ms):\n")
    for name, before, after in costs:
        out.write(
            f"    {name:<44} {statistics.median(before):7.2f} -> {statistics.median(after):7.2f}\n"
        )
    return {
        "p50": statistics.median(our_samples),
        "p95": percentile(our_samples, 0.95),
        "fts_p95": fts_p95,
        "reindex_s": reindex_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", default="10000", help="sizes, comma-separated")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(11)
    queries = [query_words(rng, rng.randint(1, 4)) for _ in range(args.queries)]
    figures = {}
    for items in (int(size) for size in args.items.split(",")):
        figures = run_size(items, queries, sys.stdout)
        sys.stdout.flush()
    sys.stdout.write(
        f"search p50_ms={figures['p50']:.2f} p95_ms={figures['p95']:.2f}"
        f" fts5_p95_ms={figures['fts_p95']:.2f} ratio_p95={figures['p95'] / figures['fts_p95']:.2f}"
        f" reindex_s={figures['reindex_s']:.1f}\n"
    )


if __name__ == "__main__":
    main()
