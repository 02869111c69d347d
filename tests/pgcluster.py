"""A throw-away PostgreSQL server for tests and benchmarks: `initdb` + `pg_ctl` in a temporary
directory on a free local port, removed afterwards. Needs only Debian's `postgresql` package
(its binaries under /usr/lib/postgresql/<version>/bin), no running service and no password.

As a context manager::

    with Cluster() as cluster:
        url = cluster.create_database("shop")  # a SQLAlchemy URL (psycopg 3)

From the shell, around a command (the Makefile's `test-postgres` uses this)::

    python -m tests.pgcluster -- pytest -n 2

runs the command with DT_TEST_POSTGRES_URL set to the cluster's `postgres` database and stops
and removes the cluster afterwards, whatever the command's outcome.

Running as root (CI containers), the server runs as the `postgres` account that the package
creates, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

ENV_URL = "DT_TEST_POSTGRES_URL"
# Durability is not needed for data that is thrown away; without it tests run much faster.
SPEED_SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=300",
    "shared_buffers=128MB",
)


def binaries() -> Path | None:
    """The folder of the newest installed PostgreSQL server binaries, or None."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def available() -> bool:
    """Whether a PostgreSQL server can be started here."""
    return binaries() is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Cluster:
    """One PostgreSQL server in a temporary directory (start, stop, restart, remove)."""

    def __init__(self, port: int | None = None):
        found = binaries()
        if found is None:
            raise RuntimeError(
                "PostgreSQL is not installed: apt-get install postgresql (Debian) gives initdb"
                " and pg_ctl."
            )
        self.bin = found
        self.port = port or free_port()
        self.root = Path(tempfile.mkdtemp(prefix="dt-pg-"))
        self.data = self.root / "data"
        self.user = _server_user()
        self.url = f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/postgres"

    # -- life cycle --------------------------------------------------------------------

    def __enter__(self) -> Cluster:
        self.init()
        self.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.remove()

    def init(self) -> None:
        if self.user != pwd.getpwuid(os.getuid()).pw_name:
            shutil.chown(self.root, self.user)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n")
            conf.write(f"unix_socket_directories = '{self.root}'\n")
            conf.write("".join(f"{setting}\n" for setting in SPEED_SETTINGS))

    def start(self) -> None:
        """Start the server and wait until it takes connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "start")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"PostgreSQL did not start; see {self.root / 'log'}")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (mode fast: disconnect clients; immediate: like a crash)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        status = subprocess.run(
            self._command("pg_ctl", "-D", str(self.data), "status"),
            capture_output=True,
            check=False,
            **self._as_user(),
        )
        return status.returncode == 0

    def remove(self) -> None:
        """Stop the server if it runs and delete its directory."""
        if self.data.exists() and self.running():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- databases ---------------------------------------------------------------------

    def database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        conninfo = f"host=127.0.0.1 port={self.port} user={self.user} dbname={database}"
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(statement)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create an empty database (or a copy of `template`); returns its URL."""
        suffix = f' TEMPLATE "{template}"' if template else ""
        self.sql(f'CREATE DATABASE "{name}"{suffix}')
        return self.database_url(name)

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- helpers -----------------------------------------------------------------------

    def _command(self, program: str, *args: str) -> list[str]:
        return [str(self.bin / program), *args]

    def _as_user(self) -> dict[str, str]:
        return {} if self.user == pwd.getpwuid(os.getuid()).pw_name else {"user": self.user}

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run(
            self._command(program, *args),
            capture_output=True,
            text=True,
            check=False,
            cwd=self.root,
            **self._as_user(),
        )
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}")


def _server_user() -> str:
    """Who runs the server: this account, or `postgres` when this is root."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.getuid()).pw_name
    try:
        pwd.getpwnam("postgres")
    except KeyError as missing:
        raise RuntimeError(
            "running as root needs the 'postgres' account (Debian's postgresql package makes it)"
        ) from missing
    return "postgres"


def main(argv: list[str]) -> int:
    """`python -m tests.pgcluster -- COMMAND…`: run COMMAND with a throw-away cluster."""
    command = argv[1:] if argv and argv[0] == "--" else argv
    if not command:
        sys.stderr.write("usage: python -m tests.pgcluster -- COMMAND [ARGS…]\n")
        return 2
    with Cluster() as cluster:
        sys.stderr.write(f"PostgreSQL on port {cluster.port} ({cluster.root})\n")
        env = {**os.environ, ENV_URL: cluster.url}
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
