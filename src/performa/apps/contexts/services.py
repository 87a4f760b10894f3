"""Writes of context tables: the demo/workbook import, and the office's typed or uploaded
tables (each change checked against ``Action.EDIT_CONTEXT``, audited, atomic)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.audit.services import audit_record_by
from performa.apps.contexts.models import ContextTable, ContextTableRow
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.versioning import cycle_touch
from performa.workbook import data
from performa.workbook.grids import GridError, context_table_from_grid, read_grid


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


# -- the office's editing (web pages) ---------------------------------------------------------


class ContextError(Exception):
    """A context table change refused, with the Italian message shown to the user."""

    def __init__(self, message: str, errors: tuple[GridError, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors


class ContextPermissionError(ContextError):
    """The actor may not change the cycle's context tables (pages answer 403)."""


def _check(actor: Actor, cycle: Cycle) -> None:
    if not can(actor, Action.EDIT_CONTEXT, cycle=cycle):
        if cycle.administration_id == actor.administration.pk and is_cycle_locked(cycle):
            raise ContextError(
                _("Il ciclo è validato dall'OIV: i dati di contesto non si modificano più.")
            )
        raise ContextPermissionError(_("Non puoi modificare i dati di contesto di questo ciclo."))


def context_table_snapshot(table: ContextTable) -> dict[str, Any]:
    """A table and its rows as JSON, for the audit trail."""
    return {
        "code": table.code,
        "title": table.title,
        "section": table.section,
        "columns": list(table.columns),
        "unit": table.unit,
        "source": table.source,
        "chart": table.chart,
        "note": table.note,
        "rows": [
            {"label": row.label, "unit": row.unit, "values": row.values}
            for row in table.rows.order_by("position")
        ],
    }


def context_table_save(
    *,
    actor: Actor,
    cycle: Cycle,
    table: data.ContextTable,
    replacing: ContextTable | None = None,
) -> ContextTable:
    """Create ``table`` in ``cycle`` or replace ``replacing`` with it, rows and all, atomically.

    The code must be unique in the cycle; the audit trail keeps the table before and after.
    """
    with transaction.atomic():
        _check(actor, cycle)
        clash = ContextTable.objects.filter(cycle=cycle, code=table.code)
        if replacing is not None:
            if replacing.cycle_id != cycle.pk:
                raise ContextPermissionError(_("La tabella non è di questo ciclo."))
            clash = clash.exclude(pk=replacing.pk)
        if clash.exists():
            raise ContextError(
                _("Esiste già una tabella con il codice «%(code)s» in questo ciclo.")
                % {"code": table.code}
            )
        before = context_table_snapshot(replacing) if replacing is not None else None
        if replacing is None:
            position = ContextTable.objects.filter(cycle=cycle).aggregate(top=Max("position"))[
                "top"
            ]
            stored = ContextTable(
                administration=cycle.administration,
                cycle=cycle,
                position=0 if position is None else position + 1,
            )
        else:
            stored = replacing
            stored.rows.all().delete()
        stored.code = table.code
        stored.title = table.title
        stored.section = table.section
        stored.columns = list(table.columns)
        stored.source = table.source
        stored.chart = table.chart
        stored.unit = table.unit
        stored.note = table.note
        stored.save()
        ContextTableRow.objects.bulk_create(
            ContextTableRow(
                administration=cycle.administration,
                table=stored,
                label=row.label,
                unit=row.unit,
                values=[encode_value(value) for value in row.values],
                position=position,
            )
            for position, row in enumerate(table.rows)
        )
        audit_record_by(
            actor,
            cycle=cycle,
            action="context_table_update" if replacing is not None else "context_table_create",
            object_type="context_table",
            object_code=f"{cycle.administration.code}/{cycle.year}/{stored.code}",
            before=before,
            after=context_table_snapshot(stored),
        )
        cycle_touch(cycle_id=cycle.pk)
    return stored


def context_table_import(
    *,
    actor: Actor,
    cycle: Cycle,
    content: bytes,
    file_name: str,
    code: str,
    title: str,
    section: str,
    unit: str = "",
    source: str = "",
    chart: str = "",
    note: str = "",
    replacing: ContextTable | None = None,
) -> ContextTable:
    """A table from a CSV/XLSX (first row: column labels; first column: row labels), saved
    with ``context_table_save``; every error of the file located, and nothing written if any."""
    _check(actor, cycle)
    grid, errors = read_grid(content, file_name)
    if errors:
        raise ContextError(_("Il file non è stato importato."), errors)
    result = context_table_from_grid(
        grid,
        code=code,
        title=title,
        section=section,
        unit=unit,
        source=source,
        chart=chart,
        note=note,
    )
    if result.table is None:
        raise ContextError(_("Il file non è stato importato."), result.errors)
    return context_table_save(actor=actor, cycle=cycle, table=result.table, replacing=replacing)


