"""Workbook → ``PlanData``, or every problem found as a ``CellError`` located by sheet/row/column.

Reads with openpyxl against ``layout``; never touches a database. Must not import Django or any
app: openpyxl, ``performa.scoring`` and this package only.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path
from typing import BinaryIO, TypeVar

import openpyxl
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from performa.scoring.errors import FormulaError, RuleSetError
from performa.scoring.formulas import FUNCTIONS, Name, parse_formula
from performa.scoring.model import ENTITY_LEVEL, ActualValue, Comparator, Target
from performa.scoring.rules import RuleSet
from performa.workbook._cells import (
    CellValueError,
    choice_of,
    code_of,
    comparator_of,
    date_of,
    decimal_of,
    integer_of,
    is_blank,
    is_not_available,
    plain,
    quoted,
    shown,
    text_of,
    year_of,
    yes_no_of,
)
from performa.workbook._italian import formula_message, rules_message
from performa.workbook.data import (
    AssignmentRow,
    BaseMeasureRow,
    BaseValueRow,
    ContextTable,
    ContextTableRow,
    CycleInfo,
    IndicatorRow,
    LevelRow,
    LinkRow,
    MeasurementRow,
    NarrativeRow,
    NodeRow,
    NoteRow,
    OverrideRow,
    PeriodRow,
    PersonRow,
    PlanData,
    ProcessStepRow,
    UnitRow,
    YearTarget,
)
from performa.workbook.layout import (
    ASSIGNMENTS,
    BASE_MEASURES,
    BASE_VALUES,
    CONTEXT,
    CONTEXT_CHARTS,
    CONTEXT_SECTIONS,
    CYCLE,
    CYCLE_KEYS,
    INDICATORS,
    INSTRUCTIONS_SHEET,
    LATER_TARGET_KEYS,
    LEVELS,
    LINKS,
    MEASUREMENTS,
    NARRATIVES,
    NOT_AVAILABLE,
    NOTES,
    OVERRIDES,
    PEOPLE,
    PERIODS,
    PROCESS,
    PROCESS_YEARS,
    RULES,
    SHEETS,
    TREE,
    UNITS,
    WEIGHT_TOLERANCE,
    ColumnKind,
    KeyField,
    Sheet,
    column_letter,
    sheet_named,
)

__all__ = ["CellError", "CellWarning", "ReadResult", "read_workbook"]

_T = TypeVar("_T")
_HUNDRED = Decimal(100)
_EMPTY = "la cella è vuota, ma il valore è obbligatorio"
_NARRATIVE_KEY = re.compile(r"[A-Za-z0-9_]+")


def _location(sheet: str, row: int | None, column: str | None, letter: str | None = None) -> str:
    """``foglio «indicators», riga 12, colonna «target» (E12)``, or as much of it as is known.

    ``letter`` is the column's letter in the file read (an older workbook may lack a column);
    by default, its letter in the layout.
    """
    if not sheet:
        return ""
    place = _place(sheet, row, column, letter)
    return f"foglio {quoted(sheet)}, {place}" if place else f"foglio {quoted(sheet)}"


def _place(sheet: str, row: int | None, column: str | None, letter: str | None) -> str:
    """``riga 12, colonna «target» (E12)``: the location within the sheet."""
    if not sheet:
        return ""
    if row is not None and column is not None:
        layout = sheet_named(sheet)
        if letter is None and layout is not None and column in layout.keys:
            letter = layout.letter(column)
        cell = f" ({letter}{row})" if letter else ""
        return f"riga {row}, colonna {quoted(column)}{cell}"
    if row is not None:
        return f"riga {row}"
    if column is not None:
        return f"colonna {quoted(column)}"
    return ""


@dataclass(frozen=True, slots=True)
class CellError:
    """A problem that stops the import, and where it is.

    ``sheet`` is the sheet name (empty for the file as a whole), ``row`` the 1-based sheet row
    and ``column`` the column's header key; either is ``None`` when the problem is wider.
    ``letter`` is the column's letter in the file read, when it differs from the layout's.
    ``str()`` gives ``foglio «indicators», riga 12, colonna «target» (E12): «abc» non è un
    numero; scrivi ad esempio 350 o 350,5``.
    """

    sheet: str
    row: int | None
    column: str | None
    reason: str
    letter: str | None = field(default=None, compare=False)

    @property
    def location(self) -> str:
        """``foglio «indicators», riga 12, colonna «target» (E12)``, or as much as is known."""
        return _location(self.sheet, self.row, self.column, self.letter)

    @property
    def place(self) -> str:
        """The location within the sheet, for a table that shows the sheet apart:
        ``riga 12, colonna «target» (E12)`` (empty for a whole sheet or file)."""
        return _place(self.sheet, self.row, self.column, self.letter)

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}" if self.location else self.reason


@dataclass(frozen=True, slots=True)
class CellWarning:
    """Something worth checking that does not stop the import, located like ``CellError``."""

    sheet: str
    row: int | None
    column: str | None
    reason: str
    letter: str | None = field(default=None, compare=False)

    @property
    def location(self) -> str:
        """``foglio «indicators», riga 12, colonna «target» (E12)``, or as much as is known."""
        return _location(self.sheet, self.row, self.column, self.letter)

    @property
    def place(self) -> str:
        """The location within the sheet, for a table that shows the sheet apart:
        ``riga 12, colonna «target» (E12)`` (empty for a whole sheet or file)."""
        return _place(self.sheet, self.row, self.column, self.letter)

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}" if self.location else self.reason


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The plan read, or ``None`` whenever there is at least one error; warnings either way."""

    plan: PlanData | None
    errors: tuple[CellError, ...] = ()
    warnings: tuple[CellWarning, ...] = ()

    @property
    def is_valid(self) -> bool:
        """True when the workbook had no errors and ``plan`` is set."""
        return self.plan is not None


def read_workbook(source: Path | BinaryIO) -> ReadResult:
    """Read the workbook at ``source`` (a path or a binary stream) against the layout.

    Every error is collected, not only the first. Numbers come back as ``Decimal`` (a float
    cell through its shortest repr, so 33.3 stays 33.3), dates as ``date``, SI/NO as ``bool``.
    The sheet ``istruzioni`` is ignored; any other unknown sheet is an error.
    """
    issues = _Issues()
    tables = _load(source, issues)
    if tables is None:
        return ReadResult(None, tuple(issues.errors), ())
    plan = _WorkbookReader(tables, issues).read()
    return ReadResult(
        plan if not issues.errors else None, tuple(issues.errors), tuple(issues.warnings)
    )


# -- loading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    values: Mapping[str, object]


