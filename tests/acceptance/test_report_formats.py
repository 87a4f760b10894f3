"""The demo Relazione in all four formats carries every section and every objective's figure.

Each file is reopened with a reader (pdftotext, python-docx, openpyxl, an HTML parser); the
figures expected are the computed ones, which ``test_reference_2024`` checks against the
printed report.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from performa.reporting.compose import compose_report
from performa.reporting.formatting import format_percent
from performa.reporting.renderers import FORMATS, render
from performa.scoring import ScoredPlan, score_plan
from performa.workbook.convert import scoring_plan_for
from performa.workbook.data import PlanData

SECTION_TITLES = (
    "Premessa",
    "Principali risultati raggiunti",
    "Analisi del contesto e delle risorse",
    "Albero della performance",
    "Rendicontazione degli obiettivi strategici triennali e degli obiettivi operativi annuali",
    "Valutazione complessiva della performance organizzativa",
    "Rendicontazione degli obiettivi individuali",
    "Il processo di misurazione e valutazione",
)
OBJECTIVE_TOTAL = "Grado di raggiungimento dell'obiettivo"


@pytest.fixture(scope="module")
def scored(demo_plan: PlanData) -> ScoredPlan:
    return score_plan(scoring_plan_for(demo_plan), demo_plan.rules)


@pytest.fixture(scope="module")
def files(demo_plan: PlanData, scored: ScoredPlan) -> dict[str, bytes]:
    report = compose_report(demo_plan, scored)
    return {name: render(report, name).content for name in FORMATS}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return normalise(result.stdout.decode())


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts: list[str] = []
    for block in document.element.body.iterchildren():
        parts.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
    return normalise(" ".join(parts))


def html_text(content: bytes) -> str:
    body = content.decode()
    body = re.sub(r"<(style|svg)\b.*?</\1>", " ", body, flags=re.S)
    return normalise(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def figure(percent: Decimal | None) -> str:
    return normalise(format_percent(percent))


def operational_codes(scored: ScoredPlan) -> list[str]:
    return [node.code for node in scored.nodes() if node.level == "operational_objective"]


@pytest.mark.parametrize("format_name", ["pdf", "docx", "html"])
def test_every_section_and_every_objective_figure_is_in_the_document(
    format_name: str, files: dict[str, bytes], scored: ScoredPlan, tmp_path: Path
) -> None:
    content = files[format_name]
    text = {
        "pdf": lambda: pdf_text(content, tmp_path),
        "docx": lambda: docx_text(content),
        "html": lambda: html_text(content),
    }[format_name]()
    lowered = text.lower()
    missing_sections = [title for title in SECTION_TITLES if title.lower() not in lowered]
    assert not missing_sections
    assert figure(scored.root.evaluated_percent) == "96,41 %"
    assert "96,41 %" in text
    wrong = []
    for code in operational_codes(scored):
        start = text.find(f"{code} – ")
        total = text.find(OBJECTIVE_TOTAL, start)
        if start < 0 or total < 0:
            wrong.append(f"{code}: table not found")
            continue
        expected = figure(scored.node(code).evaluated_percent)
        following = text[total + len(OBJECTIVE_TOTAL) : total + len(OBJECTIVE_TOTAL) + 40]
        if expected not in following:
            wrong.append(f"{code}: expected {expected}, found {following!r}")
    for node in scored.nodes():
        if node.level == "strategic_objective" and figure(node.evaluated_percent) not in text:
            wrong.append(f"{node.code}: {figure(node.evaluated_percent)} missing")
    assert not wrong, "\n".join(wrong)
    assert "98,35 %" not in text  # one figure, one value: Sanzioni RI e REA is 98,37 % everywhere


def test_the_spreadsheet_lists_every_objective_with_its_figure(
    files: dict[str, bytes], scored: ScoredPlan
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]), data_only=True)
    found: dict[str, Decimal] = {}
    for sheet in book.worksheets:
        header = [str(cell.value or "") for cell in next(sheet.iter_rows(max_row=1))]
        if "Codice" not in header or not any(
            label.startswith("Grado calcolato") for label in header
        ):
            continue
        code_column = header.index("Codice")
        score_column = next(
            i for i, label in enumerate(header) if label.startswith("Grado calcolato")
        )
        for row in sheet.iter_rows(min_row=2, values_only=True):
            if row[code_column] and isinstance(row[score_column], int | float):
                found[str(row[code_column])] = Decimal(str(row[score_column]))
    for node in scored.nodes():
        assert node.computed_percent is not None
        assert node.code in found, node.code
        assert abs(found[node.code] - node.computed_percent) < Decimal("0.005"), node.code
