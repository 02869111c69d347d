"""The backup folder's format: the manifest, file hashes and how column values are written.

A backup folder holds `manifest.json`, one JSON Lines file per table under `tables/` and the
content files under `content/`. The manifest names the format version, the Alembic revision
of the schema the rows belong to, when the backup was made, the rows per table and the
SHA-256 of every other file, so a restore can refuse a damaged or incomplete folder before it
writes anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Date, DateTime, LargeBinary, Table
from sqlalchemy.exc import DBAPIError

from backend.errors import Invalid

FORMAT = "dilemmatafel-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES = "tables"
CONTENT = "content"
FILE_MODE = 0o600
FOLDER_MODE = 0o700

Progress = Callable[[str, int], None]  # called per table: (table name, rows written or restored)


class BackupError(Invalid):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def database_refused(error: DBAPIError, outcome: str) -> BackupError:
    """A database error as a refusal; only its first line, which names no stored values
    (PostgreSQL's DETAIL line can quote them: an e-mail address, say)."""
    first_line = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
    return BackupError(f"De database gaf een fout: {first_line}. {outcome}")


@dataclass
class Manifest:
    """What a backup holds: schema revision, rows per table and the hash of every file."""

    revision: str | None
    created_at: str
    database: str
    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # relative path -> SHA-256

    def as_json(self) -> str:
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "alembic_revision": self.revision,
            "created_at": self.created_at,
            "database": self.database,
            "rows": self.rows,
            "files": self.files,
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def table_file(name: str) -> str:
    """The relative path of a table's rows in the backup folder."""
    return f"{TABLES}/{name}.jsonl"


def write_private(path: Path, data: bytes) -> str:
    """Write a file readable by its owner only; return its SHA-256."""
    return write_lines(path, [data])[0]


def write_lines(path: Path, lines: Iterable[bytes]) -> tuple[str, int]:
    """Write lines to a new file readable by its owner only; return (SHA-256, line count)."""
    _make_private_folders(path.parent)
    digest, count = hashlib.sha256(), 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        for line in lines:
            handle.write(line)
            digest.update(line)
            count += 1
    return digest.hexdigest(), count


def _make_private_folders(folder: Path) -> None:
    """Create folder and its missing parents, each readable by its owner only."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for one in reversed(missing):
        one.mkdir(mode=FOLDER_MODE)
        one.chmod(FOLDER_MODE)  # the umask may have taken bits away, never added any


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- column values ---------------------------------------------------------------------------


def encode_value(column: Column[Any], value: Any) -> Any:
    """A column value as JSON: moments and dates in ISO 8601, bytes in base64."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode_value(column: Column[Any], value: Any) -> Any:
    """The value to insert into a column, from its JSON form (the reverse of encode_value)."""
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    return value


def encode_row(table: Table, row: dict[str, Any]) -> bytes:
    """One row as a line of JSON."""
    values = {name: encode_value(table.c[name], value) for name, value in row.items()}
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


# --- reading and checking --------------------------------------------------------------------


def _refuse(folder: Path, problem: str) -> BackupError:
    return BackupError(
        f"De back-up in {folder} is beschadigd of onvolledig: {problem}. Er is niets"
        " teruggezet. Gebruik een andere back-up, of maak een nieuwe."
    )


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a backup folder; refuses a folder that is not a backup of ours."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(f"De map {folder} bestaat niet. Geef de map van een back-up op.")
    if not path.is_file():
        raise BackupError(
            f"In {folder} staat geen {MANIFEST}; dit is geen back-up van Dilemmatafel."
        )
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _refuse(folder, f"{MANIFEST} is geen leesbare JSON") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refuse(folder, f"{MANIFEST} beschrijft geen back-up van Dilemmatafel")
    if document.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"De back-up in {folder} heeft formaatversie {document.get('format_version')};"
            f" deze versie van Dilemmatafel leest alleen versie {FORMAT_VERSION}."
            " Zet hem terug met de versie van Dilemmatafel die hem maakte."
        )
    try:
        manifest = Manifest(
            revision=document["alembic_revision"],
            created_at=str(document["created_at"]),
            database=str(document["database"]),
            rows={str(name): int(count) for name, count in document["rows"].items()},
            files={str(name): str(digest) for name, digest in document["files"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _refuse(folder, f"{MANIFEST} mist gegevens") from None
    return manifest


def verify(folder: Path) -> Manifest:
    """Read the manifest and check every file it names against its SHA-256 and row count."""
    manifest = read_manifest(folder)
    resolved = folder.resolve()
    for relative, expected in manifest.files.items():
        path = (folder / relative).resolve()
        if not path.is_relative_to(resolved):
            raise _refuse(folder, f"{MANIFEST} noemt een bestand buiten de map ({relative})")
        if not path.is_file():
            raise _refuse(folder, f"het bestand {relative} ontbreekt")
        if file_sha256(path) != expected:
            raise _refuse(
                folder, f"het bestand {relative} is veranderd (de controlesom klopt niet)"
            )
    for name, count in manifest.rows.items():
        relative = table_file(name)
        if relative not in manifest.files:
            raise _refuse(folder, f"de tabel {name} heeft geen bestand")
        with (folder / relative).open("rb") as handle:
            lines = sum(1 for _ in handle)
        if lines != count:
            raise _refuse(folder, f"{relative} heeft {lines} rijen in plaats van {count}")
    return manifest