@dataclass
class _Issues:
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellWarning] = field(default_factory=list)
    letters: dict[str, dict[str, str]] = field(default_factory=dict)
    """Each sheet's column letters in the file read, by column key (``""``: not in the file)."""

    def letter(self, sheet: str, column: str | None) -> str | None:
        """The letter of ``column`` in the file read, when the layout's would be wrong."""
        letter = self.letters.get(sheet, {}).get(column or "")
        layout = sheet_named(sheet)
        if letter is None or (layout is not None and layout.letter(column or "") == letter):
            return None
        return letter

    def error(self, sheet: Sheet | str, row: int | None, column: str | None, reason: str) -> None:
        name = sheet.name if isinstance(sheet, Sheet) else sheet
        self.errors.append(CellError(name, row, column, reason, self.letter(name, column)))

    def warn(self, sheet: Sheet, row: int | None, column: str | None, reason: str) -> None:
        self.warnings.append(
            CellWarning(sheet.name, row, column, reason, self.letter(sheet.name, column))
        )


def _load(source: Path | BinaryIO, issues: _Issues) -> dict[str, list[_Row]] | None:
    """The data rows of every readable layout sheet, by sheet name; ``None`` if no workbook."""
    if not isinstance(source, Path):
        return _load_stream(source, issues)
    try:
        with source.open("rb") as stream:
            return _load_stream(stream, issues)
    except OSError as exc:
        issues.error("", None, None, f"impossibile aprire il file {source}: {_os_problem(exc)}")
        return None


def _load_stream(stream: BinaryIO, issues: _Issues) -> dict[str, list[_Row]] | None:
    content = stream.read()
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (extensions, a missing default style) while
        # loading files made by spreadsheet programs; none of them carries plan data.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        try:
            return _tables(content, issues)
        except Exception as exc:  # a damaged or foreign file can fail anywhere inside openpyxl
            issues.error(
                "",
                None,
                None,
                f"il file non è una cartella di lavoro .xlsx leggibile ({type(exc).__name__}); "
                "salvalo da Excel o LibreOffice nel formato .xlsx",
            )
            return None


def _tables(content: bytes, issues: _Issues) -> dict[str, list[_Row]]:
    # Cached values are what a spreadsheet program computed; a formula it never computed
    # (a file written by a script) has none, and its text is then the best thing to report.
    values = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        formulas = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        try:
            return _sheet_tables(values, formulas, issues)
        finally:
            formulas.close()
    finally:
        values.close()


def _sheet_tables(
    values: openpyxl.Workbook, formulas: openpyxl.Workbook, issues: _Issues
) -> dict[str, list[_Row]]:
    found: dict[str, str] = {}
    for title in values.sheetnames:
        name = title.strip().lower()
        if name == INSTRUCTIONS_SHEET:
            continue
        if sheet_named(name) is None:
            expected = ", ".join(sheet.name for sheet in SHEETS)
            issues.error(
                title,
                None,
                None,
                f"foglio sconosciuto {quoted(title)}; i fogli sono {INSTRUCTIONS_SHEET}, {expected}",
            )
        elif name in found:
            issues.error(title, None, None, f"il foglio {quoted(name)} compare due volte")
        else:
            found[name] = title
    tables: dict[str, list[_Row]] = {}
    for sheet in SHEETS:
        found_title = found.get(sheet.name)
        if found_title is None:
            if sheet.is_optional:
                tables[sheet.name] = []
            else:
                issues.error(sheet, None, None, "il foglio manca, ed è obbligatorio")
            continue
        cached, written = values[found_title], formulas[found_title]
        if not isinstance(cached, ReadOnlyWorksheet) or not isinstance(written, ReadOnlyWorksheet):
            issues.error(sheet, None, None, "il foglio è un grafico, non un foglio di dati")
            continue
        rows = _rows(sheet, _cell_values(cached, written), issues)
        if rows is not None:
            tables[sheet.name] = rows
    return tables


def _cell_values(
    cached: ReadOnlyWorksheet, written: ReadOnlyWorksheet
) -> Iterator[tuple[object, ...]]:
    """Each row's values, a formula's text standing in where no value was computed."""
    for worksheet in (cached, written):
        # Some programs write a stale sheet size; read every row actually present instead.
        worksheet.reset_dimensions()
    lines = zip_longest(cached.values, written.values, fillvalue=())
    for values, texts in lines:
        yield tuple(
            text if value is None and isinstance(text, str) and text.startswith("=") else value
            for value, text in zip_longest(values, texts)
        )


def _rows(sheet: Sheet, cells: Iterable[tuple[object, ...]], issues: _Issues) -> list[_Row] | None:
    """The non-blank data rows of ``sheet``, or ``None`` when its header is wrong."""
    lines = iter(cells)
    header = next(lines, ())
    if all(is_blank(value) for value in header):
        issues.error(
            sheet, 1, None, f"manca la riga di intestazione; deve essere {', '.join(sheet.keys)}"
        )
        return None
    positions, absent, is_header_valid = _header_positions(sheet, header, issues)
    for index in range(max(positions.values(), default=-1) + 1, len(header)):
        if not is_blank(header[index]):
            is_header_valid = False
            letter = column_letter(index + 1)
            reason = f"colonna inattesa {shown(header[index])} in {letter}"
            issues.error(sheet, 1, None, reason)
    if not is_header_valid:
        return None
    rows = []
    for number, line in enumerate(lines, start=2):
        if all(is_blank(value) for value in line):
            continue
        values = {key: _value_at(line, positions.get(key)) for key in sheet.keys}
        for key in absent:
            if not is_blank(values[key]):
                letter = issues.letters[sheet.name][key]
                reason = f"c'è un valore in {letter}, una colonna senza intestazione"
                issues.error(sheet, number, key, reason)
                values[key] = None
        rows.append(_Row(number, values))
    return rows


def _value_at(line: tuple[object, ...], index: int | None) -> object:
    return line[index] if index is not None and index < len(line) else None


def _header_positions(
    sheet: Sheet, header: tuple[object, ...], issues: _Issues
) -> tuple[dict[str, int], list[str], bool]:
    """Where each column is (0-based), the columns left out by an older workbook, and whether
    the header is valid.

    A column added since older workbooks were written (``may_be_absent``) may be missing: at
    the end of the sheet (its header and the following ones blank; a value under it is then an
    error), or anywhere when the header in its place is that of a later column.
    """
    width = max((i + 1 for i, value in enumerate(header) if not is_blank(value)), default=0)
    positions: dict[str, int] = {}
    absent: list[str] = []
    is_valid = True
    index = 0
    for number, column in enumerate(sheet.columns):
        value = header[index] if index < len(header) else None
        written = code_of(value).lower()
        if column.may_be_absent and written != column.key:
            if index >= width and all(c.may_be_absent for c in sheet.columns[number:]):
                absent.append(column.key)  # at the end: it keeps its place, to locate values
            elif written in sheet.keys[number + 1 :]:
                issues.letters.setdefault(sheet.name, {})[column.key] = ""
                positions[column.key] = -1
                continue
        issues.letters.setdefault(sheet.name, {})[column.key] = column_letter(index + 1)
        positions[column.key] = index
        index += 1
        if column.key in absent or written == column.key:
            continue
        is_valid = False
        reason = (
            f"manca la colonna {quoted(column.key)}"
            if is_blank(value)
            else f"l'intestazione è {shown(value)}, ma qui ci vuole {quoted(column.key)}"
        )
        issues.error(sheet, 1, column.key, reason)
    return {key: i for key, i in positions.items() if i >= 0}, absent, is_valid


