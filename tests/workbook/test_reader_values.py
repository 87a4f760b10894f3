"""What the reader accepts beyond what the writer writes: how people type into spreadsheets."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from performa.scoring.model import Comparator, Target
from performa.workbook.data import ContextTable, ContextTableRow
from performa.workbook.reader import ReadResult, read_workbook
from tests.workbook.support import Edit, edited, put, representative_plan, written


def read_back(*edits: Edit) -> ReadResult:
    result = edited(representative_plan(), *edits)
    assert result.errors == ()
    assert result.plan is not None
    return result


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("350,5", Decimal("350.5")),
        ("350.5", Decimal("350.5")),
        (" 350 ", Decimal(350)),
        ("-0,25", Decimal("-0.25")),
        (",5", Decimal("0.5")),
        (350, Decimal(350)),
        (33.3, Decimal("33.3")),
        (1234.5678, Decimal("1234.5678")),
    ],
)
def test_numbers_are_read_from_numeric_cells_and_text(typed: object, number: Decimal) -> None:
    plan = read_back(put("indicators", "E2", typed)).plan
    assert plan is not None
    assert plan.indicators[0].target == Target(Comparator.AT_LEAST, value=number)


def test_a_float_cell_keeps_its_shortest_repr() -> None:
    plan = read_back(put("links", "C2", 33.3)).plan
    assert plan is not None
    assert str(plan.links[0].weight) == "33.3"


@pytest.mark.parametrize(
    "typed",
    ["28/02/2024", "28/2/2024", "2024-02-28", datetime(2024, 2, 28), date(2024, 2, 28)],
)
def test_dates_are_read_from_date_cells_and_text(typed: object) -> None:
    plan = read_back(put("indicators", "E5", typed)).plan
    assert plan is not None
    assert plan.indicators[3].target.due_on == date(2024, 2, 28)


@pytest.mark.parametrize(
    ("typed", "answer"), [("si", True), ("Sì", True), (True, True), ("no", False), (False, False)]
)
def test_yes_no_accepts_any_case_and_boolean_cells(typed: object, answer: bool) -> None:
    plan = read_back(put("measurements", "C6", typed)).plan
    assert plan is not None
    assert plan.measurements[4].value is answer


@pytest.mark.parametrize(
    ("typed", "comparator"), [("Entro", Comparator.DEADLINE), (" ENTRO ", Comparator.DEADLINE)]
)
def test_operators_accept_any_case(typed: str, comparator: Comparator) -> None:
    plan = read_back(put("indicators", "D5", typed)).plan
    assert plan is not None
    assert plan.indicators[3].target.comparator is comparator


def test_not_available_accepts_any_case() -> None:
    plan = read_back(put("measurements", "C7", " n/d ")).plan
    assert plan is not None
    assert plan.measurements[5].value is None


def test_codes_typed_as_numbers_and_with_spaces_are_codes() -> None:
    plan = read_back(put("people", "A2", 502), put("assignments", "A3", " 502 ")).plan
    assert plan is not None
    assert plan.people[0].code == "502"
    assert plan.assignments[1].person_code == "502"


def test_headers_ignore_case_and_surrounding_spaces() -> None:
    read_back(put("tree", "A1", " Code "))


def test_sheet_names_ignore_case() -> None:
    def rename(book: Workbook) -> None:
        book["tree"].title = "renamed"
        book["renamed"].title = "Tree"

    read_back(rename)


def test_blank_rows_are_skipped_and_row_numbers_kept() -> None:
    def insert_blank_row(book: Workbook) -> None:
        book["links"].insert_rows(3)

    result = edited(representative_plan(), insert_blank_row, put("links", "C7", -1))
    assert [error.location for error in result.errors] == [
        "foglio «links», riga 7, colonna «weight» (C7)"
    ]


def test_free_text_is_kept_verbatim() -> None:
    plan = read_back(put("tree", "E3", "  spazi  \nintorno ")).plan
    assert plan is not None
    assert plan.nodes[1].description == "  spazi  \nintorno "


def test_the_instructions_sheet_is_ignored() -> None:
    read_back(put("istruzioni", "A1", "qualsiasi cosa"), put("istruzioni", "Z99", 1))


@pytest.mark.parametrize(
    ("sheets", "field"),
    [
        (("periods", "measurements", "base_values"), "periods"),
        (("base_values",), "base_values"),
        (("measurements",), "measurements"),
        (("overrides",), "overrides"),
        (("assignments",), "assignments"),
        (("notes",), "notes"),
    ],
)
def test_optional_sheets_may_be_absent(sheets: tuple[str, ...], field: str) -> None:
    def remove(book: Workbook) -> None:
        for sheet in sheets:
            book.remove(book[sheet])

    plan = read_back(remove).plan
    assert plan is not None
    assert getattr(plan, field) == ()


def test_optional_sheets_may_be_empty_below_their_header() -> None:
    def clear(book: Workbook) -> None:
        for name in ("overrides", "assignments", "notes"):
            book[name].delete_rows(2, 10)

    plan = read_back(clear).plan
    assert plan is not None
    assert (plan.overrides, plan.assignments, plan.notes) == ((), (), ())


def test_the_entity_may_be_overridden() -> None:
    plan = read_back(put("overrides", "A3", "CCIAA-PTPO")).plan
    assert plan is not None
    assert plan.overrides[1].code == "CCIAA-PTPO"


def test_a_number_stored_as_text_in_the_rules_sheet_is_read() -> None:
    plan = read_back(put("rules", "B2", 85)).plan
    assert plan is not None
    assert plan.rules.indicator_thresholds.best == Decimal(85)


def test_reading_leaves_the_stream_readable_and_raises_no_warning() -> None:
    stream = io.BytesIO(written(representative_plan()))
    assert read_workbook(stream).plan is not None
    assert openpyxl.load_workbook(io.BytesIO(stream.getvalue())).sheetnames[0] == "istruzioni"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        (12, Decimal(12)),
        (0.1, Decimal("0.1")),
        ("12,5", Decimal("12.5")),
        (" -3.25 ", Decimal("-3.25")),
        ("n.d.", "n.d."),
        ("  spazi  ", "  spazi  "),
        ("1.234,5", "1.234,5"),
        ("   ", None),
        (None, None),
    ],
)
def test_context_values_are_numbers_when_they_read_as_one(typed: object, value: object) -> None:
    plan = read_back(put("context", "I2", typed)).plan
    assert plan is not None
    assert plan.context_tables[0].rows[0].values[0] == value
    assert type(plan.context_tables[0].rows[0].values[0]) is type(value)


def test_context_choices_and_process_years_accept_any_case_and_spacing() -> None:
    plan = read_back(
        put("context", "C2", " Economy "),
        put("context", "E2", "PIE"),
        put("process", "A3", " n + 1 "),
    ).plan
    assert plan is not None
    assert (plan.context_tables[0].section, plan.context_tables[0].chart) == ("economy", "pie")
    assert plan.process_steps[1].year == "N+1"


def test_context_tables_are_gathered_from_interleaved_rows_in_first_seen_order() -> None:
    lines = [
        # table_code, title, section, source, chart, unit, row_label, column_label, value, note
        ("B", "", "", "", "", "€", "Spese", "2023", 5, ""),
        ("A", "Organi", "organisation", "", "", "", "Giunta", "Uomini", 4, ""),
        ("B", "Risorse", "resources", "MEF", "", "", "Spese", "2024", "7,5", "nota"),
        ("A", "", "", "", "bar", "N.", "Consiglio", "Donne", 9, ""),
        ("A", "Organi", "", "", "", "", "Giunta", "Donne", None, ""),
        ("B", "", "", "", "", "%", "Quota", "2024", "n.d.", "nota"),
    ]

    def rewrite(book: Workbook) -> None:
        worksheet = book["context"]
        worksheet.delete_rows(2, worksheet.max_row)
        for line in lines:
            worksheet.append([value if value != "" else None for value in line])

    plan = read_back(rewrite).plan
    assert plan is not None
    assert plan.context_tables == (
        ContextTable(
            code="B",
            title="Risorse",
            section="resources",
            columns=("2023", "2024"),
            rows=(
                ContextTableRow("Spese", (Decimal(5), Decimal("7.5")), "€"),
                ContextTableRow("Quota", (None, "n.d."), "%"),
            ),
            source="MEF",
            unit="€",
            note="nota",
        ),
        ContextTable(
            code="A",
            title="Organi",
            section="organisation",
            columns=("Uomini", "Donne"),
            rows=(
                ContextTableRow("Giunta", (Decimal(4), None)),
                ContextTableRow("Consiglio", (None, Decimal(9)), "N."),
            ),
            chart="bar",
            unit="N.",
        ),
    )


def test_a_context_row_unit_may_be_given_on_any_of_its_cells() -> None:
    plan = read_back(put("context", "F2", None), put("context", "F4", None)).plan
    assert plan is not None
    assert [row.unit for row in plan.context_tables[0].rows] == ["N.", "N.", "%"]


def test_narrative_text_keeps_its_lines_exactly() -> None:
    text = "Primo paragrafo.\n\n  Secondo, rientrato,\nsu due righe.\n"
    plan = read_back(put("narratives", "C3", text), put("narratives", "A3", " conclusioni ")).plan
    assert plan is not None
    assert plan.narratives[1].key == "conclusioni"
    assert plan.narratives[1].text == text


def test_narratives_context_and_process_may_be_absent_or_header_only() -> None:
    def remove_narratives(book: Workbook) -> None:
        book.remove(book["narratives"])

    def keep_headers(book: Workbook) -> None:
        for name in ("context", "process"):
            book[name].delete_rows(2, book[name].max_row)

    plan = read_back(remove_narratives, keep_headers).plan
    assert plan is not None
    assert (plan.narratives, plan.context_tables, plan.process_steps) == ((), (), ())
