"""The Relazione as an editable Word document (python-docx), for the planning office.

Real Word structure, so the office can keep editing: Heading 1–3 styles, a TOC field Word fills
on opening, named paragraph styles, repeating table headers. Reads only the ``Report``.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Length, Pt, RGBColor
from docx.styles.style import ParagraphStyle as WordParagraphStyle
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from performa.reporting.document import (
    Align,
    Block,
    Branding,
    BulletList,
    Cell,
    Column,
    Figure,
    KeyFigures,
    Legend,
    Paragraph,
    ParagraphStyle,
    RenderedFile,
    Report,
    Row,
    RowKind,
    Section,
    StatusBadge,
    Table,
    Tone,
)

__all__ = [
    "DocxRenderer",
    "language_tag",
    "normalised_package",
    "report_file_name",
    "tint",
    "tone_colour",
]

FONT = "Arial"
"""Present on every office PC, and metric-compatible with Liberation Sans where it is not."""
TEXT_WIDTH = Cm(17)
"""A4 (21 cm) less two 2 cm side margins."""
TABLE_FONT_SIZE = Pt(9)
CELL_MARGIN = Cm(0.1)
"""Left and right padding inside table cells (Word's default is 0.19 cm: too much for 7 columns)."""
CELL_PADDING = 2 * CELL_MARGIN + Cm(0.12)
MAX_MINIMUM_WIDTH = Cm(4.5)
UNBROKEN_FIGURE_LENGTH = 16
"""Right-aligned texts up to this length never wrap ("Entro 28/02/2024"); longer ones may."""
FIGURE_WIDTH = Cm(15)
FIGURE_MAX_HEIGHT = Cm(20)
TOC_INSTRUCTION = r' TOC \o "1-3" \h \z \u '
TOC_PLACEHOLDER = (
    "Aggiornare il sommario: clic destro qui e «Aggiorna campo» (oppure F9) "
    "per generarlo con i numeri di pagina."
)
BORDER_COLOUR = "BFBFBF"
BAND_COLOUR = "F2F2F2"
MUTED_COLOUR = RGBColor(0x59, 0x59, 0x59)
NUMERIC_KINDS = frozenset({"number", "percent"})
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# XML 1.0 forbids most control characters; lxml refuses them instead of dropping them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Split words on ordinary spaces only: a non-breaking space keeps "16,50 %" together.
_BREAKABLE_SPACE = re.compile(r"[ \t\n]+")
_NARROW_CHARACTERS = frozenset("iljtfrI.,:;'|!()[] \u00a0")

# Children of w:tcPr that must follow w:shd (ECMA-376 CT_TcPr sequence).
_AFTER_CELL_SHADING = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)  # fmt: skip
# Children of w:tblPr that must follow w:tblBorders (CT_TblPr sequence).
_AFTER_TABLE_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
# Children of w:settings that must follow w:updateFields (CT_Settings sequence).
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "w:themeFontLang", "w:clrSchemeMapping", "w:shapeDefaults", "w:decimalSymbol",
    "w:listSeparator",
)  # fmt: skip


class DocxRenderer:
    """Renders a ``Report`` as a DOCX the planning office can edit in Word or LibreOffice."""

    format_name = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"

    def render(self, report: Report) -> RenderedFile:
        """The report as DOCX bytes; the same report always gives the same bytes."""
        builder = _DocumentBuilder(report)
        content = builder.build()
        return RenderedFile(report_file_name(report, self.extension), self.media_type, content)


def report_file_name(report: Report, extension: str) -> str:
    """``relazione-sulla-performance-2024.docx``: the cover title as an ASCII slug."""
    ascii_title = unicodedata.normalize("NFKD", report.cover.title).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.decode().lower()).strip("-")
    return f"{slug or 'relazione'}.{extension}"


def normalised_package(content: bytes) -> bytes:
    """An Office (ZIP) package rewritten with fixed entry dates, so equal input gives equal bytes."""
    target_buffer = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(content)) as source,
        zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return target_buffer.getvalue()