# -- one row ---------------------------------------------------------------------------------


class _Cells:
    """Typed access to one data row; every failure becomes a located error."""

    def __init__(self, issues: _Issues, sheet: Sheet, row: _Row) -> None:
        self.issues = issues
        self.sheet = sheet
        self.row = row
        self.is_valid = True

    def error(self, key: str, reason: str) -> None:
        self.is_valid = False
        self.issues.error(self.sheet, self.row.number, key, reason)

    def raw(self, key: str) -> object:
        return self.row.values[key]

    def is_blank(self, key: str) -> bool:
        return is_blank(self.raw(key))

    def _check_present(self, key: str) -> bool:
        if self.is_blank(key):
            if self.sheet.column(key).is_required:
                self.error(key, _EMPTY)
            return False
        return True

    def text(self, key: str) -> str:
        """Free text, verbatim."""
        self._check_present(key)
        return text_of(self.raw(key))

    def code(self, key: str) -> str:
        """A required code, trimmed (``""`` after reporting it empty)."""
        self._check_present(key)
        return code_of(self.raw(key))

    def optional_code(self, key: str) -> str | None:
        return code_of(self.raw(key)) or None

    def parsed(self, key: str, parse: Callable[[object], _T], context: str = "") -> _T | None:
        """``parse`` applied to the cell; ``None`` when it is empty or does not parse."""
        if not self._check_present(key):
            return None
        try:
            return parse(self.raw(key))
        except CellValueError as exc:
            self.error(key, exc.reason + context)
            return None

    def percent(self, key: str) -> Decimal | None:
        """A number from 0 to 100 (a weight, an evaluated score)."""
        number = self.parsed(key, decimal_of)
        if number is not None and not 0 <= number <= _HUNDRED:
            problem = "è negativo" if number < 0 else "supera 100"
            self.error(key, f"{plain(number)} {problem}; una percentuale va da 0 a 100")
            return None
        return number


def _duplicate(what: str, first_row: int) -> str:
    """``il codice «X» compare già alla riga 5``: ``what`` has its article."""
    return f"{what} compare già alla riga {first_row}"


def _code_pair(
    cells: _Cells,
    row_number: int,
    first: tuple[str, set[str] | None, Sheet],
    second: tuple[str, set[str] | None, Sheet],
    seen: dict[tuple[str, str], int],
    describe: Callable[[str, str], str],
) -> tuple[str, str]:
    """The two codes of a row pairing two sheets' codes (a link, a figure, an assignment): each
    must be a code of its sheet (when that sheet reads), and each pair appear once (``seen``:
    pair → first row; ``describe`` names a pair in the duplicate's message)."""
    codes = (cells.code(first[0]), cells.code(second[0]))
    for (key, known, sheet), code in zip((first, second), codes, strict=True):
        if known is not None and code and code not in known:
            cells.error(key, _not_a_code(code, sheet))
    if codes in seen:
        cells.error(second[0], _duplicate(describe(*codes), seen[codes]))
    elif all(codes):
        seen[codes] = row_number
    return codes


def _value_in_period(code: str, period: str) -> str:
    return f"il valore di {quoted(code)} nella rilevazione {quoted(period)}"


def _cycles(parents: Mapping[str, str | None]) -> list[list[str]]:
    """Every cycle of the ``code → parent`` mapping once, starting at its first code in order."""
    order = {code: index for index, code in enumerate(parents)}
    state: dict[str, bool] = {}  # False while on the current path, True once finished
    found = []
    for start in parents:
        path: list[str] = []
        code: str | None = start
        while code is not None and code in parents and code not in state:
            state[code] = False
            path.append(code)
            code = parents[code]
        if code is not None and state.get(code) is False:
            cycle = path[path.index(code) :]
            first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
            found.append(cycle[first:] + cycle[:first])
        for code_on_path in path:
            state[code_on_path] = True
    return found


def _not_a_code(code: str, sheet: Sheet) -> str:
    return f"{quoted(code)} non è un codice del foglio {sheet.name}"


def _os_problem(exc: OSError) -> str:
    """Why a file could not be opened, in Italian for the common cases."""
    if isinstance(exc, FileNotFoundError):
        return "il file non esiste"
    if isinstance(exc, PermissionError):
        return "permesso negato"
    if isinstance(exc, IsADirectoryError):
        return "è una cartella, non un file"
    return str(exc.strerror or exc)


def _cycle_text(cycle: list[str]) -> str:
    return " → ".join([*cycle, cycle[0]])


# -- the workbook ----------------------------------------------------------------------------


