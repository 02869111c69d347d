"""Benchmark: `create_backup` and `restore_backup` on the shipped corpus or a synthetic one.

Run: .venv/bin/python -m bench.backup [--items 10000] [--postgres]
Imports the collection (the shipped one, or --items synthetic items from bench/synthetic.py)
into a fresh database (SQLite in a temporary folder, or with --postgres a throw-away
PostgreSQL server from tests/pgcluster.py), adds an account, then times a backup, and a
restore into a second, empty database of the same kind. The search index rebuild that
`dilemmatafel restore` runs afterwards is not included (see the search benchmark).

Wall-clock seconds, and in brackets this process's CPU seconds (all of the work on SQLite,
without the server's on PostgreSQL), which vary less on a shared machine; `load` is the
one-minute load average when the backup started.

Last line: backup db=<kind> items=<n> rows=<r> backup_s=<x> (cpu <c>) restore_s=<y> (cpu <c>)
size_mb=<m> load=<l>
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.backup import create_backup, restore_backup
from backend.config import REPO_ROOT
from backend.content.files import load_collection
from backend.content.store import import_records
from backend.db import make_engine, migrate
from bench.synthetic import synthetic_records
from tests.helpers import add_user


def _urls(folder: Path, postgres: bool, stack: ExitStack) -> tuple[str, str]:
    """The URLs of the source and the target database."""
    if not postgres:
        return f"sqlite:///{folder / 'source.db'}", f"sqlite:///{folder / 'target.db'}"
    from tests.pgcluster import Cluster

    cluster = stack.enter_context(Cluster())
    return cluster.create_database("source"), cluster.create_database("target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=0, help="synthetic items (0: shipped)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary, ExitStack() as stack:
        folder = Path(temporary)
        source_url, target_url = _urls(folder, args.postgres, stack)
        if args.items:
            records = synthetic_records(args.items)
        else:
            records, errors = load_collection(REPO_ROOT)
            assert not errors
        source, target = make_engine(source_url), make_engine(target_url)
        migrate(source)
        import_records(source, records)
        add_user(source, "beheerder@example.org", "admin")

        load = os.getloadavg()[0]
        start, cpu = time.perf_counter(), time.process_time()
        summary = create_backup(source, folder / "backup")
        backup_s, backup_cpu = time.perf_counter() - start, time.process_time() - cpu
        size = sum(p.stat().st_size for p in (folder / "backup").rglob("*") if p.is_file())

        start, cpu = time.perf_counter(), time.process_time()
        restore_backup(target, folder / "backup")
        restore_s, restore_cpu = time.perf_counter() - start, time.process_time() - cpu
        source.dispose()
        target.dispose()
    kind = "postgresql" if args.postgres else "sqlite"
    sys.stdout.write(
        f"backup db={kind} items={len(records)} rows={sum(summary.rows.values())}"
        f" backup_s={backup_s:.2f} (cpu {backup_cpu:.2f}) restore_s={restore_s:.2f}"
        f" (cpu {restore_cpu:.2f}) size_mb={size / 1e6:.1f} load={load:.1f}\n"
    )


if __name__ == "__main__":
    main()
