"""Staff figures and body members from uploaded or typed tables (CSV/XLSX or ``;`` text),
every problem located by row and column; nothing here writes."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from django.utils import translation
from django.utils.translation import gettext as _

from performa.apps.staff.models import BodyKind, StaffBreakdown, StaffMeasure
from performa.reporting.gender import StaffFigureRow
from performa.workbook.grids import Grid, GridError, italian_number

FIGURE_COLUMNS: Final = ("misura", "dimensione", "voce", "genere", "valore")
MEMBER_COLUMNS: Final = ("organo", "tipo", "nome", "ruolo", "settore", "dal", "al", "nota")
_DATE: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_GENDERS: Final = {"f": "F", "donne": "F", "donna": "F", "m": "M", "uomini": "M", "uomo": "M"}


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A member of a body, as read from a table."""

    body: str
    kind: str
    name: str
    role: str = ""
    sector: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    note: str = ""


def _choice(
    text: str, choices: type[StaffMeasure] | type[StaffBreakdown] | type[BodyKind]
) -> str | None:
    """The code of ``text``: a code, or a label in Italian (the files' language) or in the
    reader's interface language, so an Italian file imports the same from the English UI."""
    wanted = text.strip().lower()
    with translation.override("it"):
        italian = {str(value): str(label).lower() for value, label in choices.choices}
    for value, label in choices.choices:
        if wanted in {str(value).lower(), str(label).lower(), italian[str(value)]}:
            return str(value)
    return None


def _header(grid: Grid, expected: tuple[str, ...], required: int) -> dict[str, int] | GridError:
    found = {cell.strip().lower(): index for index, cell in enumerate(grid[0]) if cell.strip()}
    missing = [name for name in expected[:required] if name not in found]
    if missing:
        return GridError(
            1,
            0,
            _("mancano le colonne %(names)s (attese: %(all)s)")
            % {"names": ", ".join(missing), "all": "; ".join(expected)},
        )
    return found


def figures_from_grid(grid: Grid) -> tuple[list[StaffFigureRow], list[GridError]]:
    """Rows ``misura; dimensione; voce; genere; valore`` as figures (codes or Italian labels,
    gender F/M/empty, values with a decimal comma)."""
    header = _header(grid, FIGURE_COLUMNS, len(FIGURE_COLUMNS))
    if isinstance(header, GridError):
        return [], [header]
    figures: list[StaffFigureRow] = []
    errors: list[GridError] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for number, row in enumerate(grid[1:], start=2):
        if not any(row):
            continue

        def cell(name: str, row: list[str] = row) -> tuple[str, int]:
            index = header[name]
            return (row[index] if index < len(row) else ""), index + 1

        measure_text, measure_column = cell("misura")
        measure = _choice(measure_text, StaffMeasure)
        if measure is None:
            errors.append(
                GridError(
                    number,
                    measure_column,
                    _("«%(text)s» non è una misura (%(choices)s)")
                    % {
                        "text": measure_text,
                        "choices": ", ".join(str(label) for label in StaffMeasure.labels),
                    },
                )
            )
        breakdown_text, breakdown_column = cell("dimensione")
        breakdown = _choice(breakdown_text, StaffBreakdown)
        if breakdown is None:
            errors.append(
                GridError(
                    number,
                    breakdown_column,
                    _("«%(text)s» non è una dimensione (%(choices)s)")
                    % {
                        "text": breakdown_text,
                        "choices": ", ".join(str(label) for label in StaffBreakdown.labels),
                    },
                )
            )
        item, item_column = cell("voce")
        if not item:
            if breakdown == StaffBreakdown.TOTAL:
                item = "Totale"
            else:
                errors.append(GridError(number, item_column, _("manca la voce")))
        gender_text, gender_column = cell("genere")
        gender = (
            ""
            if not gender_text.strip() or gender_text.strip().lower() in {"totale", "tutti"}
            else _GENDERS.get(gender_text.strip().lower())
        )
        if gender is None:
            errors.append(
                GridError(
                    number,
                    gender_column,
                    _("«%(text)s» non è un genere (F, M o vuoto per il totale)")
                    % {"text": gender_text},
                )
            )
        value_text, value_column = cell("valore")
        value = italian_number(value_text)
        if value is None:
            errors.append(
                GridError(
                    number,
                    value_column,
                    _("«%(text)s» non è un numero") % {"text": value_text}
                    if value_text
                    else _("manca il valore"),
                )
            )
        elif value < 0:
            errors.append(GridError(number, value_column, _("il valore non può essere negativo")))
        if measure and breakdown and item and gender is not None and value is not None:
            key = (measure, breakdown, item, gender)
            if key in seen:
                errors.append(
                    GridError(
                        number, 0, _("dato ripetuto: è già alla riga %(row)s") % {"row": seen[key]}
                    )
                )
            seen[key] = number
            figures.append(StaffFigureRow(measure, breakdown, item, gender, value))
    return figures, errors