class _WorkbookReader:
    """Reads the sheets in dependency order; reference checks skip sheets that could not be read."""

    def __init__(self, tables: Mapping[str, list[_Row]], issues: _Issues) -> None:
        self.tables = tables
        self.issues = issues

    def rows(self, sheet: Sheet) -> list[_Row]:
        return self.tables.get(sheet.name, [])

    def codes(self, sheet: Sheet, key: str = "code") -> set[str] | None:
        """Every code written in ``key`` (valid rows or not); ``None`` if the sheet is unreadable."""
        if sheet.name not in self.tables:
            return None
        return {code for row in self.rows(sheet) if (code := code_of(row.values[key]))}

    def read(self) -> PlanData | None:
        cycle = self.read_cycle()
        levels, depths = self.read_levels()
        rules = self.read_rules(depths)
        units = self.read_units()
        people = self.read_people()
        nodes = self.read_tree(depths)
        base_measures = self.read_base_measures()
        indicators = self.read_indicators(cycle.year if cycle is not None else None)
        links = self.read_links()
        periods = self.read_periods()
        measurements = self.read_measurements()
        base_values = self.read_base_values()
        overrides = self.read_overrides(cycle)
        assignments = self.read_assignments()
        narratives = self.read_narratives()
        context_tables = self.read_context_tables()
        process_steps = self.read_process_steps()
        notes = self.read_notes()
        self.warn_about_weights(nodes, links)
        self.warn_about_unlinked_indicators(indicators)
        if cycle is None or rules is None or self.issues.errors:
            return None
        return PlanData(
            cycle=cycle,
            rules=rules,
            levels=tuple(levels),
            nodes=tuple(row for _, row in nodes),
            indicators=tuple(row for _, row in indicators),
            links=tuple(row for _, row in links),
            periods=tuple(periods),
            measurements=tuple(measurements),
            units=tuple(units),
            people=tuple(people),
            overrides=tuple(overrides),
            assignments=tuple(assignments),
            notes=tuple(notes),
            narratives=tuple(narratives),
            context_tables=tuple(context_tables),
            process_steps=tuple(process_steps),
            base_measures=tuple(base_measures),
            base_values=tuple(base_values),
        )

    # -- key/value sheets ---------------------------------------------------------------------

    def key_values(self, sheet: Sheet) -> dict[str, tuple[int, object]] | None:
        """``key → (row, value)`` of a key/value sheet; ``None`` if it is unreadable."""
        if sheet.name not in self.tables:
            return None
        pairs: dict[str, tuple[int, object]] = {}
        for row in self.rows(sheet):
            key = code_of(row.values["key"])
            if not key:
                self.issues.error(sheet, row.number, "key", _EMPTY)
            elif key in pairs:
                self.issues.error(
                    sheet, row.number, "key", _duplicate(f"la chiave {quoted(key)}", pairs[key][0])
                )
            else:
                pairs[key] = (row.number, row.values["value"])
        return pairs

    def cycle_value(
        self,
        pairs: Mapping[str, tuple[int, object]],
        key_field: KeyField,
        parse: Callable[[object], object],
        default: object,
    ) -> object | None:
        row, value = pairs.get(key_field.key, (None, None))
        if is_blank(value):
            if not key_field.is_required:
                # Free text stays as written, even spaces only: export then import is an identity.
                is_text = key_field.kind is ColumnKind.TEXT and isinstance(value, str)
                return value if is_text else default
            column = "key" if row is None else "value"
            reason = f"manca {quoted(key_field.key)}, che è obbligatorio"
            self.issues.error(CYCLE, row, column, reason)
            return None
        try:
            return parse(value)
        except CellValueError as exc:
            self.issues.error(CYCLE, row, "value", exc.reason)
            return None

    def read_cycle(self) -> CycleInfo | None:
        pairs = self.key_values(CYCLE)
        if pairs is None:
            return None
        fields = {key_field.key: key_field for key_field in CYCLE_KEYS}
        for key, (row, _) in pairs.items():
            if key not in fields:
                self.issues.error(
                    CYCLE,
                    row,
                    "key",
                    f"chiave sconosciuta {quoted(key)}; le chiavi sono {', '.join(fields)}",
                )
        parsers: dict[ColumnKind, Callable[[object], object]] = {
            ColumnKind.CODE: code_of,
            ColumnKind.TEXT: text_of,
            ColumnKind.YEAR: year_of,
        }
        values = {
            key_field.key: self.cycle_value(pairs, key_field, parsers[key_field.kind], "")
            for key_field in CYCLE_KEYS
        }
        if any(value is None for value in values.values()) or set(pairs) - set(fields):
            return None
        year = values["year"]
        assert isinstance(year, int)
        return CycleInfo(
            administration_code=str(values["administration_code"]),
            administration_name=str(values["administration_name"]),
            year=year,
            title=str(values["title"]),
            plan_act=str(values["plan_act"]),
            report_act=str(values["report_act"]),
        )

    def read_rules(self, depths: Mapping[str, int] | None) -> RuleSet | None:
        pairs = self.key_values(RULES)
        if pairs is None:
            return None
        settings = {key: code_of(value) for key, (_, value) in pairs.items()}
        groups: dict[str, list[str]] = {}
        for key in settings:
            groups.setdefault(_rule_group(key), []).append(key)
        is_valid = True
        for keys in groups.values():
            problem = _rules_problem({key: settings[key] for key in keys})
            if problem is not None:
                is_valid = False
                message, location = problem
                key = location if location in keys else keys[0]
                column = "value" if _is_known_rule_key(key) else "key"
                self.issues.error(RULES, pairs[key][0], column, message)
        if not is_valid:
            return None
        try:
            rules = RuleSet.from_settings(settings)
        except RuleSetError as exc:
            self.issues.error(RULES, None, None, rules_message(exc.message))
            return None
        except (ArithmeticError, ValueError) as exc:
            self.issues.error(RULES, None, None, rules_message(str(exc)))
            return None
        if depths is not None:
            self.warn_about_rule_levels(rules, pairs, depths)
        return rules

    def warn_about_rule_levels(
        self, rules: RuleSet, pairs: Mapping[str, tuple[int, object]], depths: Mapping[str, int]
    ) -> None:
        for level, rule in rules.level_rules.items():
            key = f"aggregation.{level}"
            if key in pairs and level not in depths:
                self.issues.warn(
                    RULES,
                    pairs[key][0],
                    "key",
                    f"il livello {quoted(level)} non è nel foglio levels",
                )
            over_key = f"aggregate_over.{level}"
            if over_key in pairs and rule.over_level and rule.over_level not in depths:
                self.issues.warn(
                    RULES,
                    pairs[over_key][0],
                    "value",
                    f"il livello {quoted(rule.over_level)} non è nel foglio levels",
                )

    # -- levels, units, people ----------------------------------------------------------------

    def read_levels(self) -> tuple[list[LevelRow], dict[str, int] | None]:
        """The valid levels, and the depth of every level key written (``None``: unreadable)."""
        levels: list[LevelRow] = []
        depths: dict[str, int] = {}
        first_rows: dict[str, int] = {}
        has_entity = False
        for row in self.rows(LEVELS):
            cells = _Cells(self.issues, LEVELS, row)
            depth = cells.parsed("depth", integer_of)
            key = cells.code("key")
            name = cells.text("name")
            if key in first_rows:
                cells.error("key", _duplicate(f"il livello {quoted(key)}", first_rows[key]))
            elif key:
                first_rows[key] = row.number
                if depth is not None:
                    depths[key] = depth
            if depth is not None and depth < 0:
                cells.error(
                    "depth",
                    f"{depth} è negativo; l'ente ha profondità 0 e i livelli sotto 1, 2, 3…",
                )
            elif key == ENTITY_LEVEL and depth not in (None, 0):
                cells.error(
                    "depth", f"il livello {quoted(ENTITY_LEVEL)} ha profondità 0, non {depth}"
                )
            elif key and depth == 0 and key != ENTITY_LEVEL:
                cells.error(
                    "key", f"la profondità 0 è dell'ente, la cui chiave è {quoted(ENTITY_LEVEL)}"
                )
            has_entity = has_entity or key == ENTITY_LEVEL
            if cells.is_valid and depth is not None:
                levels.append(LevelRow(depth, key, name))
        if LEVELS.name in self.tables and not has_entity:
            self.issues.error(
                LEVELS,
                None,
                "key",
                f"manca il livello dell'ente (profondità 0, chiave {quoted(ENTITY_LEVEL)})",
            )
        return levels, depths if LEVELS.name in self.tables else None

    def read_units(self) -> list[UnitRow]:
        units: list[UnitRow] = []
        first_rows: dict[str, int] = {}
        parents: dict[str, str | None] = {}
        known = self.codes(UNITS) or set()
        for row in self.rows(UNITS):
            cells = _Cells(self.issues, UNITS, row)
            code = cells.code("code")
            name = cells.text("name")
            parent = cells.optional_code("parent_code")
            if code in first_rows:
                cells.error("code", _duplicate(f"il codice {quoted(code)}", first_rows[code]))
            elif code:
                first_rows[code] = row.number
                parents[code] = parent
            if parent is not None and parent not in known:
                cells.error("parent_code", _not_a_code(parent, UNITS))
            if cells.is_valid:
                units.append(UnitRow(code, name, parent))
        for cycle in _cycles(parents):
            self.issues.error(
                UNITS,
                first_rows[cycle[0]],
                "parent_code",
                f"le unità si contengono a vicenda: {_cycle_text(cycle)}",
            )
        return units

    def read_people(self) -> list[PersonRow]:
        people: list[PersonRow] = []
        first_rows: dict[str, int] = {}
        for row in self.rows(PEOPLE):
            cells = _Cells(self.issues, PEOPLE, row)
            code = cells.code("code")
            name = cells.text("name")
            title = cells.text("title")
            if code in first_rows:
                cells.error("code", _duplicate(f"il codice {quoted(code)}", first_rows[code]))
            elif code:
                first_rows[code] = row.number
            if cells.is_valid:
                people.append(PersonRow(code, name, title))
        return people

    # -- tree ------------------------------------------------------------------------------------

    def read_tree(self, depths: Mapping[str, int] | None) -> list[tuple[int, NodeRow]]:
        nodes: list[tuple[int, NodeRow]] = []
        first_rows: dict[str, int] = {}
        parents: dict[str, str | None] = {}
        levels: dict[str, str] = {}
        below_parents: list[tuple[int, str, str]] = []
        known = self.codes(TREE) or set()
        units = self.codes(UNITS)
        people = self.codes(PEOPLE)
        for row in self.rows(TREE):
            cells = _Cells(self.issues, TREE, row)
            code = cells.code("code")
            parent = cells.optional_code("parent_code")
            level = cells.code("level")
            name = cells.text("name")
            description = cells.text("description")
            weight = cells.percent("weight")
            owner_unit = cells.optional_code("owner_unit")
            manager = cells.optional_code("manager")
            if code in first_rows:
                cells.error("code", _duplicate(f"il codice {quoted(code)}", first_rows[code]))
            elif code:
                first_rows[code] = row.number
                parents[code] = parent
                levels[code] = level
            if parent is not None and parent not in known:
                cells.error("parent_code", _not_a_code(parent, TREE))
            if level and depths is not None:
                self.check_level(cells, level, parent, depths)
            if level and parent is not None:
                below_parents.append((row.number, level, parent))
            if owner_unit is not None and units is not None and owner_unit not in units:
                cells.error("owner_unit", _not_a_code(owner_unit, UNITS))
            if manager is not None and people is not None and manager not in people:
                cells.error("manager", _not_a_code(manager, PEOPLE))
            if cells.is_valid:
                node = NodeRow(code, parent, level, name, description, weight, owner_unit, manager)
                nodes.append((row.number, node))
        for cycle in _cycles(parents):
            self.issues.error(
                TREE,
                first_rows[cycle[0]],
                "parent_code",
                f"i nodi dell'albero si contengono a vicenda: {_cycle_text(cycle)}",
            )
        # A parent written below its child is only known now, so depths are compared last.
        if depths is not None:
            for number, level, parent in below_parents:
                self.check_depth(number, level, levels.get(parent), depths)
        return nodes

    def check_level(
        self, cells: _Cells, level: str, parent: str | None, depths: Mapping[str, int]
    ) -> None:
        if level not in depths:
            cells.error(
                "level", f"livello sconosciuto {quoted(level)}; i livelli sono {', '.join(depths)}"
            )
        elif parent is None and depths[level] <= 0:
            cells.error("level", f"il livello {quoted(level)} non è sotto l'ente (profondità 0)")

    def check_depth(
        self, number: int, level: str, parent_level: str | None, depths: Mapping[str, int]
    ) -> None:
        if parent_level is None or level not in depths or parent_level not in depths:
            return
        if depths[level] <= depths[parent_level]:
            self.issues.error(
                TREE,
                number,
                "level",
                f"il livello {quoted(level)} (profondità {depths[level]}) non è più profondo del "
                f"livello {quoted(parent_level)} del nodo superiore (profondità "
                f"{depths[parent_level]})",
            )

    # -- indicators and links ------------------------------------------------------------------

    def read_indicators(self, year: int | None) -> list[tuple[int, IndicatorRow]]:
        """The indicators; ``year`` is the cycle's (``None`` if unreadable: the later targets
        are then checked but cannot be dated, and the plan is not returned anyway)."""
        indicators: list[tuple[int, IndicatorRow]] = []
        first_rows: dict[str, int] = {}
        for row in self.rows(INDICATORS):
            cells = _Cells(self.issues, INDICATORS, row)
            code = cells.code("code")
            name = cells.text("name")
            unit = cells.text("unit")
            comparator = cells.parsed("operator", comparator_of)
            target = _target(cells, comparator)
            description = cells.text("description")
            formula = _blank_or_text(cells, "formula")
            if formula:
                self.check_formula(cells, formula)
            baseline = cells.parsed("baseline", decimal_of)
            baseline_year = cells.parsed("baseline_year", year_of)
            data_source = cells.text("data_source")
            notes = cells.text("notes")
            later_targets = tuple(
                YearTarget((year or 0) + offset, later)
                for offset, key in enumerate(LATER_TARGET_KEYS, start=1)
                if (later := _later_target(cells, comparator, key)) is not None
            )
            if code in first_rows:
                cells.error("code", _duplicate(f"il codice {quoted(code)}", first_rows[code]))
            elif code:
                first_rows[code] = row.number
            if cells.is_valid and target is not None:
                indicator = IndicatorRow(
                    code=code,
                    name=name,
                    target=target,
                    unit=unit,
                    description=description,
                    baseline=baseline,
                    baseline_year=baseline_year,
                    data_source=data_source,
                    notes=notes,
                    later_targets=later_targets,
                    formula=formula,
                )
                indicators.append((row.number, indicator))
        return indicators

    def check_formula(self, cells: _Cells, text: str) -> None:
        """The formula parses, and every name it reads is a code of the base measures sheet."""
        if text.strip().startswith("#"):
            # What Excel shows for a formula it computed itself, having read "=a / b" as its own.
            cells.error(
                "formula",
                f"la cella contiene l'errore di Excel {quoted(text.strip())}: scrivi la formula "
                "senza il segno = iniziale, ad esempio a / b * 100",
            )
            return
        try:
            formula = parse_formula(text)
        except FormulaError as exc:
            cells.error("formula", f"la formula non è valida: {formula_message(exc)}")
            return
        measures = self.codes(BASE_MEASURES)
        if measures is None:  # the sheet's own errors are reported
            return
        unknown = [name for name in formula.names_in_order if name not in measures]
        if len(unknown) == 1:
            cells.error(
                "formula",
                f"la formula usa {quoted(unknown[0])}, che non è una misura di base del foglio "
                f"{BASE_MEASURES.name}",
            )
        elif unknown:
            cells.error(
                "formula",
                f"la formula usa {', '.join(quoted(name) for name in unknown)}, che non sono "
                f"misure di base del foglio {BASE_MEASURES.name}",
            )

    def read_links(self) -> list[tuple[int, LinkRow]]:
        links: list[tuple[int, LinkRow]] = []
        first_rows: dict[tuple[str, str], int] = {}
        objectives = self.codes(TREE)
        indicators = self.codes(INDICATORS)
        for row in self.rows(LINKS):
            cells = _Cells(self.issues, LINKS, row)
            objective, indicator = _code_pair(
                cells,
                row.number,
                ("objective_code", objectives, TREE),
                ("indicator_code", indicators, INDICATORS),
                first_rows,
                lambda objective, indicator: (
                    f"il collegamento {quoted(objective)} → {quoted(indicator)}"
                ),
            )
            weight = cells.percent("weight")
            if cells.is_valid:
                links.append((row.number, LinkRow(objective, indicator, weight)))
        return links

    # -- periods and measurements --------------------------------------------------------------

    def read_periods(self) -> list[PeriodRow]:
        periods: list[PeriodRow] = []
        first_rows: dict[str, int] = {}
        final_row: int | None = None
        for row in self.rows(PERIODS):
            cells = _Cells(self.issues, PERIODS, row)
            code = cells.code("code")
            name = cells.text("name")
            starts_on = cells.parsed("starts_on", date_of)
            ends_on = cells.parsed("ends_on", date_of)
            is_final = cells.parsed("is_final", yes_no_of) or False
            if code in first_rows:
                cells.error("code", _duplicate(f"il codice {quoted(code)}", first_rows[code]))
            elif code:
                first_rows[code] = row.number
            if starts_on is not None and ends_on is not None and ends_on < starts_on:
                cells.error(
                    "ends_on", "la data di fine è precedente a quella di inizio (starts_on)"
                )
            if is_final and final_row is not None:
                cells.error(
                    "is_final",
                    f"solo una rilevazione può essere finale, e lo è già la riga {final_row}",
                )
            elif is_final:
                final_row = row.number
            if cells.is_valid and starts_on is not None and ends_on is not None:
                periods.append(PeriodRow(code, name, starts_on, ends_on, is_final))
        return periods

    def read_measurements(self) -> list[MeasurementRow]:
        comparators = self.comparators()
        measurements: list[MeasurementRow] = []
        first_rows: dict[tuple[str, str], int] = {}
        indicators = self.codes(INDICATORS)
        periods = self.codes(PERIODS)
        for row in self.rows(MEASUREMENTS):
            cells = _Cells(self.issues, MEASUREMENTS, row)
            indicator, period = _code_pair(
                cells,
                row.number,
                ("indicator_code", indicators, INDICATORS),
                ("period_code", periods, PERIODS),
                first_rows,
                _value_in_period,
            )
            value = _measured_value(cells, indicator, comparators.get(indicator))
            reason = cells.text("not_available_reason")
            comment = cells.text("comment")
            data_source = cells.text("data_source")
            if cells.is_valid:
                measurement = MeasurementRow(indicator, period, value, reason, comment, data_source)
                measurements.append(measurement)
        return measurements

    def comparators(self) -> dict[str, Comparator]:
        """Each indicator's operator as written, even on rows with other errors."""
        comparators: dict[str, Comparator] = {}
        for row in self.rows(INDICATORS):
            code = code_of(row.values["code"])
            try:
                comparator = comparator_of(row.values["operator"])
            except CellValueError:
                continue
            comparators.setdefault(code, comparator)
        return comparators

    # -- base measures and their values -------------------------------------------------------

    def read_base_measures(self) -> list[BaseMeasureRow]:
        measures: list[BaseMeasureRow] = []
        first_rows: dict[str, int] = {}
        units = self.codes(UNITS)
        for row in self.rows(BASE_MEASURES):
            cells = _Cells(self.issues, BASE_MEASURES, row)
            code = cells.code("code")
            name = cells.text("name")
            unit = cells.text("unit")
            description = cells.text("description")
            data_source = cells.text("data_source")
            responsible_unit = cells.optional_code("responsible_unit")
            if code and (problem := _measure_code_problem(code)):
                cells.error("code", problem)
            elif code in first_rows:
                cells.error("code", _duplicate(f"il codice {quoted(code)}", first_rows[code]))
            elif code:
                first_rows[code] = row.number
            if responsible_unit is not None and units is not None and responsible_unit not in units:
                cells.error("responsible_unit", _not_a_code(responsible_unit, UNITS))
            if cells.is_valid:
                measure = BaseMeasureRow(
                    code, name, unit, description, data_source, responsible_unit
                )
                measures.append(measure)
        return measures

    def read_base_values(self) -> list[BaseValueRow]:
        values: list[BaseValueRow] = []
        first_rows: dict[tuple[str, str], int] = {}
        measures = self.codes(BASE_MEASURES)
        periods = self.codes(PERIODS)
        for row in self.rows(BASE_VALUES):
            cells = _Cells(self.issues, BASE_VALUES, row)
            measure, period = _code_pair(
                cells,
                row.number,
                ("measure_code", measures, BASE_MEASURES),
                ("period_code", periods, PERIODS),
                first_rows,
                _value_in_period,
            )
            value = None
            if not is_not_available(cells.raw("value")):
                value = cells.parsed("value", decimal_of)
            comment = cells.text("comment")
            data_source = cells.text("data_source")
            if cells.is_valid:
                values.append(BaseValueRow(measure, period, value, comment, data_source))
        return values

    # -- evaluation, assignments, notes --------------------------------------------------------

    def read_overrides(self, cycle: CycleInfo | None) -> list[OverrideRow]:
        overrides: list[OverrideRow] = []
        first_rows: dict[str, int] = {}
        nodes = self.codes(TREE)
        indicators = self.codes(INDICATORS)
        if nodes is not None and cycle is not None:
            nodes.add(cycle.administration_code)
        for row in self.rows(OVERRIDES):
            cells = _Cells(self.issues, OVERRIDES, row)
            code = cells.code("code")
            percent = cells.percent("evaluated_percent")
            justification = cells.text("justification")
            evaluator = cells.text("evaluator")
            if code in first_rows:
                what = f"l'intervento su {quoted(code)}"
                cells.error("code", _duplicate(what, first_rows[code]))
            elif code:
                first_rows[code] = row.number
            if code and nodes is not None and indicators is not None:
                if code not in nodes and code not in indicators:
                    cells.error(
                        "code",
                        f"{quoted(code)} non è un codice del foglio tree (o dell'ente) né del "
                        "foglio indicators",
                    )
                elif code in nodes and code in indicators:
                    cells.error(
                        "code",
                        f"{quoted(code)} è sia un codice del foglio tree sia un codice del foglio "
                        "indicators: non si sa a quale si riferisce",
                    )
            if cells.is_valid and percent is not None:
                overrides.append(OverrideRow(code, percent, justification, evaluator))
        return overrides

    def read_assignments(self) -> list[AssignmentRow]:
        assignments: list[AssignmentRow] = []
        first_rows: dict[tuple[str, str], int] = {}
        people = self.codes(PEOPLE)
        objectives = self.codes(TREE)
        for row in self.rows(ASSIGNMENTS):
            cells = _Cells(self.issues, ASSIGNMENTS, row)
            person, objective = _code_pair(
                cells,
                row.number,
                ("person_code", people, PEOPLE),
                ("objective_code", objectives, TREE),
                first_rows,
                lambda person, objective: (
                    f"l'assegnazione di {quoted(objective)} a {quoted(person)}"
                ),
            )
            if cells.is_valid:
                assignments.append(AssignmentRow(person, objective))
        return assignments

    def read_notes(self) -> list[NoteRow]:
        notes: list[NoteRow] = []
        for row in self.rows(NOTES):
            cells = _Cells(self.issues, NOTES, row)
            note = NoteRow(
                location=cells.text("location"),
                reference_value=cells.text("reference_value"),
                performa_value=cells.text("performa_value"),
                note=cells.text("note"),
            )
            if cells.is_valid:
                notes.append(note)
        return notes

    # -- narratives, context tables, process ------------------------------------------------

    def read_narratives(self) -> list[NarrativeRow]:
        narratives: list[NarrativeRow] = []
        first_rows: dict[str, int] = {}
        for row in self.rows(NARRATIVES):
            cells = _Cells(self.issues, NARRATIVES, row)
            key = cells.code("key")
            title = cells.text("title")
            text = cells.text("text")
            if key and not _NARRATIVE_KEY.fullmatch(key):
                cells.error(
                    "key", f"{quoted(key)} non è una chiave valida; usa solo lettere, cifre e _"
                )
            elif key in first_rows:
                cells.error("key", _duplicate(f"la chiave {quoted(key)}", first_rows[key]))
            elif key:
                first_rows[key] = row.number
            if cells.is_valid:
                narratives.append(NarrativeRow(key, title, text))
        return narratives

    def read_context_tables(self) -> list[ContextTable]:
        """The ``context`` sheet's cells (one per row) gathered into tables, in first-seen order."""
        drafts: dict[str, _TableDraft] = {}
        for row in self.rows(CONTEXT):
            cells = _Cells(self.issues, CONTEXT, row)
            code = cells.code("table_code")
            row_label = cells.text("row_label")
            column_label = cells.text("column_label")
            attributes = {
                "title": _blank_or_text(cells, "title"),
                "section": cells.parsed("section", _section_of) or "",
                "source": _blank_or_text(cells, "source"),
                "chart": cells.parsed("chart", _chart_of, " (oppure lascia vuota la cella)") or "",
                "note": _blank_or_text(cells, "note"),
            }
            unit = _blank_or_text(cells, "unit")
            value = _context_value(cells.raw("value"))
            if not code:
                continue
            draft = drafts.setdefault(code, _TableDraft(code, row.number))
            draft.has_section = draft.has_section or not cells.is_blank("section")
            draft.add_attributes(cells, attributes)
            if row_label and column_label:
                draft.add_cell(cells, row_label, column_label, unit, value)
        tables = []
        for draft in drafts.values():
            if not draft.has_section:
                sections = ", ".join(CONTEXT_SECTIONS)
                reason = (
                    f"la tabella {quoted(draft.code)} non ha una sezione; "
                    f"i valori ammessi sono {sections}"
                )
                self.issues.error(CONTEXT, draft.first_row, "section", reason)
            elif "section" in draft.attributes:
                tables.append(draft.table())
        return tables

    def read_process_steps(self) -> list[ProcessStepRow]:
        steps: list[ProcessStepRow] = []
        for row in self.rows(PROCESS):
            cells = _Cells(self.issues, PROCESS, row)
            year = cells.parsed("year", _process_year_of)
            step = ProcessStepRow(
                year=year or "",
                what=cells.text("what"),
                who=cells.text("who"),
                how=cells.text("how"),
                when=cells.text("when"),
            )
            if cells.is_valid and year is not None:
                steps.append(step)
        return steps

    # -- warnings ----------------------------------------------------------------------------

    def warn_about_weights(
        self, nodes: list[tuple[int, NodeRow]], links: list[tuple[int, LinkRow]]
    ) -> None:
        """Weights all given that do not sum to 100 (± 0.1) are normalised by scoring: say so."""
        children: dict[str | None, list[tuple[int, Decimal | None]]] = {}
        for number, node in nodes:
            children.setdefault(node.parent_code, []).append((number, node.weight))
        for parent, weights in children.items():
            whose = "dell'ente" if parent is None else f"di {quoted(parent)}"
            self.warn_about_sum(TREE, weights, f"nodi figli {whose}")
        indicators: dict[str, list[tuple[int, Decimal | None]]] = {}
        for number, link in links:
            indicators.setdefault(link.objective_code, []).append((number, link.weight))
        for objective, weights in indicators.items():
            self.warn_about_sum(LINKS, weights, f"indicatori di {quoted(objective)}")

    def warn_about_sum(
        self, sheet: Sheet, weights: list[tuple[int, Decimal | None]], whose: str
    ) -> None:
        given = [weight for _, weight in weights if weight is not None]
        if 0 < len(given) < len(weights):
            self.issues.warn(
                sheet,
                weights[0][0],
                "weight",
                f"il peso è dato per {len(given)} su {len(weights)} ({whose}); "
                "dallo a tutti o a nessuno: una media ponderata li richiede tutti",
            )
            return
        if not given:
            return
        total = sum(given, Decimal(0))
        if abs(total - _HUNDRED) > Decimal(WEIGHT_TOLERANCE):
            self.issues.warn(
                sheet,
                weights[0][0],
                "weight",
                f"i pesi sommano a {plain(total)} invece di 100: vengono riproporzionati ({whose})",
            )

    def warn_about_unlinked_indicators(self, indicators: list[tuple[int, IndicatorRow]]) -> None:
        linked = self.codes(LINKS, "indicator_code")
        if linked is None:
            return
        for number, indicator in indicators:
            if indicator.code not in linked:
                self.issues.warn(
                    INDICATORS,
                    number,
                    "code",
                    f"l'indicatore {quoted(indicator.code)} non è collegato ad alcun obiettivo, "
                    "quindi non viene valutato",
                )


