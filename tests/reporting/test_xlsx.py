"""The XLSX renderer: the analysts' workbook, reopened with openpyxl."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from performa.reporting.document import (
    Align,
    Cell,
    Column,
    Dataset,
    Legend,
    LegendItem,
    Report,
    Section,
    Tone,
)
from performa.reporting.renderers import render, renderer_for
from performa.reporting.renderers.docx import tint, tone_colour
from performa.reporting.renderers.xlsx import XlsxRenderer, sheet_titles, thresholds_for
from performa.scoring.rules import Thresholds
from tests.reporting.sample import (
    ACHIEVED,
    NOT_ACHIEVED,
    ON_TRACK,
    PARTLY,
    TO_ASSESS,
    sample_report,
)


def open_xlsx(content: bytes) -> Workbook:
    return openpyxl.load_workbook(BytesIO(content))


def sheet(workbook: Workbook, title: str) -> Worksheet:
    worksheet = workbook[title]
    assert isinstance(worksheet, Worksheet)
    return worksheet


def rules_by_range(worksheet: Worksheet) -> dict[str, list[str]]:
    """Every conditional-format range with the formulas of its rules."""
    return {
        str(formatting.sqref): [rule.formula[0] for rule in formatting.rules]
        for formatting in worksheet.conditional_formatting
    }


def column_values(worksheet: Worksheet, header: str) -> list[object]:
    headers = [cell.value for cell in worksheet[1]]
    index = headers.index(header) + 1
    return [worksheet.cell(row, index).value for row in range(2, worksheet.max_row + 1)]


def report_with_datasets(*datasets: Dataset, legend: Legend | None = None) -> Report:
    sections = sample_report().sections
    if legend is not None:
        sections = (Section("legenda", "1", "Legenda", (legend,)),)
    return dataclasses.replace(sample_report(), sections=sections, datasets=datasets)


SCORES = Dataset(
    key="scores",
    title="Indicatori",
    columns=(
        Column("Codice"),
        Column("Scadenza", kind="date"),
        Column("Peso", Align.RIGHT, 1, "percent"),
        Column("Grado %", Align.RIGHT, 1, "percent"),
        Column("Stato", kind="status"),
        Column("Operatore"),
    ),
    rows=(
        (Cell("A"), Cell("31/01/2024", date(2024, 1, 31)), Cell("16,50 %", Decimal("16.5")),
         Cell("98,59 %", Decimal("98.5915")), Cell("IN LINEA", "IN LINEA", ON_TRACK), Cell("=", "=")),
        (Cell("B"), Cell("N/D"), Cell("50,00 %", Decimal(50)),
         Cell("N/D"), Cell("DA VALUTARE", "DA VALUTARE", TO_ASSESS), Cell(">=", ">=")),
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def workbook() -> Workbook:
    return open_xlsx(XlsxRenderer().render(sample_report()).content)


@pytest.fixture(scope="module")
def demo_xlsx(demo_report: Report) -> Workbook:
    return open_xlsx(render(demo_report, "xlsx").content)


def test_xlsx_renderer_is_registered_with_its_media_type() -> None:
    renderer = renderer_for("xlsx")

    assert isinstance(renderer, XlsxRenderer)
    rendered = renderer.render(sample_report())
    assert rendered.media_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert rendered.name == "relazione-sulla-performance-2024.xlsx"


def test_information_sheet_comes_first_then_one_sheet_per_dataset(workbook: Workbook) -> None:
    assert workbook.sheetnames == ["Informazioni", "Obiettivi operativi"]


def test_information_sheet_describes_the_report_and_the_statuses(workbook: Workbook) -> None:
    information = sheet(workbook, "Informazioni")
    rows = {row[0]: row[1] for row in information.iter_rows(values_only=True) if row[0]}

    assert rows["Amministrazione"] == "Camera di Commercio di Pistoia-Prato"
    assert rows["Titolo"] == "Relazione sulla performance 2024"
    assert rows["Anno"] == 2024
    assert str(rows["Atto di approvazione"]).startswith("Adottata con Deliberazione")
    assert rows["Generato il"] == datetime(2025, 5, 14, 10, 0)
    assert rows["● RAGGIUNTO"] == "Raggiungimento dell'obiettivo (≥ 80 %)"
    assert rows["▲ PARZIALMENTE"] == "Parziale raggiungimento dell'obiettivo (≥ 60 % e < 80 %)"
    assert rows["Obiettivi operativi"] == "2 righe"


def test_dataset_sheet_has_a_bold_frozen_filtered_header(workbook: Workbook) -> None:
    objectives = sheet(workbook, "Obiettivi operativi")

    assert [cell.value for cell in objectives[1]] == ["Codice", "Obiettivo", "Grado (%)", "Stato"]
    assert all(cell.font.b for cell in objectives[1])
    assert objectives.freeze_panes == "A2"
    assert objectives.auto_filter.ref == "A1:D3"
    assert objectives.column_dimensions["B"].width > objectives.column_dimensions["A"].width


def test_percentages_are_numbers_from_0_to_100_with_two_decimals(workbook: Workbook) -> None:
    objectives = sheet(workbook, "Obiettivi operativi")
    protesti = objectives["C3"]

    assert protesti.data_type == "n"
    assert protesti.value == pytest.approx(75.4335)
    assert protesti.number_format == "0.00"


def test_status_cells_hold_symbol_and_text(workbook: Workbook) -> None:
    objectives = sheet(workbook, "Obiettivi operativi")

    assert column_values(objectives, "Stato") == ["● RAGGIUNTO", "▲ PARZIALMENTE"]


def test_status_and_score_columns_are_coloured_by_conditional_formatting(
    workbook: Workbook,
) -> None:
    rules = rules_by_range(sheet(workbook, "Obiettivi operativi"))

    assert rules == {
        "D2:D3": ['$D2="● RAGGIUNTO"', '$D2="▲ PARZIALMENTE"'],
        "C2:C3": [
            "AND(ISNUMBER($C2),ROUND($C2,2)>=80)",
            "AND(ISNUMBER($C2),ROUND($C2,2)>=60,ROUND($C2,2)<80)",
            "AND(ISNUMBER($C2),ROUND($C2,2)<60)",
        ],
    }


def test_conditional_fills_use_the_tone_tints(workbook: Workbook) -> None:
    formatting = next(
        item
        for item in sheet(workbook, "Obiettivi operativi").conditional_formatting
        if str(item.sqref) == "C2:C3"
    )
    fills = [rule.dxf.fill.bgColor.rgb for rule in formatting.rules]
    branding = sample_report().branding

    assert fills == [
        f"00{tint(tone_colour(tone, branding))}" for tone in (Tone.GOOD, Tone.WARNING, Tone.BAD)
    ]


def test_dates_are_dates_blanks_stay_empty_and_texts_never_become_formulas() -> None:
    scores = sheet(
        open_xlsx(XlsxRenderer().render(report_with_datasets(SCORES)).content), "Indicatori"
    )

    assert [cell.value for cell in scores[1]][:4] == ["Codice", "Scadenza", "Peso (%)", "Grado %"]
    assert scores["B2"].value == datetime(2024, 1, 31)
    assert scores["B2"].number_format == "DD/MM/YYYY"
    assert scores["B3"].value is None
    assert scores["D3"].value is None
    assert scores["F2"].value == "="
    assert scores["F2"].data_type == "s"


def test_weight_columns_are_not_coloured_as_scores() -> None:
    scores = sheet(
        open_xlsx(XlsxRenderer().render(report_with_datasets(SCORES)).content), "Indicatori"
    )
    rules = rules_by_range(scores)

    assert set(rules) == {"E2:E3", "D2:D3"}


def test_score_colours_follow_the_thresholds_of_the_report_legend() -> None:
    legend = Legend(
        "Legenda",
        (
            LegendItem(NOT_ACHIEVED, "Mancato raggiungimento (< 50 %)"),
            LegendItem(PARTLY, "Parziale raggiungimento (≥ 50 % e < 90 %)"),
            LegendItem(ACHIEVED, "Raggiungimento (≥ 90 %)"),
        ),
    )
    objectives = sample_report().datasets[0]

    assert thresholds_for(objectives, [legend]) == Thresholds(Decimal(90), Decimal(50))
    assert thresholds_for(SCORES, [legend]) == Thresholds()
    content = XlsxRenderer().render(report_with_datasets(objectives, legend=legend)).content
    rules = rules_by_range(sheet(open_xlsx(content), "Obiettivi operativi"))
    assert rules["C2:C3"][0] == "AND(ISNUMBER($C2),ROUND($C2,2)>=90)"


def test_sheet_titles_are_valid_unique_and_at_most_31_characters() -> None:
    titles = sheet_titles(
        [
            "Obiettivi operativi: dettaglio per unità organizzativa",
            "Obiettivi operativi: dettaglio per unità organizzativa",
            "informazioni",
            "A/B [C]",
            "",
        ]
    )

    assert titles == [
        "Obiettivi operativi dettaglio p",
        "Obiettivi operativi dettagl (2)",
        "informazioni (2)",
        "A B C",
        "Dati",
    ]
    assert all(len(title) <= 31 for title in titles)


def test_workbook_holds_no_formulas(workbook: Workbook) -> None:
    cells = [cell for worksheet in workbook for row in worksheet.iter_rows() for cell in row]

    assert cells
    assert all(cell.data_type != "f" for cell in cells)


def test_core_properties_describe_the_report(workbook: Workbook) -> None:
    properties = workbook.properties

    assert properties.title == "Relazione sulla performance 2024"
    assert properties.creator == "Camera di Commercio di Pistoia-Prato"
    assert properties.language == "it-IT"
    assert properties.keywords == "performance, relazione, 2024"


def test_same_report_renders_to_the_same_bytes() -> None:
    report = sample_report()

    assert XlsxRenderer().render(report).content == XlsxRenderer().render(report).content


def test_demo_indicators_sheet_has_one_row_per_indicator_link(demo_xlsx: Workbook) -> None:
    indicators = sheet(demo_xlsx, "Indicatori")

    assert indicators.max_row - 1 == 389
    assert indicators.auto_filter.ref == f"A1:L{indicators.max_row}"
    grades = [
        value for value in column_values(indicators, "Grado valutato (%)") if value is not None
    ]
    assert grades
    assert all(isinstance(value, int | float) for value in grades)


def test_demo_protesti_and_entity_scores_are_numbers(demo_xlsx: Workbook) -> None:
    operational = sheet(demo_xlsx, "Obiettivo operativo")
    codes = column_values(operational, "Codice")
    grades = column_values(operational, "Grado valutato (%)")
    entity = sheet(demo_xlsx, "Ente")

    protesti = grades[codes.index("01_01_0P06")]
    assert isinstance(protesti, float)
    assert round(protesti, 2) == 75.43
    entity_grade = column_values(entity, "Grado valutato (%)")[0]
    assert isinstance(entity_grade, float)
    assert round(entity_grade, 2) == 96.41


def test_demo_score_columns_are_coloured_and_weights_are_not(demo_xlsx: Workbook) -> None:
    indicators = sheet(demo_xlsx, "Indicatori")
    headers = [cell.value for cell in indicators[1]]
    coloured = {str(item.sqref).split(":")[0][0] for item in indicators.conditional_formatting}

    assert {headers[ord(letter) - ord("A")] for letter in coloured} == {
        "Grado calcolato (%)",
        "Grado valutato (%)",
        "Stato",
    }
