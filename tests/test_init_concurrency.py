"""`dilemmatafel init` as a container's start script runs it: two at once against one
PostgreSQL database (two app containers starting together), and again at every restart."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, text
from sqlmodel import Session

from backend.content.files import load_collection
from backend.db import make_engine
from backend.models import Item
from tests.conftest import FIXTURE_CONTENT


def init_process(database_url: str, folder: Path, *options: str) -> subprocess.Popen[bytes]:
    """`dilemmatafel init` in a child process with its own data and index folder."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DT_DATABASE_URL": database_url,
        "DT_DATA_DIR": str(folder),
        "DT_INDEX_DIR": str(folder / "index"),
        "DT_SECRET_KEY": "test-secret-key-not-for-production",
        "DT_CONTENT_DIR": str(FIXTURE_CONTENT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "init", *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=folder,
    )


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    output, _ = process.communicate(timeout=180)
    return process.returncode, output.decode(errors="replace")


def test_two_inits_at_once_both_succeed_and_import_once(postgres_url, tmp_path):
    first = init_process(postgres_url, tmp_path / "app1")
    second = init_process(postgres_url, tmp_path / "app2")
    outcomes = [finish(first), finish(second)]
    assert [code for code, _ in outcomes] == [0, 0], "\n\n".join(out for _, out in outcomes)
    records, _ = load_collection(FIXTURE_CONTENT)
    engine = make_engine(postgres_url)
    try:
        with Session(engine) as db:
            assert db.scalar(select(func.count()).select_from(Item)) == len(records)
            versions = db.scalars(text("SELECT version_num FROM alembic_version")).all()
        assert len(versions) == 1
    finally:
        engine.dispose()
    for folder in ("app1", "app2"):  # each container's own index is built
        assert (tmp_path / folder / "index").is_dir()


def test_init_at_a_restart_keeps_what_editors_changed(postgres_url, tmp_path):
    assert finish(init_process(postgres_url, tmp_path / "first"))[0] == 0
    engine = make_engine(postgres_url)
    try:
        with engine.begin() as connection:
            slug = connection.scalar(text("SELECT slug FROM item ORDER BY slug LIMIT 1"))
            connection.execute(
                text("UPDATE item SET title = 'Door de redactie herschreven' WHERE slug = :slug"),
                {"slug": slug},
            )
        code, output = finish(init_process(postgres_url, tmp_path / "restart", "--only-empty"))
        assert code == 0, output
        assert "er is niets geïmporteerd" in output
        with engine.connect() as connection:
            title = connection.scalar(text("SELECT title FROM item WHERE slug = :s"), {"s": slug})
        assert title == "Door de redactie herschreven"
    finally:
        engine.dispose()
