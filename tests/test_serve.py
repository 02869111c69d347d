"""`dilemmatafel serve`: the uvicorn options it starts with, checked on a real server."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import httpx2 as httpx
import uvicorn
from typer.testing import CliRunner

from backend import cli
from backend.main import create_app
from tests.conftest import make_settings

# What the command chooses about the place; the test supplies its own app and address.
PLACE = ("factory", "host", "port", "reload")


def serve_options(monkeypatch) -> dict:
    """The other keyword arguments `dilemmatafel serve` passes to uvicorn.run."""
    captured: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: captured.update(options))
    result = CliRunner().invoke(cli.app, ["serve"])
    assert result.exit_code == 0, result.output
    return {name: value for name, value in captured.items() if name not in PLACE}


@contextmanager
def served_like_serve(app, options: dict):
    """Serve the app on a free local port with the serve command's options; yields the URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "de testserver startte niet"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def test_served_responses_do_not_name_the_server(tmp_path, fixture_db, monkeypatch):
    app = create_app(make_settings(tmp_path, fixture_db))
    with served_like_serve(app, serve_options(monkeypatch)) as base_url:
        for url in ("/api/v1/vocabulary", "/", "/bestaat-niet"):
            response = httpx.get(f"{base_url}{url}", timeout=10)
            assert "server" not in response.headers, url
