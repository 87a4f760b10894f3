"""Parsing what people type: Italian numbers and dates, yes/no, N/D."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from performa.apps.measurements.forms import MeasurementEntryForm, parse_day, parse_number
from performa.apps.measurements.selectors import ValueKind


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("12,5", Decimal("12.5")),
        ("-21,77", Decimal("-21.77")),
        ("+3", Decimal("3")),
        ("12.5", Decimal("12.5")),
        ("0,5", Decimal("0.5")),
        (" 83,18 % ", Decimal("83.18")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("€ 5.000", Decimal("5000")),
    ],
)
def test_italian_numbers_are_read(text: str, number: Decimal) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "abc", "1,234.5", "1,2,3", "12,", "--3", "1.23.4"])
def test_what_is_not_a_number_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ValueError, match="valore|1.234,5"):
        parse_number(text)


@pytest.mark.parametrize("text", ["2024-03-26", "26/03/2024", "26-03-2024", "26.03.2024"])
def test_dates_are_read_in_italian_and_iso_order(text: str) -> None:
    assert parse_day(text) == date(2024, 3, 26)


@pytest.mark.parametrize("text", ["31/02/2024", "2024/03/26", "marzo"])
def test_what_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="gg/mm/aaaa"):
        parse_day(text)


def form(kind: ValueKind, **data: str) -> MeasurementEntryForm:
    return MeasurementEntryForm({"version": "0", **data}, kind=kind)


def test_a_number_form_gives_a_decimal() -> None:
    entry_form = form(ValueKind.NUMBER, value="1.234,5", comment=" ok ")
    assert entry_form.is_valid(), entry_form.errors
    assert entry_form.entry().value == Decimal("1234.5")


def test_a_date_typed_for_a_number_is_refused() -> None:
    entry_form = form(ValueKind.NUMBER, value="31/01/2024")
    assert not entry_form.is_valid()
    assert "non una data" in entry_form.errors["value"][0]


def test_a_date_form_gives_a_date() -> None:
    entry_form = form(ValueKind.DATE, value="2024-01-24")
    assert entry_form.is_valid()
    assert entry_form.entry().value == date(2024, 1, 24)


def test_a_yes_no_form_needs_an_answer() -> None:
    assert not form(ValueKind.YES_NO).is_valid()
    entry_form = form(ValueKind.YES_NO, answer="no")
    assert entry_form.is_valid()
    assert entry_form.entry().value is False


def test_not_available_ignores_the_value_and_keeps_the_reason() -> None:
    entry_form = form(
        ValueKind.NUMBER, value="", not_available="on", not_available_reason="Dato ISTAT assente"
    )
    assert entry_form.is_valid()
    entry = entry_form.entry()
    assert entry.value is None
    assert entry.not_available_reason == "Dato ISTAT assente"


def test_an_empty_value_asks_for_a_value_or_n_d() -> None:
    entry_form = form(ValueKind.NUMBER, value=" ")
    assert not entry_form.is_valid()
    assert "N/D" in entry_form.errors["value"][0]