def context_table_delete(*, actor: Actor, table: ContextTable) -> None:
    """Delete ``table`` with its rows; the audit trail keeps what it held."""
    cycle = table.cycle
    with transaction.atomic():
        _check(actor, cycle)
        before = context_table_snapshot(table)
        code = table.code
        table.delete()
        audit_record_by(
            actor,
            cycle=cycle,
            action="context_table_delete",
            object_type="context_table",
            object_code=f"{cycle.administration.code}/{cycle.year}/{code}",
            before=before,
        )
        cycle_touch(cycle_id=cycle.pk)


def context_table_move(*, actor: Actor, table: ContextTable, offset: int) -> None:
    """Move ``table`` up (``offset`` −1) or down (+1) among the tables of its section."""
    cycle = table.cycle
    with transaction.atomic():
        _check(actor, cycle)
        siblings = list(
            ContextTable.objects.select_for_update()
            .filter(cycle=cycle, section=table.section)
            .order_by("position", "pk")
        )
        index = next(i for i, item in enumerate(siblings) if item.pk == table.pk)
        target = index + offset
        if not 0 <= target < len(siblings):
            return
        order = [item.position for item in siblings]
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for item, position in zip(siblings, sorted(order), strict=True):
            if item.position != position:
                ContextTable.objects.filter(pk=item.pk).update(position=position)
        if len(set(order)) < len(order):  # equal positions: renumber the section
            for position, item in enumerate(siblings):
                ContextTable.objects.filter(pk=item.pk).update(position=min(order) + position)
        audit_record_by(
            actor,
            cycle=cycle,
            action="context_table_move",
            object_type="context_table",
            object_code=f"{cycle.administration.code}/{cycle.year}/{table.code}",
            before={"position": index + 1},
            after={"position": target + 1},
        )
        cycle_touch(cycle_id=cycle.pk)


def context_tables_put(*, cycle: Cycle, tables: Iterable[data.ContextTable]) -> int:
    """Add ``tables`` to ``cycle``, each replacing the table with its code if any (keeping its
    place); new ones go after the last table of their section. For loaders (the demo):
    call inside their transaction."""
    count = 0
    for table in tables:
        stored = ContextTable.objects.filter(cycle=cycle, code=table.code).first()
        if stored is None:
            siblings = ContextTable.objects.filter(cycle=cycle, section=table.section)
            last = siblings.aggregate(top=Max("position"))["top"]
            if last is None:
                last = ContextTable.objects.filter(cycle=cycle).aggregate(top=Max("position"))[
                    "top"
                ]
            position = 0 if last is None else last + 1
            ContextTable.objects.filter(cycle=cycle, position__gte=position).update(
                position=F("position") + 1
            )
            stored = ContextTable(administration=cycle.administration, cycle=cycle)
            stored.position = position
        else:
            stored.rows.all().delete()
        stored.code = table.code
        stored.title = table.title
        stored.section = table.section
        stored.columns = list(table.columns)
        stored.source = table.source
        stored.chart = table.chart
        stored.unit = table.unit
        stored.note = table.note
        stored.save()
        ContextTableRow.objects.bulk_create(
            ContextTableRow(
                administration=cycle.administration,
                table=stored,
                label=row.label,
                unit=row.unit,
                values=[encode_value(value) for value in row.values],
                position=index,
            )
            for index, row in enumerate(table.rows)
        )
        count += 1
    return count


def context_tables_order(*, cycle: Cycle, codes: Iterable[str]) -> None:
    """Put the tables ``codes`` in that order, in the places they already take together (for
    loaders; call inside their transaction)."""
    tables = {
        table.code: table for table in ContextTable.objects.filter(cycle=cycle, code__in=codes)
    }
    ordered = [tables[code] for code in codes if code in tables]
    positions = sorted(table.position for table in ordered)
    for table, position in zip(ordered, positions, strict=True):
        if table.position != position:
            ContextTable.objects.filter(pk=table.pk).update(position=position)
