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


def test_templates_are_read_once_unless_served_with_reload(tmp_path, fixture_db, monkeypatch):
    """In production a page renders without checking every template file for changes;
    `serve --reload` (working on the app) shows a changed template at once."""
    monkeypatch.setenv("DT_TEMPLATE_RELOAD", "false")
    assert not create_app(make_settings(tmp_path, fixture_db)).state.templates.env.auto_reload
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    assert CliRunner().invoke(cli.app, ["serve", "--reload"]).exit_code == 0
    assert create_app(make_settings(tmp_path, fixture_db)).state.templates.env.auto_reload
