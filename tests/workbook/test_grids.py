"""Uploaded tables: Italian numbers, located errors, CSV and XLSX read alike."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from performa.workbook.grids import (
    context_table_from_grid,
    grid_from_text,
    grid_text_of,
    italian_number,
    read_grid,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.779,4", Decimal("1779.4")),
        ("-3,8", Decimal("-3.8")),
        ("+0,3", Decimal("0.3")),
        ("0.84", Decimal("0.84")),
        ("22.902", Decimal("22902")),
        ("87,9 %", Decimal("87.9")),
        ("82", Decimal("82")),
    ],
)
def test_italian_numbers_are_read_with_comma_decimals_and_dot_thousands(
    text: str, expected: Decimal
) -> None:
    assert italian_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", ">=7/10", "4..5"])
def test_texts_that_are_not_numbers_give_none(text: str) -> None:
    assert italian_number(text) is None


def test_a_table_reads_columns_rows_numbers_texts_and_row_units() -> None:
    grid, errors = grid_from_text(
        ";2023;2024 q1;Unità\nPRODUZIONE;-0,8;+0,3;var. %\nGradimento;>=7/10;;voto\n"
    )
    assert not errors
    result = context_table_from_grid(grid, code="t", title="T", section="economy")
    assert result.table is not None
    assert result.table.columns == ("2023", "2024 q1")
    assert result.table.rows[0].values == (Decimal("-0.8"), Decimal("0.3"))
    assert result.table.rows[0].unit == "var. %"
    assert result.table.rows[1].values == (">=7/10", None)


def test_the_editor_text_reads_back_to_the_same_table() -> None:
    grid, _ = grid_from_text(";A;B;Unità\nx;1.779,4;testo;N.\ny;0,90;;\n")
    table = context_table_from_grid(grid, code="t", title="T", section="economy").table
    assert table is not None
    again, _ = grid_from_text(grid_text_of(table))
    assert context_table_from_grid(again, code="t", title="T", section="economy").table == table


def test_every_error_of_a_table_is_located_by_row_and_column() -> None:
    grid, _ = grid_from_text(";A;;A\nx;1;2;3\n;4;5;6\ny;1,2,3;7;8\n")
    result = context_table_from_grid(grid, code="t", title="T", section="economy")
    assert result.table is None
    assert [str(error) for error in result.errors] == [
        "riga 1, colonna C: manca l'etichetta della colonna",
        "riga 1, colonna D: la colonna «A» è ripetuta",
        "riga 3, colonna A: manca l'etichetta della riga",
        "riga 4, colonna B: «1,2,3» non è un numero valido (usare la virgola per i decimali: "
        "1.234,5)",
    ]


def test_an_xlsx_is_read_from_its_first_sheet_as_a_csv_would_be() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([None, "2023", "2024"])
    sheet.append(["MONDO", -4.2, 1779.4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    grid, errors = read_grid(buffer.getvalue(), "export.xlsx")
    assert not errors
    table = context_table_from_grid(grid, code="t", title="T", section="economy").table
    assert table is not None
    assert table.rows[0].values == (Decimal("-4.2"), Decimal("1779.4"))


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a zip", "dati.xlsx", "il file non è un XLSX leggibile"),
        (b"a;b", "dati.pdf", "il file deve essere un CSV o un XLSX (Excel)"),
        (b"\n;;\n", "dati.csv", "il file è vuoto"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(
    content: bytes, name: str, message: str
) -> None:
    grid, errors = read_grid(content, name)
    assert grid == []
    assert [str(error) for error in errors] == [message]
