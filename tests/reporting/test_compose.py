"""``compose_report`` on the demo cycle: section order, reference figures, deviations, overrides.

No database: the demo workbook is read from disk and scored in memory. Until the workbook
carries its narratives, context tables and process steps, they are built here from the CSV
transcriptions in ``demo/source/context``.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from performa.reporting.compose import SECTION_KEYS, compose_report
from performa.reporting.context import context_table
from performa.reporting.document import (
    BulletList,
    Cell,
    Figure,
    KeyFigures,
    Legend,
    Paragraph,
    ParagraphStyle,
    Report,
    RowKind,
    Section,
    Table,
    Tone,
)
from performa.scoring import ScoredPlan, Thresholds, score_plan
from performa.workbook.convert import scoring_plan_for
from performa.workbook.data import (
    ContextTable,
    ContextTableRow,
    NarrativeRow,
    OverrideRow,
    PlanData,
    ProcessStepRow,
)

ROOT = Path(__file__).resolve().parents[2]
CONTEXT_SOURCE = ROOT / "demo/source/context"
ACCEPTANCE = ROOT / "tests/acceptance"

REFERENCE_TITLES = (
    "PREMESSA",
    "PRINCIPALI RISULTATI RAGGIUNTI",
    "ANALISI DEL CONTESTO E DELLE RISORSE",
    "Albero della performance",
    "Rendicontazione degli obiettivi strategici triennali e degli obiettivi operativi annuali",
    "Valutazione complessiva della performance organizzativa",
    "RENDICONTAZIONE DEGLI OBIETTIVI INDIVIDUALI",
    "IL PROCESSO DI MISURAZIONE E VALUTAZIONE",
)


# -- the demo plan -----------------------------------------------------------------------


def _read_csv(name: str) -> list[dict[str, str]]:
    with (CONTEXT_SOURCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _context_value(text: str) -> Decimal | str | None:
    if text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def _context_tables() -> tuple[ContextTable, ...]:
    """``context.csv`` (one row per cell) as tables; a row's unit is its first non-blank one."""
    order: list[str] = []
    first: dict[str, dict[str, str]] = {}
    columns: dict[str, list[str]] = {}
    cells: dict[str, dict[str, dict[str, tuple[str, str]]]] = {}
    for row in _read_csv("context.csv"):
        code = row["table_code"]
        if code not in first:
            order.append(code)
            first[code] = row
            columns[code] = []
            cells[code] = {}
        if row["column_label"] not in columns[code]:
            columns[code].append(row["column_label"])
        by_column = cells[code].setdefault(row["row_label"], {})
        by_column[row["column_label"]] = (row["value"], row["unit"])
    tables = []
    for code in order:
        meta = first[code]
        rows = []
        for label, by_column in cells[code].items():
            values = tuple(_context_value(by_column.get(c, ("", ""))[0]) for c in columns[code])
            unit = next((unit for _, unit in by_column.values() if unit), "")
            rows.append(ContextTableRow(label, values, unit=unit))
        tables.append(
            ContextTable(
                code=code,
                title=meta["title"],
                section=meta["section"],
                columns=tuple(columns[code]),
                rows=tuple(rows),
                source=meta["source"],
                chart=meta["chart"],
                unit=meta["unit"],
            )
        )
    return tuple(tables)


def _with_context(plan: PlanData) -> PlanData:
    """``plan`` with the demo's texts, context tables and process steps when it has none."""
    changes: dict[str, object] = {}
    if not plan.narratives:
        changes["narratives"] = tuple(
            NarrativeRow(row["key"], row["title"], row["text"])
            for row in _read_csv("narratives.csv")
        )
    if not plan.context_tables:
        changes["context_tables"] = _context_tables()
    if not plan.process_steps:
        changes["process_steps"] = tuple(
            ProcessStepRow(row["year"], row["what"], row["who"], row["how"], row["when"])
            for row in _read_csv("process.csv")
        )
    return dataclasses.replace(plan, **changes)  # type: ignore[arg-type]


