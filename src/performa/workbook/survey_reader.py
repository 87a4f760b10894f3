"""Survey answer files (CSV, XLSX) as plain data, or every error located by row and column.

Reads what Google Forms, Microsoft Forms and LimeSurvey export: one row per questionnaire, one
column per question, one column naming the service. Never touches Django or the database;
the statistics are ``performa.scoring.surveys``'. The catalogue of messages is in
docs/surveys.md.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final

__all__ = [
    "SurveyColumn",
    "SurveyFile",
    "SurveyFileError",
    "SurveyFileResult",
    "SurveyFileRow",
    "normalise_header",
    "read_survey_file",
]

_SERVICE_WORDS: Final = ("servizio", "servizi", "ufficio", "uffici", "service", "sportello")
_KEY_WORDS: Final = ("complessiv", "overall", "generale", "globale")
_DROPPED: Final = frozenset(
    {
        "informazioni cronologiche",
        "timestamp",
        "data",
        "ora",
        "id",
        "id risposta",
        "response id",
        "ora di inizio",
        "ora di completamento",
        "start time",
        "completion time",
        "posta elettronica",
        "email",
        "e mail",
        "indirizzo email",
        "indirizzo e mail",
        "nome",
        "cognome",
        "nome e cognome",
        "name",
        "ultima modifica",
        "ora dell ultima modifica",
        "last modified time",
        "submitdate",
        "data invio",
        "data di invio",
        "lastpage",
        "ultima pagina",
        "startlanguage",
        "lingua iniziale",
        "seed",
        "ip",
        "ipaddr",
        "indirizzo ip",
        "codice fiscale",
        "telefono",
        "token",
        "refurl",
        "url di riferimento",
        "datestamp",
        "startdate",
        "data di inizio",
    }
)
"""Headers of metadata and personal data: never read, so the answers stay anonymous."""
_NO_ANSWER: Final = frozenset({"", "-", "n/a", "na", "n.a.", "non so", "non saprei", "nr", "n.r."})
_NUMBER: Final = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_NUMBER_WITH_LABEL: Final = re.compile(r"^(\d+(?:[.,]\d+)?)\s*[-–:.)]\s*\D.*$")


@dataclass(frozen=True, slots=True)
class SurveyFileError:
    """One problem of the file; ``row`` is the row number a spreadsheet shows (header: 1)."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"riga {self.row}")
        if self.column is not None:
            where.append(f"colonna '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True, slots=True)
class SurveyColumn:
    """A question of the file: marks on the scale (``is_mark``) or free text."""

    header: str
    is_mark: bool


@dataclass(frozen=True, slots=True)
class SurveyFileRow:
    """One questionnaire: its row number, its service, its answers (``None``: empty)."""

    row: int
    service: str
    values: tuple[Decimal | str | None, ...]


@dataclass(frozen=True, slots=True)
class SurveyFile:
    """The questionnaires of a file: ``key_index`` is the overall-judgement question's index."""

    service_header: str
    columns: tuple[SurveyColumn, ...]
    rows: tuple[SurveyFileRow, ...]
    key_index: int
    dropped_headers: tuple[str, ...] = ()
    separator: str = ""

    @property
    def key_header(self) -> str:
        return self.columns[self.key_index].header

    def key_answers(self) -> list[tuple[str, Decimal | None]]:
        """``(service, mark)`` of the overall-judgement question, one per questionnaire."""
        answers: list[tuple[str, Decimal | None]] = []
        for row in self.rows:
            value = row.values[self.key_index]
            answers.append((row.service, value if isinstance(value, Decimal) else None))
        return answers


@dataclass(frozen=True, slots=True)
class SurveyFileResult:
    """Either ``survey`` (no errors) or ``errors`` (and no survey)."""

    survey: SurveyFile | None
    errors: tuple[SurveyFileError, ...] = field(default=())


def normalise_header(header: str) -> str:
    """A header compared loosely: no accents, no punctuation, lower case, single spaces."""
    text = unicodedata.normalize("NFKD", header.replace("\ufeff", ""))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def read_survey_file(
    name: str,
    content: bytes,
    *,
    minimum: Decimal = Decimal(1),
    maximum: Decimal = Decimal(10),
    key_question: str = "",
) -> SurveyFileResult:
    """Read the answers in ``content`` (a ``.csv`` or ``.xlsx`` file called ``name``).

    CSV: UTF-8 with or without BOM (else Windows-1252; UTF-16 with BOM too), separator ``;``,
    ``,`` or tab guessed from the header. Marks may use the decimal comma ("7,5") or carry a
    label ("8 - Buono"); empty answers and "non so" count as no answer. ``key_question`` names
    the overall-judgement question; by default the first mark question whose header says
    "complessivo" (or "generale", "overall"), else the last mark question.
    """
    extension = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if not content.strip():
        return SurveyFileResult(None, (SurveyFileError("il file è vuoto."),))
    if extension == "xlsx" or (extension != "csv" and content[:2] == b"PK"):
        grid = _xlsx_grid(content)
        separator = ""
    elif extension in {"csv", "txt", ""}:
        text = _decode(content)
        separator = _separator(text)
        grid = _csv_grid(text, separator)
    else:
        message = f"formato «.{extension}» non letto: salva le risposte come .csv o .xlsx."
        return SurveyFileResult(None, (SurveyFileError(message),))
    if isinstance(grid, SurveyFileError):
        return SurveyFileResult(None, (grid,))
    return _read_grid(
        grid,
        minimum=minimum,
        maximum=maximum,
        key_question=key_question,
        separator=separator,
    )


# -- from bytes to a grid of cells -------------------------------------------------------------

type Cell = Decimal | str | None
type Grid = list[tuple[int, list[Cell]]]


def _decode(content: bytes) -> str:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _separator(text: str) -> str:
    """The separator most frequent outside quotes in the first line (``,`` on a tie)."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(counts.values())
    if best == 0 or counts[","] == best:
        return ","
    return ";" if counts[";"] == best else "\t"


def _csv_grid(text: str, separator: str) -> Grid:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    return [(number, list[Cell](cells)) for number, cells in enumerate(reader, start=1)]


def _xlsx_grid(content: bytes) -> Grid | SurveyFileError:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return SurveyFileError("il file non è un foglio .xlsx leggibile.")
    try:
        sheet = workbook.worksheets[0]
        grid: Grid = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            grid.append((number, [_xlsx_cell(value) for value in values]))
        return grid
    finally:
        workbook.close()


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


# -- from a grid to questionnaires -------------------------------------------------------------


def _is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _mark_of(cell: Cell) -> Decimal | None | str:
    """A cell as a mark: a ``Decimal``, ``None`` for no answer, or the text when not a mark."""
    if cell is None or isinstance(cell, Decimal):
        return cell
    text = cell.strip()
    if text.casefold() in _NO_ANSWER:
        return None
    match = _NUMBER.match(text) or _NUMBER_WITH_LABEL.match(text)
    if match is None:
        return text
    number = match.group(1) if match.re is _NUMBER_WITH_LABEL else text
    try:
        return Decimal(number.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        return text


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _read_grid(
    grid: Grid, *, minimum: Decimal, maximum: Decimal, key_question: str, separator: str
) -> SurveyFileResult:
    rows = [(number, cells) for number, cells in grid if not all(map(_is_blank, cells))]
    if not rows:
        return SurveyFileResult(None, (SurveyFileError("il file non contiene intestazioni."),))
    header_row, header_cells = rows[0]
    headers = [
        str(cell).replace("\ufeff", "").strip() if cell is not None else "" for cell in header_cells
    ]
    while headers and not headers[-1]:
        headers.pop()
    data = rows[1:]
    errors: list[SurveyFileError] = []
    for index, header in enumerate(headers):
        if not header:
            errors.append(
                SurveyFileError(
                    f"la colonna {index + 1} non ha intestazione: ogni domanda ne vuole una.",
                    row=header_row,
                )
            )
    seen: dict[str, str] = {}
    for header in headers:
        key = normalise_header(header)
        if key and key in seen:
            errors.append(
                SurveyFileError(
                    "intestazione ripetuta: rinomina una delle due colonne.",
                    row=header_row,
                    column=header,
                )
            )
        seen.setdefault(key, header)
    if not data:
        errors.append(SurveyFileError("il file non contiene risposte (solo l'intestazione)."))
    for number, cells in data:
        extra = [cell for cell in cells[len(headers) :] if not _is_blank(cell)]
        if extra:
            errors.append(
                SurveyFileError(
                    f"{len(headers) + len(extra)} valori ma {len(headers)} intestazioni: "
                    "controlla il separatore (; o ,) e le virgolette.",
                    row=number,
                )
            )
    if errors:
        return SurveyFileResult(None, tuple(errors))
    width = len(headers)
    table = [(number, [*cells[:width], *[None] * (width - len(cells))]) for number, cells in data]
    dropped = [
        index for index, header in enumerate(headers) if normalise_header(header) in _DROPPED
    ]
    column_marks = {
        index: [_mark_of(cells[index]) for _, cells in table]
        for index in range(width)
        if index not in dropped
    }
    is_mark = {index: _looks_like_marks(marks) for index, marks in column_marks.items()}
    service_index = next(
        (
            index
            for index in column_marks
            if not is_mark[index]
            and any(word in normalise_header(headers[index]).split() for word in _SERVICE_WORDS)
        ),
        None,
    )
    if service_index is None:
        return SurveyFileResult(
            None,
            (
                SurveyFileError(
                    "manca la colonna del servizio: serve una colonna di testo intitolata, per "
                    "esempio, «Servizio», «Servizio utilizzato» o «Ufficio».",
                    row=header_row,
                ),
            ),
        )
    question_indexes = [index for index in column_marks if index != service_index]
    mark_indexes = [index for index in question_indexes if is_mark[index]]
    if not mark_indexes:
        return SurveyFileResult(
            None,
            (
                SurveyFileError(
                    f"nessuna colonna di voti da {_plain(minimum)} a {_plain(maximum)}: le "
                    "domande devono avere risposte numeriche.",
                    row=header_row,
                ),
            ),
        )
    key_index = _key_index(headers, mark_indexes, key_question)
    if key_index is None:
        message = f"la domanda «{key_question}» non è tra le colonne di voti del file."
        return SurveyFileResult(None, (SurveyFileError(message, row=header_row),))
    for index in mark_indexes:
        for (number, _), mark in zip(table, column_marks[index], strict=True):
            if isinstance(mark, str):
                errors.append(
                    SurveyFileError(
                        f"«{mark}» non è un voto da {_plain(minimum)} a {_plain(maximum)}.",
                        row=number,
                        column=headers[index],
                    )
                )
            elif mark is not None and not minimum <= mark <= maximum:
                errors.append(
                    SurveyFileError(
                        f"il voto {_plain(mark)} è fuori dalla scala da {_plain(minimum)} a "
                        f"{_plain(maximum)}.",
                        row=number,
                        column=headers[index],
                    )
                )
    if errors:
        return SurveyFileResult(None, tuple(errors))
    columns = tuple(SurveyColumn(headers[index], is_mark[index]) for index in question_indexes)
    survey_rows = tuple(
        SurveyFileRow(
            row=number,
            service=_text(cells[service_index]),
            values=tuple(
                _answer(cells[index], column_marks[index][position], is_mark[index])
                for index in question_indexes
            ),
        )
        for position, (number, cells) in enumerate(table)
    )
    return SurveyFileResult(
        SurveyFile(
            service_header=headers[service_index],
            columns=columns,
            rows=survey_rows,
            key_index=question_indexes.index(key_index),
            dropped_headers=tuple(headers[index] for index in dropped),
            separator=separator,
        )
    )


def _looks_like_marks(marks: Sequence[Decimal | None | str]) -> bool:
    """At least half the answers given are numbers: a mark question (the rest are errors)."""
    given = [mark for mark in marks if mark is not None]
    numbers = sum(isinstance(mark, Decimal) for mark in given)
    return bool(given) and numbers * 2 >= len(given)


def _key_index(headers: Sequence[str], mark_indexes: Sequence[int], wanted: str) -> int | None:
    if wanted.strip():
        target = normalise_header(wanted)
        return next((i for i in mark_indexes if normalise_header(headers[i]) == target), None)
    for index in mark_indexes:
        if any(word in normalise_header(headers[index]) for word in _KEY_WORDS):
            return index
    return mark_indexes[-1]


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    return _plain(cell) if isinstance(cell, Decimal) else " ".join(cell.split())


def _answer(cell: Cell, mark: Decimal | None | str, is_mark: bool) -> Decimal | str | None:
    if is_mark:
        return mark if isinstance(mark, Decimal) else None
    text = _text(cell)
    return text or None
