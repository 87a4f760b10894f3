"""The Relazione names the plan version it accounts for: cover, methodological note, formats."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import docx
import openpyxl
import pytest

from performa.reporting.compose import compose_report, plan_version_text
from performa.reporting.document import Paragraph, PlanVersionRef, Report
from performa.reporting.renderers import render
from performa.scoring.rollup import score_plan
from performa.workbook.convert import scoring_plan_for
from performa.workbook.data import PlanData

REVISION = PlanVersionRef(
    number=2, act_reference="Delibera di Giunta n. 48", act_on=date(2024, 6, 15)
)
LINE = "Piano della performance nella versione 2, approvata con Delibera di Giunta n. 48 del 15/06/2024"


def composed(plan: PlanData, version: PlanVersionRef | None) -> Report:
    return compose_report(
        plan, score_plan(scoring_plan_for(plan), plan.rules), plan_version=version
    )


@pytest.fixture(scope="module")
def revised_report(demo_plan: PlanData) -> Report:
    return composed(demo_plan, REVISION)


def note_text(report: Report) -> str:
    (note,) = [section for section in report.sections if section.key == "nota-metodologica"]
    first = note.blocks[0]
    return first.text if isinstance(first, Paragraph) else ""


def test_the_cover_names_the_revision_and_its_act(revised_report: Report) -> None:
    assert revised_report.cover.plan_version == LINE


def test_the_adopted_plan_and_an_open_revision_are_named_too() -> None:
    adopted = PlanVersionRef(1, "Delibera di Giunta n. 5", date(2024, 1, 30), open_revision=2)
    assert plan_version_text(adopted) == (
        "Piano della performance adottato con Delibera di Giunta n. 5 del 30/01/2024 "
        "(versione 1); variazione n. 2 in corso"
    )


def test_the_methodological_note_opens_with_the_version(revised_report: Report) -> None:
    assert note_text(revised_report) == (
        "La Relazione rendiconta il Piano della performance nella versione 2, l'ultima "
        "registrata, approvata con Delibera di Giunta n. 48 del 15/06/2024."
    )


def test_without_a_recorded_version_the_report_says_nothing_of_versions(
    demo_plan: PlanData, demo_report: Report
) -> None:
    report = composed(demo_plan, None)
    assert report.cover.plan_version == ""
    assert report == demo_report
    assert "versione" not in note_text(report)


def test_the_html_cover_shows_the_version(revised_report: Report) -> None:
    page = render(revised_report, "html").content.decode()
    cover = page[page.index('<header class="cover"') : page.index("</header>")]
    assert f'<p class="cover-plan-version">{LINE}</p>' in cover


def test_the_docx_cover_shows_the_version(revised_report: Report) -> None:
    document = docx.Document(BytesIO(render(revised_report, "docx").content))
    cover = [paragraph.text for paragraph in document.paragraphs[:6]]
    assert LINE in cover
    assert cover.index(LINE) > cover.index("Relazione sulla performance 2024")


def test_the_xlsx_information_sheet_names_the_version(revised_report: Report) -> None:
    workbook = openpyxl.load_workbook(BytesIO(render(revised_report, "xlsx").content))
    first = workbook.worksheets[0]
    rows = {row[0]: row[1] for row in first.iter_rows(values_only=True) if row and row[0]}
    assert rows["Versione del piano"] == LINE
