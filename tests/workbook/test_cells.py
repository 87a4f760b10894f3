"""Single cells: how values are parsed and quoted, and how numbers are stored exactly."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from performa.workbook._cells import (
    CellValueError,
    choice_of,
    date_of,
    decimal_of,
    integer_of,
    number_cell,
    plain,
    shown,
    text_of,
)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (True, "VERO non è un numero; scrivi ad esempio 350 o 350,5"),
        (float("nan"), "nan non è un numero; scrivi ad esempio 350 o 350,5"),
        (float("inf"), "inf non è un numero; scrivi ad esempio 350 o 350,5"),
        ("1.234,5", "«1.234,5» non è un numero; scrivi ad esempio 350 o 350,5"),
        ("1e3", "«1e3» non è un numero; scrivi ad esempio 350 o 350,5"),
        (
            datetime(2024, 2, 28, 9, 30),
            "28/02/2024 è una data, non un numero; scrivi ad esempio 350 o 350,5",
        ),
        ([], "[] non è un numero; scrivi ad esempio 350 o 350,5"),
    ],
)
def test_what_is_not_a_number(value: object, reason: str) -> None:
    with pytest.raises(CellValueError) as raised:
        decimal_of(value)
    assert raised.value.reason == reason


def test_whole_numbers() -> None:
    assert integer_of(3.0) == 3
    with pytest.raises(CellValueError, match="«2,5» non è un numero intero"):
        integer_of("2,5")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (502, "502"),
        (502.0, "502"),
        (33.3, "33.3"),
        (False, "NO"),
        (date(2024, 1, 2), "02/01/2024"),
        (date(999, 1, 2), "0999-01-02"),
    ],
)
def test_text_of_other_cells(value: object, text: str) -> None:
    assert text_of(value) == text


@pytest.mark.parametrize(
    ("number", "stored"),
    [
        (Decimal("33.3"), 33.3),
        (Decimal("100.00"), 100),
        (Decimal("-0"), 0),
        (Decimal("1E+2"), 100),
        (Decimal(2**60), "1152921504606846976"),
        (Decimal("10.000012125855807"), "10.000012125855807"),
        (Decimal("0.1000000000000000055511151231257827"), "0.1000000000000000055511151231257827"),
    ],
)
def test_numbers_are_stored_so_they_read_back_exactly(number: Decimal, stored: object) -> None:
    cell = number_cell(number)
    assert cell == stored
    assert type(cell) is type(stored)
    assert decimal_of(cell) == number


def test_dates_from_date_cells_and_text() -> None:
    assert date_of(date(2024, 2, 28)) == date(2024, 2, 28)
    assert date_of(datetime(2024, 2, 28, 12, 0)) == date(2024, 2, 28)
    assert date_of(" 2024-02-28 ") == date(2024, 2, 28)


def test_messages_quote_values_plainly() -> None:
    assert shown("abc") == "«abc»"
    assert shown(33.3) == "33,3"
    assert shown(True) == "VERO"
    assert shown(Decimal("350.50")) == "350,5"
    assert plain(Decimal("99.50")) == "99,5"
    assert plain(Decimal("1E+2")) == "100"


@pytest.mark.parametrize(("typed", "choice"), [("n", "N"), (" N + 1 ", "N+1"), ("n+1", "N+1")])
def test_a_choice_is_matched_in_any_case_and_spacing(typed: str, choice: str) -> None:
    assert choice_of(typed, ("N", "N+1"), "un anno") == choice


def test_a_choice_outside_the_list_names_the_list() -> None:
    with pytest.raises(
        CellValueError, match=r"^2025 non è un anno; i valori ammessi sono N, N\+1$"
    ):
        choice_of(2025, ("N", "N+1"), "un anno")
