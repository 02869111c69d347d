"""`pip install .` gives a working application: the wheel carries the templates, static files,
migrations and shipped content, and an installed copy initialises and serves on its own.

The wheel is built offline (`--no-build-isolation`, with the setuptools pinned in the dev
extras) from a copy of the checkout, so the build leaves nothing behind in the repository.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from backend.config import REPO_ROOT
from backend.content.types import CONTENT_TYPES

# Folders at the repository root that the wheel carries under backend/shipped/ (setup.py).
SHIPPED = ("templates", "dilemmas", "good_practices", "cases")
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "data", "build", "*.egg-info", "__pycache__", ".*_cache", "test-results"
)


def _files(folder: Path) -> list[Path]:
    return [
        path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    ]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip wheel . --no-deps` builds from this checkout."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO_ROOT, source, ignore=NOT_SOURCES)
    build = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-index"]
    build += ["--no-build-isolation", "--quiet", "--wheel-dir", str(work)]
    subprocess.run(
        build,
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = work.glob("dilemmatafel-*.whl")
    return built


def test_the_wheel_carries_everything_the_app_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = REPO_ROOT / "backend"
    expected = {path.relative_to(REPO_ROOT).as_posix() for path in _files(package)}
    for folder in SHIPPED:
        expected |= {
            f"backend/shipped/{path.relative_to(REPO_ROOT).as_posix()}"
            for path in _files(REPO_ROOT / folder)
        }
    missing = sorted(expected - names)
    assert missing == [], "missing from the wheel: " + ", ".join(missing[:20])
    # The parts the app cannot start without, named so a failure is easy to read.
    for name in (
        "backend/migrations/env.py",
        "backend/migrations/versions/0001_collection_items_and_tags.py",
        "backend/static/favicon.svg",
        "backend/vocabulary.yaml",
        "backend/shipped/templates/base.html",
    ):
        assert name in names
    assert not any(name.startswith(("tests/", "bench/", "templates/")) for name in names)


def _fresh_environment(wheel: Path, folder: Path) -> Path:
    """A new virtual environment with the wheel installed; its dependencies come from the
    environment running the tests (a .pth line), so nothing is downloaded."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120
    )
    python = folder / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    install += ["--no-deps", "--no-index", str(wheel)]
    subprocess.run(
        install,
        check=True,
        capture_output=True,
        timeout=300,
    )
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Appended after the environment's own site-packages, so the installed wheel comes first;
    # the editable install of this checkout is not activated (.pth files there are not run).
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site_packages, "test-dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")
    return folder / "bin"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, deadline: float) -> tuple[int, str]:
    """The status and body of a GET, retried while the server is still starting."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.install
def test_an_installed_wheel_initialises_and_serves(wheel, tmp_path):
    bin_dir = _fresh_environment(wheel, tmp_path / "venv")
    place = tmp_path / "site"  # a folder without the repository's templates or content
    place.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("DT_")}
    env.pop("PYTHONPATH", None)
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import backend.config as c; print(c.SHIPPED_ROOT)"],
        cwd=place,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(tmp_path / "venv"), where

    init = subprocess.run(
        [str(bin_dir / "dilemmatafel"), "init"],
        cwd=place,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    shipped = len(list((REPO_ROOT / "dilemmas").glob("*.md")))
    assert init.returncode == 0, init.stderr
    assert "Geïmporteerd:" in init.stdout
    assert (place / "data" / "dilemmatafel.db").is_file()

    port = _free_port()
    server = subprocess.Popen(
        [str(bin_dir / "dilemmatafel"), "serve", "--port", str(port)],
        cwd=place,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        status, home = _get(f"{base}/", deadline)
        assert status == 200
        assert "Dilemmatafel" in home
        slug = sorted((REPO_ROOT / "dilemmas").glob("*.md"))[0].stem
        status, page = _get(base + CONTENT_TYPES["dilemma"].url(slug), deadline)
        assert status == 200
        assert 'lang="nl"' in page
        status, listing = _get(f"{base}{CONTENT_TYPES['dilemma'].url_prefix}", deadline)
        assert status == 200
        assert f"{shipped} dilemma" in listing
        status, _ = _get(f"{base}/static/favicon.svg", deadline)
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
