"""The primary key of a stored row, typed as present."""

from __future__ import annotations

from typing import Protocol


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(row: _Row) -> int:
    """The id of a row the database has numbered (loaded, or added and flushed).

    Table models declare `id: int | None` because a new row has none until it is flushed;
    code that handles stored rows reads the id through this, so a missing flush fails loudly.
    """
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet; flush it before using its id")
    return row.id
