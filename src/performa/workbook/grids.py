"""Small tables uploaded by the office (CSV or XLSX) as grids of cells, with located errors.

Context tables, staff figures and body members are all imported from such files: one reader
turns the bytes into rows of text, and the parsers here check them, giving every problem as a
``GridError`` located by row and column in Italian. No Django; openpyxl only for XLSX.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final

import openpyxl

from performa.workbook.data import ContextTable, ContextTableRow

__all__ = [
    "Grid",
    "GridError",
    "GridResult",
    "column_letter",
    "context_table_from_grid",
    "grid_from_text",
    "grid_text_of",
    "italian_number",
    "read_grid",
]

UNIT_COLUMN: Final = "Unità"
"""A column with this label (any case, or "Unità di misura") holds each row's unit."""

MAX_ROWS: Final = 2000
MAX_COLUMNS: Final = 60
_NUMBER: Final = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_PLAIN_NUMBER: Final = re.compile(r"[+-]?\d+(?:\.\d+)?")
_NUMBER_LIKE: Final = re.compile(r"[+-]?[\d.,]+\s*%?")

type Grid = list[list[str]]


@dataclass(frozen=True, slots=True)
class GridError:
    """A problem in an uploaded table: row (1 = first) and column (1 = A); 0 when the whole
    file or the whole row is at fault."""

    row: int
    column: int
    reason: str

    def __str__(self) -> str:
        if self.row and self.column:
            return f"riga {self.row}, colonna {column_letter(self.column)}: {self.reason}"
        if self.row:
            return f"riga {self.row}: {self.reason}"
        return self.reason


@dataclass(frozen=True, slots=True)
class GridResult:
    """A parsed table, or the errors that stop it (never both)."""

    table: ContextTable | None
    errors: tuple[GridError, ...] = ()