def _score(plan: PlanData) -> ScoredPlan:
    return score_plan(scoring_plan_for(plan), plan.rules)


@pytest.fixture(scope="module")
def plan(demo_plan: PlanData) -> PlanData:
    return _with_context(demo_plan)


@pytest.fixture(scope="module")
def scored(plan: PlanData) -> ScoredPlan:
    return _score(plan)


@pytest.fixture(scope="module")
def report(plan: PlanData, scored: ScoredPlan) -> Report:
    return compose_report(plan, scored, generated_at=datetime(2025, 5, 14, 10, 0))


# -- reading the report --------------------------------------------------------------------


def _text(text: str) -> str:
    return text.replace("\u00a0", " ")


def _section(report: Report, key: str) -> Section:
    return next(section for section in report.walk_sections() if section.key == key)


def _tables(section: Section) -> Iterator[Table]:
    for part in section.walk():
        for block in part.blocks:
            if isinstance(block, Table):
                yield block
            elif isinstance(block, Figure) and block.table is not None:
                yield block.table


def _table(report: Report, key: str) -> Table:
    for section in report.sections:
        for table in _tables(section):
            if table.key == key:
                return table
    raise AssertionError(f"no table {key!r}")


def _all_text(report: Report) -> str:
    """Every piece of text the reader sees, one per line."""
    lines = [report.cover.title, report.cover.approval_act]
    for section in report.walk_sections():
        lines.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, BulletList):
                lines.extend(block.items)
            elif isinstance(block, KeyFigures):
                lines.extend(
                    f"{item.label} {item.value} {item.explanation}" for item in block.items
                )
            elif isinstance(block, Legend):
                lines.extend(item.description for item in block.items)
            elif isinstance(block, Figure):
                lines.append(block.alt_text)
        for table in _tables(section):
            lines.append(table.caption)
            lines.extend(table.notes)
            lines.extend(" | ".join(cell.text for cell in row.cells) for row in table.rows)
    return _text("\n".join(lines))


