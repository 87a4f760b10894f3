"""Single cell values to typed values and back: numbers, dates, SI/NO, operators, codes.

Shared by the reader (parsing, with a reason on failure) and the writer (exact numbers).
Standard library and ``performa.scoring`` only; no openpyxl, no Django.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from performa.scoring.model import Comparator
from performa.workbook.layout import NO, NOT_AVAILABLE, YES

__all__ = [
    "CellValueError",
    "choice_of",
    "code_of",
    "comparator_of",
    "date_of",
    "decimal_of",
    "integer_of",
    "is_blank",
    "is_excel_safe_date",
    "is_not_available",
    "number_cell",
    "plain",
    "quoted",
    "shown",
    "text_of",
    "year_of",
    "yes_no_of",
]

_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_ITALIAN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YES_TEXTS = frozenset({YES, "SÌ", "SÍ"})
_LARGEST_EXACT_INTEGER = 2**53
_OPENPYXL_NUMBER = "%.16g"
"""How openpyxl writes a numeric cell (``openpyxl.compat.strings.safe_string``)."""
_EXCEL_FIRST_SAFE_DATE = date(1900, 3, 1)
"""Excel's serial dates are off by one before this day (its 1900 leap-year bug)."""


class CellValueError(ValueError):
    """A cell's content is not of the kind its column needs; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_NUMBER_EXAMPLE = "scrivi ad esempio 350 o 350,5"


def _not_a_number(value: object) -> str:
    return f"{shown(value)} non è un numero; {_NUMBER_EXAMPLE}"


def _not_a_year(value: object) -> str:
    return f"{shown(value)} non è un anno di quattro cifre; scrivi ad esempio 2024"


def _date_text(value: date) -> str:
    return value.strftime("%d/%m/%Y") if value.year >= 1000 else value.isoformat()


def _float_decimal(value: float) -> Decimal:
    # The shortest repr is what the user typed: 33.3 stays 33.3, not 33.29999999999999715...
    return Decimal(repr(value))


def quoted(text: str) -> str:
    """``text`` between Italian quotes, as messages cite codes and cell text: «abc»."""
    return f"«{text}»"


def shown(value: object) -> str:
    """``value`` as an error message cites it: text in «», numbers with a decimal comma, dates
    as DD/MM/YYYY, a logical cell as Excel shows it in Italian (VERO, FALSO)."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool):
        return "VERO" if value else "FALSO"
    if isinstance(value, datetime):
        return _date_text(value.date())
    if isinstance(value, date):
        return _date_text(value)
    if isinstance(value, float) and math.isfinite(value):
        return plain(_float_decimal(value))
    if isinstance(value, Decimal) and value.is_finite():
        return plain(value)
    return str(value)


def plain(number: Decimal) -> str:
    """``number`` for a message, in Italian: no exponent, no trailing zeros, a decimal comma
    (99.50 → ``99,5``)."""
    text = format(number.normalize(), "f")
    return text.replace(".", ",")


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: object) -> str:
    """A free-text cell, exactly as written (``""`` when empty); other cells as they show."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float) and math.isfinite(value):
        return str(_float_decimal(value))
    if isinstance(value, datetime):
        return _date_text(value.date())
    if isinstance(value, date):
        return _date_text(value)
    return str(value)


def code_of(value: object) -> str:
    """An identifier cell without surrounding spaces; a numeric cell ``502`` gives ``"502"``."""
    return text_of(value).strip()


def decimal_of(value: object) -> Decimal:
    """A number: a numeric cell (floats through their shortest repr) or text like ``350,5``."""
    if isinstance(value, bool):
        raise CellValueError(_not_a_number(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellValueError(_not_a_number(value))
        return _float_decimal(value)
    if isinstance(value, date):
        raise CellValueError(f"{shown(value)} è una data, non un numero; {_NUMBER_EXAMPLE}")
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER_TEXT.fullmatch(text):
            try:
                return Decimal(text.replace(",", "."))
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
                pass
    raise CellValueError(_not_a_number(value))


def integer_of(value: object) -> int:
    """A whole number: a numeric cell or text, with no fractional part."""
    number = decimal_of(value)
    if number != number.to_integral_value():
        raise CellValueError(f"{shown(value)} non è un numero intero")
    return int(number)


def year_of(value: object) -> int:
    """A four-digit year (1000 to 9999)."""
    try:
        year = integer_of(value)
    except CellValueError:
        raise CellValueError(_not_a_year(value)) from None
    if not 1000 <= year <= 9999:
        raise CellValueError(_not_a_year(value))
    return year


def date_of(value: object) -> date:
    """A date cell, or text written DD/MM/YYYY (or YYYY-MM-DD)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if match := _ITALIAN_DATE.fullmatch(text):
                day, month, year = (int(part) for part in match.groups())
                return date(year, month, day)
            if _ISO_DATE.fullmatch(text):
                return date.fromisoformat(text)
        except ValueError:
            pass
    raise CellValueError(
        f"{shown(value)} non è una data; scrivila come GG/MM/AAAA, ad esempio 31/12/2024"
    )


def yes_no_of(value: object) -> bool:
    """``SI`` (also ``sì``) or ``NO`` in any case, or a TRUE/FALSE cell."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().upper()
        if text in _YES_TEXTS:
            return True
        if text == NO:
            return False
    raise CellValueError(f"{shown(value)} non è né {YES} né {NO}; scrivi {YES} o {NO}")


def comparator_of(value: object) -> Comparator:
    """An indicator operator, in any case: ``>=``, ``between``, ``Entro``, ``SI/NO``…"""
    text = text_of(value).strip().lower()
    try:
        return Comparator(text)
    except ValueError:
        choices = ", ".join(comparator.value for comparator in Comparator)
        raise CellValueError(
            f"{shown(value)} non è un operatore; usa uno di questi: {choices}"
        ) from None


def choice_of(value: object, choices: Sequence[str], what: str) -> str:
    """The one of ``choices`` that ``value`` spells in any case and spacing (``n + 1`` → ``N+1``).

    ``what`` names the kind of value for the message: ``«x» non è una sezione; usa …``.
    """
    text = "".join(text_of(value).split()).lower()
    for choice in choices:
        if text == choice.lower():
            return choice
    raise CellValueError(f"{shown(value)} non è {what}; i valori ammessi sono {', '.join(choices)}")


def is_not_available(value: object) -> bool:
    """True for the ``N/D`` marker of a value that could not be measured."""
    return isinstance(value, str) and value.strip().upper() == NOT_AVAILABLE


def number_cell(number: Decimal) -> int | float | str:
    """What to store for ``number`` so that reading the cell gives it back exactly.

    A numeric cell when the number survives openpyxl's 16 significant digits and a float,
    read back through its shortest repr; otherwise plain text (``0.12345678901234567890``),
    which the reader parses as a number too.
    """
    as_float = float(number)
    if math.isfinite(as_float):
        stored = float(_OPENPYXL_NUMBER % as_float)
        if _float_decimal(stored) == number:
            if stored.is_integer() and abs(stored) < _LARGEST_EXACT_INTEGER:
                return int(stored)
            return stored
    return format(number, "f")


def is_excel_safe_date(value: date) -> bool:
    """True when ``value`` can be stored as a real date cell (on or after 1 March 1900)."""
    return value >= _EXCEL_FIRST_SAFE_DATE
