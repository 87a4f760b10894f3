"""Charts of the Relazione as document ``Figure``s: SVG text, a high-DPI PNG, Italian alt text.

Draws with matplotlib's object API (``matplotlib.figure.Figure`` on the Agg/SVG canvases, never
``pyplot``), so no figure or state outlives a call; the same data always gives the same bytes.
No ORM, no Django.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final
from xml.sax.saxutils import escape

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import Formatter, MaxNLocator

from performa.reporting.document import Branding, Figure, Table
from performa.reporting.formatting import NO_BREAK_SPACE, format_number

__all__ = ["ChartData", "ChartKind", "Series", "alt_text_for", "chart_figure", "palette_for"]

PNG_DPI: Final = 200
"""Raster resolution for DOCX: 200 dpi keeps a 16 cm wide chart sharp in print."""

_SIZE_INCHES: Final = (6.4, 3.6)
_PIE_SIZE_INCHES: Final = (6.4, 3.4)
_FONT: Final = "DejaVu Sans"
_LABEL_WIDTH: Final = 16


class ChartKind(StrEnum):
    """The chart kinds a context table may ask for (``ContextTable.chart``)."""

    BAR = "bar"
    """Horizontal bars, one per category."""
    COLUMN = "column"
    """Vertical columns, one per category."""
    PIE = "pie"
    """Shares of a whole (the first series only)."""
    LINE = "line"
    """A series over time, categories in order on the x axis."""

    @property
    def label(self) -> str:
        """The Italian name used in alt text: "Grafico a torta"."""
        return _KIND_LABELS[self]


_KIND_LABELS: Final = {
    ChartKind.BAR: "Grafico a barre",
    ChartKind.COLUMN: "Grafico a colonne",
    ChartKind.PIE: "Grafico a torta",
    ChartKind.LINE: "Grafico a linee",
}


@dataclass(frozen=True, slots=True)
class Series:
    """One named series of values, aligned with ``ChartData.categories`` (``None``: no value)."""

    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True, slots=True)
class ChartData:
    """What a chart shows: category labels, one or more series, and their unit (``N.``, ``%``)."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""


def chart_figure(
    kind: ChartKind | str,
    data: ChartData,
    *,
    key: str,
    caption: str,
    branding: Branding | None = None,
    table: Table | None = None,
) -> Figure:
    """A ``Figure`` block drawing ``data`` as ``kind``, with SVG, PNG and alt text.

    Values are drawn as given (no rounding beyond their own decimals); labels and axes use
    Italian number formats ("1.234,5"). Colours come from ``branding``. ``table`` is attached
    as the data behind the chart. Raises ``ValueError`` for an unknown kind or empty data.
    """
    chart_kind = ChartKind(kind)
    if not data.categories or not data.series:
        raise ValueError(f"chart {key!r} has no data to draw")
    colours = palette_for(branding or Branding())
    with mpl.rc_context(
        {
            "svg.hashsalt": "performa",
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.sans-serif": [_FONT],
            "font.size": 9.0,
            "axes.titlesize": 9.0,
            "axes.labelsize": 9.0,
            "path.simplify": True,
        }
    ):
        figure = _draw(chart_kind, data, colours)
        alt_text = alt_text_for(chart_kind, data)
        svg = _svg_of(figure, alt_text)
        png = _png_of(figure)
    return Figure(
        key=key,
        caption=caption,
        svg=svg,
        alt_text=alt_text,
        table=table,
        png=png,
    )


def alt_text_for(kind: ChartKind | str, data: ChartData) -> str:
    """The chart stated in Italian words, every value included.

    Pie: "Grafico a torta: Donne 53 (64,6 %), Uomini 29 (35,4 %)". Other kinds list each
    series as "category value" pairs separated by semicolons, because values carry decimal
    commas: "Grafico a linee, Giudizio medio: 2021 7,9; 2022 8,0".
    """
    chart_kind = ChartKind(kind)
    if chart_kind is ChartKind.PIE:
        return f"{chart_kind.label}: {_pie_items(data)}"
    parts = []
    for series in data.series:
        decimals = _decimals_of(series.values)
        items = "; ".join(
            f"{category} {_value_text(value, decimals, data.unit)}"
            for category, value in zip(data.categories, series.values, strict=True)
        )
        parts.append(f"{series.name}: {items}" if series.name else items)
    separator = ", " if data.series[0].name else ": "
    return chart_kind.label + separator + ". ".join(parts)


