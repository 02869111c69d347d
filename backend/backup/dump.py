"""Making a backup: every table and the content files, from one snapshot, while the app runs."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from backend.backup.manifest import (
    CONTENT,
    FOLDER_MODE,
    MANIFEST,
    BackupError,
    Manifest,
    Progress,
    database_refused,
    encode_row,
    table_file,
    write_lines,
    write_private,
)
from backend.backup.schema import current_revision, data_tables, private_engine
from backend.clock import utcnow
from backend.content.files import file_path, render_file
from backend.content.store import record_from_item
from backend.models import Item


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    rows: dict[str, int]
    content_files: int


def tables_to_dump() -> list[Table]:
    """Every table of the application, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def create_backup(engine: Engine, folder: Path, progress: Progress | None = None) -> BackupSummary:
    """Write a consistent backup of the database (and its items as content files) to folder.

    All reads happen in one read-only transaction, so a write committed meanwhile is wholly in
    or wholly out. The files are written to a private temporary folder next to `folder`, which
    is renamed to `folder` only when everything is written. Refuses a non-empty folder.
    """
    _check_target(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    work.chmod(FOLDER_MODE)
    try:
        manifest = _snapshot(engine, work, progress)
        # Rendered after the snapshot is released (it is most of the time a backup takes),
        # from the rows just written, so the files hold exactly the items in the backup.
        _write_content(work, manifest)
        write_private(work / MANIFEST, manifest.as_json().encode())
        if folder.exists():
            folder.rmdir()  # empty (checked above); the rename takes its place
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    content = sum(1 for name in manifest.files if name.startswith(f"{CONTENT}/"))
    return BackupSummary(folder, manifest.rows, content)


def _check_target(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BackupError(
            f"{folder} is een bestand, geen map. Kies een nieuwe map voor de back-up."
        )
    if folder.is_dir() and any(folder.iterdir()):
        raise BackupError(
            f"De map {folder} is niet leeg. Kies een nieuwe of lege map voor de back-up;"
            " een bestaande back-up wordt nooit overschreven."
        )


def _snapshot(engine: Engine, work: Path, progress: Progress | None) -> Manifest:
    """Dump every table in one read-only transaction; database errors become refusals."""
    try:
        with private_engine(engine) as private, private.begin() as connection:
            return _dump(connection, work, progress)
    except DBAPIError as error:
        raise database_refused(error, "Er is geen back-up gemaakt.") from error


def _dump(connection: Connection, work: Path, progress: Progress | None) -> Manifest:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    # The first read fixes the snapshot (SQLite: under WAL, for the whole transaction).
    revision = current_revision(connection)
    _check_schema(connection)
    manifest = Manifest(revision=revision, created_at=utcnow().isoformat(), database=dialect)
    for table in tables_to_dump():
        relative = table_file(table.name)
        manifest.files[relative], manifest.rows[table.name] = _dump_table(
            connection, table, work / relative
        )
        if progress:
            progress(table.name, manifest.rows[table.name])
    return manifest


def _write_content(work: Path, manifest: Manifest) -> None:
    """Every item of the dumped item table as a content file under content/."""
    with (work / table_file(Item.__tablename__)).open(encoding="utf-8") as rows:
        for line in rows:
            record = record_from_item(Item.model_validate(json.loads(line)))
            relative = file_path(Path(CONTENT), record).as_posix()
            manifest.files[relative] = write_private(work / relative, render_file(record).encode())


def _check_schema(connection: Connection) -> None:
    """Refuse a database whose tables are not exactly the ones this code dumps."""
    found = set(data_tables(connection).tables)
    expected = {table.name for table in tables_to_dump()}
    if found != expected:
        raise BackupError(
            "De tabellen in de database kloppen niet met deze versie van Dilemmatafel"
            f" (onbekend: {sorted(found - expected)}, ontbreekt: {sorted(expected - found)})."
            " Start de app of een 'dilemmatafel'-opdracht eenmaal, zodat de database wordt"
            " bijgewerkt, en maak dan de back-up."
        )


def _dump_table(connection: Connection, table: Table, path: Path) -> tuple[str, int]:
    """Write a table's rows, ordered by primary key, as JSON Lines; return (SHA-256, rows)."""
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(yield_per=1000).execute(select(table).order_by(*order))
    return write_lines(path, (encode_row(table, dict(row)) for row in result.mappings()))
