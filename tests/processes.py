"""Real server processes for tests that need more than one process or a hard kill:
`dilemmatafel serve` started as a child process with its own settings (DT_… variables).

    with AppProcess(database_url, data_dir) as server:
        httpx.get(server.url("/"))
        server.kill()      # kill -9
        server.start()     # the same settings again
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx2 as httpx

from tests.pgcluster import free_port

SECRET = "test-secret-key-not-for-production"


class AppProcess:
    """One `dilemmatafel serve` process on a free port, with its own data and index folder."""

    def __init__(
        self,
        database_url: str,
        data_dir: Path,
        content_dir: Path | None = None,
        env: dict[str, str] | None = None,
    ):
        self.port = free_port()
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DT_DATABASE_URL": database_url,
            "DT_DATA_DIR": str(self.data_dir),
            "DT_INDEX_DIR": str(self.data_dir / "index"),
            "DT_SECRET_KEY": SECRET,
            **({"DT_CONTENT_DIR": str(content_dir)} if content_dir else {}),
            **(env or {}),
        }
        self.log = self.data_dir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def start(self, timeout: float = 60) -> AppProcess:
        """Start the server and wait until it answers."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "backend.cli", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start-up:\n{self.read_log()}")
            try:
                httpx.get(self.url("/api/v1/vocabulary"), timeout=2)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.read_log()}")

    def kill(self) -> None:
        """kill -9: no shutdown, no cleanup, as in a power cut or the OOM killer."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        """Stop the server the polite way (SIGTERM), as a deployment would."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def read_log(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def __enter__(self) -> AppProcess:
        return self.start()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()
