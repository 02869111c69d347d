"""Benchmark: our Whoosh search against SQLite FTS5 on the same 10,000 synthetic items.

The synthetic text and the queries draw words from the shipped collection by frequency,
so the vocabulary and its long tail are realistic.

Run: .venv/bin/python bench/search.py [--items 10000] [--queries 200]
Both engines answer the same 200 queries of 1-4 words. Ours includes everything a search
page needs (synonyms, filters and facet counts, snippets); FTS5 gets bm25 ranking, a
snippet and a total count. Last line:
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

from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.content.store import import_records
from backend.db import make_engine, migrate
from backend.search.index import SearchIndex, item_document
from backend.search.query import search_collection
from bench.browse import percentile
from bench.synthetic import query_words, synthetic_records


def build_fts5(path: Path, engine) -> sqlite3.Connection:
    """An FTS5 table with the same text per item as our index."""
    from sqlmodel import select

    from backend.models import Item

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(11)
    queries = [query_words(rng, rng.randint(1, 4)) for _ in range(args.queries)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        engine = make_engine(f"sqlite:///{root / 'bench.db'}")
        migrate(engine)
        import_records(engine, synthetic_records(args.items))
        index = SearchIndex(root / "index", engine)
        start = time.perf_counter()
        index.rebuild(procs=2)  # as `dilemmatafel reindex` does on this 2-core machine
        reindex_s = time.perf_counter() - start
        fts = build_fts5(root / "fts.db", engine)
        sys.stdout.write(f"reindex of {args.items} items: {reindex_s:.1f} s\n")

        with Session(engine) as db:

            def ours(words: list[str]) -> None:
                outcome = search_collection(db, index, [("q", " ".join(words))], 20)
                assert outcome.result is not None, outcome.message

            timed(ours, queries[:10])  # warm up: facet index, caches
            timed(lambda words: fts5_search(fts, words), queries[:10])
            our_samples = timed(ours, queries)
            fts_samples = timed(lambda words: fts5_search(fts, words), queries)

            def refine(words: list[str]) -> None:
                # The same words again with a filter ticked, as a user narrowing results does.
                params = [("q", " ".join(words)), ("bestuurslaag", "gemeente")]
                assert search_collection(db, index, params, 20).result is not None

            refine_samples = timed(refine, queries)
        rows = (
            ("whoosh (ours)", our_samples),
            ("sqlite fts5", fts_samples),
            ("ours, + filter", refine_samples),
        )
        for name, samples in rows:
            sys.stdout.write(
                f"{name:<14} p50={statistics.median(samples):8.2f} ms"
                f"  p95={percentile(samples, 0.95):8.2f} ms  n={len(samples)}\n"
            )
        p95, fts_p95 = percentile(our_samples, 0.95), percentile(fts_samples, 0.95)
        sys.stdout.write(
            f"search p50_ms={statistics.median(our_samples):.2f} p95_ms={p95:.2f}"
            f" fts5_p95_ms={fts_p95:.2f} ratio_p95={p95 / fts_p95:.1f} reindex_s={reindex_s:.1f}\n"
        )


if __name__ == "__main__":
    main()
