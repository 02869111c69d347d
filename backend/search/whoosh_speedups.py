"""A correction to Whoosh's speed that leaves everything it reads and writes unchanged.

When a segment is written, Whoosh asks the new segment's per-document reader for a
document's field length once per posting. For fields that keep no lengths (the spelling
words and the tags) that reader checks again each time whether the length column exists,
with a `stat` of the file, and finds it missing: about a fifth of a rebuild's time. A
segment's files never change once written, so the answer is kept per reader here.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3PerDocReader

_has_column = W3PerDocReader.has_column


def _has_column_once(self: Any, fieldname: str) -> bool:
    """Whoosh's `has_column`, asked of the storage once per reader and column."""
    known: dict[str, bool] = self.__dict__.setdefault("_dt_has_column", {})
    found = known.get(fieldname)
    if found is None:
        found = known[fieldname] = bool(_has_column(self, fieldname))
    return found


def install() -> None:
    """Use the remembering `has_column` (idempotent)."""
    W3PerDocReader.has_column = _has_column_once