def palette_for(branding: Branding) -> tuple[str, ...]:
    """Series colours: the primary colour, the neutral one, then their tints and shades.

    The status colours (good, warning, bad) are left out on purpose: in a chart of context
    data a green or red bar would read as a judgement.
    """
    primary, neutral = branding.primary_colour, branding.neutral_colour
    return (
        primary,
        neutral,
        _mix(primary, "#ffffff", Decimal("0.45")),
        _mix(neutral, "#ffffff", Decimal("0.45")),
        _mix(primary, "#000000", Decimal("0.35")),
        _mix(neutral, "#000000", Decimal("0.35")),
        _mix(primary, "#ffffff", Decimal("0.7")),
        _mix(neutral, "#ffffff", Decimal("0.7")),
    )


# -- drawing -------------------------------------------------------------------------------


def _draw(kind: ChartKind, data: ChartData, colours: tuple[str, ...]) -> MplFigure:
    size = _PIE_SIZE_INCHES if kind is ChartKind.PIE else _SIZE_INCHES
    figure = MplFigure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    if kind is ChartKind.PIE:
        _draw_pie(axes, data, colours)
    elif kind is ChartKind.LINE:
        _draw_line(axes, data, colours)
    else:
        _draw_bars(axes, data, colours, is_horizontal=kind is ChartKind.BAR)
    return figure


def _draw_pie(axes: Axes, data: ChartData, colours: tuple[str, ...]) -> None:
    series = data.series[0]
    pairs = [
        (category, value)
        for category, value in zip(data.categories, series.values, strict=True)
        if value is not None and value > 0
    ]
    total = sum((value for _, value in pairs), Decimal(0))
    decimals = _decimals_of(series.values)
    labels = [
        f"{_wrap(category)}\n{_value_text(value, decimals, data.unit)}"
        f" ({_share_text(value, total)})"
        for category, value in pairs
    ]
    wedges, _texts = axes.pie(
        [float(value) for _, value in pairs],
        labels=labels,
        colors=[colours[index % len(colours)] for index in range(len(pairs))],
        startangle=90,
        counterclock=False,
        wedgeprops={"linewidth": 1.0, "edgecolor": "white"},
        labeldistance=1.15,
    )
    for wedge in wedges:
        wedge.set_gid(None)
    axes.set_aspect("equal")


def _draw_bars(
    axes: Axes, data: ChartData, colours: tuple[str, ...], *, is_horizontal: bool
) -> None:
    count = len(data.series)
    width = 0.8 / count
    positions = list(range(len(data.categories)))
    for index, series in enumerate(data.series):
        offsets = [position - 0.4 + width * (index + 0.5) for position in positions]
        heights = [0.0 if value is None else float(value) for value in series.values]
        decimals = _decimals_of(series.values)
        draw = axes.barh if is_horizontal else axes.bar
        container = draw(
            offsets, heights, width * 0.92, color=colours[index % len(colours)], label=series.name
        )
        axes.bar_label(
            container,
            labels=[
                "" if value is None else _value_text(value, decimals, data.unit)
                for value in series.values
            ],
            padding=2,
            fontsize=8,
        )
    labels = [_wrap(category) for category in data.categories]
    value_axis = axes.xaxis if is_horizontal else axes.yaxis
    value_axis.set_major_formatter(_ItalianTicks())
    value_axis.set_major_locator(MaxNLocator(nbins=6, integer=_are_counts(data)))
    if is_horizontal:
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.margins(x=0.12)
    else:
        axes.set_xticks(positions, labels)
        axes.margins(y=0.12)
    _finish_axes(axes, data, is_horizontal=is_horizontal)


