"""`dilemmatafel serve`: the uvicorn options it starts with, checked on a real server."""

from __future__ import annotations

import httpx2 as httpx
import uvicorn
from typer.testing import CliRunner

from backend import cli
from backend.main import create_app
from tests.conftest import make_settings, serving

# What the command chooses about the place; the test supplies its own app and address.
PLACE = ("factory", "host", "port", "reload")


def serve_options(monkeypatch) -> dict:
    """The other keyword arguments `dilemmatafel serve` passes to uvicorn.run."""
    captured: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: captured.update(options))
    result = CliRunner().invoke(cli.app, ["serve"])
    assert result.exit_code == 0, result.output
    return {name: value for name, value in captured.items() if name not in PLACE}


def test_served_responses_do_not_name_the_server(tmp_path, fixture_db, monkeypatch):
    app = create_app(make_settings(tmp_path, fixture_db))
    with serving(app, **serve_options(monkeypatch)) as base_url:
        for url in ("/api/v1/vocabulary", "/", "/bestaat-niet"):
            response = httpx.get(f"{base_url}{url}", timeout=10)
            assert "server" not in response.headers, url
