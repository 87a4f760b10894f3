"""``PlanData`` → workbook in the layout the reader reads, so writing then reading is an identity.

Uses openpyxl, the layout and ``performa.scoring`` only; must not import Django or any app.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from performa.scoring.model import Comparator, Target
from performa.workbook._cells import is_excel_safe_date, number_cell
from performa.workbook.data import ContextTable, IndicatorRow, MeasurementRow, PlanData
from performa.workbook.layout import (
    ASSIGNMENTS,
    BASE_MEASURES,
    BASE_VALUES,
    CONTEXT,
    CYCLE,
    CYCLE_KEYS,
    DATE_FORMAT,
    INDICATORS,
    INSTRUCTIONS_SHEET,
    LATER_TARGET_KEYS,
    LEVELS,
    LINKS,
    MEASUREMENTS,
    NARRATIVES,
    NO,
    NOT_AVAILABLE,
    NOTES,
    OVERRIDES,
    PEOPLE,
    PERCENT_FORMAT,
    PERIODS,
    PROCESS,
    RULE_HELP,
    RULES,
    SHEETS,
    TREE,
    UNITS,
    YES,
    Column,
    ColumnKind,
    Sheet,
)

__all__ = ["write_workbook"]

_Row = Mapping[str, object]
_LAST_ROW = 1_048_576
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_TITLE_FONT = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_workbook(plan: PlanData, target: Path | BinaryIO) -> None:
    """Write ``plan`` as an XLSX workbook to ``target`` (a path or a binary stream).

    The ``istruzioni`` sheet comes first, then one sheet per layout sheet (optional ones too,
    with just their header). Numbers are stored exactly (as text when a float cannot hold
    them), dates as real date cells. The same plan always gives the same bytes. Raises
    ``ValueError`` for text holding control characters (other than tab and newline), which
    XLSX cannot store, and for a context table the ``context`` sheet cannot hold exactly: one
    without rows or columns, a row whose values do not match the columns, or a table unit
    that is not its first row unit.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]  # a new workbook has one sheet
    _write_instructions(workbook.create_sheet(INSTRUCTIONS_SHEET))
    for sheet in SHEETS:
        _write_table(workbook.create_sheet(sheet.name), sheet, _ROWS[sheet.name](plan))
    content = _deterministic_bytes(workbook, datetime(plan.cycle.year, 1, 1))
    if isinstance(target, Path):
        target.write_bytes(content)
    else:
        target.write(content)


# -- plan data to rows -----------------------------------------------------------------------


def _cycle_rows(plan: PlanData) -> list[_Row]:
    cycle = plan.cycle
    values: dict[str, object] = {
        "administration_code": cycle.administration_code,
        "administration_name": cycle.administration_name,
        "year": cycle.year,
        "title": cycle.title,
        "plan_act": cycle.plan_act,
        "report_act": cycle.report_act,
    }
    return [{"key": key_field.key, "value": values[key_field.key]} for key_field in CYCLE_KEYS]


def _rules_rows(plan: PlanData) -> list[_Row]:
    return [{"key": key, "value": value} for key, value in plan.rules.to_settings().items()]


def _target_cells(target: Target) -> tuple[object, object]:
    if target.comparator is Comparator.DEADLINE:
        return target.due_on, None
    if target.comparator is Comparator.YES_NO:
        return target.expected, None
    return target.value, target.upper if target.comparator is Comparator.BETWEEN else None


def _later_target_cells(indicator: IndicatorRow, year: int) -> _Row:
    """The ``target_second_year``... cells of the targets of the years after the cycle's
    ``year``; an operator only where it is not the indicator's."""
    cells: dict[str, object] = {}
    for key in LATER_TARGET_KEYS:
        cells[key], cells[f"{key}_upper"], cells[f"{key}_operator"] = None, None, None
    for later in indicator.later_targets:
        offset = later.year - year
        if not 1 <= offset <= len(LATER_TARGET_KEYS):
            raise ValueError(
                f"indicatore «{indicator.code}»: un target per il {later.year}, ma la cartella "
                f"di lavoro contiene solo quelli dal {year + 1} al {year + len(LATER_TARGET_KEYS)}"
            )
        key = LATER_TARGET_KEYS[offset - 1]
        cells[key], cells[f"{key}_upper"] = _target_cells(later.target)
        if later.target.comparator is not indicator.target.comparator:
            cells[f"{key}_operator"] = later.target.comparator.value
    return cells