def _measure_code_problem(code: str) -> str | None:
    """Why ``code`` cannot name a base measure in a formula, or ``None``.

    The formula engine decides what a name is: the code must read as one name alone.
    """
    why = (
        f"{quoted(code)} non può essere il codice di una misura di base: le formule lo "
        "userebbero come nome, che deve iniziare con una lettera o _ e continuare con lettere, "
        "cifre o _ (senza spazi, punti o trattini)"
    )
    if code in FUNCTIONS:
        return (
            f"{quoted(code)} non può essere il codice di una misura di base: è il nome di una "
            f"funzione delle formule ({', '.join(sorted(FUNCTIONS))})"
        )
    try:
        formula = parse_formula(code)
    except FormulaError:
        return why
    expression = formula.expression
    if not isinstance(expression, Name) or expression.name != unicodedata.normalize("NFC", code):
        return why
    return None


def _blank_or_text(cells: _Cells, key: str) -> str:
    """Optional text where only spaces count as nothing (``""``); otherwise verbatim."""
    return "" if cells.is_blank(key) else cells.text(key)


def _section_of(value: object) -> str:
    return choice_of(value, CONTEXT_SECTIONS, "una sezione")


def _chart_of(value: object) -> str:
    return choice_of(value, CONTEXT_CHARTS, "un grafico")