def _date_of(text: str) -> date | None:
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)


def members_from_grid(grid: Grid) -> tuple[list[MemberRow], list[GridError]]:
    """Rows ``organo; tipo; nome; ruolo; settore; dal; al; nota`` as members (dates dd/mm/yyyy,
    optional; ``tipo`` a body kind: Consiglio, Giunta, Presidente, Collegio dei revisori, OIV…)."""
    header = _header(grid, MEMBER_COLUMNS, 3)
    if isinstance(header, GridError):
        return [], [header]
    members: list[MemberRow] = []
    errors: list[GridError] = []
    for number, row in enumerate(grid[1:], start=2):
        if not any(row):
            continue

        def cell(name: str, row: list[str] = row) -> tuple[str, int]:
            index = header.get(name)
            if index is None:
                return "", 0
            return (row[index] if index < len(row) else ""), index + 1

        body, body_column = cell("organo")
        if not body:
            errors.append(GridError(number, body_column, _("manca l'organo")))
        kind_text, kind_column = cell("tipo")
        kind = _choice(kind_text, BodyKind)
        if kind is None:
            errors.append(
                GridError(
                    number,
                    kind_column,
                    _("«%(text)s» non è un tipo di organo (%(choices)s)")
                    % {
                        "text": kind_text,
                        "choices": ", ".join(str(label) for label in BodyKind.labels),
                    },
                )
            )
        name, name_column = cell("nome")
        if not name:
            errors.append(GridError(number, name_column, _("manca il nome")))
        dates: list[date | None] = []
        for field in ("dal", "al"):
            text, column = cell(field)
            try:
                dates.append(_date_of(text) if text else None)
            except ValueError:
                errors.append(
                    GridError(
                        number, column, _("«%(text)s» non è una data gg/mm/aaaa") % {"text": text}
                    )
                )
                dates.append(None)
        if dates[0] and dates[1] and dates[1] < dates[0]:
            errors.append(
                GridError(number, cell("al")[1], _("la fine del mandato precede l'inizio"))
            )
        if body and kind and name:
            members.append(
                MemberRow(
                    body=body,
                    kind=kind,
                    name=name,
                    role=cell("ruolo")[0],
                    sector=cell("settore")[0],
                    starts_on=dates[0],
                    ends_on=dates[1],
                    note=cell("nota")[0],
                )
            )
    return members, errors


def figures_text(figures: list[StaffFigureRow]) -> str:
    """Figures as the editor's text (the import layout), read back by ``figures_from_grid``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(FIGURE_COLUMNS)
    for row in figures:
        writer.writerow(
            [row.measure, row.breakdown, row.item, row.gender, _decimal_text(row.value)]
        )
    return buffer.getvalue()


def members_text(members: list[MemberRow]) -> str:
    """Members as the editor's text (the import layout)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(MEMBER_COLUMNS)
    for row in members:
        writer.writerow(
            [
                row.body,
                row.kind,
                row.name,
                row.role,
                row.sector,
                row.starts_on.strftime("%d/%m/%Y") if row.starts_on else "",
                row.ends_on.strftime("%d/%m/%Y") if row.ends_on else "",
                row.note,
            ]
        )
    return buffer.getvalue()


def _decimal_text(value: Decimal) -> str:
    text = (
        format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    )
    return text.replace(".", ",")
