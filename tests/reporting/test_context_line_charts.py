"""A line chart over years whose rows have different units (the macro indicators) is drawn
as one chart per row, each on its own scale; rows of one unit share a single chart."""

from __future__ import annotations

from decimal import Decimal

from performa.reporting.context import context_table_blocks
from performa.reporting.document import Branding, Figure, Table
from performa.workbook.data import ContextTable, ContextTableRow

COLUMNS = ("Valore di riferimento", "Stato 2021", "Stato 2022", "Stato 2023", "Stato 2024")


def _row(label: str, unit: str, *values: str) -> ContextTableRow:
    return ContextTableRow(label, (">= 1", *(Decimal(value) for value in values)), unit)


def test_macro_indicators_of_different_units_get_one_chart_each() -> None:
    table = ContextTable(
        "macro",
        "Gestione dell'ente",
        "resources",
        COLUMNS,
        (
            _row("Gradimento", "voto (1-10)", "7.9", "8", "8.1", "8.2"),
            _row("Obiettivi conseguiti", "%", "84", "100", "100", "98"),
            _row("Costi per impresa", "rapporto", "0.84", "0.90", "0.78", "0.67"),
        ),
        chart="line",
    )
    blocks = context_table_blocks(table, Branding())
    figures = [block for block in blocks if isinstance(block, Figure)]
    assert [figure.caption for figure in figures] == [
        "Gestione dell'ente: Gradimento",
        "Gestione dell'ente: Obiettivi conseguiti",
        "Gestione dell'ente: Costi per impresa",
    ]
    assert "0,67" in figures[2].alt_text
    assert isinstance(blocks[-1], Table)


def test_rows_of_one_unit_share_one_chart() -> None:
    table = ContextTable(
        "macro",
        "Gestione dell'ente",
        "resources",
        COLUMNS,
        (_row("A", "%", "1", "2", "3", "4"), _row("B", "%", "4", "3", "2", "1")),
        chart="line",
    )
    figures = [
        block for block in context_table_blocks(table, Branding()) if isinstance(block, Figure)
    ]
    assert len(figures) == 1
