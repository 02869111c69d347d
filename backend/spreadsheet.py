"""CSV for spreadsheets (Dutch Excel: ';'), safe against formula injection.

The text starts with a UTF-8 byte order mark: without it Excel reads the file in the local
code page and shows "Ã©" for "é".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell that starts with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The rows as ';'-separated CSV after a byte order mark, every text cell made safe."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()