def _process_year_of(value: object) -> str:
    return choice_of(value, PROCESS_YEARS, "un anno del processo")


def _context_value(value: object) -> Decimal | str | None:
    """A context cell's value: ``None`` when blank, a number when it reads as one, else text."""
    if is_blank(value):
        return None
    try:
        return decimal_of(value)
    except CellValueError:
        return text_of(value)


@dataclass
class _ContextRowDraft:
    unit: str = ""
    unit_row: int = 0
    values: dict[str, Decimal | str | None] = field(default_factory=dict)


@dataclass
class _TableDraft:
    """One context table being gathered from its cells, wherever they are in the sheet."""

    code: str
    first_row: int
    has_section: bool = False
    attributes: dict[str, tuple[int, str]] = field(default_factory=dict)
    columns: dict[str, None] = field(default_factory=dict)
    rows: dict[str, _ContextRowDraft] = field(default_factory=dict)
    cell_rows: dict[tuple[str, str], int] = field(default_factory=dict)

    def add_attributes(self, cells: _Cells, attributes: Mapping[str, str]) -> None:
        for key, value in attributes.items():
            if not value:
                continue
            first_row, first = self.attributes.setdefault(key, (cells.row.number, value))
            if value != first:
                cells.error(
                    key,
                    f"la tabella {quoted(self.code)} ha già {quoted(first)} nella colonna "
                    f"{quoted(key)} (riga {first_row})",
                )

    def add_cell(
        self,
        cells: _Cells,
        row_label: str,
        column_label: str,
        unit: str,
        value: Decimal | str | None,
    ) -> None:
        number = cells.row.number
        first_row = self.cell_rows.setdefault((row_label, column_label), number)
        if first_row != number:
            what = (
                f"la cella della tabella {quoted(self.code)}, riga {quoted(row_label)}, "
                f"colonna {quoted(column_label)},"
            )
            cells.error("column_label", _duplicate(what, first_row))
            return
        self.columns.setdefault(column_label)
        row = self.rows.setdefault(row_label, _ContextRowDraft())
        if unit and row.unit and unit != row.unit:
            cells.error(
                "unit",
                f"la riga {quoted(row_label)} della tabella {quoted(self.code)} ha già l'unità "
                f"{quoted(row.unit)} (riga {row.unit_row})",
            )
        elif unit and not row.unit:
            row.unit, row.unit_row = unit, number
        row.values[column_label] = value

    def table(self) -> ContextTable:
        rows = tuple(
            ContextTableRow(
                label, tuple(row.values.get(column) for column in self.columns), row.unit
            )
            for label, row in self.rows.items()
        )
        attributes = {key: value for key, (_, value) in self.attributes.items()}
        return ContextTable(
            code=self.code,
            title=attributes.get("title", ""),
            section=attributes["section"],
            columns=tuple(self.columns),
            rows=rows,
            source=attributes.get("source", ""),
            chart=attributes.get("chart", ""),
            unit=next((row.unit for row in rows if row.unit), ""),
            note=attributes.get("note", ""),
        )


