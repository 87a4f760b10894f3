"""The demo Relazione holds every context, organisation, staff and resources table of the
reference report with the reference's numbers (``reference_2024_context_tables.txt``), in
HTML, PDF and DOCX, plus the resources compositions and the gender balance built from the
staff data."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from pytest_django import DjangoDbBlocker

from performa.apps.reports.documents import report_render
from performa.apps.staff.services import demo_context_and_staff_load
from performa.workbook.data import PlanData
from tests.acceptance.test_report_formats import html_text, normalise
from tests.access.cast import demo_cycle_get, demo_loaded

REFERENCE = Path(__file__).with_name("reference_2024_context_tables.txt")
_LONG_TEXT = 30
_NUMBER = re.compile(r"([+-]?)([\d.]+)(?:,(\d+))?(%?)")


@pytest.fixture(scope="module")
def texts(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    demo_plan: PlanData,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, str]]:
    """The demo's report in three formats, as plain text, with the staff data loaded."""
    loaded = demo_loaded(django_db_blocker, demo_plan)
    next(loaded)
    with django_db_blocker.unblock():
        cycle = demo_cycle_get()
        demo_context_and_staff_load(cycle=cycle)
        files = {
            file.name.rsplit(".", 1)[1]: file.content
            for file in report_render(cycle=cycle, formats=("html", "pdf", "docx", "xlsx"))
        }
    workbook = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    gender_sheet = [
        " ".join(str(value) for value in row if value is not None)
        for row in workbook["Bilancio di genere"].iter_rows(values_only=True)
    ]
    yield {
        "xlsx-gender": "\n".join(gender_sheet),
        "html": html_text(files["html"]),
        "pdf": _pdf_text(files["pdf"], tmp_path_factory.mktemp("pdf")),
        "docx": _docx_text(files["docx"]),
    }
    next(loaded, None)


def _pdf_text(content: bytes, directory: Path) -> str:
    """The PDF's text in layout mode, so that a table row stays on one line."""
    path = directory / "report.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return normalise(result.stdout.decode())


def _docx_text(content: bytes) -> str:
    """The DOCX's paragraphs and table rows, cells separated by spaces."""
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return normalise(" ".join(parts))


def _cell_pattern(cell: str) -> str:
    """A printed cell as a pattern: numbers without their "+" and with optional trailing
    zeros ("8" matches "8,0"), "%" with or without a space before it."""
    match = _NUMBER.fullmatch(cell)
    if match is None:
        # a long description wraps over several lines in the PDF: only its row's place is kept
        return r".{1,300}?" if len(cell) > _LONG_TEXT else re.escape(cell)
    sign, whole, decimals, percent = match.groups()
    pattern = ("-" if sign == "-" else "") + re.escape(whole)
    pattern += f",{decimals}0*" if decimals else "(?:,0+)?"
    return pattern + (r" ?%" if percent else "")


def _label_pattern(label: str) -> str:
    label = label.replace("⁽¹⁾", "").strip()
    return r"\s*-\s*".join(re.escape(part.strip()) for part in label.split("-"))


def _reference_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        table, label, *cells = (part.strip() for part in line.split("|"))
        pattern = _label_pattern(label) + "".join(r"\s+" + _cell_pattern(cell) for cell in cells)
        rows.append((table, label, pattern))
    return rows


ROWS = _reference_rows()


def test_the_transcription_covers_every_numbered_table_of_the_reference() -> None:
    tables = {table for table, _, _ in ROWS}
    assert tables == {
        "pistoia_industry",
        "prato_industry",
        "exports_by_destination",
        "pistoia_top_products",
        "prato_top_products",
        "council",
        "executive_board",
        "auditors",
        "staff_by_category",
        "macro_indicators",
    }
    assert len(ROWS) == 111


@pytest.mark.django_db
@pytest.mark.parametrize("format_name", ["html", "pdf", "docx"])
def test_every_reference_row_is_in_the_report_with_its_numbers(
    texts: dict[str, str], format_name: str
) -> None:
    text = texts[format_name]
    missing = [
        f"{table}: {label}" for table, label, pattern in ROWS if not re.search(pattern, text)
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.django_db
@pytest.mark.parametrize("format_name", ["html", "pdf", "docx"])
def test_resources_staff_and_gender_balance_are_in_the_report(
    texts: dict[str, str], format_name: str
) -> None:
    text = texts[format_name]
    for title in (
        "Composizione proventi correnti",
        "Composizione oneri correnti",
        "Utilizzo delle risorse destinate agli interventi economici",
        "Personale per genere",
        "Personale per titolo di studio",
        "Bilancio di genere",
        "Personale per categoria e genere",
        "Dirigenti e incarichi di Elevata Qualificazione per genere",
        "Ore di formazione per genere",
        "Giorni di congedo per tipo e genere",
        "Organismo Indipendente di Valutazione",
    ):
        assert title in text, title
    assert "53 donne e 29 uomini: le donne sono il 64,63 % del totale" in text
    assert "Dirigenti (compreso il Segretario Generale): 1 donna su 3 (33,33 %)" in text
    assert "DATI DI ESEMPIO" in text
    assert re.search(r"Diritto annuale\s+7\.412\.000 €", text)


@pytest.mark.django_db
def test_the_spreadsheet_carries_the_gender_balance(texts: dict[str, str]) -> None:
    lines = texts["xlsx-gender"].splitlines()
    assert lines[0] == "Misura Voce Donne Uomini Totale % donne"
    assert any(line.startswith("Personale in servizio Totale 53 29 82 64.63") for line in lines)
    assert (
        "Personale in servizio Dirigenti (compreso il Segretario Generale) 1 2 3"
        in (texts["xlsx-gender"])
    )
