"""Reads of context tables."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count

from performa.apps.contexts.models import ContextSection, ContextTable, ContextTableRow
from performa.apps.cycles.models import Cycle
from performa.workbook import data


def decode_value(stored: Any) -> Decimal | str | None:
    """A stored cell (``{"number": "1.5"}``, ``{"text": "…"}`` or ``None``) as a value."""
    if stored is None:
        return None
    if "number" in stored:
        return Decimal(stored["number"])
    return str(stored["text"])


def context_tables_for(*, cycle: Cycle) -> tuple[data.ContextTable, ...]:
    """Every context table of ``cycle`` with its rows, in order (two queries)."""
    tables = ContextTable.objects.filter(administration=cycle.administration, cycle=cycle)
    rows: dict[int, list[ContextTableRow]] = {}
    for row in ContextTableRow.objects.filter(
        administration=cycle.administration, table__cycle=cycle
    ):
        rows.setdefault(row.table_id, []).append(row)
    return tuple(
        data.ContextTable(
            code=table.code,
            title=table.title,
            section=table.section,
            columns=tuple(table.columns),
            rows=tuple(
                data.ContextTableRow(
                    label=row.label,
                    values=tuple(decode_value(value) for value in row.values),
                    unit=row.unit,
                )
                for row in rows.get(table.pk, [])
            ),
            source=table.source,
            chart=table.chart,
            unit=table.unit,
            note=table.note,
        )
        for table in tables
    )


def context_table_data(*, table: ContextTable) -> data.ContextTable:
    """One stored table as plain data (what the report and the editor show)."""
    return data.ContextTable(
        code=table.code,
        title=table.title,
        section=table.section,
        columns=tuple(table.columns),
        rows=tuple(
            data.ContextTableRow(
                label=row.label,
                values=tuple(decode_value(value) for value in row.values),
                unit=row.unit,
            )
            for row in table.rows.order_by("position")
        ),
        source=table.source,
        chart=table.chart,
        unit=table.unit,
        note=table.note,
    )


@dataclass(frozen=True, slots=True)
class SectionTables:
    """A report section and its tables, in the order the Relazione shows them."""

    key: str
    label: str
    tables: list[ContextTable]


def context_tables_by_section(*, cycle: Cycle) -> list[SectionTables]:
    """Every section of the report's chapter 2 with its tables (empty sections included)."""
    tables = list(
        ContextTable.objects.filter(administration=cycle.administration, cycle=cycle)
        .annotate(row_count=Count("rows"))
        .order_by("position", "pk")
    )
    return [
        SectionTables(
            key=str(key),
            label=str(label),
            tables=[table for table in tables if table.section == key],
        )
        for key, label in ContextSection.choices
    ]