def _indicator_row(indicator: IndicatorRow, year: int) -> _Row:
    target, target_upper = _target_cells(indicator.target)
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "operator": indicator.target.comparator.value,
        "target": target,
        "target_upper": target_upper,
        "description": indicator.description,
        "formula": indicator.formula,
        "baseline": indicator.baseline,
        "baseline_year": indicator.baseline_year,
        "data_source": indicator.data_source,
        "notes": indicator.notes,
        **_later_target_cells(indicator, year),
    }


def _measurement_row(measurement: MeasurementRow) -> _Row:
    return {
        "indicator_code": measurement.indicator_code,
        "period_code": measurement.period_code,
        "value": NOT_AVAILABLE if measurement.value is None else measurement.value,
        "not_available_reason": measurement.not_available_reason,
        "comment": measurement.comment,
        "data_source": measurement.data_source,
    }


def _context_rows(plan: PlanData) -> Iterator[_Row]:
    """One row per cell, every cell written (empty ones too) so rows and columns keep order."""
    for table in plan.context_tables:
        _check_context_table(table)
        attributes: dict[str, object] = {
            "title": table.title,
            "section": table.section,
            "source": table.source,
            "chart": table.chart,
            "note": table.note,
        }
        for row in table.rows:
            for column, value in zip(table.columns, row.values, strict=True):
                yield {
                    "table_code": table.code,
                    **attributes,
                    "unit": row.unit,
                    "row_label": row.label,
                    "column_label": column,
                    "value": value,
                }
                attributes = dict.fromkeys(attributes, None)  # given once, on the first row


def _check_context_table(table: ContextTable) -> None:
    if not table.rows or not table.columns:
        raise ValueError(
            f"la tabella di contesto «{table.code}» non ha righe o colonne; il foglio context "
            "contiene una tabella come le sue celle"
        )
    for row in table.rows:
        if len(row.values) != len(table.columns):
            raise ValueError(
                f"tabella di contesto «{table.code}»: la riga «{row.label}» ha {len(row.values)} "
                f"valori per {len(table.columns)} colonne"
            )
    first_unit = next((row.unit for row in table.rows if row.unit), "")
    if table.unit != first_unit:
        raise ValueError(
            f"tabella di contesto «{table.code}»: l'unità «{table.unit}» non è quella della sua "
            f"prima riga, «{first_unit}»; il foglio context tiene le unità per riga"
        )