def tone_colour(tone: Tone, branding: Branding) -> str:
    """The branding colour of ``tone`` as ``RRGGBB`` (no ``#``)."""
    colours = {
        Tone.GOOD: branding.good_colour,
        Tone.WARNING: branding.warning_colour,
        Tone.BAD: branding.bad_colour,
        Tone.NEUTRAL: branding.neutral_colour,
    }
    return colours[tone].lstrip("#").upper()


def tint(colour: str, share_of_white: float = 0.82) -> str:
    """``colour`` (``RRGGBB``) mixed with white: a light background that keeps dark text legible."""
    channels = (int(colour[index : index + 2], 16) for index in (0, 2, 4))
    mixed = (round(channel + (255 - channel) * share_of_white) for channel in channels)
    return "".join(f"{channel:02X}" for channel in mixed)


def clean_text(text: str) -> str:
    """``text`` without the control characters XML cannot hold."""
    return _CONTROL_CHARACTERS.sub("", text)


def language_tag(language: str) -> str:
    """``it`` → ``it-IT``: Word wants a region for spelling and hyphenation."""
    return language if "-" in language else f"{language}-{language.upper()}"


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element: BaseOxmlElement = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _add_field(
    paragraph: WordParagraph, instruction: str, placeholder: str = "", *, is_dirty: bool = False
) -> None:
    """A complex field (PAGE, TOC…) whose result Word computes, showing ``placeholder`` until
    then; a dirty field is recomputed when the document opens.
    """
    begin = paragraph.add_run()
    marker = {"dirty": "true"} if is_dirty else {}
    begin._r.append(_element("w:fldChar", fldCharType="begin", **marker))
    instruction_run = paragraph.add_run()
    instruction_element = _element("w:instrText")
    instruction_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction_element.text = instruction
    instruction_run._r.append(instruction_element)
    separate = paragraph.add_run()
    separate._r.append(_element("w:fldChar", fldCharType="separate"))
    paragraph.add_run(placeholder)
    end = paragraph.add_run()
    end._r.append(_element("w:fldChar", fldCharType="end"))


def _shade_cell(cell: _Cell, fill: str) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    for existing in tcPr.findall(qn("w:shd")):
        tcPr.remove(existing)
    tcPr.insert_element_before(
        _element("w:shd", val="clear", color="auto", fill=fill), *_AFTER_CELL_SHADING
    )


