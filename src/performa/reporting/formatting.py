"""Italian formatting of numbers, percentages and dates, through Babel (never by hand).

Every figure a person reads goes through here, so ``96,41 %`` and ``1.234,56`` look the same in
the terminal, the web app and every report format. No Django, no ORM.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal as babel_format_decimal

__all__ = ["LOCALE", "format_date", "format_number", "format_percent", "format_value"]

LOCALE = "it_IT"
NO_BREAK_SPACE = "\u00a0"


def format_number(number: Decimal, decimals: int = 2, locale: str = LOCALE) -> str:
    """``1234.5`` → ``1.234,50`` (fixed decimals, grouping, Italian separators).

    Rounds half up first, as the reference report does (Babel alone would round half even).
    """
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_format_decimal(number, format=pattern, locale=locale, decimal_quantization=True)


def format_exact(number: Decimal, locale: str = LOCALE) -> str:
    """A number with the decimals it has, no padding: ``1240.500000`` → ``1.240,5``."""
    plain = number.normalize() + 0  # "+ 0" turns 1E+3 back into 1000
    exponent = plain.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(plain, decimals, locale)


def format_percent(percent: Decimal | None, decimals: int = 2, locale: str = LOCALE) -> str:
    """A 0–100 percentage: ``96.4125`` → ``96,41 %`` (non-breaking space); ``None`` → ``N/D``."""
    if percent is None:
        return "N/D"
    return f"{format_number(percent, decimals, locale)}{NO_BREAK_SPACE}%"


def format_date(day: date, locale: str = LOCALE) -> str:
    """``date(2024, 1, 31)`` → ``31/01/2024``."""
    return babel_format_date(day, format="dd/MM/yyyy", locale=locale)


def format_value(value: Decimal | date | bool | None, unit: str = "", locale: str = LOCALE) -> str:
    """A target or actual value with its unit, the way the reference report prints it.

    Numbers get two decimals (``7.500,00 N.``), dates ``dd/mm/yyyy``, yes/no ``SI``/``NO``,
    a missing value ``N/D``.
    """
    if value is None:
        return "N/D"
    if isinstance(value, bool):
        return "SI" if value else "NO"
    if isinstance(value, date):
        return format_date(value, locale)
    text = format_number(value, 2, locale)
    return f"{text}{NO_BREAK_SPACE}{unit}" if unit else text