_ROWS: Mapping[str, Callable[[PlanData], Iterable[_Row]]] = {
    CYCLE.name: _cycle_rows,
    RULES.name: _rules_rows,
    LEVELS.name: lambda plan: (
        {"depth": row.depth, "key": row.key, "name": row.name} for row in plan.levels
    ),
    UNITS.name: lambda plan: (
        {"code": row.code, "name": row.name, "parent_code": row.parent_code} for row in plan.units
    ),
    PEOPLE.name: lambda plan: (
        {"code": row.code, "name": row.name, "title": row.title} for row in plan.people
    ),
    TREE.name: lambda plan: (
        {
            "code": row.code,
            "parent_code": row.parent_code,
            "level": row.level,
            "name": row.name,
            "description": row.description,
            "weight": row.weight,
            "owner_unit": row.owner_unit,
            "manager": row.manager,
        }
        for row in plan.nodes
    ),
    INDICATORS.name: lambda plan: (_indicator_row(row, plan.cycle.year) for row in plan.indicators),
    BASE_MEASURES.name: lambda plan: (
        {
            "code": row.code,
            "name": row.name,
            "unit": row.unit,
            "description": row.description,
            "data_source": row.data_source,
            "responsible_unit": row.responsible_unit,
        }
        for row in plan.base_measures
    ),
    BASE_VALUES.name: lambda plan: (
        {
            "measure_code": row.measure_code,
            "period_code": row.period_code,
            "value": row.value,
            "comment": row.comment,
            "data_source": row.data_source,
        }
        for row in plan.base_values
    ),
    LINKS.name: lambda plan: (
        {
            "objective_code": row.objective_code,
            "indicator_code": row.indicator_code,
            "weight": row.weight,
        }
        for row in plan.links
    ),
    PERIODS.name: lambda plan: (
        {
            "code": row.code,
            "name": row.name,
            "starts_on": row.starts_on,
            "ends_on": row.ends_on,
            "is_final": row.is_final,
        }
        for row in plan.periods
    ),
    MEASUREMENTS.name: lambda plan: (_measurement_row(row) for row in plan.measurements),
    OVERRIDES.name: lambda plan: (
        {
            "code": row.code,
            "evaluated_percent": row.evaluated_percent,
            "justification": row.justification,
            "evaluator": row.evaluator,
        }
        for row in plan.overrides
    ),
    ASSIGNMENTS.name: lambda plan: (
        {"person_code": row.person_code, "objective_code": row.objective_code}
        for row in plan.assignments
    ),
    NARRATIVES.name: lambda plan: (
        {"key": row.key, "title": row.title, "text": row.text} for row in plan.narratives
    ),
    CONTEXT.name: _context_rows,
    PROCESS.name: lambda plan: (
        {"year": row.year, "what": row.what, "who": row.who, "how": row.how, "when": row.when}
        for row in plan.process_steps
    ),
    NOTES.name: lambda plan: (
        {
            "location": row.location,
            "reference_value": row.reference_value,
            "performa_value": row.performa_value,
            "note": row.note,
        }
        for row in plan.notes
    ),
}


# -- rows to cells ---------------------------------------------------------------------------


def _write_table(worksheet: Worksheet, sheet: Sheet, rows: Iterable[_Row]) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        header = worksheet.cell(row=1, column=index, value=column.key)
        header.font = _HEADER_FONT
        header.fill = _HEADER_FILL
        worksheet.column_dimensions[sheet.letter(column.key)].width = column.width
    number = 1
    for number, row in enumerate(rows, start=2):
        if set(row) != set(sheet.keys):
            raise AssertionError(f"{sheet.name}: row keys {sorted(row)} differ from the layout")
        for index, column in enumerate(sheet.columns, start=1):
            _write_cell(worksheet, number, index, column, row[column.key])
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:{sheet.letter(sheet.keys[-1])}{number}"
    _add_choices(worksheet, sheet)


def _write_cell(worksheet: Worksheet, row: int, index: int, column: Column, value: object) -> None:
    if value is None or value == "":
        return
    cell = worksheet.cell(row=row, column=index)
    if isinstance(value, bool):
        cell.value = YES if value else NO
    elif isinstance(value, Decimal):
        stored = number_cell(value)
        cell.value = stored
        if not isinstance(stored, str):
            cell.number_format = PERCENT_FORMAT if column.kind is ColumnKind.PERCENT else "General"
    elif isinstance(value, date) and is_excel_safe_date(value):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, date):
        cell.value = value.isoformat()  # Excel has no date cell before March 1900
    elif isinstance(value, int | str):
        try:
            cell.value = value
        except IllegalCharacterError:
            raise ValueError(
                f"foglio «{worksheet.title}», riga {cell.row}, colonna «{column.key}» "
                f"({cell.coordinate}): {value!r} contiene caratteri di controllo, che una "
                "cartella di lavoro non può contenere"
            ) from None
    else:
        raise TypeError(f"cannot write {value!r} in {column.key}")
    if isinstance(cell.value, str):
        # Text stays text: '=...' must not become a formula, nor '#N/A' an error value.
        cell.data_type = "s"
    if column.is_wrapped:
        cell.alignment = _WRAP


