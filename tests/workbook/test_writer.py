"""What the written workbook looks like: sheets, headers, formats, drop-downs, instructions."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from performa.workbook.layout import SHEETS
from tests.workbook.support import representative_plan, written


@pytest.fixture(scope="module")
def book() -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(written(representative_plan())))


def test_instructions_come_first_then_every_sheet_in_layout_order(book: Workbook) -> None:
    assert book.sheetnames == ["istruzioni", *(sheet.name for sheet in SHEETS)]


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda sheet: sheet.name)
def test_header_is_the_layout_in_bold_frozen_and_filtered(book: Workbook, sheet) -> None:
    worksheet = book[sheet.name]
    header = [cell.value for cell in worksheet[1]]
    assert header == list(sheet.keys)
    assert all(cell.font.bold for cell in worksheet[1])
    assert worksheet.freeze_panes == "A2"
    assert worksheet.auto_filter.ref is not None
    assert worksheet.auto_filter.ref.startswith("A1:")
    assert worksheet.column_dimensions["A"].width == sheet.columns[0].width


def test_weights_are_exact_numbers_with_two_decimals_shown(book: Workbook) -> None:
    cell = book["links"]["C2"]
    assert cell.value == 33.3
    assert cell.number_format == "#,##0.00"


def test_targets_keep_their_own_precision(book: Workbook) -> None:
    assert book["indicators"]["E8"].value == 33.3
    assert book["indicators"]["E8"].number_format == "General"


def test_dates_are_date_cells_shown_day_first(book: Workbook) -> None:
    cell = book["indicators"]["E5"]
    assert cell.value == datetime(2024, 2, 28)
    assert cell.number_format == "DD/MM/YYYY"
    assert book["periods"]["D3"].value == datetime(2024, 12, 31)


def test_yes_no_and_not_available_are_text(book: Workbook) -> None:
    assert book["indicators"]["E6"].value == "SI"
    assert book["periods"]["E3"].value == "SI"
    assert book["periods"]["E2"].value == "NO"
    assert book["measurements"]["C7"].value == "N/D"


def test_text_starting_with_equals_or_hash_stays_text(book: Workbook) -> None:
    assert book["tree"]["E4"].data_type == "s"
    assert book["tree"]["E4"].value.startswith("=tempi")
    assert book["indicators"]["G8"].data_type == "s"
    assert book["indicators"]["D7"].value == "="


def test_rules_are_the_rule_set_settings_as_text(book: Workbook) -> None:
    rows = [(row[0].value, row[1].value) for row in book["rules"].iter_rows(min_row=2)]
    assert rows == list(representative_plan().rules.to_settings().items())


def test_numbers_a_float_cannot_hold_are_written_as_text() -> None:
    plan = representative_plan()
    link = replace(plan.links[0], weight=Decimal("33.333333333333333333"))
    book = openpyxl.load_workbook(io.BytesIO(written(replace(plan, links=(link, *plan.links[1:])))))
    assert book["links"]["C2"].value == "33.333333333333333333"


def test_drop_downs_for_operators_and_yes_no(book: Workbook) -> None:
    operators = book["indicators"].data_validations.dataValidation
    assert [(v.formula1, str(v.sqref)) for v in operators] == [
        ('">=,>,<=,<,=,between,entro,si/no"', f"{column}2:{column}1048576")
        for column in "DOR"  # the operator, then those of the targets of N+1 and N+2
    ]
    finals = book["periods"].data_validations.dataValidation
    assert [(v.formula1, str(v.sqref)) for v in finals] == [('"SI,NO"', "E2:E1048576")]


def test_instructions_explain_every_sheet_and_column_in_italian(book: Workbook) -> None:
    texts = [cell.value for row in book["istruzioni"].iter_rows() for cell in row if cell.value]
    assert texts[0] == "Istruzioni per la compilazione"
    for sheet in SHEETS:
        assert any(str(text).startswith(f"Foglio {sheet.name}") for text in texts)
        for column in sheet.columns:
            assert column.help in texts


def test_workbook_properties_are_fixed_from_the_plan(book: Workbook) -> None:
    assert book.properties.creator == "performa"
    assert book.properties.created == datetime(2024, 1, 1)
    assert book.properties.modified == datetime(2024, 1, 1)


def test_text_with_control_characters_is_refused_with_its_cell() -> None:
    plan = representative_plan()
    node = replace(plan.nodes[0], name="Competitività\x07")
    with pytest.raises(
        ValueError, match=r"foglio «tree», riga 2, colonna «name» \(D2\): .* caratteri di controllo"
    ):
        written(replace(plan, nodes=(node, *plan.nodes[1:])))


def test_context_is_one_row_per_cell_with_the_table_described_once(book: Workbook) -> None:
    rows = [[cell.value for cell in row] for row in book["context"].iter_rows(min_row=2)]
    assert rows[0] == [
        *("POP", "Popolazione residente", "economy", "ISTAT", "column"),
        *("N.", "Maschi", "2022", 1000, None),
    ]
    blank = [None] * 4
    assert rows[1] == ["POP", *blank, "N.", "Maschi", "2023", 1010.5, None]
    assert rows[3] == ["POP", *blank, "N.", "Femmine", "2023", None, None]
    assert rows[4] == ["POP", *blank, "%", "Variazione", "2022", "n.d.", None]
    assert rows[6] == [
        *("BIL", "Bilancio", "resources", None, None),
        *(None, "Entrate", "Previsione", 1234567.89, "Importi in euro"),
    ]
    assert rows[8:] == [
        ["BIL", *blank, "€", "Uscite", "Previsione", None, None],
        ["BIL", *blank, "€", "Uscite", "Consuntivo", None, None],
    ]


def test_narratives_keep_their_paragraphs_in_a_wrapped_cell(book: Workbook) -> None:
    cell = book["narratives"]["C2"]
    assert "\n\nIl secondo paragrafo" in cell.value
    assert cell.alignment.wrap_text
    assert book["narratives"].column_dimensions["C"].width == 100


def test_drop_downs_for_sections_charts_and_process_years(book: Workbook) -> None:
    context = book["context"].data_validations.dataValidation
    assert [(v.formula1, str(v.sqref)) for v in context] == [
        ('"economy,organisation,staff,wellbeing,customer_satisfaction,resources"', "C2:C1048576"),
        ('"bar,column,pie,line"', "E2:E1048576"),
    ]
    years = book["process"].data_validations.dataValidation
    assert [(v.formula1, str(v.sqref)) for v in years] == [('"N,N+1"', "A2:A1048576")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rows": ()}, "la tabella di contesto «POP» non ha righe o colonne"),
        ({"columns": ()}, "la tabella di contesto «POP» non ha righe o colonne"),
        (
            {"columns": ("2022",)},
            "tabella di contesto «POP»: la riga «Maschi» ha 2 valori per 1 colonne",
        ),
        (
            {"unit": "%"},
            "tabella di contesto «POP»: l'unità «%» non è quella della sua prima riga, «N.»",
        ),
    ],
)
def test_context_tables_the_sheet_cannot_hold_exactly_are_refused(
    change: dict[str, object], message: str
) -> None:
    plan = representative_plan()
    table = replace(plan.context_tables[0], **change)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape(message)):
        written(replace(plan, context_tables=(table,)))
