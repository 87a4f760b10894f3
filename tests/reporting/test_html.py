"""The HTML renderer: one self-contained, accessible page, read back with ``html.parser`` and axe."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from pytest_playwright_axe import Axe

from performa.reporting.document import (
    Branding,
    Cover,
    Figure,
    Report,
    Section,
    Table,
)
from performa.reporting.renderers import renderer_for
from performa.reporting.renderers.html import (
    HtmlRenderer,
    contrast_ratio,
    css_string,
    inline_svg,
    palette_for,
)

WCAG21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""The AgID target today (EN 301 549 v3.2.1); STACK §3.4."""
WCAG22AA_AND_BEST_PRACTICE = [*WCAG21AA, "wcag22a", "wcag22aa", "best-practice"]
"""The coming target and axe's best practices, held to on the sample."""
SEVERE = {"serious", "critical"}
VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
ROOT = Path(__file__).resolve().parents[2]


# --- A small DOM over html.parser -------------------------------------------------------------------


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def text(self) -> str:
        """The text of the node and its descendants, whitespace collapsed."""
        parts: list[str] = []

        def collect(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    collect(child)

        collect(self)
        return " ".join("".join(parts).split())

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        return [
            node
            for node in self.iter(tag)
            if all(
                node.attrs.get(name.rstrip("_").replace("_", "-")) == value
                for name, value in attrs.items()
            )
        ]

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class TreeBuilder(HTMLParser):
    """Builds a ``Node`` tree, failing on any element closed out of order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID_ELEMENTS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(source: str) -> Node:
    builder = TreeBuilder()
    builder.feed(source)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements: " + ", ".join(
        n.tag for n in builder.stack[1:]
    )
    return builder.root


def all_tables(report: Report) -> Iterator[Table]:
    for section in report.walk_sections():
        for block in section.blocks:
            if isinstance(block, Table):
                yield block
            elif isinstance(block, Figure) and block.table is not None:
                yield block.table


def section_depths(sections: tuple[Section, ...], depth: int = 1) -> Iterator[tuple[Section, int]]:
    for section in sections:
        yield section, depth
        yield from section_depths(section.subsections, depth + 1)


@pytest.fixture(scope="module")
def source(sample: Report) -> str:
    return HtmlRenderer().render(sample).content.decode("utf-8")


@pytest.fixture(scope="module")
def dom(source: str) -> Node:
    return parse(source)


def table_by_caption(dom: Node, caption: str) -> Node:
    for table in dom.iter("table"):
        if table.find("caption").text == caption:
            return table
    raise AssertionError(f"no table captioned {caption!r}")


# --- The page ----------------------------------------------------------------------------------------


def test_registry_gives_the_html_renderer(sample: Report) -> None:
    rendered = renderer_for("html").render(sample)

    assert rendered.name == "relazione-sulla-performance-2024.html"
    assert rendered.media_type == "text/html"
    assert rendered.content.startswith(b"<!DOCTYPE html>")


def test_page_is_well_formed_and_in_italian(dom: Node, sample: Report) -> None:
    html = dom.find("html")

    assert html.attrs["lang"] == "it"
    assert dom.find("title").text == sample.title
    assert dom.find("meta", charset="utf-8")
    assert dom.find("meta", name="viewport")


def test_page_metadata_names_author_subject_and_keywords(dom: Node) -> None:
    assert (
        dom.find("meta", name="author").attrs["content"] == "Camera di Commercio di Pistoia-Prato"
    )
    assert "2024" in dom.find("meta", name="description").attrs["content"]
    assert dom.find("meta", name="keywords").attrs["content"] == "performance, relazione, 2024"


def test_cover_shows_title_administration_and_approval(dom: Node) -> None:
    cover = dom.find("header", id="copertina")

    assert cover.find("h1").text == "Relazione sulla performance 2024"
    assert "Camera di Commercio di Pistoia-Prato" in cover.text
    assert "Deliberazione di Giunta n. 45/25" in cover.text
    assert len(dom.find_all("h1")) == 1


def test_every_section_has_its_heading_at_its_depth(dom: Node, sample: Report) -> None:
    for section, depth in section_depths(sample.sections):
        element = dom.find("section", id=section.key)
        heading = next(child for child in element.children if isinstance(child, Node))

        assert heading.tag == f"h{depth + 1}"
        assert heading.text == section.heading
        assert element.attrs["aria-labelledby"] == heading.attrs["id"]


def test_table_of_contents_links_every_section(dom: Node, sample: Report) -> None:
    nav = dom.find("nav", id="indice")
    links = {link.attrs["href"]: link.text for link in nav.iter("a")}

    for section in sample.walk_sections():
        assert f"#{section.key}" in links
        assert section.title in links[f"#{section.key}"]
    assert nav.attrs["aria-labelledby"] == "indice-titolo"


def test_ids_are_unique_and_every_link_has_a_target(dom: Node) -> None:
    ids = [node.attrs["id"] for node in dom.iter() if "id" in node.attrs]
    links = [node.attrs["href"] for node in dom.iter("a")]

    assert len(ids) == len(set(ids))
    assert all(link.startswith("#") and link[1:] in ids for link in links)


def test_page_is_self_contained(dom: Node, source: str) -> None:
    assert not dom.find_all("link")
    assert not dom.find_all("script")
    assert not dom.find_all("img")
    assert "http://" not in source.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in source
    assert "@import" not in source


# --- Tables --------------------------------------------------------------------------------------------


def test_every_table_has_its_caption_and_column_headers(dom: Node, sample: Report) -> None:
    for table in all_tables(sample):
        element = table_by_caption(dom, table.caption)
        headers = element.find("thead").find_all("th")

        assert [header.text for header in headers] == [column.label for column in table.columns]
        assert all(header.attrs["scope"] == "col" for header in headers)


def test_rows_are_headed_by_their_first_text_column(dom: Node) -> None:
    long = table_by_caption(dom, "Consiglio camerale (tabella lunga)")
    protesti = table_by_caption(dom, "01_01_0P06 – Protesti")

    first_cells = [next(row.iter()) for row in long.find("tbody").find_all("tr")]
    assert len(first_cells) == 60
    assert all(cell.tag == "th" and cell.attrs["scope"] == "row" for cell in first_cells)
    row_headers = [cell.text for cell in protesti.find_all("th", scope="row")]
    assert row_headers[0] == "01_01_0P06_I01"


def test_total_row_is_labelled_by_a_spanning_row_header(dom: Node) -> None:
    protesti = table_by_caption(dom, "01_01_0P06 – Protesti")
    total = protesti.find("tr", class_="row--total")
    label = next(total.iter())

    assert label.tag == "th"
    assert label.attrs == {"scope": "row", "colspan": "5", "class": "num strong"}
    assert "nowrap" in next(cell for cell in total.iter("td")).classes()
    assert label.text == "Grado di raggiungimento dell'obiettivo"


def test_number_cells_are_right_aligned(dom: Node, source: str) -> None:
    protesti = table_by_caption(dom, "01_01_0P06 – Protesti")
    body_row = protesti.find("tr", class_="row--body")
    cells = [cell for cell in body_row.iter() if cell.tag in ("th", "td")]

    right_aligned = [index for index, cell in enumerate(cells) if "num" in cell.classes()]

    assert right_aligned == [0, 3, 4, 5]
    assert ".data-table .num { text-align: right;" in source


def test_source_note_describes_its_table(dom: Node) -> None:
    table = table_by_caption(dom, "Consiglio camerale (tabella lunga)")
    note = dom.find("div", id=table.attrs["aria-describedby"])

    assert note.text == "Fonte: Dati camerali"


def test_tables_scroll_in_a_labelled_focusable_region(dom: Node) -> None:
    for table in dom.iter("table"):
        region = table.parent
        assert region is not None
        caption = table.find("caption")

        assert region.attrs["role"] == "region"
        assert region.attrs["tabindex"] == "0"
        assert region.attrs["aria-labelledby"] == caption.attrs["id"]


def test_status_badges_carry_text_and_a_hidden_symbol(dom: Node) -> None:
    badges = [node for node in dom.iter("span") if "badge" in node.classes()]
    texts = {badge.text for badge in badges}

    assert {"● IN LINEA", "▼ FUORI TARGET", "▲ CRITICO", "? DA VALUTARE", "▲ PARZIALMENTE"} <= texts
    for badge in badges:
        symbol = badge.find("span")
        assert symbol.attrs["aria-hidden"] == "true"
        assert badge.text.removeprefix(symbol.text).strip()
        assert badge.classes() & {"badge--good", "badge--warning", "badge--bad", "badge--neutral"}


# --- Other blocks ----------------------------------------------------------------------------------


def test_paragraph_text_is_escaped(dom: Node, source: str) -> None:
    assert "«virgolette» &amp; simboli &lt; &gt;." in source
    paragraphs = [paragraph.text for paragraph in dom.iter("p")]
    assert (
        "Secondo paragrafo, con caratteri accentati: è, à, ù, «virgolette» & simboli < >."
        in paragraphs
    )
    assert dom.find("p", class_="paragraph paragraph--lead")


def test_figure_is_an_inline_svg_with_its_text_alternative_and_data(dom: Node) -> None:
    figure = dom.find("figure", id="figura-staff_by_gender")
    chart = figure.find("div", class_="chart")
    details = figure.find("details")

    assert chart.attrs["role"] == "img"
    assert chart.attrs["aria-label"] == "Grafico a barre: donne 53, uomini 29."
    assert chart.find("svg").find("title").text == "Grafico a barre: donne 53, uomini 29."
    assert figure.find("figcaption").text == "Personale per genere"
    assert figure.attrs["aria-labelledby"] == figure.find("figcaption").attrs["id"]
    assert details.find("summary").text == "Dati del grafico"
    assert details.find("table").find("caption").text == "Personale per genere"


def test_key_figures_are_a_definition_list(dom: Node) -> None:
    key_figures = dom.find("dl", class_="key-figures")
    terms = [term.text for term in key_figures.iter("dt")]
    values = [
        value.text for value in key_figures.iter("dd") if "key-figure-value" in value.classes()
    ]

    assert terms == ["Performance di ente", "Area strategica I"]
    assert values == ["96,41 %", "96,50 %"]
    assert "media semplice degli 8 obiettivi strategici" in key_figures.text


def test_legend_is_a_list_of_badges_and_meanings(dom: Node) -> None:
    legend = dom.find("div", class_="legend")
    items = [item.text for item in legend.find("ul").iter("li")]

    assert legend.find("p").text == "Legenda"
    assert items[0] == "▼ NON RAGGIUNTO Mancato raggiungimento dell'obiettivo (< 60 %)"
    assert len(items) == 3


# --- Colours, escaping, templates --------------------------------------------------------------------


def test_default_branding_colours_pass_contrast_unchanged() -> None:
    branding = Branding()
    palette = palette_for(branding)

    assert (palette.good, palette.warning, palette.bad) == (
        branding.good_colour,
        branding.warning_colour,
        branding.bad_colour,
    )
    for colour in dataclasses.astuple(palette)[:1] + dataclasses.astuple(palette)[2:]:
        assert contrast_ratio(colour, "#ffffff") >= 4.5


def test_pale_branding_colours_are_darkened_to_pass_contrast() -> None:
    pale = Branding(
        primary_colour="#7fb2e5",
        good_colour="#7fff7f",
        warning_colour="#ffd23f",
        bad_colour="#ff9999",
        neutral_colour="#cccccc",
    )
    palette = palette_for(pale)

    for colour in (palette.primary, palette.good, palette.warning, palette.bad, palette.neutral):
        assert contrast_ratio(colour, "#ffffff") >= 4.5
    assert contrast_ratio("#1c2024", palette.primary_tint) >= 4.5


def test_invalid_branding_colour_falls_back_to_the_default() -> None:
    palette = palette_for(Branding(primary_colour="red; background: url(http://x)"))

    assert palette.primary == Branding().primary_colour


def test_title_cannot_break_out_of_the_stylesheet(sample: Report) -> None:
    hostile = dataclasses.replace(
        sample,
        cover=Cover('Ente "</style><script>alert(1)</script>', "Relazione 2024", 2024),
    )
    paged = HtmlRenderer().page(hostile, paged=True)

    assert "<script" not in paged
    assert css_string('a "b" – c') == '"a \\22 b\\22  \\2013  c"'


def test_svg_is_cleaned_and_its_ids_prefixed() -> None:
    svg = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><metadata>x</metadata>'
        '<defs><clipPath id="c1"><rect/></clipPath><path id="g1" d="M0 0"/></defs>'
        '<use xlink:href="#g1"/><g clip-path="url(#c1)"/><script>alert(1)</script></svg>'
    )
    cleaned = inline_svg(svg, "figura-a", "Titolo & dati")

    assert cleaned.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg"><title>Titolo &amp; dati</title>'
    )
    for kept in ('id="figura-a-c1"', "url(#figura-a-c1)", 'xlink:href="#figura-a-g1"'):
        assert kept in cleaned
    for dropped in ("script", "onload", "metadata", "<?xml", "DOCTYPE"):
        assert dropped not in cleaned


def test_two_figures_with_the_same_svg_keep_unique_ids(sample: Report) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><path id="p1" d="M0 0"/></svg>'
    section = Section(
        "grafici", "9", "Grafici", (Figure("a", "A", svg, "A"), Figure("b", "B", svg, "B"))
    )
    report = dataclasses.replace(sample, sections=(*sample.sections, section))
    dom = parse(HtmlRenderer().page(report))
    ids = [node.attrs["id"] for node in dom.iter() if "id" in node.attrs]

    assert len(ids) == len(set(ids))


def test_template_folder_overrides_the_shipped_templates(sample: Report, tmp_path: Path) -> None:
    (tmp_path / "reporting").mkdir()
    (tmp_path / "reporting" / "_cover.html").write_text(
        '<header class="cover"><h1>{{ cover.title }}</h1><p>Copertina dell\'ente</p></header>\n',
        encoding="utf-8",
    )
    page = HtmlRenderer(template_dirs=(tmp_path,)).page(sample)

    assert "<p>Copertina dell'ente</p>" in page
    assert 'id="principali-risultati"' in page


def test_page_renders_in_a_plain_python_process_without_django_settings() -> None:
    script = (
        "import django.conf\n"
        "from performa.reporting.renderers.html import HtmlRenderer\n"
        "from tests.reporting.sample import sample_report\n"
        "page = HtmlRenderer().page(sample_report())\n"
        "assert not django.conf.settings.configured\n"
        "print(len(page))\n"
    )
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10_000


# --- In the browser ------------------------------------------------------------------------------------


def open_page(page: Page, html: str, path: Path) -> None:
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())


def axe_violations(page: Page, output: Path, tags: list[str]) -> list[dict[str, Any]]:
    results = Axe(output_directory=output).run(
        page,
        options={"runOnly": {"type": "tag", "values": tags}},
        html_report_generated=False,
        json_report_generated=False,
    )
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
        for violation in violations
    )


def test_sample_page_has_no_wcag_aa_or_best_practice_violation(
    page: Page, source: str, tmp_path: Path
) -> None:
    open_page(page, source, tmp_path / "sample.html")
    violations = axe_violations(page, tmp_path, WCAG22AA_AND_BEST_PRACTICE)

    assert violations == [], describe(violations)


def test_demo_page_has_no_serious_wcag21_aa_violation(
    page: Page, demo_report: Report, tmp_path: Path
) -> None:
    html = HtmlRenderer().render(demo_report).content.decode("utf-8")
    open_page(page, html, tmp_path / "demo.html")
    violations = [
        violation
        for violation in axe_violations(page, tmp_path, WCAG21AA)
        if violation["impact"] in SEVERE
    ]

    assert violations == [], describe(violations)


def test_page_fits_a_phone_and_wide_tables_scroll_in_their_region(
    page: Page, source: str, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, source, tmp_path / "phone.html")

    page_width = page.evaluate("document.documentElement.scrollWidth")
    region = page.locator(".table-scroll", has=page.locator("caption", has_text="Protesti"))
    scroll_width, client_width = region.evaluate(
        "element => [element.scrollWidth, element.clientWidth]"
    )

    assert page_width <= 360
    assert scroll_width > client_width
    region.focus()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