def _add_choices(worksheet: Worksheet, sheet: Sheet) -> None:
    """Drop-down lists for operators, SI/NO and choice columns."""
    for column in sheet.columns:
        if column.kind is ColumnKind.OPERATOR:
            choices = [comparator.value for comparator in Comparator]
        elif column.kind is ColumnKind.YES_NO:
            choices = [YES, NO]
        elif column.kind is ColumnKind.CHOICE:
            choices = list(column.choices)
        else:
            continue
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Valore non ammesso",
            error="Scegli uno tra: " + ", ".join(choices),
        )
        letter = sheet.letter(column.key)
        validation.add(f"{letter}2:{letter}{_LAST_ROW}")
        worksheet.add_data_validation(validation)


# -- instructions ----------------------------------------------------------------------------

_INTRODUCTION = (
    "Questa cartella contiene il piano e i dati di un ciclo della performance.",
    "In ogni foglio la riga 1 contiene le chiavi delle colonne: non modificarle. I dati "
    "iniziano dalla riga 2 e l'ordine delle righe è l'ordine dell'albero.",
    "Numeri: con la virgola o il punto decimale (es. 350,5). Date: GG/MM/AAAA. "
    f"Sì/no: {YES} o {NO}. Valore non disponibile: {NOT_AVAILABLE}, con il motivo.",
    "I fogli facoltativi possono restare vuoti o mancare. Un foglio con un altro nome è un "
    "errore; questo foglio (istruzioni) non viene letto.",
)


def _instruction_lines() -> list[tuple[str, str, str, bool]]:
    """``(name, required, meaning, is_heading)`` rows, made from the layout's help texts."""
    lines: list[tuple[str, str, str, bool]] = []
    for sheet in SHEETS:
        optional = " (facoltativo)" if sheet.is_optional else ""
        lines.append(("", "", "", False))
        lines.append((f"Foglio {sheet.name}{optional}", "", sheet.help, True))
        lines.append(("colonna", "obbligatoria", "significato", True))
        for column in sheet.columns:
            lines.append((column.key, "sì" if column.is_required else "no", column.help, False))
        if sheet is CYCLE:
            lines.append(("chiave", "obbligatoria", "significato", True))
            for key_field in CYCLE_KEYS:
                required = "sì" if key_field.is_required else "no"
                lines.append((key_field.key, required, key_field.help, False))
        elif sheet is RULES:
            lines.append(("chiave", "obbligatoria", "significato", True))
            lines.extend((key, "no", meaning, False) for key, meaning in RULE_HELP.items())
    return lines


def _write_instructions(worksheet: Worksheet) -> None:
    worksheet["A1"] = "Istruzioni per la compilazione"
    worksheet["A1"].font = _TITLE_FONT
    for row, paragraph in enumerate(_INTRODUCTION, start=2):
        worksheet.cell(row=row, column=1, value=paragraph)
    first_row = len(_INTRODUCTION) + 2
    lines = _instruction_lines()
    for row, (name, required, meaning, is_heading) in enumerate(lines, start=first_row):
        for index, text in enumerate((name, required, meaning), start=1):
            if not text:
                continue
            cell = worksheet.cell(row=row, column=index, value=text)
            cell.data_type = "s"
            cell.alignment = _WRAP
            if is_heading:
                cell.font = _HEADER_FONT
    worksheet.column_dimensions["A"].width = 34
    worksheet.column_dimensions["B"].width = 13
    worksheet.column_dimensions["C"].width = 100


# -- reproducible bytes ----------------------------------------------------------------------


def _deterministic_bytes(workbook: Workbook, moment: datetime) -> bytes:
    """The saved workbook with fixed timestamps, so equal plans give equal files."""
    properties = workbook.properties
    properties.creator = "performa"
    properties.created = moment
    buffer = io.BytesIO()
    workbook.save(buffer)
    properties.modified = moment  # openpyxl stamps the save time; put the fixed one back
    core = tostring(properties.to_tree())
    packed = io.BytesIO()
    with ZipFile(buffer) as saved, ZipFile(packed, "w", ZIP_DEFLATED) as archive:
        for info in saved.infolist():
            content = core if info.filename == ARC_CORE else saved.read(info)
            archive.writestr(ZipInfo(info.filename, _ZIP_TIME), content, ZIP_DEFLATED)
    return packed.getvalue()
