"""The Relazione as one self-contained, accessible HTML page (WCAG 2.1 AA), from Django templates.

Django's template engine runs standalone (no settings needed), so an administration can override
``reporting/*.html`` and ``*.css`` with its own folder; the PDF renderer prints this same page.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
    RenderedFile,
    Report,
    Row,
    RowKind,
    Section,
    StatusBadge,
    Table,
)
from performa.reporting.formatting import format_date

__all__ = [
    "TEMPLATE_DIR",
    "HtmlRenderer",
    "Palette",
    "column_widths",
    "contrast_ratio",
    "file_name_for",
    "inline_svg",
    "palette_for",
    "readable_colour",
]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
"""The default template folder; ``reporting/report.html`` is the page."""

PAGE_TEMPLATE = "reporting/report.html"
MINIMUM_CONTRAST = 4.5
"""WCAG 2.1 AA (1.4.3) for normal-size text."""
WHITE = "#ffffff"
TOC_MAX_DEPTH = 3
WIDE_TABLE_COLUMNS = 4
"""Tables with more columns keep a minimum width on phones and scroll sideways instead."""
SHORT_TABLE_ROWS = 12
"""Tables up to this many rows are kept on one PDF page when they fit."""

# Column widths are worked out here rather than by the browser's (or WeasyPrint's) automatic
# table layout: a fixed layout makes the demo's PDF about 15 % faster, and these estimates keep a
# badge or a number from being squeezed. The unit is the em of the PDF's 8 pt condensed table font.
TABLE_WIDTH_EM = 60.0
"""An A4 page's text width (174 mm) in table-font ems."""
CHARACTER_EM = 0.56
"""DejaVu Sans Condensed's average advance (digits 0.54, letters about 0.5–0.6)."""
BOLD_CHARACTER_EM = 0.64
CELL_PADDING_EM = 1.3
"""The cell's padding on both sides, and some air between two columns of figures."""
BADGE_EXTRA_EM = 1.9
"""The symbol, its space and the badge's own padding."""
LONGEST_WORD_EM = 8.0
"""A longer word (a URL, a long code) is broken rather than widening its column further."""

_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


# --- Colours --------------------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(255.0, channel))):02x}" for channel in rgb)