def column_letter(column: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_grid(content: bytes, file_name: str) -> tuple[Grid, tuple[GridError, ...]]:
    """The rows of a CSV (``;``, ``,`` or tab separated, UTF-8) or of an XLSX's first sheet.

    Cells come back as stripped text (numbers of an XLSX as Italian-free plain text, dates as
    dd/mm/yyyy); trailing empty rows and columns are dropped.
    """
    name = file_name.lower()
    if name.endswith(".xlsx"):
        grid, errors = _xlsx_grid(content)
    elif name.endswith((".csv", ".txt")):
        grid, errors = _csv_grid(content)
    else:
        return [], (GridError(0, 0, "il file deve essere un CSV o un XLSX (Excel)"),)
    if errors:
        return [], errors
    while grid and not any(grid[-1]):
        grid.pop()
    if not grid:
        return [], (GridError(0, 0, "il file è vuoto"),)
    if len(grid) > MAX_ROWS:
        return [], (GridError(0, 0, f"il file ha più di {MAX_ROWS} righe"),)
    width = max(_width(row) for row in grid)
    if width > MAX_COLUMNS:
        return [], (GridError(0, 0, f"il file ha più di {MAX_COLUMNS} colonne"),)
    return [row[:width] + [""] * (width - len(row)) for row in grid], ()


def grid_from_text(text: str) -> tuple[Grid, tuple[GridError, ...]]:
    """The grid typed in the table editor: one row per line, cells separated by ``;`` (or
    tabs, as pasted from a spreadsheet)."""
    return read_grid(text.encode("utf-8"), "tabella.csv")


def grid_text_of(table: ContextTable) -> str:
    """``table`` as the editor's text, which ``grid_from_text`` reads back to the same table."""
    has_units = any(row.unit for row in table.rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["", *table.columns, *([UNIT_COLUMN] if has_units else [])])
    for row in table.rows:
        cells = [_editor_text(value) for value in row.values]
        cells += [""] * (len(table.columns) - len(cells))
        writer.writerow([row.label, *cells, *([row.unit] if has_units else [])])
    return buffer.getvalue()


def _editor_text(value: Decimal | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return value


def _width(row: Sequence[str]) -> int:
    width = len(row)
    while width and not row[width - 1]:
        width -= 1
    return width


def _csv_grid(content: bytes) -> tuple[Grid, tuple[GridError, ...]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            return [], (GridError(0, 0, "il CSV non è un testo UTF-8"),)
    first = text.split("\n", 1)[0]
    delimiter = max((";", "\t", ","), key=first.count)
    rows = [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
    return rows, ()


def _xlsx_grid(content: bytes) -> tuple[Grid, tuple[GridError, ...]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return [], (GridError(0, 0, "il file non è un XLSX leggibile"),)
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return rows, ()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SI" if value else "NO"
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value).strip()


def italian_number(text: str) -> Decimal | None:
    """``"1.779,4"``, ``"-3,8"``, ``"+0,3"``, ``"0.84"``, ``"82"`` as a number; ``None`` if the
    text is not a number. With a comma, dots group thousands; without one, a dot followed by
    groups of three digits does too ("22.902"), any other dot is a decimal point ("0.84",
    as an XLSX cell gives it)."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if not cleaned:
        return None
    try:
        if _NUMBER.fullmatch(cleaned):
            return Decimal(cleaned.replace(".", "").replace(",", "."))
        if _PLAIN_NUMBER.fullmatch(cleaned):
            return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid numbers
        return None
    return None


def context_table_from_grid(
    grid: Grid,
    *,
    code: str,
    title: str,
    section: str,
    unit: str = "",
    source: str = "",
    chart: str = "",
    note: str = "",
) -> GridResult:
    """A context table from a grid: first row = column labels, first column = row labels.

    The top-left cell is ignored. A cell that reads as a number is a number; one that looks
    like a number but is not ("1,2,3", "4..5") is an error, any other text stays text; an
    empty cell is empty. Column labels must be present and distinct, row labels present.
    """
    errors: list[GridError] = []
    if len(grid) < 2 or len(grid[0]) < 2:
        return GridResult(
            None,
            (
                GridError(
                    0,
                    0,
                    "servono almeno una riga di intestazione e una riga di dati, "
                    "e almeno due colonne (etichette e valori)",
                ),
            ),
        )
    header = grid[0]
    unit_index = next(
        (
            index
            for index, label in enumerate(header)
            if index and label.strip().lower() in {"unità", "unità di misura", "unita"}
        ),
        None,
    )
    columns: list[str] = []
    for index, label in enumerate(header[1:], start=2):
        if index - 1 == unit_index:
            continue
        if not label:
            errors.append(GridError(1, index, "manca l'etichetta della colonna"))
        elif label in columns:
            errors.append(GridError(1, index, f"la colonna «{label}» è ripetuta"))
        columns.append(label)
    rows: list[ContextTableRow] = []
    for row_number, row in enumerate(grid[1:], start=2):
        if not any(row):
            continue
        label = row[0]
        if not label:
            errors.append(GridError(row_number, 1, "manca l'etichetta della riga"))
        values: list[Decimal | str | None] = []
        row_unit = row[unit_index] if unit_index is not None else ""
        for column_number, cell in enumerate(row[1:], start=2):
            if column_number - 1 == unit_index:
                continue
            value, reason = _value_of(cell)
            if reason:
                errors.append(GridError(row_number, column_number, reason))
            values.append(value)
        rows.append(ContextTableRow(label=label, values=tuple(values), unit=row_unit))
    if not rows and not errors:
        errors.append(GridError(0, 0, "la tabella non ha righe di dati"))
    if errors:
        return GridResult(None, tuple(errors))
    return GridResult(
        ContextTable(
            code=code,
            title=title,
            section=section,
            columns=tuple(columns),
            rows=tuple(rows),
            source=source,
            chart=chart,
            unit=unit,
            note=note,
        )
    )


def _value_of(cell: str) -> tuple[Decimal | str | None, str]:
    """A cell's value and, when it looks like a malformed number, the reason."""
    if not cell:
        return None, ""
    number = italian_number(cell)
    if number is not None:
        return number, ""
    if _NUMBER_LIKE.fullmatch(cell) and any(char.isdigit() for char in cell):
        return None, f"«{cell}» non è un numero valido (usare la virgola per i decimali: 1.234,5)"
    return cell, ""
