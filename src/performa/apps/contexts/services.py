"""Writes of context tables."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from performa.apps.contexts.models import ContextTable, ContextTableRow
from performa.apps.cycles.models import Cycle
from performa.workbook import data


def encode_value(value: Decimal | str | None) -> dict[str, str] | None:
    """A cell value as stored: numbers as exact decimal strings, texts tagged as texts."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return {"number": str(value)}
    return {"text": value}


def context_tables_replace(*, cycle: Cycle, tables: Iterable[data.ContextTable]) -> int:
    """Replace every context table of ``cycle``; call inside the import's transaction."""
    ContextTable.objects.filter(administration=cycle.administration, cycle=cycle).delete()
    count = 0
    rows: list[ContextTableRow] = []
    for position, table in enumerate(tables):
        stored = ContextTable.objects.create(
            administration=cycle.administration,
            cycle=cycle,
            code=table.code,
            title=table.title,
            section=table.section,
            columns=list(table.columns),
            source=table.source,
            chart=table.chart,
            unit=table.unit,
            note=table.note,
            position=position,
        )
        values: list[Any]
        for row_position, row in enumerate(table.rows):
            values = [encode_value(value) for value in row.values]
            rows.append(
                ContextTableRow(
                    administration=cycle.administration,
                    table=stored,
                    label=row.label,
                    unit=row.unit,
                    values=values,
                    position=row_position,
                )
            )
        count += 1
    ContextTableRow.objects.bulk_create(rows)
    return count