def _draw_line(axes: Axes, data: ChartData, colours: tuple[str, ...]) -> None:
    positions = list(range(len(data.categories)))
    for index, series in enumerate(data.series):
        points = [
            (position, value)
            for position, value in zip(positions, series.values, strict=True)
            if value is not None
        ]
        colour = colours[index % len(colours)]
        axes.plot(
            [position for position, _ in points],
            [float(value) for _, value in points],
            marker="o",
            color=colour,
            linewidth=2,
            label=series.name,
        )
        decimals = _decimals_of(series.values)
        for position, value in points:
            axes.annotate(
                _value_text(value, decimals, data.unit),
                (position, float(value)),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=8,
                color=colour,
            )
    axes.set_xticks(positions, [_wrap(category) for category in data.categories])
    axes.yaxis.set_major_formatter(_ItalianTicks())
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=_are_counts(data)))
    axes.margins(x=0.08, y=0.2)
    _finish_axes(axes, data)


def _finish_axes(axes: Axes, data: ChartData, *, is_horizontal: bool = False) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="x" if is_horizontal else "y", alpha=0.25, linewidth=0.6)
    axes.set_axisbelow(True)
    if len(data.series) > 1:
        axes.legend(frameon=False, fontsize=8)


def _svg_of(figure: MplFigure, alt_text: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    # Inline-ready: drop the XML prologue and doctype, and name the image for screen readers.
    svg = svg[svg.index("<svg") :]
    opening_end = svg.index(">") + 1
    title = f"<title>{escape(alt_text)}</title>"
    return f'{svg[: opening_end - 1]} role="img">{title}{svg[opening_end:]}'


def _png_of(figure: MplFigure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


# -- text ----------------------------------------------------------------------------------


def _pie_items(data: ChartData) -> str:
    series = data.series[0]
    valued = [value for value in series.values if value is not None and value > 0]
    total = sum(valued, Decimal(0))
    decimals = _decimals_of(series.values)
    return ", ".join(
        f"{category} {_value_text(value, decimals, data.unit)}"
        + (f" ({_share_text(value, total)})" if value > 0 else "")
        for category, value in zip(data.categories, series.values, strict=True)
        if value is not None
    )


def _share_text(value: Decimal, total: Decimal) -> str:
    share = value * 100 / total if total else Decimal(0)
    return f"{format_number(share, 1)}{NO_BREAK_SPACE}%"


def _value_text(value: Decimal | None, decimals: int, unit: str) -> str:
    """A value as the table shows it: its own decimals, a "%" or "€" sign when that is its unit."""
    if value is None:
        return "N/D"
    text = format_number(value, decimals)
    return f"{text}{NO_BREAK_SPACE}{unit}" if unit in ("%", "€") else text


def _are_counts(data: ChartData) -> bool:
    """Whether every value is whole (people, questionnaires): ticks then fall on integers,
    never "1,5 persone"."""
    return all(
        value is None or value == value.to_integral_value()
        for series in data.series
        for value in series.values
    )


def _decimals_of(values: Sequence[Decimal | None]) -> int:
    """The most decimals any value was given with (at most 2): 8 and 8.1 both show one."""
    most = 0
    for value in values:
        if value is None:
            continue
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            most = max(most, -exponent)
    return min(most, 2)


class _ItalianTicks(Formatter):
    """Axis ticks in Italian format, every tick of an axis with the same decimals (8,00 8,05)."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        numbers = [Decimal(str(round(float(value), 6))).normalize() for value in values]
        decimals = _decimals_of(numbers)
        return [format_number(number, decimals) for number in numbers]


def _wrap(label: str) -> str:
    return "\n".join(textwrap.wrap(label, _LABEL_WIDTH)) or label


def _mix(colour: str, other: str, amount: Decimal) -> str:
    """``colour`` moved ``amount`` (0–1) of the way towards ``other``; both ``#rrggbb``."""
    first, second = _rgb(colour), _rgb(other)
    channels = (round(a + (b - a) * float(amount)) for a, b in zip(first, second, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(character * 2 for character in text)
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
