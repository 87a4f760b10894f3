"""The PDF renderer: a tagged A4 PDF/A-3a, read back with pikepdf and poppler's pdftotext."""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from performa.reporting.document import Report
from performa.reporting.renderers import renderer_for
from performa.reporting.renderers.pdf import PdfRenderer

A4_POINTS = (595.28, 841.89)
HEADING_TAGS = {"/H1", "/H2", "/H3"}
BLOCK_TAGS = {"/P", "/L", "/LI", "/Figure"}
TABLE_TAGS = {"/Table", "/TH", "/TD", "/Caption"}


@dataclass(frozen=True)
class PdfText:
    """A PDF's text as ``pdftotext -layout`` extracts it, one string per page."""

    pages: list[str]

    def page(self, number: int) -> str:
        """Page ``number`` (1-based), whitespace collapsed, so wrapped titles still match."""
        return " ".join(self.pages[number - 1].split())

    @property
    def whole(self) -> str:
        return " ".join(self.page(number) for number in range(1, len(self.pages) + 1))

    def pages_with(self, text: str, start: int = 1) -> list[int]:
        return [number for number in range(start, len(self.pages) + 1) if text in self.page(number)]


def pdf_text(path: Path) -> PdfText:
    output = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = output.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return PdfText(pages)


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every element of the tag tree, depth first."""
    stack: list[Any] = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                yield node
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(reversed(list(kids)))
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)


@pytest.fixture(scope="module")
def sample_pdf(sample: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(PdfRenderer().render(sample).content)
    return path


@pytest.fixture(scope="module")
def text(sample_pdf: Path) -> PdfText:
    return pdf_text(sample_pdf)


@pytest.fixture(scope="module")
def demo_pdf(demo_report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.pdf"
    path.write_bytes(PdfRenderer().render(demo_report).content)
    return path


# --- The file ------------------------------------------------------------------------------------


def test_registry_gives_the_pdf_renderer(sample: Report) -> None:
    rendered = renderer_for("pdf").render(sample)

    assert rendered.name == "relazione-sulla-performance-2024.pdf"
    assert rendered.media_type == "application/pdf"
    assert rendered.content.startswith(b"%PDF-")


def test_pdf_declares_pdfa_3a_with_an_srgb_output_intent(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        metadata = pdf.open_metadata()

        assert metadata["pdfaid:part"] == "3"
        assert metadata["pdfaid:conformance"] == "A"
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"


def test_pdf_is_tagged_and_in_italian(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        kinds = {str(element.S) for element in structure_elements(pdf)}
        figures = [element for element in structure_elements(pdf) if element.S == "/Figure"]

        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "it"
        assert kinds >= HEADING_TAGS | BLOCK_TAGS | TABLE_TAGS
        assert [str(figure.Alt) for figure in figures] == ["Grafico a barre: donne 53, uomini 29."]


def test_pdf_metadata_names_title_author_subject_and_keywords(
    sample_pdf: Path, sample: Report
) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        info = pdf.docinfo
        metadata = pdf.open_metadata()

        assert str(info.Title) == sample.title
        assert str(info.Author) == "Camera di Commercio di Pistoia-Prato"
        assert "Rendicontazione dei risultati dell'anno 2024" in str(info.Subject)
        assert str(info.Keywords) == "performance, relazione, 2024"
        assert metadata["dc:title"] == sample.title


def test_fonts_are_embedded_dejavu(sample_pdf: Path) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        fonts = {
            font.objgen: font
            for page in pdf.pages
            for font in page.Resources.get("/Font", pikepdf.Dictionary()).values()
        }
        assert fonts
        for font in fonts.values():
            is_composite = "/DescendantFonts" in font
            descriptor = (font.DescendantFonts[0] if is_composite else font).FontDescriptor
            assert "DejaVu" in str(font.BaseFont)
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_pages_are_a4_and_few(sample_pdf: Path, text: PdfText) -> None:
    with pikepdf.open(sample_pdf) as pdf:
        box = [float(value) for value in pdf.pages[0].MediaBox]

        assert (round(box[2], 2), round(box[3], 2)) == A4_POINTS
        assert 5 <= len(pdf.pages) <= 12
        assert len(text.pages) == len(pdf.pages)


def test_weasyprint_reports_no_problem(sample: Report, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        PdfRenderer().render(sample)

    assert [record.getMessage() for record in caplog.records] == []


# --- Its text -----------------------------------------------------------------------------------------


def test_every_section_title_is_in_the_text(text: PdfText, sample: Report) -> None:
    for section in sample.walk_sections():
        assert section.heading in text.whole


def test_protesti_figures_are_in_the_text(text: PdfText) -> None:
    page = text.page(text.pages_with("01_01_0P06 – Protesti")[0])

    for figure in ("98,59 %", "26,67 %", "27,62 %", "69,77 %", "26/03/2024", "N/D", "75,43 %"):
        assert figure in page
    for status in ("● IN LINEA", "▼ FUORI TARGET", "▲ CRITICO", "? DA VALUTARE", "▲ PARZIALMENTE"):
        assert status in page
    assert "Grado di raggiungimento dell'obiettivo 75,43 %" in page


def test_pages_are_numbered_in_the_footer(text: PdfText) -> None:
    count = len(text.pages)

    for number in range(1, count + 1):
        assert f"Pagina {number} di {count}" in text.page(number)
    assert "Pagina 1 di" in text.page(1)


def test_running_header_shows_the_title_from_the_second_page(text: PdfText, sample: Report) -> None:
    assert sample.title not in text.page(1)
    for number in range(2, len(text.pages) + 1):
        assert text.page(number).startswith(sample.title)


def test_cover_has_a_page_of_its_own(text: PdfText) -> None:
    cover = text.page(1)

    assert "Relazione sulla performance 2024" in cover
    assert "Deliberazione di Giunta n. 45/25" in cover
    assert "Indice" not in cover
    assert "Premessa" not in cover


def test_table_of_contents_gives_each_section_its_page(text: PdfText, sample: Report) -> None:
    contents = text.page(2)

    assert contents.startswith(f"{sample.title} Indice")
    for section in sample.walk_sections():
        match = re.search(re.escape(section.title) + r"[ .]*?(\d+)(?: |$)", contents)
        assert match, section.title
        assert int(match[1]) == text.pages_with(section.heading, start=3)[0], section.title


def test_headings_are_kept_with_what_follows_them(text: PdfText, sample: Report) -> None:
    count = len(text.pages)
    for section in sample.walk_sections():
        number = text.pages_with(section.heading, start=3)[0]
        after = text.page(number).split(section.heading, 1)[1]
        footer = f"Camera di Commercio di Pistoia-Prato Pagina {number} di {count}"

        assert after.removesuffix(footer).strip(), section.heading


def test_long_table_repeats_its_header_on_every_page(text: PdfText) -> None:
    pages = text.pages_with("Consigliere n.")

    assert len(pages) >= 2
    for number in pages:
        assert "Nome e cognome Settore di appartenenza" in text.page(number)


def test_long_table_rows_are_never_split(text: PdfText) -> None:
    lines = [line for page in text.pages for line in page.splitlines()]

    for number in range(1, 61):
        row = [line for line in lines if f"Consigliere n. {number} —" in line]
        assert len(row) == 1
        assert "Àccènti ÈÌÒÙ" in row[0]
        assert ("Artigianato" if number % 2 else "Servizi alle imprese") in row[0]


def test_chart_data_are_printed_under_the_chart(text: PdfText) -> None:
    page = text.page(text.pages_with("Personale per genere")[0])

    assert "Dati del grafico" in page
    assert "Donne 53" in page
    assert "Uomini 29" in page


# --- The demo report ---------------------------------------------------------------------------------


def test_demo_pdf_is_a_tagged_pdfa_with_every_section(demo_pdf: Path, demo_report: Report) -> None:
    demo_text = pdf_text(demo_pdf)
    with pikepdf.open(demo_pdf) as pdf:
        metadata = pdf.open_metadata()

        assert (metadata["pdfaid:part"], metadata["pdfaid:conformance"]) == ("3", "A")
        assert "/StructTreeRoot" in pdf.Root
        assert 20 <= len(pdf.pages) <= 150
    for section in demo_report.walk_sections():
        assert " ".join(section.heading.split()) in demo_text.whole, section.heading
    assert f"Pagina 1 di {len(demo_text.pages)}" in demo_text.page(1)
    assert "Performance di ente" in demo_text.whole


def test_demo_pages_render_to_images(demo_pdf: Path, tmp_path: Path) -> None:
    """Cover, contents, section 1 and the first page of 3.1 as PNGs, to look at when layout changes."""
    demo_text = pdf_text(demo_pdf)
    first_of_3_1 = demo_text.pages_with("3.1 –", start=3)[0]
    for number in (1, 2, 3, first_of_3_1):
        pages = ["-f", str(number), "-l", str(number)]
        command = ["pdftoppm", "-r", "60", "-png", *pages, str(demo_pdf), str(tmp_path / "page")]
        subprocess.run(command, check=True)

    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 4
    assert all(image.stat().st_size > 5_000 for image in images)
