"""Restoring a backup into an empty database (or one emptied with force), all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, Table, delete, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from backend.backup.manifest import (
    BackupError,
    Manifest,
    Progress,
    database_refused,
    decode_value,
    table_file,
    verify,
)
from backend.backup.schema import data_tables, move_schema, private_engine

BATCH = 1000


@dataclass(frozen=True)
class RestoreSummary:
    revision: str | None
    created_at: str
    rows: dict[str, int]
    emptied: int  # rows deleted first (with force)


def restore_backup(
    engine: Engine, folder: Path, *, force: bool = False, progress: Progress | None = None
) -> RestoreSummary:
    """Check the backup, then in one transaction: empty the database (only with force; without
    it a database with rows is refused), bring its schema to the backup's revision, insert every
    row, set PostgreSQL's id sequences past the restored ids and migrate to the newest schema.
    Any failure rolls all of it back. The search index is not touched: rebuild it afterwards.
    """
    manifest = verify(folder)
    try:
        with private_engine(engine) as private, private.begin() as connection:
            emptied = _empty(connection, force)
            move_schema(connection, manifest.revision)
            tables = data_tables(connection)
            _check_tables(folder, manifest, tables)
            for table in tables.sorted_tables:
                count = _insert(connection, table, folder / table_file(table.name))
                if progress:
                    progress(table.name, count)
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, tables)
            move_schema(connection, "head")
    except DBAPIError as error:
        raise database_refused(error, "Er is niets teruggezet.") from error
    return RestoreSummary(manifest.revision, manifest.created_at, manifest.rows, emptied)


def _empty(connection: Connection, force: bool) -> int:
    """Refuse a database that holds rows, or (force) delete them all; return rows deleted."""
    tables = data_tables(connection)
    counts = {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in tables.sorted_tables
    }
    filled = {name: count for name, count in counts.items() if count}
    if filled and not force:
        rows = sum(filled.values())
        raise BackupError(
            f"De doeldatabase is niet leeg: er staan {rows} rijen in ({', '.join(sorted(filled))})."
            " Er is niets teruggezet. Zet de back-up terug in een lege database, of gebruik"
            " --force om alles in deze database eerst te wissen."
        )
    for table in reversed(tables.sorted_tables):
        if counts[table.name]:
            connection.execute(delete(table))
    return sum(filled.values())


def _check_tables(folder: Path, manifest: Manifest, tables: MetaData) -> None:
    found, saved = set(tables.tables), set(manifest.rows)
    if found != saved:
        raise BackupError(
            f"De back-up in {folder} past niet bij databaseversie {manifest.revision}"
            f" (tabellen zonder back-up: {sorted(found - saved)}, onbekende tabellen:"
            f" {sorted(saved - found)}). Er is niets teruggezet."
        )


def _rows(table: Table, path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise BackupError(
                    f"{path.name}, regel {number}: geen geldige JSON. Er is niets teruggezet."
                ) from None
            unknown = set(row) - set(table.columns.keys())
            if unknown:
                raise BackupError(
                    f"{path.name}, regel {number}: kolommen {sorted(unknown)} bestaan niet in"
                    f" de tabel {table.name}. Er is niets teruggezet."
                )
            yield {name: decode_value(table.c[name], value) for name, value in row.items()}


def _insert(connection: Connection, table: Table, path: Path) -> int:
    """Insert a table's rows in batches; return how many."""
    count = 0
    rows = _rows(table, path)
    while batch := list(islice(rows, BATCH)):
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def _reset_sequences(connection: Connection, tables: MetaData) -> None:
    """Let PostgreSQL number new rows after the restored ones (ids were inserted as given)."""
    for table in tables.sorted_tables:
        for column in table.primary_key.columns:
            sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar_one()
            if sequence is None:
                continue
            connection.execute(
                text(
                    f'SELECT setval(:sequence, COALESCE(MAX("{column.name}"), 1),'
                    f' MAX("{column.name}") IS NOT NULL) FROM "{table.name}"'
                ),
                {"sequence": sequence},
            )
