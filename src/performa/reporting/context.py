"""The office's own material as document blocks: narrative texts and context tables with charts.

Narratives become paragraphs (or lists), context tables become ``Table``s with Italian numbers
and, when the table asks for one, a chart from ``charts``. No ORM, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from performa.reporting.charts import ChartData, ChartKind, Series, chart_figure
from performa.reporting.document import (
    Align,
    Block,
    Branding,
    BulletList,
    Cell,
    Column,
    Paragraph,
    ParagraphStyle,
    Row,
    RowKind,
    Table,
)
from performa.reporting.formatting import NO_BREAK_SPACE, format_number
from performa.workbook.data import ContextTable, ContextTableRow, NarrativeRow

__all__ = [
    "context_table",
    "context_table_blocks",
    "narrative_blocks",
    "narratives_by_key",
    "number_text",
    "placeholder",
]

_LIST_LINE: Final = re.compile(r"^(?:[-•]\s+|[a-z]\)\s+|[a-z]\.\s+)")
_YEAR: Final = re.compile(r"\b(?:19|20)\d{2}\b")
_TOTAL_LABEL: Final = re.compile(r"^\s*totale\b", re.IGNORECASE)
_SUFFIXED_UNITS: Final = ("%", "€")
_MAX_SHOWN_DECIMALS: Final = 4


def narratives_by_key(narratives: tuple[NarrativeRow, ...]) -> dict[str, NarrativeRow]:
    """The narratives by key; a key given twice keeps its first text."""
    found: dict[str, NarrativeRow] = {}
    for narrative in narratives:
        found.setdefault(narrative.key, narrative)
    return found


def placeholder(subject: str) -> Paragraph:
    """The neutral note shown where the administration has not written a text yet."""
    return Paragraph(
        f"Testo non ancora disponibile: la parte «{subject}» sarà redatta dall'amministrazione.",
        ParagraphStyle.NOTE,
    )


def narrative_blocks(
    narratives: Mapping[str, NarrativeRow],
    key: str,
    subject: str,
    *,
    is_optional: bool = False,
) -> tuple[Block, ...]:
    """The paragraphs of narrative ``key`` (blank lines separate them).

    A paragraph whose every line starts with a list marker ("- ", "a) ", "a. ") becomes a
    ``BulletList`` (the "-" is dropped, letters are kept). A missing or blank narrative gives a
    placeholder paragraph naming ``subject``, or nothing when ``is_optional``.
    """
    narrative = narratives.get(key)
    text = narrative.text.strip() if narrative is not None else ""
    if not text:
        return () if is_optional else (placeholder(subject),)
    blocks: list[Block] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(_LIST_LINE.match(line) for line in lines) and (
            len(lines) > 1 or lines[0].startswith(("-", "•"))
        ):
            items = tuple(re.sub(r"^[-•]\s+", "", line) for line in lines)
            blocks.append(BulletList(items))
        else:
            blocks.append(Paragraph(" ".join(lines)))
    return tuple(blocks)


def context_table_blocks(table: ContextTable, branding: Branding) -> tuple[Block, ...]:
    """A context table as blocks: its chart first when it asks for one, then the table."""
    document_table = context_table(table)
    figure_kind = table.chart.strip().lower()
    if figure_kind not in {kind.value for kind in ChartKind}:
        return (document_table,)
    per_row = _per_row_line_charts(table, ChartKind(figure_kind), branding, document_table)
    if per_row:
        return (*per_row, document_table)
    data = _chart_data(table, ChartKind(figure_kind))
    if data is None:
        return (document_table,)
    figure = chart_figure(
        figure_kind,
        data,
        key=f"grafico-{table.code}",
        caption=table.title,
        branding=branding,
        table=document_table,
    )
    return figure, document_table


def _per_row_line_charts(
    table: ContextTable, kind: ChartKind, branding: Branding, document_table: Table
) -> tuple[Block, ...]:
    """A line chart over years whose rows have different units (a vote, a percentage, a
    ratio: the macro indicators) as one small chart per row, each on its own scale; ``()``
    when the rows share a unit (one chart shows them all)."""
    rows = [row for row in table.rows if not _TOTAL_LABEL.match(row.label)]
    units = {_unit_of(row, table) for row in rows}
    if kind is not ChartKind.LINE or len(rows) < 2 or len(units) < 2:
        return ()
    figures: list[Block] = []
    for index, row in enumerate(rows):
        single = ContextTable(
            code=f"{table.code}-{index + 1}",
            title=row.label,
            section=table.section,
            columns=table.columns,
            rows=(row,),
            unit=_unit_of(row, table),
        )
        data = _chart_data(single, ChartKind.LINE)
        if data is None or len(data.categories) < 2:
            return ()
        figures.append(
            chart_figure(
                ChartKind.LINE,
                data,
                key=f"grafico-{table.code}-{index + 1}",
                caption=f"{table.title}: {row.label}",
                branding=branding,
                table=document_table,
            )
        )
    return tuple(figures)


def context_table(table: ContextTable) -> Table:
    """``table`` as a document table: caption = title, source note = source, Italian numbers.

    Numbers are written with the decimals of their column ("-5,0" above "-3,7", "1.243,0"
    under "1.779,4", "82"), because a workbook cell does not keep trailing zeros; a "%" or "€"
    unit (the row's, else the table's) follows the number. Text stays as written.
    """
    width = len(table.columns)
    grid = [[_value_at(row, index) for index in range(width)] for row in table.rows]
    numeric = [
        any(_is_number(values[index]) for values in grid)
        and all(_is_number(values[index]) or values[index] is None for values in grid)
        for index in range(width)
    ]
    columns = (Column("", Align.LEFT, 3),) + tuple(
        Column(label, Align.RIGHT, 1, "number") if is_numeric else Column(label, Align.LEFT, 2)
        for label, is_numeric in zip(table.columns, numeric, strict=True)
    )
    decimals = _shown_decimals(table, grid)
    rows = tuple(
        Row(
            (Cell(row.label, row.label),)
            + tuple(
                _value_cell(value, _unit_of(row, table), places)
                for value, places in zip(values, row_decimals, strict=True)
            ),
            RowKind.TOTAL if _TOTAL_LABEL.match(row.label) else RowKind.BODY,
        )
        for row, values, row_decimals in zip(table.rows, grid, decimals, strict=True)
    )
    notes = (table.note,) if table.note.strip() else ()
    return Table(
        key=f"contesto-{table.code}",
        caption=table.title,
        columns=columns,
        rows=rows,
        source=table.source,
        notes=notes,
    )


def _value_at(row: ContextTableRow, index: int) -> Decimal | str | None:
    return row.values[index] if index < len(row.values) else None


def _is_number(value: Decimal | str | None) -> bool:
    return isinstance(value, Decimal)


def _unit_of(row: ContextTableRow, table: ContextTable) -> str:
    row_unit: str = getattr(row, "unit", "") or ""
    return (row_unit or table.unit).strip()


def _shown_decimals(table: ContextTable, grid: list[list[Decimal | str | None]]) -> list[list[int]]:
    """For each cell, the most decimals in its column among rows of the same unit.

    A row whose unit no other row has (a ratio among votes and percentages) takes the most
    decimals of its own row instead, so "0,84 0,90 0,78" stay alike.
    """
    units = [_unit_of(row, table) for row in table.rows]
    by_column: dict[tuple[int, str], int] = {}
    for values, unit in zip(grid, units, strict=True):
        for index, value in enumerate(values):
            key = (index, unit)
            by_column[key] = max(by_column.get(key, 0), _decimals(value))
    shown = []
    for values, unit in zip(grid, units, strict=True):
        if units.count(unit) == 1:
            most = max((_decimals(value) for value in values), default=0)
            shown.append([most] * len(values))
        else:
            shown.append([by_column[(index, unit)] for index in range(len(values))])
    return shown


def _decimals(value: Decimal | str | None) -> int:
    if not isinstance(value, Decimal):
        return 0
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    return min(-exponent, _MAX_SHOWN_DECIMALS)


def _value_cell(value: Decimal | str | None, unit: str, decimals: int) -> Cell:
    if value is None:
        return Cell("", None)
    if isinstance(value, str):
        return Cell(value, value)
    return Cell(number_text(value, unit, decimals), value)


def number_text(value: Decimal, unit: str = "", decimals: int | None = None) -> str:
    """A context number in Italian format, with "%" or "€" after it when that is its unit.

    ``decimals`` defaults to those the value was given with (at most four).
    """
    places = _decimals(value) if decimals is None else decimals
    text = format_number(value, places)
    return f"{text}{NO_BREAK_SPACE}{unit}" if unit in _SUFFIXED_UNITS else text


def _chart_data(table: ContextTable, kind: ChartKind) -> ChartData | None:
    """The numbers of ``table`` as chart series, without "Totale" rows; ``None`` if no number.

    A line chart over year columns ("Stato 2021", "Stato 2022"…) draws one line per row;
    otherwise every numeric column is a series over the rows.
    """
    rows = [row for row in table.rows if not _TOTAL_LABEL.match(row.label)]
    numeric = [
        index
        for index in range(len(table.columns))
        if any(index < len(row.values) and _is_number(row.values[index]) for row in rows)
    ]
    if not rows or not numeric:
        return None
    unit = next((_unit_of(row, table) for row in rows if _unit_of(row, table)), table.unit)

    def number(row: ContextTableRow, index: int) -> Decimal | None:
        value = row.values[index] if index < len(row.values) else None
        return value if isinstance(value, Decimal) else None

    is_over_years = len(numeric) > 1 and all(_YEAR.search(table.columns[i]) for i in numeric)
    if kind is ChartKind.LINE and is_over_years:
        series = tuple(
            Series(row.label, tuple(number(row, index) for index in numeric))
            for row in rows
            if sum(number(row, index) is not None for index in numeric) > 1
        )
        if not series:
            return None
        return ChartData(tuple(table.columns[index] for index in numeric), series, unit)
    chosen = numeric[:1] if kind is ChartKind.PIE else numeric
    return ChartData(
        tuple(row.label for row in rows),
        tuple(
            Series(table.columns[index], tuple(number(row, index) for row in rows))
            for index in chosen
        ),
        unit,
    )
