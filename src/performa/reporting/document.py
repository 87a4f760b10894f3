"""The Relazione sulla performance as a document: sections of paragraphs, tables and figures.

``compose`` builds one ``Report`` whose cells already hold their Italian display text (and the
raw value, for spreadsheets); every renderer (HTML, PDF, DOCX, XLSX) reads that one structure,
so a figure cannot differ between two sections or two formats. No Django, no file formats here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

__all__ = [
    "Align",
    "Block",
    "Branding",
    "BulletList",
    "Cell",
    "Column",
    "Cover",
    "Dataset",
    "Figure",
    "KeyFigure",
    "KeyFigures",
    "Legend",
    "LegendItem",
    "Paragraph",
    "ParagraphStyle",
    "PlanVersionRef",
    "RenderedFile",
    "Renderer",
    "Report",
    "Row",
    "RowKind",
    "Section",
    "StatusBadge",
    "Table",
    "Tone",
]


class Tone(StrEnum):
    """The three colours of the report's legend, plus neutral for "da valutare"."""

    GOOD = "good"
    """RAGGIUNTO / IN LINEA (green)."""
    WARNING = "warning"
    """PARZIALMENTE / CRITICO (amber)."""
    BAD = "bad"
    """NON RAGGIUNTO / FUORI TARGET (red)."""
    NEUTRAL = "neutral"
    """DA VALUTARE (grey)."""


@dataclass(frozen=True, slots=True)
class StatusBadge:
    """A status shown as colour plus text plus symbol, never colour alone."""

    text: str
    tone: Tone
    symbol: str


class Align(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: display text (already formatted), and the raw value for spreadsheets.

    ``value`` is a percentage as a 0–100 ``Decimal`` when ``Column.kind`` is ``percent``.
    """

    text: str
    value: Decimal | date | str | None = None
    status: StatusBadge | None = None
    colspan: int = 1
    is_emphasised: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header label, alignment, relative width, and the kind of its values.

    ``kind`` is one of ``text``, ``number``, ``percent``, ``date``, ``status``.
    """

    label: str
    align: Align = Align.LEFT
    width: int = 1
    kind: str = "text"


class RowKind(StrEnum):
    BODY = "body"
    GROUP = "group"
    """A sub-heading row inside a table (its first cell spans the table)."""
    TOTAL = "total"
    """A summary row (an objective's score under its indicators)."""


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    kind: RowKind = RowKind.BODY


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a caption, header, rows, and a source note ("Elaborazioni su dati ISTAT")."""

    key: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    source: str = ""
    notes: tuple[str, ...] = ()


class ParagraphStyle(StrEnum):
    NORMAL = "normal"
    LEAD = "lead"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Plain text (no markup); renderers escape it."""

    text: str
    style: ParagraphStyle = ParagraphStyle.NORMAL


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart as a vector image (SVG text), its text alternative, and the data behind it.

    ``png`` is a high-resolution raster copy for formats that cannot embed SVG (DOCX).
    """

    key: str
    caption: str
    svg: str
    alt_text: str
    table: Table | None = None
    png: bytes = b""


@dataclass(frozen=True, slots=True)
class LegendItem:
    badge: StatusBadge
    description: str


@dataclass(frozen=True, slots=True)
class Legend:
    """The colour legend: what each status means (e.g. "Raggiungimento dell'obiettivo (≥ 80 %)")."""

    title: str
    items: tuple[LegendItem, ...]


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A headline number: "Performance di ente 96,41 %", with its status."""

    label: str
    value: str
    status: StatusBadge | None = None
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class KeyFigures:
    items: tuple[KeyFigure, ...]


Block = Paragraph | BulletList | Table | Figure | Legend | KeyFigures


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section ("3.1") with its blocks and subsections; ``key`` is a stable anchor."""

    key: str
    number: str
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number} – {self.title}" if self.number else self.title

    def walk(self) -> Iterator[Section]:
        yield self
        for subsection in self.subsections:
            yield from subsection.walk()


@dataclass(frozen=True, slots=True)
class Branding:
    """What an administration may change without touching code: colours, logo, fixed texts."""

    primary_colour: str = "#0066cc"
    good_colour: str = "#008055"
    warning_colour: str = "#a66300"
    bad_colour: str = "#cc334d"
    neutral_colour: str = "#5c6f82"
    logo_svg: str = ""
    footer_text: str = ""


@dataclass(frozen=True, slots=True)
class PlanVersionRef:
    """The version of the plan a Relazione accounts for: 1 is the adopted plan, each later
    number a revision (variazione), with the act that approved it. ``open_revision`` is the
    number of a revision still in progress when the report was made (its edits are live)."""

    number: int
    act_reference: str
    act_on: date
    open_revision: int | None = None


@dataclass(frozen=True, slots=True)
class Cover:
    """The cover; ``plan_version`` is the line naming the plan version accounted for (empty
    when no version is recorded)."""

    administration_name: str
    title: str
    year: int
    approval_act: str = ""
    subtitle: str = ""
    plan_version: str = ""


@dataclass(frozen=True, slots=True)
class Dataset:
    """Tabular data for analysts (one XLSX sheet): raw values with their statuses.

    ``rows`` hold ``Cell``s aligned with ``columns``; ``level`` names the tree level it lists.
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    level: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """The whole Relazione, ready to render."""

    cover: Cover
    sections: tuple[Section, ...]
    branding: Branding = field(default_factory=Branding)
    datasets: tuple[Dataset, ...] = ()
    language: str = "it"
    generated_at: datetime | None = None
    keywords: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.cover.title} – {self.cover.administration_name}"

    def walk_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()


@dataclass(frozen=True, slots=True)
class RenderedFile:
    """A rendered report: file name, media type, bytes."""

    name: str
    media_type: str
    content: bytes


class Renderer(Protocol):
    """One output format. Renderers are registered by ``format_name`` in ``renderers``."""

    format_name: str
    media_type: str
    extension: str

    def render(self, report: Report) -> RenderedFile: ...
