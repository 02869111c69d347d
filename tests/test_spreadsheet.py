"""CSV exports are safe to open in a spreadsheet program."""

from __future__ import annotations

import csv
import io

import pytest

from backend.spreadsheet import csv_text


@pytest.mark.parametrize("dangerous", ["=SUM(A1)", "+31 6 000", "-2+3", "@cmd", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_as_formula_start_with_an_apostrophe(dangerous):
    rows = list(csv.reader(io.StringIO(csv_text(["afspraken"], [[dangerous]])), delimiter=";"))
    assert rows[1] == ["'" + dangerous]


def test_ordinary_text_and_numbers_stay_as_they_are():
    text = csv_text(["titel", "aantal", "saldo"], [["Dilemma 1; lastig", 12, -3]])
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == [
        "Dilemma 1; lastig",
        "12",
        "-3",
    ]
