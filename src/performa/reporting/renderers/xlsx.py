"""The analysts' workbook (openpyxl): an "Informazioni" sheet, then one sheet per ``Dataset``.

Raw values only, never formulas: percentages are 0–100 numbers shown with two decimals (the
header says "%"), dates are dates, "N/D" is an empty cell. Statuses are text with their symbol,
coloured by conditional formatting, as are the score columns (by the report's thresholds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from performa.reporting.document import (
    Branding,
    Cell,
    Column,
    Dataset,
    Legend,
    RenderedFile,
    Report,
    StatusBadge,
    Tone,
)
from performa.reporting.formatting import format_percent
from performa.reporting.renderers.docx import (
    language_tag,
    normalised_package,
    report_file_name,
    tint,
    tone_colour,
)
from performa.scoring.rules import Thresholds

__all__ = ["INFORMATION_SHEET", "XlsxRenderer", "sheet_titles", "thresholds_for"]

INFORMATION_SHEET = "Informazioni"
PERCENT_FORMAT = "0.00"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
SHEET_TITLE_LENGTH = 31
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 60
DISPLAY_DECIMALS = 2
"""Statuses are classified on the percent rounded as displayed; the colours round the same way."""
NUMERIC_KINDS = frozenset({"number", "percent"})

_FORBIDDEN_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")
_THRESHOLD = re.compile(r"(?:≥|>=)\s*(\d+(?:[.,]\d+)?)")


@dataclass(frozen=True, slots=True)
class _Palette:
    """The fills of one report's branding: header, and a light tint per tone."""

    header_fill: PatternFill
    tone_fills: dict[Tone, PatternFill]

    @classmethod
    def of(cls, branding: Branding) -> _Palette:
        primary = branding.primary_colour.lstrip("#").upper()
        return cls(
            header_fill=_solid(primary),
            tone_fills={tone: _solid(tint(tone_colour(tone, branding))) for tone in Tone},
        )


class XlsxRenderer:
    """Renders a report's datasets as an XLSX workbook for analysts (filter, sort, pivot)."""

    format_name = "xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def render(self, report: Report) -> RenderedFile:
        """The workbook as bytes; the same report gives the same bytes if it has ``generated_at``
        (openpyxl stamps "now" on a workbook without a creation date).
        """
        workbook = Workbook()
        palette = _Palette.of(report.branding)
        legends = _legends(report)
        titles = sheet_titles(dataset.title for dataset in report.datasets)
        bounds = [thresholds_for(dataset, legends) for dataset in report.datasets]
        information = workbook.active
        assert isinstance(information, Worksheet)
        information.title = INFORMATION_SHEET
        explanations = _status_explanations(report.datasets, bounds, legends)
        _write_information(information, report, explanations, titles, palette)
        for dataset, title, thresholds in zip(report.datasets, titles, bounds, strict=True):
            _write_dataset(workbook.create_sheet(title), dataset, thresholds, palette)
        _set_properties(workbook, report)
        buffer = BytesIO()
        workbook.save(buffer)
        content = normalised_package(buffer.getvalue())
        return RenderedFile(report_file_name(report, self.extension), self.media_type, content)


def sheet_titles(titles: Iterable[str]) -> list[str]:
    """Valid, unique sheet titles: no ``[]:*?/\\``, at most 31 characters, " (2)" on repeats.

    Excel compares sheet titles without case, and "Informazioni" is taken.
    """
    taken = {INFORMATION_SHEET.casefold()}
    result = []
    for title in titles:
        readable = " ".join(_FORBIDDEN_IN_SHEET_TITLE.sub(" ", _clean(title)).split())
        base = readable.strip("'") or "Dati"
        candidate = base[:SHEET_TITLE_LENGTH].rstrip()
        number = 1
        while candidate.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            candidate = base[: SHEET_TITLE_LENGTH - len(suffix)].rstrip() + suffix
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def thresholds_for(dataset: Dataset, legends: Iterable[Legend]) -> Thresholds:
    """The bounds behind ``dataset``'s statuses, read from the legend that lists them.

    A legend item of tone GOOD worded "… (≥ 80 %)" gives the best bound and one of tone WARNING
    "… (≥ 60 % e < 80 %)" the middle bound. Without such a legend: the default 80/60.
    """
    texts = {badge.text for badge in _badges(dataset)}
    for legend in legends:
        if not texts & {item.badge.text for item in legend.items}:
            continue
        bounds: dict[Tone, Decimal] = {}
        for item in legend.items:
            match = _THRESHOLD.search(item.description)
            if match and item.badge.tone in (Tone.GOOD, Tone.WARNING):
                bounds[item.badge.tone] = Decimal(match.group(1).replace(",", "."))
        best, middle = bounds.get(Tone.GOOD), bounds.get(Tone.WARNING)
        if best is not None and middle is not None and middle <= best:
            return Thresholds(best=best, middle=middle)
    return Thresholds()


