"""The DOCX renderer: real Word structure, reopened with python-docx and read as XML."""

from __future__ import annotations

import dataclasses
import struct
import zlib
from io import BytesIO

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Row as WordRow
from docx.text.paragraph import Paragraph as WordParagraph

from performa.reporting.document import (
    Align,
    Cell,
    Column,
    Figure,
    Report,
    Row,
    RowKind,
    Section,
    Table,
)
from performa.reporting.renderers import render, renderer_for
from performa.reporting.renderers.docx import DocxRenderer, tint, tone_colour
from performa.workbook.data import PlanData
from tests.reporting.sample import ON_TRACK, sample_report


def png(width: int = 400, height: int = 150) -> bytes:
    """A plain blue PNG, enough to stand for a chart."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    pixels = b"".join(b"\x00" + b"\x00\x66\xcc" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def with_figure_png(report: Report, image: bytes) -> Report:
    def section_with_png(section: Section) -> Section:
        blocks = tuple(
            dataclasses.replace(block, png=image) if isinstance(block, Figure) else block
            for block in section.blocks
        )
        subsections = tuple(section_with_png(child) for child in section.subsections)
        return dataclasses.replace(section, blocks=blocks, subsections=subsections)

    return dataclasses.replace(report, sections=tuple(map(section_with_png, report.sections)))


def report_with(*blocks: Table | Figure) -> Report:
    """The sample report reduced to one section holding ``blocks``."""
    return dataclasses.replace(sample_report(), sections=(Section("prova", "9", "Prova", blocks),))


def open_docx(content: bytes) -> WordDocument:
    return docx.Document(BytesIO(content))


def paragraph_texts(document: WordDocument) -> list[str]:
    """The text of every paragraph in the body, table cells included."""
    return [
        "".join(text.text or "" for text in paragraph.iter(qn("w:t")))
        for paragraph in document.element.body.iter(qn("w:p"))
    ]


def style_name(paragraph: WordParagraph) -> str:
    assert paragraph.style is not None
    return str(paragraph.style.name)


def row_has(row: WordRow, tag: str) -> bool:
    """Whether the row's properties hold ``tag`` (``w:cantSplit``, ``w:tblHeader``)."""
    properties = row._tr.trPr
    return properties is not None and properties.find(qn(tag)) is not None


