"""Charts: valid SVG and PNG, Italian alt text stating the data, deterministic output."""

from __future__ import annotations

import re
import sys
import time
import xml.etree.ElementTree as ElementTree
from decimal import Decimal

import matplotlib
import pytest

from performa.reporting.charts import ChartData, ChartKind, Series, alt_text_for, chart_figure
from performa.reporting.document import Branding

GENDER = ChartData(("Donne", "Uomini"), (Series("Unità", (Decimal(53), Decimal(29))),), "N.")
HISTORY = ChartData(
    ("2021", "2022", "2023", "2024"),
    (
        Series(
            "Giudizio medio",
            (Decimal("7.9"), Decimal("8.0"), Decimal("8.1"), Decimal("8.2")),
        ),
    ),
    "voto (1-10)",
)
STAFF = ChartData(
    ("Segretario Generale", "Dirigenti", "Area Funzionari EQ", "Area Istruttori"),
    (Series("Totale", (Decimal(1), Decimal(2), Decimal(25), Decimal(40))),),
    "N.",
)
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize("kind", list(ChartKind))
def test_every_kind_gives_parsable_svg_and_a_png(kind: ChartKind) -> None:
    figure = chart_figure(kind, STAFF, key="grafico", caption="Personale")
    root = ElementTree.fromstring(figure.svg)
    assert root.tag == f"{SVG_NAMESPACE}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG_NAMESPACE}title")
    assert title is not None
    assert title.text == figure.alt_text
    assert figure.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert figure.key == "grafico"
    assert figure.caption == "Personale"


def test_pie_alt_text_states_values_and_shares() -> None:
    assert _plain(alt_text_for("pie", GENDER)) == (
        "Grafico a torta: Donne 53 (64,6 %), Uomini 29 (35,4 %)"
    )


def test_line_alt_text_keeps_each_value_with_its_decimals() -> None:
    assert alt_text_for(ChartKind.LINE, HISTORY) == (
        "Grafico a linee, Giudizio medio: 2021 7,9; 2022 8,0; 2023 8,1; 2024 8,2"
    )


def test_bar_and_column_alt_text_list_every_category() -> None:
    expected = (
        "Totale: Segretario Generale 1; Dirigenti 2; Area Funzionari EQ 25; Area Istruttori 40"
    )
    assert alt_text_for("column", STAFF) == f"Grafico a colonne, {expected}"
    assert alt_text_for("bar", STAFF) == f"Grafico a barre, {expected}"


def test_several_series_are_named_in_the_alt_text() -> None:
    data = ChartData(
        ("2023", "2024"),
        (
            Series("Pistoia", (Decimal("-4.2"), Decimal("-3.5"))),
            Series("Prato", (Decimal("-2.4"), Decimal("0.6"))),
        ),
        "%",
    )
    assert _plain(alt_text_for("line", data)) == (
        "Grafico a linee, Pistoia: 2023 -4,2 %; 2024 -3,5 %. Prato: 2023 -2,4 %; 2024 0,6 %"
    )


def test_labels_use_italian_decimal_commas() -> None:
    svg = chart_figure("line", HISTORY, key="storia", caption="Giudizio").svg
    assert ">7,9<" in svg.replace(" ", "") or "7,9" in svg
    assert "7.9" not in svg


def test_charts_use_the_branding_colours() -> None:
    branding = Branding(primary_colour="#123456", neutral_colour="#654321")
    svg = chart_figure("pie", GENDER, key="genere", caption="Genere", branding=branding).svg
    assert "#123456" in svg
    assert "#654321" in svg


def test_the_same_data_gives_the_same_bytes() -> None:
    first = chart_figure("column", STAFF, key="k", caption="c")
    second = chart_figure("column", STAFF, key="k", caption="c")
    assert first == second


def test_a_chart_is_drawn_quickly() -> None:
    chart_figure("bar", STAFF, key="warm-up", caption="c")
    started = time.perf_counter()
    chart_figure("bar", STAFF, key="k", caption="c")
    assert time.perf_counter() - started < 1.0  # about 0.1 s; generous for slow CI machines


def test_unknown_kinds_and_empty_data_are_refused() -> None:
    with pytest.raises(ValueError, match="radar"):
        chart_figure("radar", STAFF, key="k", caption="c")
    with pytest.raises(ValueError, match="no data"):
        chart_figure("pie", ChartData((), ()), key="k", caption="c")


def test_drawing_leaves_no_global_matplotlib_state() -> None:
    before = dict(matplotlib.rcParams)
    chart_figure("pie", GENDER, key="k", caption="c")
    assert dict(matplotlib.rcParams) == before
    assert plt_figures() == 0


def plt_figures() -> int:
    """Open pyplot figures, without importing pyplot when nobody else did."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    return 0 if pyplot is None else len(pyplot.get_fignums())


@pytest.mark.parametrize("kind", [ChartKind.COLUMN, ChartKind.BAR, ChartKind.LINE])
def test_counts_tick_on_whole_numbers_and_decimals_keep_their_ticks(kind: ChartKind) -> None:
    counts = ChartData(("Eccellente", "Buono"), (Series("Schede", (Decimal(2), Decimal(0))),), "N.")
    ticks = _plain(chart_figure(kind, counts, key="k", caption="c").svg)
    assert ">1<" in ticks
    assert re.search(r">\d+,\d+<", ticks) is None  # no tick between two people
    marks = _plain(chart_figure(kind, HISTORY, key="k", caption="c").svg)
    assert ">8,00<" in marks or ">8,0<" in marks  # a mean mark keeps its decimals
