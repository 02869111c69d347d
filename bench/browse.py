"""Benchmark: import 10,000 content files, then time list and detail pages in-process.

Run: .venv/bin/python bench/browse.py [--items 10000] [--requests 200]
Prints figures and, as its last line:
browse import_s=<x> list_p95_ms=<y> detail_p95_ms=<z>
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend import vocabulary as v
from backend.config import Settings
from backend.content.store import import_collection
from backend.db import make_engine, migrate
from backend.main import create_app
from bench.synthetic import write_corpus


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(client: TestClient, urls: list[str]) -> list[float]:
    samples = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def report(name: str, samples: list[float]) -> None:
    sys.stdout.write(
        f"{name:<28} p50={statistics.median(samples):7.2f} ms"
        f"  p95={percentile(samples, 0.95):7.2f} ms  n={len(samples)}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        records = write_corpus(root / "content", args.items)
        database = root / "bench.db"
        engine = make_engine(f"sqlite:///{database}")
        migrate(engine)
        start = time.perf_counter()
        import_collection(engine, root / "content")
        import_s = time.perf_counter() - start
        engine.dispose()
        sys.stdout.write(f"import of {args.items} files: {import_s:.2f} s\n")

        settings = Settings(
            data_dir=root,
            database_url=f"sqlite:///{database}",
            index_dir=root / "index",
            content_dir=root / "content",
            secret_key="bench",
        )
        slugs = [r.slug for r in records if r.content_type.key == "dilemma"]
        list_urls = [
            f"/dilemmas?thema={rng.choice(v.THEMES.slugs)}&bestuurslaag={rng.choice(v.LEVELS.slugs)}"
            f"&pagina={rng.randint(1, 3)}"
            for _ in range(args.requests)
        ]
        detail_urls = [f"/dilemmas/{rng.choice(slugs)}" for _ in range(args.requests)]
        baseline_urls = ["/bestuurslaag"] * args.requests
        with TestClient(create_app(settings)) as client:
            # The app builds its search index in the background at first start; measure
            # pages once that is done, as a running server would be.
            client.app.state.search_index.wait_until_ready(900)
            timed(client, list_urls[:20] + detail_urls[:20])  # warm up
            baseline = timed(client, baseline_urls)
            listing = timed(client, list_urls)
            detail = timed(client, detail_urls)
        report("baseline (/bestuurslaag)", baseline)
        report("filtered list page", listing)
        report("detail page", detail)
        base95 = percentile(baseline, 0.95)
        sys.stdout.write(
            f"ratio p95 list/baseline={percentile(listing, 0.95) / base95:.1f}"
            f" detail/baseline={percentile(detail, 0.95) / base95:.1f}\n"
        )
        sys.stdout.write(
            f"browse import_s={import_s:.2f} list_p95_ms={percentile(listing, 0.95):.2f}"
            f" detail_p95_ms={percentile(detail, 0.95):.2f}\n"
        )


if __name__ == "__main__":
    main()