def cell_fill(cell: docx.table._Cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shading is None else shading.get(qn("w:fill"))


@pytest.fixture(scope="module")
def report() -> Report:
    return with_figure_png(sample_report(), png())


@pytest.fixture(scope="module")
def document(report: Report) -> WordDocument:
    return open_docx(DocxRenderer().render(report).content)


@pytest.fixture(scope="module")
def demo_docx(demo_report: Report) -> WordDocument:
    return open_docx(render(demo_report, "docx").content)


def test_docx_renderer_is_registered_with_its_media_type() -> None:
    renderer = renderer_for("docx")

    assert isinstance(renderer, DocxRenderer)
    assert renderer.extension == "docx"
    rendered = renderer.render(sample_report())
    assert rendered.media_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert rendered.name == "relazione-sulla-performance-2024.docx"


def test_every_section_heading_has_the_heading_style_of_its_depth(
    report: Report, document: WordDocument
) -> None:
    headings = {
        paragraph.text: style_name(paragraph)
        for paragraph in document.paragraphs
        if style_name(paragraph).startswith("Heading")
    }

    def expected(sections: tuple[Section, ...], level: int) -> dict[str, str]:
        styles = {section.heading: f"Heading {min(level, 3)}" for section in sections}
        for section in sections:
            styles |= expected(section.subsections, level + 1)
        return styles

    assert headings == expected(report.sections, 1)
    assert "1 – Principali risultati raggiunti" in headings


def test_table_of_contents_is_a_field_word_updates_on_opening(document: WordDocument) -> None:
    instructions = [node.text for node in document.element.body.iter(qn("w:instrText"))]

    assert r' TOC \o "1-3" \h \z \u ' in instructions
    assert any(text.startswith("Aggiornare il sommario") for text in paragraph_texts(document))
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None
    assert update.get(qn("w:val")) == "true"


def test_cover_names_administration_title_and_approval_act(document: WordDocument) -> None:
    first = [paragraph.text for paragraph in document.paragraphs[:4]]

    assert first[:2] == ["Camera di Commercio di Pistoia-Prato", "Relazione sulla performance 2024"]
    assert "Adottata con Deliberazione di Giunta n. 45/25 del 14/05/2025" in first
    assert style_name(document.paragraphs[1]) == "Title"


def test_tables_repeat_their_header_row_and_never_split_a_row(document: WordDocument) -> None:
    headed = [table for table in document.tables if row_has(table.rows[0], "w:tblHeader")]

    assert [table.cell(0, 0).text for table in headed] == ["Nome e cognome", "Peso"]
    for table in document.tables:
        assert all(row_has(row, "w:cantSplit") for row in table.rows)
        assert not any(row_has(row, "w:tblHeader") for row in table.rows[1:])


def test_header_cells_are_white_bold_on_the_branding_colour(
    report: Report, document: WordDocument
) -> None:
    protesti = next(table for table in document.tables if table.cell(0, 0).text == "Peso")
    header = protesti.rows[0].cells

    assert [cell.text for cell in header] == ["Peso", "Codice", "Indicatore", "Target",
                                              "Consuntivo", "Grado", "Stato"]  # fmt: skip
    assert {cell_fill(cell) for cell in header} == {report.branding.primary_colour[1:].upper()}
    style = header[0].paragraphs[0].style
    assert style.font.bold
    assert str(style.font.color.rgb) == "FFFFFF"


def test_status_cells_show_symbol_and_text_on_a_tint_of_their_tone(
    report: Report, document: WordDocument
) -> None:
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    on_track = [cell for cell in cells if cell.text == "●\u00a0IN LINEA"]

    assert len(on_track) == 2
    expected = tint(tone_colour(ON_TRACK.tone, report.branding))
    assert {cell_fill(cell) for cell in on_track} == {expected}
    texts = {cell.text for cell in cells}
    assert {"▼\u00a0FUORI TARGET", "?\u00a0DA VALUTARE", "▲\u00a0PARZIALMENTE"} <= texts


def test_number_cells_are_right_aligned_and_keep_their_unit(document: WordDocument) -> None:
    protesti = next(table for table in document.tables if table.cell(0, 0).text == "Peso")
    weight, grade = protesti.cell(1, 0), protesti.cell(1, 5)

    assert weight.text == "16,50\u00a0%"
    assert grade.text == "98,59\u00a0%"
    for cell in (weight, grade):
        assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_total_row_is_bold_and_spans_its_label(document: WordDocument) -> None:
    protesti = next(table for table in document.tables if table.cell(0, 0).text == "Peso")
    total = protesti.rows[-1]

    assert len(total._tr.tc_lst) == 3
    assert total._tr.tc_lst[0].grid_span == 5
    label = total.cells[0].paragraphs[0]
    assert label.text == "Grado di raggiungimento dell'obiettivo"
    assert all(run.bold for run in label.runs)
    assert total.cells[5].paragraphs[0].runs[0].bold


def test_group_row_spans_the_whole_table() -> None:
    table = Table(
        key="grouped",
        caption="Tabella con gruppi",
        columns=(Column("Codice"), Column("Nome"), Column("Grado", Align.RIGHT, 1, "percent")),
        rows=(
            Row((Cell("Area strategica I"),), RowKind.GROUP),
            Row((Cell("01"), Cell("Primo"), Cell("90,00 %"))),
        ),
    )

    word_table = open_docx(DocxRenderer().render(report_with(table)).content).tables[0]

    group = word_table.rows[1]
    assert len(group._tr.tc_lst) == 1
    assert group._tr.tc_lst[0].grid_span == 3
    assert group.cells[0].text == "Area strategica I"
    assert group.cells[0].paragraphs[0].runs[0].bold


def test_caption_comes_before_the_table_and_the_source_after(document: WordDocument) -> None:
    texts = paragraph_texts(document)
    caption = texts.index("Consiglio camerale (tabella lunga)")
    source = texts.index("Fonte: Dati camerali")

    assert texts[caption + 1] == "Nome e cognome"
    assert texts[source - 1] == "Artigianato" or texts[source - 1] == "Servizi alle imprese"
    source_paragraph = next(p for p in document.paragraphs if p.text == "Fonte: Dati camerali")
    assert source_paragraph.style is not None
    assert source_paragraph.style.font.italic
    assert source_paragraph.style.font.size == Pt(8.5)


def test_figure_is_a_picture_with_alt_text_and_a_caption(document: WordDocument) -> None:
    pictures = list(document.element.body.iter(qn("wp:docPr")))

    assert len(pictures) == 1
    assert pictures[0].get("descr") == "Grafico a barre: donne 53, uomini 29."
    assert document.inline_shapes[0].width == Cm(15)
    texts = paragraph_texts(document)
    assert texts[texts.index("Personale per genere") + 1] == ""  # the picture's own paragraph


def test_figure_without_png_shows_its_alt_text_and_data_table() -> None:
    content = DocxRenderer().render(sample_report()).content
    document = open_docx(content)

    assert not list(document.element.body.iter(qn("wp:docPr")))
    assert "Grafico a barre: donne 53, uomini 29." in paragraph_texts(document)
    assert any(table.cell(0, 0).text == "Genere" for table in document.tables)


def test_key_figures_are_a_two_column_table_with_status(document: WordDocument) -> None:
    key_figures = next(table for table in document.tables if len(table.columns) == 2
                       and table.cell(0, 0).paragraphs[0].text == "Performance di ente")  # fmt: skip

    value = key_figures.cell(0, 1)
    assert [paragraph.text for paragraph in value.paragraphs] == ["96,41 %", "●\u00a0RAGGIUNTO"]
    assert (
        key_figures.cell(0, 0).paragraphs[1].text == "media semplice degli 8 obiettivi strategici"
    )


def test_legend_lists_each_status_with_its_symbol(document: WordDocument) -> None:
    texts = paragraph_texts(document)

    assert "●\u00a0RAGGIUNTO – Raggiungimento dell'obiettivo (≥ 80 %)" in texts
    assert "▼\u00a0NON RAGGIUNTO – Mancato raggiungimento dell'obiettivo (< 60 %)" in texts


def test_bullets_use_the_list_bullet_style(document: WordDocument) -> None:
    bullets = [p.text for p in document.paragraphs if style_name(p) == "List Bullet"]

    assert bullets == ["Primo punto", "Secondo punto"]


def test_header_names_the_report_and_footer_numbers_the_pages(
    report: Report, document: WordDocument
) -> None:
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    instructions = [node.text.strip() for node in footer._p.iter(qn("w:instrText"))]

    assert section.header.paragraphs[0].text == report.title
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Pagina ")
    assert " di " in footer.text
    assert section.different_first_page_header_footer


def test_page_is_a4_portrait(document: WordDocument) -> None:
    section = document.sections[0]

    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_core_properties_describe_the_report(report: Report, document: WordDocument) -> None:
    properties = document.core_properties

    assert properties.title == "Relazione sulla performance 2024"
    assert properties.author == "Camera di Commercio di Pistoia-Prato"
    assert properties.subject == report.cover.approval_act
    assert properties.keywords == "performance, relazione, 2024"
    assert properties.language == "it-IT"
    assert properties.created is not None
    assert properties.created.replace(tzinfo=None) == report.generated_at


def test_text_is_proofed_in_italian(document: WordDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")

    assert language.get(qn("w:val")) == "it-IT"


def test_same_report_renders_to_the_same_bytes(report: Report) -> None:
    assert DocxRenderer().render(report).content == DocxRenderer().render(report).content


def test_control_characters_are_dropped_not_fatal() -> None:
    table = Table(
        key="control",
        caption="Testo\x0bcon\x01controllo",
        columns=(Column("Nome"),),
        rows=(Row((Cell("riga\x0cuno"),)),),
    )

    document = open_docx(DocxRenderer().render(report_with(table)).content)

    assert "Testoconcontrollo" in paragraph_texts(document)
    assert document.tables[0].cell(1, 0).text == "rigauno"


def test_demo_document_shows_every_operational_objective_and_the_key_figures(
    demo_docx: WordDocument, demo_plan: PlanData
) -> None:
    text = "\n".join(paragraph_texts(demo_docx))
    names = [node.name for node in demo_plan.nodes if node.level == "operational_objective"]

    assert len(names) > 20
    assert [name for name in names if name not in text] == []
    assert "75,43\u00a0%" in text  # Protesti
    assert "96,41\u00a0%" in text  # performance di ente


def test_demo_document_tables_repeat_headers_and_keep_rows_whole(
    demo_docx: WordDocument,
) -> None:
    headed = [table for table in demo_docx.tables if row_has(table.rows[0], "w:tblHeader")]

    assert len(headed) > 10
    for table in demo_docx.tables:
        assert all(row_has(row, "w:cantSplit") for row in table.rows)


def test_report_without_generation_time_carries_no_dates_and_stays_reproducible() -> None:
    undated = dataclasses.replace(sample_report(), generated_at=None)
    content = DocxRenderer().render(undated).content

    assert content == DocxRenderer().render(undated).content
    assert open_docx(content).core_properties.created is None
