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


def test_the_file_starts_with_a_byte_order_mark_so_excel_reads_utf8():
    text = csv_text(["onderdeel"], [["Geheimhouding bij een ‘besloten’ vergadering: één vraag"]])
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    decoded = text.encode("utf-8").decode("utf-8-sig")  # how Excel opens it
    rows = list(csv.reader(io.StringIO(decoded), delimiter=";"))
    assert rows == [["onderdeel"], ["Geheimhouding bij een ‘besloten’ vergadering: één vraag"]]