def _relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    lighter, darker = sorted(
        (_relative_luminance(foreground), _relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def _mix(colour: str, other: str, weight: float) -> str:
    """``colour`` moved ``weight`` (0–1) of the way towards ``other``."""
    return _hex([a + (b - a) * weight for a, b in zip(_rgb(colour), _rgb(other), strict=True)])


def readable_colour(
    colour: str, backgrounds: Iterable[str] = (WHITE,), minimum: float = MINIMUM_CONTRAST
) -> str:
    """``colour``, darkened just enough to reach ``minimum`` contrast against every background.

    Used both ways round: as text on a white page and as the background of white badge text.
    """
    backgrounds = tuple(backgrounds)
    candidate = _hex(_rgb(colour))
    for step in range(1, 21):
        if all(contrast_ratio(candidate, background) >= minimum for background in backgrounds):
            return candidate
        candidate = _mix(colour, "#000000", step / 20)
    return candidate


@dataclass(frozen=True, slots=True)
class Palette:
    """The page's colours: the branding's, made readable (≥ 4.5:1) where they carry text."""

    primary: str
    primary_tint: str
    good: str
    warning: str
    bad: str
    neutral: str


def _valid_colour(colour: str, fallback: str) -> str:
    # A branding colour is written into the stylesheet, so only a plain hex colour gets there.
    return colour if _HEX_COLOUR.match(colour) else fallback


def palette_for(branding: Branding) -> Palette:
    """The colours of ``branding`` as used on the page, each passing WCAG AA with white.

    Tone colours are badge backgrounds under white text; the primary colour is both heading text
    on white and the background of white table-header text, so one check covers both.
    """
    defaults = Branding()
    primary = readable_colour(_valid_colour(branding.primary_colour, defaults.primary_colour))
    return Palette(
        primary=primary,
        primary_tint=_mix(primary, WHITE, 0.9),
        good=readable_colour(_valid_colour(branding.good_colour, defaults.good_colour)),
        warning=readable_colour(_valid_colour(branding.warning_colour, defaults.warning_colour)),
        bad=readable_colour(_valid_colour(branding.bad_colour, defaults.bad_colour)),
        neutral=readable_colour(_valid_colour(branding.neutral_colour, defaults.neutral_colour)),
    )


# --- Table column widths ---------------------------------------------------------------------------


def _is_numeric(column: Column) -> bool:
    return column.kind in ("number", "percent")


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _width_range_em(column: Column, cells: Iterable[Cell]) -> tuple[float, float]:
    """The narrowest and widest the column needs to be, in table-font ems.

    Narrowest: no badge, number or word broken (a right-aligned text column holds values, such as
    "Entro 28/02/2024", which read badly broken, so its whole text counts); widest: every cell on
    one line. Header labels may wrap between words.
    """
    label = _longest_word(column.label) * BOLD_CHARACTER_EM
    narrowest, widest = label, label
    for cell in cells:
        whole = len(cell.text) * CHARACTER_EM
        if cell.status is not None:
            whole = len(cell.status.text) * BOLD_CHARACTER_EM + BADGE_EXTRA_EM
            narrowest = max(narrowest, whole)
        elif _is_numeric(column):
            narrowest = max(narrowest, whole)
        elif column.align is Align.RIGHT:
            narrowest = max(narrowest, min(whole, LONGEST_WORD_EM))
        else:
            narrowest = max(
                narrowest, min(_longest_word(cell.text) * CHARACTER_EM, LONGEST_WORD_EM)
            )
        widest = max(widest, whole)
    return narrowest + CELL_PADDING_EM, max(narrowest, widest) + CELL_PADDING_EM


def column_widths(table: Table) -> list[float]:
    """Each column's share of the table width, in percent: a simple automatic table layout.

    Every column starts at its narrowest and grows towards the share its relative
    ``Column.width`` asks for (never past its widest); what is left goes, by the same weights,
    to the columns that can still use it, and then to the text columns. If even the narrowest
    widths do not fit, they are scaled down together and long words wrap.
    """
    columns = table.columns
    cells_by_column: list[list[Cell]] = [[] for _ in columns]
    for row in table.rows:
        position = 0
        for cell in row.cells:
            if cell.colspan == 1 and position < len(columns):
                cells_by_column[position].append(cell)
            position += cell.colspan
    ranges = [
        _width_range_em(column, cells)
        for column, cells in zip(columns, cells_by_column, strict=True)
    ]
    weights = [float(max(column.width, 1)) for column in columns]
    widths = [narrowest for narrowest, _ in ranges]
    remaining = TABLE_WIDTH_EM - sum(widths)
    if remaining > 0:
        targets = [
            min(max(TABLE_WIDTH_EM * weight / sum(weights), narrowest), widest)
            for weight, (narrowest, widest) in zip(weights, ranges, strict=True)
        ]
        deficits = [target - width for target, width in zip(targets, widths, strict=True)]
        scale = min(1.0, remaining / sum(deficits)) if sum(deficits) > 0 else 0.0
        widths = [width + deficit * scale for width, deficit in zip(widths, deficits, strict=True)]
        remaining -= sum(deficits) * scale
        _share_out(widths, [widest for _, widest in ranges], weights, remaining, columns)
    return [100 * width / sum(widths) for width in widths]


def _share_out(
    widths: list[float],
    widest: Sequence[float],
    weights: Sequence[float],
    remaining: float,
    columns: Sequence[Column],
) -> None:
    """Hands ``remaining`` out by weight to the columns below their widest, then to text ones."""
    growing = [index for index, width in enumerate(widths) if widest[index] - width > 0.01]
    while remaining > 0.01 and growing:
        total_weight = sum(weights[index] for index in growing)
        granted = 0.0
        for index in growing:
            grant = min(remaining * weights[index] / total_weight, widest[index] - widths[index])
            widths[index] += grant
            granted += grant
        remaining -= granted
        growing = [index for index in growing if widest[index] - widths[index] > 0.01]
    if remaining > 0.01:
        takers = [index for index, column in enumerate(columns) if not _is_numeric(column)]
        takers = takers or list(range(len(columns)))
        total_weight = sum(weights[index] for index in takers)
        for index in takers:
            widths[index] += remaining * weights[index] / total_weight


# --- Small helpers ---------------------------------------------------------------------------------


def file_name_for(report: Report, extension: str) -> str:
    """``relazione-sulla-performance-2024.html``: the cover title as an ASCII slug."""
    ascii_title = (
        unicodedata.normalize("NFKD", report.cover.title).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "relazione"
    return f"{slug}.{extension}"


def css_string(text: str) -> SafeString:
    """``text`` as a quoted CSS string, every non-alphanumeric character hex-escaped.

    Inside ``<style>`` HTML escaping does not apply, so this is what keeps a title containing
    quotes or ``</style>`` from breaking out of the stylesheet.
    """
    escaped = "".join(
        character
        if character.isalnum() and character.isascii() or character == " "
        else f"\\{ord(character):x} "
        for character in text
    )
    return mark_safe(f'"{escaped}"')  # every special character is escaped above


_XML_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_DROPPED_ELEMENTS = re.compile(
    r"<(script|metadata|foreignObject)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
_EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_ID_ATTRIBUTE = re.compile(r"(\s)id=\"([^\"]*)\"")
_URL_REFERENCE = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
_HREF_REFERENCE = re.compile(r"((?:xlink:)?href)=\"#([^\"]*)\"")
_SVG_OPENING = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)


def inline_svg(svg: str, id_prefix: str, title: str) -> SafeString:
    """A chart's SVG ready to sit inside the page.

    Drops the XML prolog, metadata and scripts; prefixes every ``id`` (and its references) with
    ``id_prefix`` so two charts never share one (matplotlib numbers ids from 1 in every file); adds
    a ``<title>``, which the PDF keeps as the figure's alternative text.
    """
    svg = _XML_PROLOG.sub("", svg)
    svg = _DROPPED_ELEMENTS.sub("", svg)
    svg = _EVENT_ATTRIBUTE.sub("", svg)
    svg = _ID_ATTRIBUTE.sub(lambda match: f'{match[1]}id="{id_prefix}-{match[2]}"', svg)
    svg = _URL_REFERENCE.sub(lambda match: f"url(#{id_prefix}-{match[1]})", svg)
    svg = _HREF_REFERENCE.sub(lambda match: f'{match[1]}="#{id_prefix}-{match[2]}"', svg)
    opening = _SVG_OPENING.search(svg)
    if opening is None or opening.group(0).endswith("/>"):
        return mark_safe(svg.strip())
    tag = opening.group(0)
    if "xmlns=" not in tag:
        # Needed when the chart is also used as a standalone image (the PDF's data: URI).
        tag = tag.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    before, after = svg[: opening.start()], svg[opening.end() :]
    return mark_safe(f"{before}{tag}<title>{escape(title)}</title>{after}".strip())


class _Ids:
    """Unique element ids: a key keeps its own name unless taken, then gets ``-2``, ``-3``…"""

    def __init__(self, reserved: Iterable[str]) -> None:
        self._taken = set(reserved)

    def unique(self, base: str) -> str:
        base = re.sub(r"\s+", "-", base.strip()) or "elemento"
        candidate, counter = base, 1
        while candidate in self._taken:
            counter += 1
            candidate = f"{base}-{counter}"
        self._taken.add(candidate)
        return candidate


# --- What the templates read: plain strings only (Django's number formatting needs settings) ---


@dataclass(frozen=True, slots=True)
class CellView:
    tag: str
    """``th`` for row headers (first text column, group and total labels), else ``td``."""
    scope: str
    colspan: str
    css_class: str
    text: str
    badge: StatusBadge | None


@dataclass(frozen=True, slots=True)
class RowView:
    css_class: str
    cells: tuple[CellView, ...]


@dataclass(frozen=True, slots=True)
class ColumnView:
    label: str
    css_class: str
    width: str

    @property
    def tag(self) -> str:
        """``th``, or ``td`` for an unlabelled column (a blank corner cell heads nothing)."""
        return "th" if self.label.strip() else "td"


@dataclass(frozen=True, slots=True)
class TableView:
    id: str
    caption: str
    columns: tuple[ColumnView, ...]
    row_groups: tuple[tuple[RowView, ...], ...]
    """One ``tbody`` per group: a group row and the rows under it."""
    source: str
    notes: tuple[str, ...]
    css_class: str


@dataclass(frozen=True, slots=True)
class TableLink:
    """Where a chart's data already stand as a table of their own."""

    id: str
    caption: str


@dataclass(frozen=True, slots=True)
class FigureView:
    id: str
    caption: str
    svg: SafeString
    alt_text: str
    table: TableView | None
    """The data, shown with the chart, unless the report has them as a table elsewhere…"""
    table_link: TableLink | None
    """…in which case the chart links to it instead of repeating it."""

    @property
    def image_uri(self) -> str:
        """The chart as a ``data:`` URI for the PDF, where an ``<img>`` is tagged as a Figure
        with its ``alt`` text and is drawn without the page's CSS cascading into it."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode()


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: str
    """``paragraph``, ``list``, ``table``, ``figure``, ``legend`` or ``key_figures``."""
    content: Any


@dataclass(frozen=True, slots=True)
class SectionView:
    id: str
    heading: str
    heading_tag: str
    css_class: str
    blocks: tuple[BlockView, ...]
    subsections: tuple[SectionView, ...]


@dataclass(frozen=True, slots=True)
class TocEntry:
    id: str
    number: str
    title: str
    children: tuple[TocEntry, ...]


@dataclass(frozen=True, slots=True)
class CoverView:
    administration_name: str
    title: str
    subtitle: str
    approval_act: str
    generated_on: str
    logo: SafeString
    plan_version: str = ""


def _cell_class(column: Column, cell: Cell) -> str:
    classes: list[str] = []
    if _is_numeric(column) and cell.colspan == 1:
        classes.extend(("num", "nowrap"))
    elif _is_numeric(column) or column.align is Align.RIGHT:
        classes.append("num")
    elif column.align is Align.CENTER:
        classes.append("center")
    if cell.status is not None:
        classes.append("status")
    if cell.is_emphasised:
        classes.append("strong")
    return " ".join(classes)


def _cell_role(
    row: Row, index: int, position: int, row_header_index: int | None
) -> tuple[str, str]:
    """The cell's tag and scope: group labels head their ``tbody``, total labels their row."""
    if row.kind is RowKind.GROUP and index == 0:
        return "th", "rowgroup"
    if row.kind is RowKind.TOTAL and index == 0:
        return "th", "row"
    if row.kind is RowKind.BODY and position == row_header_index:
        return "th", "row"
    return "td", ""


def _row_view(row: Row, columns: tuple[Column, ...], row_header_index: int | None) -> RowView:
    cells = []
    position = 0
    for index, cell in enumerate(row.cells):
        column = columns[min(position, len(columns) - 1)]
        colspan = cell.colspan
        if row.kind is RowKind.GROUP and len(row.cells) == 1 and colspan == 1:
            colspan = len(columns)
        tag, scope = _cell_role(row, index, position, row_header_index)
        if not cell.text.strip():
            # An empty header cell heads nothing (a name left blank under its first mention).
            tag, scope = "td", ""
        cells.append(
            CellView(
                tag=tag,
                scope=scope,
                colspan=str(colspan) if colspan > 1 else "",
                css_class=_cell_class(column, cell),
                text=cell.text,
                badge=cell.status,
            )
        )
        position += colspan
    return RowView(css_class=row.kind.value, cells=tuple(cells))


def _heading_tag(depth: int) -> str:
    # h1 is the report's title on the cover; chapters are h2, their subsections h3, and so on.
    return f"h{min(depth + 1, 6)}"


def _w3c_datetime(moment: datetime | None) -> str:
    """The creation date for the PDF metadata; a naive datetime gives only its day."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


RESERVED_IDS = ("contenuto", "copertina", "indice", "indice-titolo")
"""Ids the page template uses itself."""


class _PageBuilder:
    """Turns a ``Report`` into the views the templates read, giving every element a unique id.

    Section ids are the section keys, handed out first so no table or figure can take one; the
    report's own tables get theirs next, so a chart shown before its table can link to it.
    """

    def __init__(self, report: Report) -> None:
        self.ids = _Ids(RESERVED_IDS)
        self.section_ids = {
            id(section): self.ids.unique(section.key) for section in report.walk_sections()
        }
        self.table_ids: dict[int, str] = {}
        self.tables_by_key: dict[str, TableLink] = {}
        for section in report.walk_sections():
            for block in section.blocks:
                if isinstance(block, Table):
                    table_id = self.ids.unique(f"tabella-{block.key}")
                    self.table_ids[id(block)] = table_id
                    self.tables_by_key.setdefault(block.key, TableLink(table_id, block.caption))

    def table(self, table: Table) -> TableView:
        """The table with its rows grouped (a ``tbody`` per group row) and its row headers.

        The row headers are the first text column (the code or the name that says what a row
        is); a table of numbers only has none.
        """
        columns = table.columns
        row_header_index = next(
            (index for index, column in enumerate(columns) if column.kind == "text"), None
        )
        groups: list[list[RowView]] = []
        for row in table.rows:
            if row.kind is RowKind.GROUP or not groups:
                groups.append([])
            groups[-1].append(_row_view(row, columns, row_header_index))
        classes: list[str] = []
        if len(columns) > WIDE_TABLE_COLUMNS:
            classes.append("is-wide")
        if len(table.rows) <= SHORT_TABLE_ROWS:
            classes.append("is-short")
        table_id = self.table_ids.get(id(table)) or self.ids.unique(f"tabella-{table.key}")
        return TableView(
            id=table_id,
            caption=table.caption,
            columns=tuple(
                ColumnView(
                    label=column.label,
                    css_class="num"
                    if column.align is Align.RIGHT or _is_numeric(column)
                    else ("center" if column.align is Align.CENTER else ""),
                    width=f"{width:.1f}%",
                )
                for column, width in zip(columns, column_widths(table), strict=True)
            ),
            row_groups=tuple(tuple(group) for group in groups),
            source=table.source,
            notes=table.notes,
            css_class=" ".join(classes),
        )

    def figure(self, figure: Figure) -> FigureView:
        figure_id = self.ids.unique(f"figura-{figure.key}")
        table_link = self.tables_by_key.get(figure.table.key) if figure.table else None
        return FigureView(
            id=figure_id,
            caption=figure.caption,
            svg=inline_svg(figure.svg, figure_id, figure.alt_text)
            if figure.svg.strip()
            else mark_safe(""),
            alt_text=figure.alt_text or figure.caption,
            table=self.table(figure.table) if figure.table and not table_link else None,
            table_link=table_link,
        )

    def block(self, block: Block) -> BlockView:
        match block:
            case Paragraph():
                return BlockView("paragraph", block)
            case BulletList():
                return BlockView("list", block)
            case Table():
                return BlockView("table", self.table(block))
            case Figure():
                return BlockView("figure", self.figure(block))
            case Legend():
                return BlockView("legend", block)
            case KeyFigures():
                return BlockView("key_figures", block)
        raise TypeError(f"unknown report block {type(block).__name__}")

    def sections(self, sections: Sequence[Section], depth: int = 1) -> tuple[SectionView, ...]:
        return tuple(
            SectionView(
                id=self.section_ids[id(section)],
                heading=section.heading,
                heading_tag=_heading_tag(depth),
                css_class=f"section section--depth-{depth}",
                blocks=tuple(self.block(block) for block in section.blocks),
                subsections=self.sections(section.subsections, depth + 1),
            )
            for section in sections
        )

    def toc(self, sections: Sequence[Section], depth: int = 1) -> tuple[TocEntry, ...]:
        return tuple(
            TocEntry(
                id=self.section_ids[id(section)],
                number=section.number,
                title=section.title,
                children=self.toc(section.subsections, depth + 1) if depth < TOC_MAX_DEPTH else (),
            )
            for section in sections
        )


def page_context(report: Report, *, paged: bool) -> dict[str, Any]:
    """Everything ``reporting/report.html`` reads, as strings (and tuples of views).

    ``paged`` adds the PDF's paged-media stylesheet (page size, running header, page numbers).
    """
    builder = _PageBuilder(report)
    cover = report.cover
    keywords = report.keywords or ("Relazione sulla performance", str(cover.year))
    subject = f"Rendicontazione dei risultati dell'anno {cover.year} – {cover.administration_name}"
    if cover.approval_act:
        subject = f"{subject}. {cover.approval_act}"
    logo = report.branding.logo_svg
    return {
        "lang": report.language,
        "title": report.title,
        "author": cover.administration_name,
        "description": subject,
        "keywords": ", ".join(keywords),
        "created": _w3c_datetime(report.generated_at),
        "cover": CoverView(
            administration_name=cover.administration_name,
            title=cover.title,
            subtitle=cover.subtitle,
            approval_act=cover.approval_act,
            generated_on=format_date(report.generated_at.date()) if report.generated_at else "",
            logo=inline_svg(logo, "logo", f"Logo – {cover.administration_name}")
            if logo.strip()
            else mark_safe(""),
            plan_version=cover.plan_version,
        ),
        "toc": builder.toc(report.sections),
        "sections": builder.sections(report.sections),
        "footer_text": report.branding.footer_text,
        "palette": palette_for(report.branding),
        "paged": paged,
        "running_title": css_string(report.title),
        "running_footer": css_string(report.branding.footer_text or cover.administration_name),
    }


@lru_cache(maxsize=8)
def _engine(template_dirs: tuple[str, ...]) -> Engine:
    # Standalone engine: no settings, no app loading; its cached loader parses each file once.
    return Engine(dirs=[*template_dirs, str(TEMPLATE_DIR)], autoescape=True)


class HtmlRenderer:
    """The Relazione as one self-contained HTML page: embedded CSS, inline SVG charts, no scripts.

    ``template_dirs`` are searched before the shipped templates, so an administration can
    replace ``reporting/report.html``, any ``reporting/_*.html`` part or ``reporting/report.css``.
    """

    format_name = "html"
    media_type = "text/html"
    extension = "html"

    def __init__(self, template_dirs: Iterable[str | Path] = ()) -> None:
        self.template_dirs = tuple(str(Path(directory)) for directory in template_dirs)

    def page(self, report: Report, *, paged: bool = False) -> str:
        """The page's HTML source; ``paged`` adds the print stylesheet the PDF renderer uses."""
        template = _engine(self.template_dirs).get_template(PAGE_TEMPLATE)
        page: str = template.render(Context(page_context(report, paged=paged)))
        return page

    def render(self, report: Report) -> RenderedFile:
        """``report`` as a UTF-8 HTML file."""
        return RenderedFile(
            name=file_name_for(report, self.extension),
            media_type=self.media_type,
            content=self.page(report).encode("utf-8"),
        )