def _target(cells: _Cells, comparator: Comparator | None, key: str = "target") -> Target | None:
    """The target in column ``key`` (and ``<key>_upper``) of an indicator row, read as its
    operator needs; ``None`` when invalid."""
    upper_key = f"{key}_upper"
    if comparator is None:  # the operator's error is reported; an empty target still is too
        cells.text(key)
        return None
    if comparator is Comparator.BETWEEN:
        lower = cells.parsed(key, decimal_of)
        upper = cells.parsed(upper_key, decimal_of)
        if cells.is_blank(upper_key):
            cells.error(upper_key, "l'operatore between richiede un limite superiore")
        elif lower is not None and upper is not None and upper < lower:
            cells.error(
                upper_key,
                f"il limite superiore {plain(upper)} è minore del target {plain(lower)}",
            )
        if lower is None or upper is None or upper < lower:
            return None
        return Target(comparator, value=lower, upper=upper)
    if not cells.is_blank(upper_key):
        cells.error(
            upper_key,
            f"solo l'operatore between usa un limite superiore, non {comparator.value}; "
            "lascia vuota la cella",
        )
    if comparator is Comparator.DEADLINE:
        due_on = cells.parsed(key, date_of)
        return Target(comparator, due_on=due_on) if due_on is not None else None
    if comparator is Comparator.YES_NO:
        expected = cells.parsed(key, yes_no_of)
        return Target(comparator, expected=expected) if expected is not None else None
    value = cells.parsed(key, decimal_of)
    return Target(comparator, value=value) if value is not None else None