class _DocumentBuilder:
    """Writes one report into a fresh python-docx document, keeping its styles at hand."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.branding = report.branding
        self.primary = report.branding.primary_colour.lstrip("#").upper()
        self.document: WordDocument = Document()
        self._set_up_styles()
        # Looking a style up by name costs a scan of styles.xml; resolve every id once.
        self.style_ids = {
            style.name: style.style_id
            for style in self.document.styles
            if style.type == WD_STYLE_TYPE.PARAGRAPH and style.name is not None
        }

    def build(self) -> bytes:
        self._set_up_page()
        self._add_cover()
        self._add_table_of_contents()
        for section in self.report.sections:
            self._add_section(section, depth=0)
        self._set_properties()
        buffer = BytesIO()
        self.document.save(buffer)
        return normalised_package(buffer.getvalue())

    # -- styles and page ----------------------------------------------------------------------

    def _paragraph_style(self, name: str) -> WordParagraphStyle:
        style = self.document.styles[name]
        assert isinstance(style, WordParagraphStyle)
        return style

    def _new_style(self, name: str, *, size: float, base: str = "Normal") -> WordParagraphStyle:
        style = self.document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, WordParagraphStyle)
        style.base_style = self.document.styles[base]
        style.quick_style = True
        style.font.size = Pt(size)
        return style

    def _set_up_styles(self) -> None:
        """One font everywhere, Italian proofing, branding colours, and the report's own styles."""
        styles_element = self.document.styles.element
        language = language_tag(self.report.language)
        defaults = styles_element.find(qn("w:docDefaults"))
        assert defaults is not None
        run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        assert run_defaults is not None
        for child in run_defaults.findall(qn("w:rFonts")) + run_defaults.findall(qn("w:lang")):
            run_defaults.remove(child)
        run_defaults.insert(0, _element("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))
        run_defaults.append(_element("w:lang", val=language, eastAsia=language, bidi=language))
        # Theme fonts in the built-in styles would override the default font: drop them.
        for fonts in styles_element.iter(qn("w:rFonts")):
            if fonts.getparent() is not run_defaults:
                fonts.getparent().remove(fonts)

        normal = self._paragraph_style("Normal")
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15

        primary = RGBColor.from_string(self.primary)
        for level, size in ((1, 16), (2, 13.5), (3, 12)):
            heading = self._paragraph_style(f"Heading {level}")
            heading.font.size = Pt(size)
            heading.font.bold = True
            heading.font.color.rgb = primary
            heading.paragraph_format.space_before = Pt(18 if level == 1 else 12)
            heading.paragraph_format.space_after = Pt(6)
        # Every chapter starts on a new page, as in the printed Relazione.
        self._paragraph_style("Heading 1").paragraph_format.page_break_before = True

        title = self._paragraph_style("Title")
        borders = title.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        if borders is not None:
            borders.getparent().remove(borders)
        title.font.size = Pt(30)
        title.font.color.rgb = primary

        caption = self._paragraph_style("Caption")
        caption.font.size = Pt(10)
        caption.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
        caption.paragraph_format.space_before = Pt(10)
        caption.paragraph_format.space_after = Pt(4)
        caption.paragraph_format.keep_with_next = True
        caption.hidden = False

        for name in ("Header", "Footer"):
            style = self._paragraph_style(name)
            style.font.size = Pt(8.5)
            style.font.color.rgb = MUTED_COLOUR

        cover_administration = self._new_style("Copertina – ente", size=18)
        cover_administration.font.bold = True
        cover_administration.font.color.rgb = primary
        cover_administration.paragraph_format.space_before = Pt(150)
        cover_administration.paragraph_format.space_after = Pt(36)
        self._new_style("Copertina – sottotitolo", size=14).font.color.rgb = MUTED_COLOUR
        cover_act = self._new_style("Copertina – atto", size=11)
        cover_act.font.italic = True
        cover_act.paragraph_format.space_before = Pt(24)

        lead = self._new_style("Paragrafo introduttivo", size=12)
        lead.paragraph_format.space_after = Pt(8)
        note = self._new_style("Nota", size=9)
        note.font.italic = True
        source = self._new_style("Fonte", size=8.5)
        source.font.italic = True
        source.font.color.rgb = MUTED_COLOUR
        source.paragraph_format.space_before = Pt(3)
        source.paragraph_format.space_after = Pt(10)

        cell_text = self._new_style("Testo tabella", size=TABLE_FONT_SIZE.pt)
        cell_text.paragraph_format.space_after = Pt(0)
        cell_text.paragraph_format.line_spacing = 1.0
        header_text = self._new_style(
            "Intestazione tabella", size=TABLE_FONT_SIZE.pt, base="Testo tabella"
        )
        header_text.font.bold = True
        header_text.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

        legend_title = self._new_style("Titolo legenda", size=10.5)
        legend_title.font.bold = True
        legend_title.paragraph_format.keep_with_next = True
        legend_title.paragraph_format.space_after = Pt(2)
        legend_item = self._new_style("Voce legenda", size=10)
        legend_item.paragraph_format.left_indent = Cm(0.5)
        legend_item.paragraph_format.space_after = Pt(2)

        self._paragraph_style("TOC Heading").paragraph_format.page_break_before = True

    def _set_up_page(self) -> None:
        """A4 portrait, 2 cm sides; the title in the header and "Pagina X di Y" in the footer."""
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
        section.header_distance = section.footer_distance = Cm(1.2)
        # The cover has no header or footer.
        section.different_first_page_header_footer = True

        header = section.header.paragraphs[0]
        self._restyle(header, "Header")
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.add_run(clean_text(self.report.title))

        footer = section.footer.paragraphs[0]
        self._restyle(footer, "Footer")
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.branding.footer_text:
            footer.add_run(clean_text(self.branding.footer_text)).add_break()
        footer.add_run("Pagina ")
        _add_field(footer, " PAGE ", "1")
        footer.add_run(" di ")
        _add_field(footer, " NUMPAGES ", "1")

    def _set_properties(self) -> None:
        """Core properties (title, author = administration…) and "update fields on opening"."""
        cover = self.report.cover
        properties = self.document.core_properties
        properties.title = cover.title
        properties.author = cover.administration_name
        properties.subject = cover.subtitle or cover.approval_act or self.report.title
        properties.keywords = ", ".join(self.report.keywords)
        properties.language = language_tag(self.report.language)
        properties.comments = cover.approval_act
        properties.category = cover.title
        properties.last_modified_by = "performa"
        properties.revision = 1
        if self.report.generated_at is not None:
            properties.created = properties.modified = self.report.generated_at
        else:
            # No generation time, no dates: equal reports still give equal bytes.
            for tag in ("dcterms:created", "dcterms:modified"):
                for element in properties._element.findall(qn(tag)):
                    properties._element.remove(element)

        settings = self.document.settings.element
        # Word asks to update the fields on opening, which fills the table of contents.
        settings.insert_element_before(
            _element("w:updateFields", val="true"), *_AFTER_UPDATE_FIELDS
        )
        for font_language in settings.findall(qn("w:themeFontLang")):
            font_language.set(qn("w:val"), language_tag(self.report.language))

    def _add_text(
        self, text: str, style: str, container: WordDocument | _Cell | None = None
    ) -> WordParagraph:
        """A paragraph of ``text`` in ``style`` at the end of the body (or of ``container``)."""
        parent = self.document if container is None else container
        paragraph = parent.add_paragraph(clean_text(text))
        self._restyle(paragraph, style)
        return paragraph

    def _restyle(self, paragraph: WordParagraph, style: str) -> None:
        paragraph._p.style = self.style_ids[style]

    # -- front matter -------------------------------------------------------------------------

    def _add_cover(self) -> None:
        cover = self.report.cover
        self._add_text(cover.administration_name, "Copertina – ente")
        self._add_text(cover.title, "Title")
        if cover.subtitle:
            self._add_text(cover.subtitle, "Copertina – sottotitolo")
        if cover.approval_act:
            self._add_text(cover.approval_act, "Copertina – atto")
        if cover.plan_version:
            self._add_text(cover.plan_version, "Copertina – atto")

    def _add_table_of_contents(self) -> None:
        """A real TOC field over Heading 1–3, with hyperlinks; Word fills it when updated."""
        self._add_text("Sommario", "TOC Heading")
        _add_field(self._add_text("", "Normal"), TOC_INSTRUCTION, TOC_PLACEHOLDER, is_dirty=True)

    # -- body ---------------------------------------------------------------------------------

    def _add_section(self, section: Section, depth: int) -> None:
        self._add_text(section.heading, f"Heading {min(depth + 1, 3)}")
        for block in section.blocks:
            self._add_block(block)
        for subsection in section.subsections:
            self._add_section(subsection, depth + 1)

    def _add_block(self, block: Block) -> None:
        match block:
            case Paragraph():
                self._add_paragraph(block)
            case BulletList():
                for item in block.items:
                    self._add_text(item, "List Bullet")
            case Table():
                self._add_table(block)
            case Figure():
                self._add_figure(block)
            case Legend():
                self._add_legend(block)
            case KeyFigures():
                self._add_key_figures(block)

    def _add_paragraph(self, paragraph: Paragraph) -> None:
        style = {
            ParagraphStyle.NORMAL: "Normal",
            ParagraphStyle.LEAD: "Paragrafo introduttivo",
            ParagraphStyle.NOTE: "Nota",
        }[paragraph.style]
        self._add_text(paragraph.text, style)

    def _add_caption(self, text: str) -> None:
        self._add_text(text, "Caption")

    def _add_source(self, table: Table) -> None:
        """The source, then the notes, in small italics; only the last one spaced from the text."""
        lines = ([f"Fonte: {table.source}"] if table.source else []) + list(table.notes)
        for number, line in enumerate(lines, start=1):
            paragraph = self._add_text(line, "Fonte")
            if number < len(lines):
                paragraph.paragraph_format.space_after = Pt(0)

    def _add_table(self, table: Table) -> None:
        """Caption above; header repeated on every page; rows never split; source below."""
        self._add_caption(table.caption)
        widths = _column_widths(table.columns, table.rows)
        word_table = self._new_table(widths, table.caption)
        self._add_header_row(word_table, table.columns, widths)
        for row in table.rows:
            self._add_body_row(word_table, table.columns, widths, row)
        self._add_source(table)

    def _new_table(self, widths: Sequence[int], caption: str) -> WordTable:
        word_table: WordTable = self.document.add_table(rows=0, cols=len(widths))
        word_table.style = self.document.styles["Table Grid"]
        word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
        word_table.autofit = False
        for column, width in zip(word_table.columns, widths, strict=True):
            column.width = width
        table_properties = word_table._tbl.tblPr
        borders = _element("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(
                _element(f"w:{edge}", val="single", sz="4", space="0", color=BORDER_COLOUR)
            )
        table_properties.insert_element_before(borders, *_AFTER_TABLE_BORDERS)
        margins = _element("w:tblCellMar")
        for edge, margin in (
            ("top", 34),
            ("left", CELL_MARGIN.twips),
            ("bottom", 34),
            ("right", CELL_MARGIN.twips),
        ):
            margins.append(_element(f"w:{edge}", w=str(margin), type="dxa"))
        table_properties.insert_element_before(margins, "w:tblLook", "w:tblCaption")
        if caption:
            # The table's own title, read by screen readers (Word's "Testo alternativo").
            table_properties.append(_element("w:tblCaption", val=clean_text(caption)[:255]))
        return word_table

    def _new_row(self, word_table: WordTable, *, is_header: bool = False) -> CT_Row:
        row = word_table._tbl.add_tr()
        row_properties = row.get_or_add_trPr()
        row_properties.append(_element("w:cantSplit"))
        if is_header:
            row_properties.append(_element("w:tblHeader"))
        return row

    def _new_cell(
        self,
        word_table: WordTable,
        row: CT_Row,
        widths: Sequence[int],
        start: int,
        span: int,
    ) -> _Cell:
        tc = row.add_tc()
        tc.width = Emu(sum(widths[start : start + span]))
        if span > 1:
            tc.grid_span = span
        cell = _Cell(tc, word_table)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        return cell

    def _add_header_row(
        self, word_table: WordTable, columns: tuple[Column, ...], widths: Sequence[int]
    ) -> None:
        row = self._new_row(word_table, is_header=True)
        for index, column in enumerate(columns):
            cell = self._new_cell(word_table, row, widths, index, 1)
            _shade_cell(cell, self.primary)
            paragraph = cell.paragraphs[0]
            self._restyle(paragraph, "Intestazione tabella")
            paragraph.alignment = _alignment(column)
            paragraph.add_run(clean_text(column.label))

    def _add_body_row(
        self, word_table: WordTable, columns: tuple[Column, ...], widths: Sequence[int], row: Row
    ) -> None:
        word_row = self._new_row(word_table)
        cells = row.cells
        if row.kind is RowKind.GROUP and len(cells) == 1:
            # A group heading spans the whole table, whatever colspan it declares.
            cells = (Cell(cells[0].text, cells[0].value, cells[0].status, len(columns), True),)
        start = 0
        for cell in cells:
            if start >= len(columns):
                break
            span = max(1, min(cell.colspan, len(columns) - start))
            word_cell = self._new_cell(word_table, word_row, widths, start, span)
            column = columns[start]
            paragraph = word_cell.paragraphs[0]
            self._restyle(paragraph, "Testo tabella")
            paragraph.alignment = _alignment(column) if span == 1 else WD_ALIGN_PARAGRAPH.LEFT
            is_bold = cell.is_emphasised or row.kind is not RowKind.BODY
            if cell.status is not None:
                self._write_status(word_cell, paragraph, cell.status, is_bold=is_bold)
            else:
                text = _cell_text(cell, column)
                paragraph.add_run(clean_text(text)).bold = is_bold or None
                if row.kind is not RowKind.BODY:
                    _shade_cell(word_cell, BAND_COLOUR)
            if row.kind is RowKind.GROUP:
                paragraph.paragraph_format.keep_with_next = True
            start += span
        # A short row (fewer cells than columns) still needs every grid column covered.
        if start < len(columns):
            self._new_cell(word_table, word_row, widths, start, len(columns) - start)

    def _write_status(
        self, cell: _Cell, paragraph: WordParagraph, badge: StatusBadge, *, is_bold: bool = False
    ) -> None:
        """Tone tint behind the cell, and the symbol and the text: never colour alone."""
        colour = tone_colour(badge.tone, self.branding)
        _shade_cell(cell, tint(colour))
        symbol = paragraph.add_run(f"{badge.symbol}\u00a0")
        symbol.font.color.rgb = RGBColor.from_string(colour)
        paragraph.add_run(clean_text(badge.text)).bold = is_bold or None

    def _add_figure(self, figure: Figure) -> None:
        """The chart's PNG (15 cm wide) with its alt text; without a PNG, its data table."""
        self._add_caption(figure.caption)
        if not figure.png:
            self._add_text(figure.alt_text, "Nota")
            if figure.table is not None:
                self._add_table(figure.table)
            return
        paragraph = self._add_text("", "Normal")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        width, height = _figure_size(figure.png)
        picture = paragraph.add_run().add_picture(BytesIO(figure.png), width=width, height=height)
        properties = picture._inline.docPr
        properties.set("descr", clean_text(figure.alt_text))
        properties.set("title", clean_text(figure.caption))

    def _add_legend(self, legend: Legend) -> None:
        """The legend as a list: coloured symbol, status text, meaning."""
        if legend.title:
            self._add_text(legend.title, "Titolo legenda")
        for item in legend.items:
            paragraph = self._add_text("", "Voce legenda")
            symbol = paragraph.add_run(f"{item.badge.symbol}\u00a0")
            symbol.font.color.rgb = RGBColor.from_string(
                tone_colour(item.badge.tone, self.branding)
            )
            paragraph.add_run(clean_text(item.badge.text)).bold = True
            if item.description:
                paragraph.add_run(clean_text(f" – {item.description}"))

    def _add_key_figures(self, key_figures: KeyFigures) -> None:
        """A small two-column table: what the figure is, and the figure with its status."""
        widths = [Cm(11), Cm(6)]
        word_table = self._new_table(widths, "")
        for item in key_figures.items:
            row = self._new_row(word_table)
            label_cell = self._new_cell(word_table, row, widths, 0, 1)
            label = label_cell.paragraphs[0]
            self._restyle(label, "Testo tabella")
            label.add_run(clean_text(item.label)).bold = True
            if item.explanation:
                self._add_text(item.explanation, "Nota", label_cell)
            value_cell = self._new_cell(word_table, row, widths, 1, 1)
            value = value_cell.paragraphs[0]
            self._restyle(value, "Testo tabella")
            value.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            figure = value.add_run(clean_text(item.value))
            figure.bold = True
            figure.font.size = Pt(14)
            if item.status is not None:
                status = self._add_text("", "Testo tabella", value_cell)
                status.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self._write_status(value_cell, status, item.status)
        # Keep the next block from sticking to the table.
        self._add_text("", "Fonte")


def _column_widths(columns: tuple[Column, ...], rows: Iterable[Row] = ()) -> list[Length]:
    """The text width shared out by the columns' relative widths, no column narrower than its
    widest unbreakable word (``16,50 %``, ``01_01_0P06_I01``) so a figure never wraps.
    """
    minimum = [_word_width(column.label, is_bold=True) for column in columns]
    for row in rows:
        start = 0
        for cell in row.cells:
            if cell.colspan == 1 and start < len(columns):
                width = _word_width(_cell_text(cell, columns[start]), is_bold=cell.is_emphasised)
                minimum[start] = max(minimum[start], width)
            start += cell.colspan
    minimum = [min(CELL_PADDING + width, MAX_MINIMUM_WIDTH) for width in minimum]
    if sum(minimum) >= TEXT_WIDTH:
        return [Emu(TEXT_WIDTH * width // sum(minimum)) for width in minimum]
    relative = [max(column.width, 1) for column in columns]
    fixed: dict[int, int] = {}
    while True:
        free_width = TEXT_WIDTH - sum(fixed.values())
        free_share = sum(share for index, share in enumerate(relative) if index not in fixed)
        too_narrow = {
            index: minimum[index]
            for index, share in enumerate(relative)
            if index not in fixed and free_width * share // free_share < minimum[index]
        }
        if not too_narrow:
            break
        fixed |= too_narrow
    return [
        Emu(fixed[index] if index in fixed else free_width * share // free_share)
        for index, share in enumerate(relative)
    ]


def _cell_text(cell: Cell, column: Column) -> str:
    """What a cell shows. A short figure stays on one line: "16,50 %", ">= 7,10 N."."""
    if cell.status is not None:
        return f"{cell.status.symbol}\u00a0{cell.status.text}"
    is_figure = column.kind in NUMERIC_KINDS or column.align is Align.RIGHT
    if is_figure and cell.colspan == 1 and len(cell.text) <= UNBROKEN_FIGURE_LENGTH:
        return cell.text.replace(" ", "\u00a0")
    return cell.text


def _word_width(text: str, *, is_bold: bool = False) -> int:
    """The printed width (EMU, table font) of the widest word of ``text``, from Arial's metrics."""
    widest = max(
        (
            sum(_character_width(character) for character in word)
            for word in _BREAKABLE_SPACE.split(text)
        ),
        default=0,
    )
    return int(TABLE_FONT_SIZE * widest * (1.06 if is_bold else 1) // 1000)


def _character_width(character: str) -> int:
    """Thousandths of an em, rounded up from Arial's advance widths."""
    if character in _NARROW_CHARACTERS:
        return 300
    if character.isdigit() or character in "_-/?#$":
        return 556
    if character in "mwMW%":
        return 900
    if character.isupper():
        return 700
    if character.islower():
        return 540
    return 650


def _alignment(column: Column) -> WD_ALIGN_PARAGRAPH:
    if column.kind in NUMERIC_KINDS or column.align is Align.RIGHT:
        return WD_ALIGN_PARAGRAPH.RIGHT
    if column.align is Align.CENTER:
        return WD_ALIGN_PARAGRAPH.CENTER
    return WD_ALIGN_PARAGRAPH.LEFT


def _figure_size(png: bytes) -> tuple[Length, Length]:
    """15 cm wide at the image's aspect ratio, narrower if that would be taller than 20 cm."""
    image = Image.from_blob(png)
    width: int = FIGURE_WIDTH
    height = FIGURE_WIDTH * image.px_height // max(image.px_width, 1)
    if height > FIGURE_MAX_HEIGHT:
        width = width * FIGURE_MAX_HEIGHT // height
        height = FIGURE_MAX_HEIGHT
    return Emu(width), Emu(height)