def _status_explanations(
    datasets: Iterable[Dataset], bounds: Iterable[Thresholds], legends: Iterable[Legend]
) -> list[tuple[StatusBadge, str]]:
    """Every status the file shows, with its meaning: the legends' wording first, then the
    statuses no legend lists (the indicators'), described by their dataset's bounds.
    """
    explanations = {item.badge: item.description for legend in legends for item in legend.items}
    others: dict[StatusBadge, str] = {}
    for dataset, thresholds in zip(datasets, bounds, strict=True):
        best, middle = _percent_text(thresholds.best), _percent_text(thresholds.middle)
        meanings = {
            Tone.GOOD: f"grado ≥ {best}",
            Tone.WARNING: f"grado ≥ {middle} e < {best}",
            Tone.BAD: f"grado < {middle}",
            Tone.NEUTRAL: "grado non disponibile (N/D)",
        }
        for badge in _badges(dataset):
            if badge not in explanations:
                others.setdefault(badge, meanings[badge.tone])
    # Worst first, as the report's legend lists them; "da valutare" last.
    order = [Tone.BAD, Tone.WARNING, Tone.GOOD, Tone.NEUTRAL]
    return [
        *explanations.items(),
        *sorted(others.items(), key=lambda item: order.index(item[0].tone)),
    ]