def _reference_rows(kind: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(ACCEPTANCE.glob("reference_2024_area*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(row for row in csv.DictReader(handle) if row["kind"] == kind)
    return rows


def _percent(text: str) -> str:
    """A dot-decimal figure from the acceptance files as the report prints it: "75,43 %"."""
    return f"{Decimal(text):.2f}".replace(".", ",") + " %"


def _score_of(table: Table, name: str) -> str:
    row = next(row for row in table.rows if row.cells[1].text == name)
    return _text(row.cells[2].text)


# -- structure -------------------------------------------------------------------------------


def test_sections_follow_the_reference_order(report: Report) -> None:
    keys = [section.key for section in report.walk_sections() if section.key in SECTION_KEYS]
    assert keys == list(SECTION_KEYS)
    assert [section.key for section in report.sections] == [
        "premessa",
        "1",
        "2",
        "3",
        "4",
        "5",
        "nota-metodologica",
    ]
    numbers = {section.key: section.number for section in report.walk_sections()}
    assert numbers["3.0"] == "3.0"
    assert numbers["premessa"] == ""


def test_every_reference_title_is_a_section_heading(report: Report) -> None:
    headings = [section.title.casefold() for section in report.walk_sections()]
    for title in REFERENCE_TITLES:
        assert title.casefold() in headings, title


def test_cover_states_administration_year_and_act(report: Report) -> None:
    assert report.cover.administration_name == "Camera di Commercio di Pistoia-Prato"
    assert report.cover.title == "Relazione sulla performance 2024"
    assert report.cover.approval_act == (
        "Adottata con Deliberazione di Giunta n. 45/25 del 14/05/2025"
    )
    assert report.generated_at == datetime(2025, 5, 14, 10, 0)


def test_composing_twice_gives_an_equal_report(plan: PlanData, scored: ScoredPlan) -> None:
    first = compose_report(plan, scored)
    second = compose_report(plan, scored)
    assert first == second
    assert first.datasets == second.datasets


def test_missing_narratives_get_a_neutral_placeholder(demo_plan: PlanData) -> None:
    bare = dataclasses.replace(demo_plan, narratives=(), context_tables=(), process_steps=())
    report = compose_report(bare, _score(bare))
    premessa = _section(report, "premessa")
    assert len(premessa.blocks) == 1
    placeholder = premessa.blocks[0]
    assert isinstance(placeholder, Paragraph)
    assert placeholder.style is ParagraphStyle.NOTE
    assert placeholder.text.startswith("Testo non ancora disponibile")
    assert [section.key for section in report.sections][-1] == "nota-metodologica"


# -- section 1 -------------------------------------------------------------------------------


def test_key_figures_give_the_entity_and_each_area(report: Report) -> None:
    figures = next(b for b in _section(report, "1").blocks if isinstance(b, KeyFigures))
    values = [(item.label, _text(item.value)) for item in figures.items]
    assert values[0] == ("Performance di ente", "96,41 %")
    assert [value for _, value in values[1:]] == ["96,50 %", "95,43 %", "96,83 %"]
    assert all(item.status is not None for item in figures.items)


def test_legend_thresholds_follow_the_rule_set(demo_plan: PlanData) -> None:
    rules = dataclasses.replace(
        demo_plan.rules, objective_thresholds=Thresholds(Decimal(90), Decimal("72.5"))
    )
    plan = dataclasses.replace(demo_plan, rules=rules)
    report = compose_report(plan, _score(plan))
    legend = next(b for b in _section(report, "1").blocks if isinstance(b, Legend))
    descriptions = [_text(item.description) for item in legend.items]
    assert descriptions == [
        "Mancato raggiungimento dell'obiettivo (< 72,50 %)",
        "Parziale raggiungimento dell'obiettivo (≥ 72,50 % e < 90 %)",
        "Raggiungimento dell'obiettivo (≥ 90 %)",
    ]
    assert [item.badge.tone for item in legend.items] == [Tone.BAD, Tone.WARNING, Tone.GOOD]
    methodology = _all_text(report)
    assert "pari o superiore a 90 %" in methodology


def test_summary_table_groups_operational_objectives_under_strategic_ones(
    report: Report,
) -> None:
    table = _table(report, "sintesi-obiettivi")
    assert [column.label for column in table.columns][:3] == [
        "Obiettivo strategico",
        "Obiettivo operativo",
        "Performance",
    ]
    assert len(table.rows) == 48
    first = table.rows[0].cells
    assert _text(first[2].text) == "100,00 %"
    assert _text(first[4].text) == "94,70 %"
    assert table.rows[1].cells[0].text == ""
    assert table.rows[1].cells[4].text == ""
    protesti = next(row for row in table.rows if row.cells[1].text == "Protesti").cells
    assert _text(protesti[2].text) == "75,43 %"
    assert protesti[3].status is not None
    assert protesti[3].status.tone is Tone.WARNING
    assert protesti[3].status.symbol == "▲"


# -- reference figures ---------------------------------------------------------------------


def test_every_operational_objective_shows_its_reference_figure(
    report: Report, scored: ScoredPlan
) -> None:
    summary = _table(report, "sintesi-obiettivi")
    for row in _reference_rows("operational_objective"):
        code = row["objective_code"]
        node = scored.node(code)
        total = _table(report, f"obiettivo-{code}").rows[-1]
        assert total.kind is RowKind.TOTAL
        shown = _text(total.cells[1].text)
        if not row["note"]:  # a noted row is a contradiction inside the printed report
            assert shown == _percent(row["printed_percent"]), code
        assert total.cells[1].value == node.evaluated_percent
        assert total.cells[2].text == row["printed_status"], code
        assert _score_of(summary, node.name) == shown, code


def test_every_strategic_objective_shows_its_reference_figure(report: Report) -> None:
    tree = _table(report, "albero-della-performance")
    assert [_text(cell.text) for cell in tree.rows[0].cells[2:]] == [
        "Camera di Commercio di Pistoia-Prato",
        "96,41 %",
        "RAGGIUNTO",
    ]
    for row in _reference_rows("strategic_objective"):
        code = row["objective_code"]
        summary = _table(report, f"obiettivo-strategico-{code}").rows[0].cells
        assert _text(summary[3].text) == _percent(row["printed_percent"]), code
        tree_row = next(r for r in tree.rows if r.cells[1].text == code).cells
        assert _text(tree_row[0].text) == "12,50 %"
        assert _text(tree_row[3].text) == _percent(row["printed_percent"]), code


def test_indicators_show_reference_targets_actuals_and_figures(report: Report) -> None:
    pari = _table(report, "obiettivo-03_01_0505")
    cug = next(row for row in pari.rows if row.cells[2].text == "CUG 2024").cells
    assert [_text(cell.text) for cell in cug[3:]] == [
        "Entro 28/02/2024",
        "26/03/2024",
        "69,77 %",
        "CRITICO",
    ]
    tutela = _table(report, "obiettivo-01_01_OP01")
    brevetti = tutela.rows[0].cells
    assert [_text(cell.text) for cell in brevetti] == [
        "20,00 %",
        brevetti[1].text,
        "Brevetti, modelli, marchi e seguiti 2024",
        ">= 350,00 N.",
        "349,00 N.",
        "99,71 %",
        "IN LINEA",
    ]
    ambiente = _table(report, "obiettivo-01_04_CP01")
    missing = [
        row.cells
        for row in ambiente.rows
        if row.kind is RowKind.BODY and row.cells[4].text == "N/D"
    ]
    assert len(missing) == 3
    assert all(_text(cells[0].text) == "0,00 %" for cells in missing)
    assert all(cells[6].text == "DA VALUTARE" for cells in missing)


def test_sanzioni_reads_98_37_in_every_section(report: Report) -> None:
    # The annex's data notes quote the printed report's 98,35 to explain the difference.
    annex = dataclasses.replace(report, sections=report.sections[:-1])
    texts = _all_text(annex)
    assert "98,35" not in texts
    sanzioni = [line for line in texts.splitlines() if line.startswith("Sanzioni RI e REA |")]
    assert len(sanzioni) == 2  # sections 1 and 4
    assert all("98,37 %" in line for line in sanzioni)
    total = _table(report, "obiettivo-02_01_OP05").rows[-1]
    assert _text(total.cells[1].text) == "98,37 %"


def test_individual_objectives_repeat_the_organisational_figures(
    report: Report, plan: PlanData, scored: ScoredPlan
) -> None:
    tables = list(_tables(_section(report, "4")))
    people = [
        person
        for person in plan.people
        if any(assignment.person_code == person.code for assignment in plan.assignments)
    ]
    assert [table.caption for table in tables] == [
        f"{person.title} ({person.name})" for person in people
    ]
    assert tables[0].columns[0].label == "Segretario Generale (Catia Baroncelli)"
    for table, person in zip(tables, people, strict=True):
        codes = [a.objective_code for a in plan.assignments if a.person_code == person.code]
        assert [row.cells[0].value for row in table.rows] == codes
        for row, code in zip(table.rows, codes, strict=True):
            own = _table(report, f"obiettivo-{code}").rows[-1]
            assert row.cells[1].text == own.cells[1].text
            assert row.cells[1].value == scored.node(code).evaluated_percent


# -- section 3.2 -----------------------------------------------------------------------------


def test_overall_evaluation_states_facts_from_the_scores(report: Report) -> None:
    facts = next(
        b
        for b in _section(report, "3.2").blocks
        if isinstance(b, BulletList)
        and any(item.startswith("La performance di ente") for item in b.items)
    )
    items = [_text(item) for item in facts.items]
    assert "La performance di ente è pari al 96,41 % (RAGGIUNTO)." in items
    assert (
        "Gli obiettivi operativi con una performance pari o superiore all'80 % sono 47 su 48 "
        "(97,92 %)." in items
    )
    assert "Nessun obiettivo ha realizzato una performance inferiore al 60 %." in items
    assert any(item.startswith("Gli indicatori non misurati (N/D) sono 5 su") for item in items)


def test_deviations_list_every_indicator_below_100_and_every_not_available(
    report: Report, scored: ScoredPlan
) -> None:
    below, missing = [], []
    for node in scored.nodes():
        for item in node.contributions:
            if not item.is_indicator:
                continue
            percent = scored.indicator(item.code).evaluated_percent
            if percent is None:
                missing.append((item.code, node.code))
            elif scored.rules.round_percent(percent) < 100:
                below.append((item.code, node.code))
    table = _table(report, "scostamenti")
    groups = [row for row in table.rows if row.kind is RowKind.GROUP]
    listed = [
        (row.cells[0].value, row.cells[1].value) for row in table.rows if row.kind is RowKind.BODY
    ]
    assert len(groups) == 2
    assert listed == below + missing
    assert len(below) == 60
    assert len(missing) == 5
    protesti = [
        row.cells
        for row in table.rows
        if row.kind is RowKind.BODY and row.cells[1].value == "01_01_0P06"
    ]
    assert [_text(cells[4].text) for cells in protesti] == ["98,59 %", "26,67 %", "27,62 %"]
    assert all(cells[6].text == "—" for cells in protesti)
    not_available = [row.cells for row in table.rows[-5:]]
    assert all(cells[3].text == "N/D" for cells in not_available)
    assert all("Dato non disponibile" in cells[6].text for cells in not_available)


def test_a_measurement_comment_explains_its_deviation(demo_plan: PlanData) -> None:
    measurements = tuple(
        dataclasses.replace(row, comment="Servizio sospeso per tre mesi")
        if row.indicator_code == "01_01_0P06_I05" and row.period_code == "FY"
        else row
        for row in demo_plan.measurements
    )
    plan = dataclasses.replace(demo_plan, measurements=measurements)
    table = _table(compose_report(plan, _score(plan)), "scostamenti")
    row = next(row for row in table.rows if row.cells[0].value == "01_01_0P06_I05")
    assert row.cells[6].text == "Servizio sospeso per tre mesi"


def test_no_override_is_stated(report: Report) -> None:
    assert (
        "Non sono stati registrati interventi dei valutatori: tutti i gradi riportati sono "
        "quelli calcolati." in _all_text(report)
    )


def test_an_override_shows_computed_and_evaluated_with_its_justification(
    demo_plan: PlanData,
) -> None:
    overrides = (
        OverrideRow("01_01_0P06", Decimal(85), "Visure sospese per la migrazione", "OIV"),
        OverrideRow("02_01", Decimal(97), "Valutazione dell'OIV sull'intero ambito", "OIV"),
        OverrideRow("03_01_0505_I04", Decimal(100), "Ritardo dovuto al CUG", "Segretario"),
    )
    plan = dataclasses.replace(demo_plan, overrides=overrides)
    report = compose_report(plan, _score(plan))

    protesti = _table(report, "obiettivo-01_01_0P06")
    total = protesti.rows[-1].cells
    assert _text(total[1].text) == "85,00 % (calcolato 75,43 %)"
    assert total[1].value == Decimal(85)
    assert total[2].text == "RAGGIUNTO"
    assert any("Visure sospese per la migrazione" in note for note in protesti.notes)
    assert any("75,43 %" in _text(note) and "85,00 %" in _text(note) for note in protesti.notes)

    strategic = _table(report, "obiettivo-strategico-02_01")
    assert [column.label for column in strategic.columns][3:5] == [
        "Grado calcolato",
        "Grado valutato",
    ]
    assert _text(strategic.rows[0].cells[4].text) == "97,00 %"
    assert any("Valutazione dell'OIV" in note for note in strategic.notes)

    pari = _table(report, "obiettivo-03_01_0505")
    cug = next(row for row in pari.rows if row.cells[2].text == "CUG 2024").cells
    assert _text(cug[5].text) == "100,00 % (calcolato 69,77 %)"

    for key in ("sintesi-obiettivi", "obiettivi-individuali-SG"):
        assert "85,00 % (calcolato 75,43 %)" in _text(
            " ".join(cell.text for row in _table(report, key).rows for cell in row.cells)
        )
    interventions = _table(report, "interventi-valutatori")
    assert [row.cells[0].text for row in interventions.rows] == [
        "02_01",
        "01_01_0P06",
        "03_01_0505_I04",
    ]
    assert [_text(cell.text) for cell in interventions.rows[1].cells[2:4]] == [
        "75,43 %",
        "85,00 %",
    ]
    texts = _all_text(report)
    assert "Non sono stati registrati interventi" not in texts


# -- sections 2, 5 and the annex -------------------------------------------------------------


def test_context_tables_are_shown_with_italian_numbers_and_sources(report: Report) -> None:
    exports = _table(report, "contesto-exports_by_destination")
    assert exports.caption.startswith("PISTOIA-PRATO Esportazioni")
    assert exports.source == "Elaborazioni su dati ISTAT-Coeweb (2025)"
    world = exports.rows[0].cells
    assert [cell.text for cell in world] == [
        "MONDO",
        "-4,2",
        "1.779,4",
        "-3,5",
        "-2,4",
        "3.200,8",
        "0,6",
    ]
    assert world[2].value == Decimal("1779.4")
    council = _table(report, "contesto-council")
    assert council.rows[0].cells[1].text == "PRESIDENTE - Industria"
    staff = _table(report, "contesto-staff_by_category")
    assert staff.rows[-1].kind is RowKind.TOTAL
    assert [block.key for block in _section(report, "2.1").blocks if isinstance(block, Table)]


def test_tables_asking_for_a_chart_get_a_figure_and_stay_as_tables(report: Report) -> None:
    staff = _section(report, "2.2-staff")
    figures = [block for block in staff.blocks if isinstance(block, Figure)]
    assert [figure.key for figure in figures] == [
        "grafico-staff_by_category",
        "grafico-staff_by_gender",
        "grafico-staff_by_education",
    ]
    gender = figures[1]
    assert _text(gender.alt_text) == "Grafico a torta: Donne 53 (64,6 %), Uomini 29 (35,4 %)"
    assert gender.caption == "Personale per genere"
    assert gender.table is not None
    assert gender.table.key == "contesto-staff_by_gender"
    assert gender.svg.startswith("<svg")
    assert gender.png.startswith(b"\x89PNG")
    assert any(isinstance(b, Table) and b.key == "contesto-staff_by_gender" for b in staff.blocks)
    assert "TOTALE" not in figures[0].alt_text
    history = next(
        block
        for block in _section(report, "2.2-customer-satisfaction").blocks
        if isinstance(block, Figure)
    )
    assert "2021 7,9; 2022 8,0; 2023 8,1; 2024 8,2" in history.alt_text


def test_process_section_has_one_table_per_year(report: Report) -> None:
    tables = list(_tables(_section(report, "5")))
    assert [table.columns[-1].label for table in tables] == [
        "QUANDO (ANNO N)",
        "QUANDO (ANNO N+1)",
    ]
    assert [column.label for column in tables[0].columns[:3]] == ["COSA", "CHI", "COME"]
    assert len(tables[0].rows) == 8
    assert any(row.cells[0].text.startswith("Validazione della") for row in tables[1].rows)


def test_methodology_note_states_the_rules_and_lists_the_data_notes(
    report: Report, plan: PlanData
) -> None:
    annex = _section(report, "nota-metodologica")
    rules = next(block for block in annex.blocks if isinstance(block, BulletList))
    text = _text(" ".join(rules.items))
    assert "anno commerciale" in text
    assert "La performance dell'ente è la media semplice" in text
    assert "«Obiettivo strategico»" in text
    assert "arrotondate a 2 decimali" in text
    assert not any(isinstance(block, Table) for block in annex.blocks)
    assert f"{len(plan.notes)} osservazioni" in " ".join(
        block.text for block in annex.blocks if isinstance(block, Paragraph)
    )
    notes = next(dataset for dataset in report.datasets if dataset.key == "note-sui-dati")
    assert [column.label for column in notes.columns] == [
        "Riferimento",
        "Valore nel documento",
        "Valore in performa",
        "Nota",
    ]
    assert len(notes.rows) == len(plan.notes)


def test_methodology_note_has_no_notes_table_without_notes(demo_plan: PlanData) -> None:
    plan = dataclasses.replace(demo_plan, notes=())
    annex = _section(compose_report(plan, _score(plan)), "nota-metodologica")
    assert not any(isinstance(block, Table) for block in annex.blocks)


# -- datasets --------------------------------------------------------------------------------


def test_datasets_give_each_level_and_every_indicator_link(
    report: Report, plan: PlanData, scored: ScoredPlan
) -> None:
    assert [dataset.title for dataset in report.datasets] == [
        *(level.name for level in plan.levels),
        "Indicatori",
        "Osservazioni sui dati",
    ]
    assert [len(dataset.rows) for dataset in report.datasets] == [
        1,
        3,
        8,
        48,
        len(plan.links),
        len(plan.notes),
    ]
    operational = report.datasets[3]
    protesti = next(row for row in operational.rows if row[0].text == "01_01_0P06")
    assert protesti[2].text == "02_01"
    assert protesti[5].value == scored.node("01_01_0P06").computed_percent
    assert _text(protesti[5].text) == "75,43 %"
    assert protesti[7].status is not None
    assert protesti[7].text == "PARZIALMENTE"
    strategic = report.datasets[2]
    assert all(_text(row[4].text) == "16,67 %" or row[2].text != "01" for row in strategic.rows)
    indicators = report.datasets[-2]
    cug = next(row for row in indicators.rows if row[2].text == "CUG 2024")
    assert cug[5].text == "Entro 28/02/2024"
    measurement = scored.indicator(cug[1].text).measurement
    assert measurement is not None
    assert cug[6].value == measurement.value
    assert isinstance(cug[7].value, Decimal)
    not_available = [row for row in indicators.rows if row[6].text == "N/D"]
    assert len(not_available) == 5
    assert all(isinstance(cell, Cell) for row in indicators.rows for cell in row)


def test_context_numbers_take_the_decimals_of_their_column() -> None:
    """A workbook keeps no trailing zeros: -5 above -3,7 is shown as "-5,0"."""
    table = ContextTable(
        code="prova",
        title="Prova",
        section="resources",
        columns=("2023", "2024", "Quota"),
        rows=(
            ContextTableRow("Tessile", (Decimal("-3.7"), Decimal("-5"), Decimal(12)), "var. %"),
            ContextTableRow("Altro", (Decimal("2"), Decimal("1.25"), None), "var. %"),
            ContextTableRow("Grado", (Decimal(84), Decimal(98), "n.d."), "%"),
            ContextTableRow("Costi", (Decimal("0.84"), Decimal("0.9"), None), "rapporto"),
            ContextTableRow("Totale", (Decimal(1), Decimal(2), Decimal(3)), "N."),
        ),
    )
    shown = context_table(table)
    rows = [[_text(cell.text) for cell in row.cells] for row in shown.rows]
    assert rows == [
        ["Tessile", "-3,7", "-5,00", "12"],
        ["Altro", "2,0", "1,25", ""],
        ["Grado", "84 %", "98 %", "n.d."],
        ["Costi", "0,84", "0,90", ""],
        ["Totale", "1", "2", "3"],
    ]
    assert shown.rows[-1].kind is RowKind.TOTAL
    assert shown.rows[3].cells[2].value == Decimal("0.9")
    assert [column.kind for column in shown.columns] == ["text", "number", "number", "text"]
