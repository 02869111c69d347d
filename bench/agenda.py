"""Benchmark: assembling an agenda and producing its .docx with a 10,000-item collection.

Run: .venv/bin/python bench/agenda.py [--items 10000] [--runs 100]
Baseline in the same run: building the 20-row dilemma list page's query (the catalog's
list of dilemmas for one level), so the ratio says how much more an agenda costs.
Last line: agenda build_p95_ms=<x> docx_p95_ms=<y>
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend import vocabulary as v
from backend.agenda.build import build_agenda
from backend.agenda.export import to_docx
from backend.agenda.model import AgendaRequest
from backend.catalog import queries
from backend.content.store import import_records
from backend.content.types import DILEMMA
from backend.db import make_engine, migrate
from bench.browse import percentile
from bench.synthetic import synthetic_records


def timed(function, runs: int) -> list[float]:
    samples = []
    for number in range(runs):
        start = time.perf_counter()
        function(number)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate(engine)
        import_records(engine, synthetic_records(args.items))
        requests = [
            AgendaRequest(
                audience="raad",
                level=rng.choice(v.LEVELS.slugs),
                day=date(2030, 1, 1),
                start=clock(19, 30),
                minutes=rng.choice([60, 90, 120, 180]),
                group_size=rng.choice([8, 25, 45]),
                themes=tuple(rng.sample(v.THEMES.slugs, rng.randint(0, 3))),
                knowledge=rng.choice(["", "geheimhouding"]),
                seed=number + 1,
            )
            for number in range(args.runs)
        ]
        with Session(engine) as db:
            agendas = [build_agenda(db, request) for request in requests[:5]]  # warm up

            def baseline(number: int) -> None:
                query = queries.parse_list_query(
                    [DILEMMA], [("bestuurslaag", requests[number].level)]
                )
                queries.list_items(db, query, 20)

            base = timed(baseline, args.runs)
            build = timed(lambda n: agendas.append(build_agenda(db, requests[n])), args.runs)
            docx = timed(lambda n: to_docx(agendas[n]), args.runs)
        for name, samples in (
            ("baseline (list query)", base),
            ("build agenda", build),
            ("docx", docx),
        ):
            sys.stdout.write(
                f"{name:<22} p50={statistics.median(samples):7.2f} ms"
                f"  p95={percentile(samples, 0.95):7.2f} ms  n={len(samples)}\n"
            )
        sys.stdout.write(
            f"ratio p95 build/baseline={percentile(build, 0.95) / percentile(base, 0.95):.1f}\n"
        )
        sys.stdout.write(
            f"agenda build_p95_ms={percentile(build, 0.95):.2f}"
            f" docx_p95_ms={percentile(docx, 0.95):.2f}\n"
        )


if __name__ == "__main__":
    main()