def _later_target(cells: _Cells, comparator: Comparator | None, key: str) -> Target | None:
    """The target of a following year (``target_second_year``...): optional, with its own
    operator or, when that cell is empty, the row's."""
    operator_key = f"{key}_operator"
    if cells.is_blank(key):
        for other in (f"{key}_upper", operator_key):
            if not cells.is_blank(other):
                cells.error(
                    key, f"la cella è vuota ma {quoted(other)} no; scrivi il target dell'anno"
                )
                break
        return None
    if not cells.is_blank(operator_key):
        comparator = cells.parsed(operator_key, comparator_of)
    if comparator is None:  # the operator's error is reported on its own cell
        return None
    return _target(cells, comparator, key)


def _measured_value(
    cells: _Cells, indicator: str, comparator: Comparator | None
) -> ActualValue | None:
    """A measurement's value as its indicator's operator needs it; ``None`` for N/D."""
    if is_not_available(cells.raw("value")):
        if cells.is_blank("not_available_reason"):
            cells.error(
                "not_available_reason",
                f"con il valore {NOT_AVAILABLE} il motivo è obbligatorio",
            )
        return None
    if cells.is_blank("value"):
        cells.error(
            "value",
            f"la cella è vuota; scrivi il valore, oppure {NOT_AVAILABLE} e il motivo",
        )
        return None
    if comparator is None:  # unknown indicator or invalid operator, reported on its own row
        return None
    context = f" (l'indicatore {quoted(indicator)} usa l'operatore {comparator.value})"
    if comparator is Comparator.DEADLINE:
        return cells.parsed("value", date_of, context)
    if comparator is Comparator.YES_NO:
        return cells.parsed("value", yes_no_of, context)
    return cells.parsed("value", decimal_of, context)


_RULE_KEYS = frozenset(
    key
    for key in RuleSet().to_settings()
    if not key.startswith(("aggregation.", "aggregate_over."))
)


def _rule_group(key: str) -> str:
    """Keys checked together: each threshold pair, and each level's two aggregation keys."""
    if key.startswith(("indicator_threshold_", "objective_threshold_")):
        return key.split("_threshold_")[0]
    if key.startswith(("aggregation.", "aggregate_over.")):
        return "level:" + key.partition(".")[2]
    return key


def _is_known_rule_key(key: str) -> bool:
    return key in _RULE_KEYS or key.startswith(("aggregation.", "aggregate_over."))


def _rules_problem(settings: Mapping[str, str]) -> tuple[str, str | None] | None:
    """Why ``RuleSet.from_settings`` refuses ``settings`` and the key at fault, if it does."""
    try:
        RuleSet.from_settings(settings)
    except RuleSetError as exc:
        return rules_message(exc.message), exc.location
    except (ArithmeticError, ValueError) as exc:
        return rules_message(str(exc)), None
    return None