def _write_information(
    sheet: Worksheet,
    report: Report,
    explanations: list[tuple[StatusBadge, str]],
    titles: list[str],
    palette: _Palette,
) -> None:
    """What the file is, how to read the statuses and the numbers, and which sheets follow."""
    cover = report.cover
    sheet.append([_clean(report.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in (
        ("Titolo", cover.title),
        ("Amministrazione", cover.administration_name),
        ("Anno", cover.year),
        ("Atto di approvazione", cover.approval_act),
        *((("Versione del piano", cover.plan_version),) if cover.plan_version else ()),
        ("Generato il", _wall_clock(report.generated_at)),
    ):
        sheet.append([label, _clean(value) if isinstance(value, str) else value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    if report.generated_at is not None:
        sheet.cell(sheet.max_row, 2).number_format = DATETIME_FORMAT
        sheet.cell(sheet.max_row, 2).alignment = Alignment(horizontal="left")

    _append_heading(sheet, "Come leggere gli stati")
    for badge, description in explanations:
        sheet.append([_status_text(badge), _clean(description)])
        sheet.cell(sheet.max_row, 1).fill = palette.tone_fills[badge.tone]

    _append_heading(sheet, "Convenzioni")
    for line in (
        "Le percentuali (colonne con «%» nell'intestazione) sono numeri da 0 a 100, non "
        "arrotondati, mostrati con due decimali.",
        "I valori non disponibili (N/D) sono celle vuote; le date sono nel formato GG/MM/AAAA.",
        "Gli stati riportano testo e simbolo; il colore delle percentuali di grado segue le soglie "
        "della legenda (sul valore arrotondato a due decimali).",
    ):
        sheet.append([line])

    _append_heading(sheet, "Fogli")
    for dataset, title in zip(report.datasets, titles, strict=True):
        count = len(dataset.rows)
        sheet.append([title, f"{count} {'riga' if count == 1 else 'righe'}"])
        link = sheet.cell(sheet.max_row, 1)
        link.hyperlink = f"#{quote_sheetname(title)}!A1"
        link.style = "Hyperlink"
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90


def _append_heading(sheet: Worksheet, text: str) -> None:
    sheet.append([])
    sheet.append([text])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)


def _write_dataset(
    sheet: Worksheet, dataset: Dataset, thresholds: Thresholds, palette: _Palette
) -> None:
    """Header (bold, frozen, filtered), raw values, widths, and the colour rules."""
    sheet.append([_header(column) for column in dataset.columns])
    header_font = Font(bold=True, color="FFFFFF")
    for header_cell in sheet[1]:
        header_cell.font = header_font
        header_cell.fill = palette.header_fill
        header_cell.alignment = Alignment(vertical="center")
    widths = [len(_header(column)) + 3 for column in dataset.columns]  # room for the filter arrow
    for row_number, row in enumerate(dataset.rows, start=2):
        for column_number, (column, cell) in enumerate(zip(dataset.columns, row, strict=False), 1):
            value = _raw_value(cell, column)
            target = sheet.cell(row_number, column_number, value)
            if isinstance(value, str) and value.startswith("="):
                target.data_type = "s"  # a text such as "= SI", never a formula
            elif isinstance(value, Decimal) and column.kind == "percent":
                target.number_format = PERCENT_FORMAT
            elif isinstance(value, date):
                target.number_format = DATE_FORMAT
            widths[column_number - 1] = max(widths[column_number - 1], len(_shown(cell, column)))
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(
            max(width + 1, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH
        )
    last_row = len(dataset.rows) + 1
    last_column = get_column_letter(max(len(dataset.columns), 1))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{last_row}"
    if dataset.rows:
        _add_status_rules(sheet, dataset, palette)
        _add_score_rules(sheet, dataset, thresholds, palette)


def _header(column: Column) -> str:
    label = _clean(column.label)
    if column.kind == "percent" and "%" not in label:
        return f"{label} (%)"
    return label


def _raw_value(cell: Cell, column: Column) -> Decimal | date | str | None:
    """A cell as analysts need it: the number, the date, the status with its symbol, or text."""
    if cell.status is not None:
        return _status_text(cell.status)
    value = cell.value
    if isinstance(value, Decimal | date):
        return value
    if isinstance(value, str):
        return _clean(value) or None
    if column.kind in NUMERIC_KINDS or column.kind == "date":
        return None  # "N/D" stays an empty cell, so the column remains numeric
    return _clean(cell.text) or None


def _shown(cell: Cell, column: Column) -> str:
    """The text a reader sees in the cell, to size the column."""
    if cell.status is not None:
        return _status_text(cell.status)
    if isinstance(cell.value, date):
        return "00/00/0000"
    return cell.text


def _status_text(badge: StatusBadge) -> str:
    return f"{badge.symbol} {_clean(badge.text)}"


def _add_status_rules(sheet: Worksheet, dataset: Dataset, palette: _Palette) -> None:
    """Each status column coloured by its text: one formula rule per status found in it."""
    for index, column in enumerate(dataset.columns):
        badges = _unique(row[index].status for row in dataset.rows if index < len(row))
        if column.kind != "status" and not badges:
            continue
        letter = get_column_letter(index + 1)
        cells = f"{letter}2:{letter}{len(dataset.rows) + 1}"
        for badge in badges:
            text = _status_text(badge).replace('"', '""')
            formula = f'${letter}2="{text}"'
            sheet.conditional_formatting.add(cells, _rule(formula, palette.tone_fills[badge.tone]))


def _add_score_rules(
    sheet: Worksheet, dataset: Dataset, thresholds: Thresholds, palette: _Palette
) -> None:
    """Score columns coloured by value: ≥ best green, ≥ middle amber, below red; blanks plain."""
    for index in _score_columns(dataset, thresholds):
        letter = get_column_letter(index + 1)
        cells = f"{letter}2:{letter}{len(dataset.rows) + 1}"
        shown = f"ROUND(${letter}2,{DISPLAY_DECIMALS})"
        best, middle = _number(thresholds.best), _number(thresholds.middle)
        for tone, condition in (
            (Tone.GOOD, f"{shown}>={best}"),
            (Tone.WARNING, f"{shown}>={middle},{shown}<{best}"),
            (Tone.BAD, f"{shown}<{middle}"),
        ):
            formula = f"AND(ISNUMBER(${letter}2),{condition})"
            sheet.conditional_formatting.add(cells, _rule(formula, palette.tone_fills[tone]))


def _score_columns(dataset: Dataset, thresholds: Thresholds) -> list[int]:
    """The percent columns that hold scores: those whose colours agree with the row statuses.

    A weight column is a percent too, but colouring "16,50 %" red would be nonsense; a score
    column classifies, under ``thresholds``, to the tone of the status in the same row.
    """
    status_indexes = [
        index for index, column in enumerate(dataset.columns) if column.kind == "status"
    ]
    return [
        index
        for index, column in enumerate(dataset.columns)
        if column.kind == "percent"
        and any(
            _agrees_with_statuses(dataset, index, status, thresholds) for status in status_indexes
        )
    ]


def _agrees_with_statuses(
    dataset: Dataset, index: int, status_index: int, thresholds: Thresholds
) -> bool:
    compared = 0
    for row in dataset.rows:
        if max(index, status_index) >= len(row):
            continue
        value, badge = row[index].value, row[status_index].status
        if not isinstance(value, Decimal) or badge is None or badge.tone is Tone.NEUTRAL:
            continue
        if _tone_of(value, thresholds) is not badge.tone:
            return False
        compared += 1
    return compared > 0


def _tone_of(percent: Decimal, thresholds: Thresholds) -> Tone:
    shown = round(percent, DISPLAY_DECIMALS)
    if shown >= thresholds.best:
        return Tone.GOOD
    if shown >= thresholds.middle:
        return Tone.WARNING
    return Tone.BAD


def _set_properties(workbook: Workbook, report: Report) -> None:
    cover = report.cover
    properties = workbook.properties
    properties.title = cover.title
    properties.creator = cover.administration_name
    properties.subject = cover.subtitle or cover.approval_act or report.title
    properties.keywords = ", ".join(report.keywords)
    properties.language = language_tag(report.language)
    properties.lastModifiedBy = "performa"
    if report.generated_at is not None:
        properties.created = properties.modified = _wall_clock(report.generated_at)


def _wall_clock(moment: datetime | None) -> datetime | None:
    """``moment`` as the local time it shows: Excel cells cannot hold a time zone."""
    return moment.replace(tzinfo=None) if moment is not None else None


def _legends(report: Report) -> list[Legend]:
    return [
        block
        for section in report.walk_sections()
        for block in section.blocks
        if isinstance(block, Legend)
    ]


def _badges(dataset: Dataset) -> list[StatusBadge]:
    return _unique(cell.status for row in dataset.rows for cell in row)


def _unique(badges: Iterable[StatusBadge | None]) -> list[StatusBadge]:
    """The distinct badges, in order of first appearance."""
    return list(dict.fromkeys(badge for badge in badges if badge is not None))


def _rule(formula: str, fill: PatternFill) -> Rule:
    """A conditional format that fills the cell when ``formula`` (relative to row 2) is true."""
    return Rule(type="expression", formula=[formula], dxf=DifferentialStyle(fill=fill))


def _solid(colour: str) -> PatternFill:
    # Excel reads the background colour of a conditional fill, a cell fill the foreground one.
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _number(value: Decimal) -> str:
    """A bound written for a formula: ``Decimal("80")`` → ``80``, ``72.50`` → ``72.5``."""
    return format(value.normalize(), "f")


def _percent_text(value: Decimal) -> str:
    decimals = 0 if value == value.to_integral_value() else DISPLAY_DECIMALS
    return format_percent(value, decimals)


def _clean(text: str) -> str:
    """``text`` without the control characters a worksheet cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)
