"""Compose the Relazione sulla performance: one cycle's data and scores → one ``Report``.

Sections follow the reference report (Premessa, 1–5) plus a methodological annex; every figure
is taken from the ``ScoredPlan`` and formatted once through ``cells``/``formatting``, so a score
reads the same in every section and format. Pure and deterministic; no ORM, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Final

from performa.reporting.badges import badge_for, legend_for, threshold_text
from performa.reporting.cells import ScoreCells, actual_text, target_text
from performa.reporting.context import (
    context_table_blocks,
    narrative_blocks,
    narratives_by_key,
)
from performa.reporting.datasets import datasets_for
from performa.reporting.document import (
    Align,
    Block,
    Branding,
    BulletList,
    Cell,
    Column,
    Cover,
    Dataset,
    KeyFigure,
    KeyFigures,
    Paragraph,
    PlanVersionRef,
    Report,
    Row,
    RowKind,
    Section,
    Table,
)
from performa.reporting.formatting import format_date
from performa.reporting.gender import StaffData, gender_balance_blocks, gender_dataset
from performa.reporting.methodology import methodology_blocks
from performa.scoring import (
    ENTITY_LEVEL,
    Aggregation,
    IndicatorScore,
    NodeScore,
    ObjectiveStatus,
    ScoredPlan,
)
from performa.workbook.convert import period_for
from performa.workbook.data import ContextTable, MeasurementRow, PlanData, ProcessStepRow

__all__ = ["SECTION_KEYS", "compose_report"]

SECTION_KEYS: Final = (
    "premessa",
    "1",
    "2",
    "2.1",
    "2.2",
    "2.3",
    "3",
    "3.0",
    "3.1",
    "3.2",
    "3.3",
    "4",
    "5",
    "nota-metodologica",
)
"""The stable keys of the report's sections and subsections, in document order."""

_STAFF_PARTS: Final = (
    ("organisation", "L'organizzazione"),
    ("staff", "Le risorse umane"),
    ("wellbeing", "L'indagine di benessere organizzativo"),
    ("customer_satisfaction", "La customer satisfaction"),
)
_KNOWN_CONTEXT_SECTIONS: Final = frozenset(
    {"economy", "resources", *(key for key, _ in _STAFF_PARTS)}
)
_ROMAN: Final = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_HUNDRED: Final = Decimal(100)
_NO_EXPLANATION: Final = "—"

_INDICATOR_COLUMNS: Final = (
    Column("Peso", Align.RIGHT, 1, "percent"),
    Column("Codice", Align.LEFT, 2),
    Column("Indicatore", Align.LEFT, 6),
    Column("Target", Align.RIGHT, 2),
    Column("Consuntivo", Align.RIGHT, 2),
    Column("Grado", Align.RIGHT, 2, "percent"),
    Column("Stato", Align.LEFT, 2, "status"),
)


@dataclass(frozen=True, slots=True)
class IndividualObjectives:
    """One manager's objectives for section 4, from the individual evaluation sheets."""

    person_code: str
    heading: str
    objective_codes: tuple[str, ...]


def compose_report(
    plan: PlanData,
    scored: ScoredPlan,
    *,
    branding: Branding | None = None,
    generated_at: datetime | None = None,
    plan_version: PlanVersionRef | None = None,
    individual_objectives: Sequence[IndividualObjectives] | None = None,
    staff: StaffData | None = None,
) -> Report:
    """The Relazione sulla performance of ``plan``, with the figures of ``scored``.

    ``individual_objectives`` gives section 4 from the evaluation sheets; without it (no
    sheets) section 4 lists the plan's assignments. ``staff`` feeds section 3.3, the gender
    balance (without it, the section says the data are still to come).

    ``plan_version`` is the version of the plan the report accounts for (the last recorded
    one): named on the cover and at the start of the methodological note; without it, neither
    says anything of versions.

    ``scored`` must be ``score_plan(scoring_plan_for(plan), plan.rules)`` (or the same for
    another period): structure and texts come from ``plan``, every score, weight and status
    from ``scored``. Section keys are ``SECTION_KEYS``; ``datasets`` holds one dataset per
    tree level and one of indicators. Deterministic: the same inputs give an equal report.
    Source: reference report (structure and wording), DOMAIN.md §1.5, §2.6–2.7, §6.7.
    """
    composer = _Composer(plan, scored, branding or Branding(), plan_version, staff)
    composer.individual_objectives = individual_objectives
    cycle = plan.cycle
    act = cycle.report_act.strip()
    if act and not act.lower().startswith("adottat"):
        act = f"Adottata con {act}"
    cover = Cover(
        administration_name=cycle.administration_name,
        title=f"Relazione sulla performance {cycle.year}",
        year=cycle.year,
        approval_act=act,
        plan_version=plan_version_text(plan_version) if plan_version else "",
    )
    return Report(
        cover=cover,
        sections=composer.sections(),
        branding=composer.branding,
        datasets=datasets_for(plan, scored, composer.cells) + _gender_datasets(staff),
        generated_at=generated_at,
        keywords=(
            "Relazione sulla performance",
            str(cycle.year),
            cycle.administration_name,
            "performance organizzativa",
            "performance individuale",
        ),
    )


def _gender_datasets(staff: StaffData | None) -> tuple[Dataset, ...]:
    dataset = gender_dataset(staff) if staff is not None else None
    return () if dataset is None else (dataset,)


def plan_version_text(version: PlanVersionRef) -> str:
    """The cover's line on the plan accounted for: "Piano della performance adottato con
    Delibera di Giunta n. 5 del 30/01/2024 (versione 1)", or for a revision "Piano della
    performance nella versione 2, approvata con Delibera di Giunta n. 48 del 15/06/2024"."""
    act = f"{version.act_reference.strip()} del {format_date(version.act_on)}"
    if version.number == 1:
        text = f"Piano della performance adottato con {act} (versione 1)"
    else:
        text = f"Piano della performance nella versione {version.number}, approvata con {act}"
    if version.open_revision is not None:
        text = f"{text}; variazione n. {version.open_revision} in corso"
    return text


def _plan_version_blocks(version: PlanVersionRef | None) -> tuple[Block, ...]:
    """The methodological note's sentences on the plan version accounted for, if recorded."""
    if version is None:
        return ()
    act = f"{version.act_reference.strip()} del {format_date(version.act_on)}"
    if version.number == 1:
        text = (
            f"La Relazione rendiconta il Piano della performance adottato con {act} (versione 1)."
        )
    else:
        text = (
            f"La Relazione rendiconta il Piano della performance nella versione "
            f"{version.number}, l'ultima registrata, approvata con {act}."
        )
    if version.open_revision is not None:
        text = (
            f"{text} Alla data del documento è in corso la variazione n. "
            f"{version.open_revision}: le modifiche già apportate al piano sono comprese nei dati."
        )
    return (Paragraph(text),)


class _Composer:
    """Builds the sections of one report; holds the lookups every section shares."""

    def __init__(
        self,
        plan: PlanData,
        scored: ScoredPlan,
        branding: Branding,
        plan_version: PlanVersionRef | None = None,
        staff: StaffData | None = None,
    ) -> None:
        self.plan = plan
        self.staff = staff or StaffData()
        self.plan_version = plan_version
        self.scored = scored
        self.branding = branding
        self.rules = scored.rules
        self.cells = ScoreCells(scored.rules)
        self.narratives = narratives_by_key(plan.narratives)
        levels = sorted(plan.levels, key=lambda level: level.depth)
        self.level_names = {level.key: level.name for level in levels}
        keys = [level.key for level in levels if level.key != ENTITY_LEVEL]
        self.operational_level = keys[-1] if keys else "operational_objective"
        self.strategic_level = keys[-2] if len(keys) > 1 else self.operational_level
        self.measurement_rows = _measurements_by_indicator(plan)
        self.individual_objectives: Sequence[IndividualObjectives] | None = None

    # -- the document --------------------------------------------------------------------

    def sections(self) -> tuple[Section, ...]:
        return (
            Section("premessa", "", "Premessa", self._narrative("premessa", "Premessa")),
            self._results(),
            self._context(),
            self._organisational_performance(),
            self._individual_objectives(),
            self._process(),
            Section(
                "nota-metodologica",
                "",
                "Nota metodologica",
                (
                    *_plan_version_blocks(self.plan_version),
                    *methodology_blocks(self.rules, self.plan.levels, self.plan.notes),
                ),
            ),
        )

    def _narrative(self, key: str, subject: str, *, is_optional: bool = False) -> tuple[Block, ...]:
        return narrative_blocks(self.narratives, key, subject, is_optional=is_optional)

    # -- 1 Principali risultati raggiunti ------------------------------------------------

    def _results(self) -> Section:
        has_not_available = any(
            node.status is ObjectiveStatus.NOT_AVAILABLE for node in self.scored.nodes()
        )
        blocks = (
            *self._narrative("results_intro", "Principali risultati raggiunti"),
            legend_for(self.rules, has_not_available=has_not_available),
            self._key_figures(),
            self._results_table(),
        )
        return Section("1", "1", "Principali risultati raggiunti", blocks)

    def _key_figures(self) -> KeyFigures:
        root = self.scored.root
        items = [
            KeyFigure(
                "Performance di ente",
                self.cells.score_text(root.computed_percent, root.evaluated_percent, root.override),
                badge_for(root.status),
                self._method_text(root),
            )
        ]
        areas = [child for child in root.children if child.level != self.strategic_level]
        for index, area in enumerate(areas):
            number = _ROMAN[index] if index < len(_ROMAN) else str(index + 1)
            level_name = self.level_names.get(area.level, "")
            items.append(
                KeyFigure(
                    f"{level_name} {number} – {area.name}".strip(),
                    self.cells.score_text(
                        area.computed_percent, area.evaluated_percent, area.override
                    ),
                    badge_for(area.status),
                    self._method_text(area),
                )
            )
        return KeyFigures(tuple(items))

    def _method_text(self, node: NodeScore) -> str:
        method = (
            "Media ponderata" if node.aggregation is Aggregation.WEIGHTED_MEAN else "Media semplice"
        )
        valued = [item for item in node.contributions if item.percent is not None]
        level = node.over_level or (node.children[0].level if node.children else "")
        level_name = self.level_names.get(level, "indicatori")
        items = "elemento" if len(valued) == 1 else "elementi"
        return f"{method} di {len(valued)} {items} del livello «{level_name}»"

    def _results_table(self) -> Table:
        """Section 1's table: each strategic objective with its operational objectives.

        The strategic objective's name, score and status sit on the first row of its group,
        as in the reference report.
        """
        columns = (
            Column(self.level_names.get(self.strategic_level, "Obiettivo strategico"), width=4),
            Column(self.level_names.get(self.operational_level, "Obiettivo operativo"), width=5),
            Column("Performance", Align.RIGHT, 2, "percent"),
            Column("Stato", Align.LEFT, 2, "status"),
            Column("Performance strategica", Align.RIGHT, 2, "percent"),
            Column("Stato strategico", Align.LEFT, 2, "status"),
        )
        blank = (Cell(""), Cell(""))
        rows: list[Row] = []
        shown: list[NodeScore] = []
        for strategic in self._nodes_at(self.strategic_level):
            shown.append(strategic)
            name = Cell(strategic.name, strategic.code, is_emphasised=True)
            figures = (
                self.cells.node_score(strategic, is_emphasised=True),
                self.cells.status(strategic.status, is_emphasised=True),
            )
            if not strategic.children:
                rows.append(Row((name, Cell(_NO_EXPLANATION), *blank, *figures)))
            for index, objective in enumerate(strategic.children):
                shown.append(objective)
                first = index == 0
                rows.append(
                    Row(
                        (
                            name if first else Cell(""),
                            Cell(objective.name, objective.code),
                            self.cells.node_score(objective),
                            self.cells.status(objective.status),
                            *(figures if first else blank),
                        )
                    )
                )
        return Table(
            "sintesi-obiettivi",
            "Performance degli obiettivi strategici e operativi",
            columns,
            tuple(rows),
            notes=self._override_notes(shown),
        )

    # -- 2 Analisi del contesto e delle risorse ------------------------------------------

    def _context(self) -> Section:
        tables = self.plan.context_tables
        economy = Section(
            "2.1",
            "2.1",
            "Il contesto economico",
            self._narrative("context_economy", "Il contesto economico")
            + self._tables_of(tables, "economy"),
        )
        parts = tuple(
            Section(
                f"2.2-{key.replace('_', '-')}",
                "",
                title,
                self._narrative(key, title) + self._tables_of(tables, key),
            )
            for key, title in _STAFF_PARTS
        )
        staff = Section("2.2", "2.2", "L'organizzazione e il personale", subsections=parts)
        resources = Section(
            "2.3",
            "2.3",
            "Le risorse economiche",
            self._narrative("resources", "Le risorse economiche")
            + self._tables_of(tables, "resources"),
        )
        subsections = [economy, staff, resources]
        others = [table for table in tables if table.section not in _KNOWN_CONTEXT_SECTIONS]
        if others:
            blocks: tuple[Block, ...] = ()
            for table in others:
                blocks += context_table_blocks(table, self.branding)
            subsections.append(Section("2.4", "2.4", "Altri dati di contesto", blocks))
        return Section(
            "2", "2", "Analisi del contesto e delle risorse", subsections=tuple(subsections)
        )

    def _tables_of(self, tables: Iterable[ContextTable], section: str) -> tuple[Block, ...]:
        blocks: tuple[Block, ...] = ()
        for table in tables:
            if table.section == section:
                blocks += context_table_blocks(table, self.branding)
        return blocks

    # -- 3 Rendicontazione della performance organizzativa -------------------------------

    def _organisational_performance(self) -> Section:
        return Section(
            "3",
            "3",
            "Rendicontazione della performance organizzativa",
            subsections=(
                self._tree(),
                self._objectives(),
                self._overall_evaluation(),
                self._gender_balance(),
            ),
        )

    def _gender_balance(self) -> Section:
        """3.3 Bilancio di genere: required by art. 10 c. 1 lett. b D.Lgs. 150/2009."""
        return Section(
            "3.3",
            "3.3",
            "Bilancio di genere",
            self._narrative("gender_balance", "Bilancio di genere", is_optional=True)
            + gender_balance_blocks(self.staff, self.branding),
        )

    def _tree(self) -> Section:
        root = self.scored.root
        columns = (
            Column("Peso", Align.RIGHT, 1, "percent"),
            Column("Codice", Align.LEFT, 1),
            Column("Obiettivo", Align.LEFT, 6),
            Column("Performance", Align.RIGHT, 2, "percent"),
            Column("Stato", Align.LEFT, 2, "status"),
        )
        rows = [
            Row(
                (
                    Cell("", None),
                    Cell(self.level_names.get(ENTITY_LEVEL, "Ente"), root.code, is_emphasised=True),
                    Cell(root.name, root.name, is_emphasised=True),
                    self.cells.node_score(root, is_emphasised=True),
                    self.cells.status(root.status, is_emphasised=True),
                )
            )
        ]
        shown = [root]
        for item in root.contributions:
            if item.is_indicator:
                continue
            node = self.scored.node(item.code)
            shown.append(node)
            rows.append(
                Row(
                    (
                        self.cells.weight(item.effective_weight),
                        Cell(node.code, node.code),
                        Cell(node.name, node.name),
                        self.cells.node_score(node),
                        self.cells.status(node.status),
                    )
                )
            )
        table = Table(
            "albero-della-performance",
            "Albero della performance",
            columns,
            tuple(rows),
            notes=self._override_notes(shown),
        )
        blocks = self._narrative("tree_intro", "Albero della performance", is_optional=True)
        return Section("3.0", "3.0", "Albero della performance", (*blocks, table))

    def _objectives(self) -> Section:
        subsections = []
        for child in self.scored.root.children:
            if child.level == self.strategic_level:
                subsections.append(self._strategic_section(child))
                continue
            level_name = self.level_names.get(child.level, "Ambito strategico")
            subsections.append(
                Section(
                    f"3.1-{child.code}",
                    "",
                    f"{level_name}: {child.name}",
                    subsections=tuple(
                        self._strategic_section(strategic)
                        for strategic in child.walk()
                        if strategic.level == self.strategic_level
                    ),
                )
            )
        blocks = self._narrative(
            "objectives_intro",
            "Rendicontazione degli obiettivi strategici e operativi",
            is_optional=True,
        )
        return Section(
            "3.1",
            "3.1",
            "Rendicontazione degli obiettivi strategici triennali e degli obiettivi operativi "
            "annuali",
            blocks,
            tuple(subsections),
        )

    def _strategic_section(self, strategic: NodeScore) -> Section:
        blocks: list[Block] = [self._strategic_table(strategic)]
        for child in strategic.children:
            blocks.extend(self._objective_tables(child))
        return Section(f"3.1-{strategic.code}", "", strategic.name, tuple(blocks))

    def _strategic_table(self, strategic: NodeScore) -> Table:
        measured = sum(node.measured_count for node in strategic.walk())
        planned = sum(node.planned_count for node in strategic.walk())
        has_override = strategic.override is not None
        columns = [
            Column("Codice", Align.LEFT, 1),
            Column(self.level_names.get(self.strategic_level, "Obiettivo strategico"), width=6),
            Column("Indicatori valutati", Align.RIGHT, 2),
            Column("Grado calcolato", Align.RIGHT, 2, "percent"),
        ]
        cells = [
            Cell(strategic.code, strategic.code),
            Cell(strategic.name, strategic.name),
            Cell(f"{measured} di {planned}", f"{measured} di {planned}"),
            self.cells.computed(strategic.computed_percent),
        ]
        if has_override:
            columns.append(Column("Grado valutato", Align.RIGHT, 2, "percent"))
            cells.append(self.cells.computed(strategic.evaluated_percent))
        columns.append(Column("Stato", Align.LEFT, 2, "status"))
        cells.append(self.cells.status(strategic.status))
        return Table(
            f"obiettivo-strategico-{strategic.code}",
            f"{strategic.code} – {strategic.name}",
            tuple(columns),
            (Row(tuple(cells)),),
            notes=self._override_notes([strategic]),
        )

    def _objective_tables(self, objective: NodeScore) -> Iterator[Table]:
        """The indicator table of ``objective``, then those of its own child objectives."""
        rows: list[Row] = []
        indicators: list[IndicatorScore] = []
        for item in objective.contributions:
            if item.is_indicator:
                indicator = self.scored.indicator(item.code)
                indicators.append(indicator)
                measurement = indicator.measurement
                actual = None if measurement is None else measurement.value
                rows.append(
                    Row(
                        (
                            self.cells.weight(item.effective_weight),
                            Cell(indicator.code, indicator.code),
                            Cell(indicator.name, indicator.name),
                            Cell(target_text(indicator.target, indicator.unit)),
                            Cell(actual_text(actual, indicator.unit)),
                            self.cells.indicator_score(indicator),
                            self.cells.status(indicator.status),
                        )
                    )
                )
            else:
                child = self.scored.node(item.code)
                rows.append(
                    Row(
                        (
                            self.cells.weight(item.effective_weight),
                            Cell(child.code, child.code),
                            Cell(child.name, child.name),
                            Cell(""),
                            Cell(""),
                            self.cells.node_score(child),
                            self.cells.status(child.status),
                        )
                    )
                )
        rows.append(
            Row(
                (
                    Cell("Grado di raggiungimento dell'obiettivo", colspan=5, is_emphasised=True),
                    self.cells.node_score(objective, is_emphasised=True),
                    self.cells.status(objective.status, is_emphasised=True),
                ),
                RowKind.TOTAL,
            )
        )
        yield Table(
            f"obiettivo-{objective.code}",
            f"{objective.code} – {objective.name}",
            _INDICATOR_COLUMNS,
            tuple(rows),
            notes=self._override_notes([objective], indicators),
        )
        for child in objective.children:
            yield from self._objective_tables(child)

    def _overall_evaluation(self) -> Section:
        blocks = (
            *self._narrative(
                "overall_evaluation", "Valutazione complessiva della performance organizzativa"
            ),
            BulletList(self._overall_facts()),
            *self._deviations(),
            *self._overrides(),
        )
        return Section(
            "3.2", "3.2", "Valutazione complessiva della performance organizzativa", blocks
        )

    def _overall_facts(self) -> tuple[str, ...]:
        root = self.scored.root
        thresholds = self.rules.objective_thresholds
        operational = self._nodes_at(self.operational_level)
        achieved = [node for node in operational if node.status is ObjectiveStatus.ACHIEVED]
        objectives = [
            node
            for node in self.scored.nodes()
            if node.level in (self.strategic_level, self.operational_level)
        ]
        below = [node for node in objectives if node.status is ObjectiveStatus.NOT_ACHIEVED]
        unscored = [node for node in objectives if node.status is ObjectiveStatus.NOT_AVAILABLE]
        best, middle = threshold_text(thresholds.best), threshold_text(thresholds.middle)
        entity = self.cells.score_text(root.computed_percent, root.evaluated_percent, root.override)
        facts = [f"La performance di ente è pari {_to(entity)} ({root.status.label})."]
        if operational:
            share = self.cells.percent(Decimal(len(achieved)) * _HUNDRED / len(operational))
            facts.append(
                f"Gli obiettivi operativi con una performance pari o superiore {_to(best)} sono "
                f"{len(achieved)} su {len(operational)} ({share})."
            )
        if not below:
            facts.append(f"Nessun obiettivo ha realizzato una performance inferiore {_to(middle)}.")
        else:
            listed = "; ".join(
                f"{node.code} {node.name} {self.cells.percent(node.evaluated_percent)}"
                for node in below
            )
            verb = "ha" if len(below) == 1 else "hanno"
            noun = "obiettivo" if len(below) == 1 else "obiettivi"
            facts.append(
                f"{len(below)} {noun} {verb} realizzato una performance inferiore {_to(middle)}: "
                f"{listed}."
            )
        if unscored:
            facts.append(
                f"Obiettivi da valutare, senza alcun indicatore misurato: {len(unscored)} ("
                + "; ".join(f"{node.code} {node.name}" for node in unscored)
                + ")."
            )
        deviations, not_available = self._deviation_links()
        linked = {code for _, code in self._links()}
        missing = {code for _, code in not_available}
        if missing:
            facts.append(
                f"Gli indicatori non misurati (N/D) sono {len(missing)} su {len(linked)}: il "
                "loro peso è stato ridistribuito sugli altri indicatori dei rispettivi obiettivi."
            )
        else:
            facts.append(f"Tutti i {len(linked)} indicatori sono stati misurati.")
        if deviations:
            facts.append(
                f"Gli indicatori con un grado inferiore al 100 % sono {len(deviations)} (un "
                "indicatore collegato a più obiettivi è contato per ciascuno): sono elencati "
                "nella tabella degli scostamenti con la relativa spiegazione."
            )
        else:
            facts.append("Tutti gli indicatori misurati hanno raggiunto il 100 %.")
        return tuple(facts)

    def _links(self) -> Iterator[tuple[NodeScore, str]]:
        """Every (objective, indicator code) link, in tree order."""
        for node in self.scored.nodes():
            for item in node.contributions:
                if item.is_indicator:
                    yield node, item.code

    def _deviation_links(
        self,
    ) -> tuple[list[tuple[NodeScore, str]], list[tuple[NodeScore, str]]]:
        """Links whose indicator shows below 100 %, and links whose indicator is N/D."""
        below, not_available = [], []
        for node, code in self._links():
            percent = self.scored.indicator(code).evaluated_percent
            if percent is None:
                not_available.append((node, code))
            elif self.rules.round_percent(percent) < _HUNDRED:
                below.append((node, code))
        return below, not_available

    def _deviations(self) -> tuple[Block, ...]:
        below, not_available = self._deviation_links()
        if not below and not not_available:
            return ()
        columns = (
            Column("Indicatore", Align.LEFT, 6),
            Column("Obiettivo", Align.LEFT, 5),
            Column("Target", Align.RIGHT, 2),
            Column("Consuntivo", Align.RIGHT, 2),
            Column("Grado", Align.RIGHT, 2, "percent"),
            Column("Stato", Align.LEFT, 2, "status"),
            Column("Spiegazione", Align.LEFT, 3),
        )
        rows: list[Row] = []
        groups = (
            ("Indicatori con grado inferiore al 100 %", below, False),
            ("Indicatori non misurati (N/D)", not_available, True),
        )
        for title, links, is_not_available in groups:
            if not links:
                continue
            rows.append(
                Row((Cell(title, colspan=len(columns), is_emphasised=True),), RowKind.GROUP)
            )
            for node, code in links:
                rows.append(
                    self._deviation_row(node, self.scored.indicator(code), is_not_available)
                )
        return (
            Paragraph(
                "Di seguito l'elenco completo degli scostamenti: ogni indicatore con un grado "
                "inferiore al 100 % e ogni indicatore non misurato, con la spiegazione registrata."
            ),
            Table(
                "scostamenti",
                "Scostamenti: indicatori sotto il 100 % e indicatori non misurati",
                columns,
                tuple(rows),
            ),
        )

    def _deviation_row(
        self, node: NodeScore, indicator: IndicatorScore, is_not_available: bool
    ) -> Row:
        measurement = indicator.measurement
        actual = None if measurement is None else measurement.value
        recorded = self.measurement_rows.get(indicator.code)
        comment = recorded.comment.strip() if recorded is not None else ""
        if is_not_available:
            reason = measurement.not_available_reason.strip() if measurement is not None else ""
            explanation = reason or comment or "Nessun consuntivo registrato"
        else:
            explanation = comment or _NO_EXPLANATION
        objective = f"{node.code} – {node.name}"
        return Row(
            (
                Cell(indicator.name, indicator.code),
                Cell(objective, node.code),
                Cell(target_text(indicator.target, indicator.unit)),
                Cell(actual_text(actual, indicator.unit)),
                self.cells.indicator_score(indicator),
                self.cells.status(indicator.status),
                Cell(explanation, explanation),
            )
        )

    def _overrides(self) -> tuple[Block, ...]:
        overridden: list[tuple[str, str, Decimal | None, Decimal | None, str, str]] = []
        for node in self.scored.nodes():
            if node.override is not None:
                overridden.append(
                    (
                        node.code,
                        node.name,
                        node.computed_percent,
                        node.evaluated_percent,
                        node.override.evaluator,
                        node.override.justification,
                    )
                )
        seen: set[str] = set()
        for _, code in self._links():
            indicator = self.scored.indicator(code)
            if indicator.override is not None and code not in seen:
                seen.add(code)
                overridden.append(
                    (
                        code,
                        indicator.name,
                        indicator.computed_percent,
                        indicator.evaluated_percent,
                        indicator.override.evaluator,
                        indicator.override.justification,
                    )
                )
        if not overridden:
            return (
                Paragraph(
                    "Non sono stati registrati interventi dei valutatori: tutti i gradi "
                    "riportati sono quelli calcolati."
                ),
            )
        columns = (
            Column("Codice", Align.LEFT, 2),
            Column("Obiettivo o indicatore", Align.LEFT, 5),
            Column("Grado calcolato", Align.RIGHT, 2, "percent"),
            Column("Grado valutato", Align.RIGHT, 2, "percent"),
            Column("Valutatore", Align.LEFT, 2),
            Column("Motivazione", Align.LEFT, 5),
        )
        rows = tuple(
            Row(
                (
                    Cell(code, code),
                    Cell(name, name),
                    self.cells.computed(computed),
                    self.cells.computed(evaluated),
                    Cell(evaluator, evaluator),
                    Cell(justification, justification),
                )
            )
            for code, name, computed, evaluated, evaluator, justification in overridden
        )
        return (
            Paragraph(
                "Gli interventi dei valutatori sul grado calcolato, con la loro motivazione, "
                "sono i seguenti."
            ),
            Table("interventi-valutatori", "Interventi dei valutatori", columns, rows),
        )

    # -- 4 Rendicontazione degli obiettivi individuali -----------------------------------

    def _individual_objectives(self) -> Section:
        blocks: list[Block] = list(
            self._narrative("individual_intro", "Rendicontazione degli obiettivi individuali")
        )
        for person_code, heading, codes in self._individual_lists():
            if not codes:
                continue
            rows = []
            shown = []
            for code in codes:
                node = self.scored.find(code)
                if isinstance(node, NodeScore):
                    shown.append(node)
                    rows.append(
                        Row(
                            (
                                Cell(node.name, node.code),
                                self.cells.node_score(node),
                                self.cells.status(node.status),
                            )
                        )
                    )
                else:
                    rows.append(
                        Row(
                            (
                                Cell(f"{code} (obiettivo non presente nell'albero)", code),
                                Cell("N/D", None),
                                self.cells.status(ObjectiveStatus.NOT_AVAILABLE),
                            )
                        )
                    )
            blocks.append(
                Table(
                    f"obiettivi-individuali-{person_code}",
                    heading,
                    (
                        Column(heading, Align.LEFT, 6),
                        Column("Performance", Align.RIGHT, 2, "percent"),
                        Column("Stato", Align.LEFT, 2, "status"),
                    ),
                    tuple(rows),
                    notes=self._override_notes(shown),
                )
            )
        return Section("4", "4", "Rendicontazione degli obiettivi individuali", tuple(blocks))

    def _individual_lists(self) -> list[tuple[str, str, list[str]]]:
        """(person code, heading, objective codes): from the sheets when given, else from the
        plan's assignments."""
        if self.individual_objectives is not None:
            return [
                (item.person_code, item.heading, list(item.objective_codes))
                for item in self.individual_objectives
            ]
        lists = []
        for person in self.plan.people:
            codes = [
                row.objective_code
                for row in self.plan.assignments
                if row.person_code == person.code
            ]
            heading = f"{person.title} ({person.name})" if person.title else person.name
            lists.append((person.code, heading, codes))
        return lists

    # -- 5 Il processo di misurazione e valutazione --------------------------------------

    def _process(self) -> Section:
        blocks: list[Block] = list(
            self._narrative("process_intro", "Il processo di misurazione e valutazione")
        )
        years: list[str] = []
        for step in self.plan.process_steps:
            if step.year not in years:
                years.append(step.year)
        for year in years:
            steps = [step for step in self.plan.process_steps if step.year == year]
            blocks.append(_process_table(year, steps))
        return Section("5", "5", "Il processo di misurazione e valutazione", tuple(blocks))

    # -- shared ---------------------------------------------------------------------------

    def _nodes_at(self, level: str) -> list[NodeScore]:
        return [node for node in self.scored.nodes() if node.level == level]

    def _override_notes(
        self, nodes: Iterable[NodeScore], indicators: Iterable[IndicatorScore] = ()
    ) -> tuple[str, ...]:
        """One note per overridden item shown in a table: both figures and the justification."""
        notes = []
        items: list[NodeScore | IndicatorScore] = [*nodes, *indicators]
        for item in items:
            override = item.override
            if override is None:
                continue
            by = f" da {override.evaluator}" if override.evaluator.strip() else ""
            notes.append(
                f"{item.code} {item.name}: grado valutato{by} "
                f"{self.cells.percent(item.evaluated_percent)} al posto del grado calcolato "
                f"{self.cells.percent(item.computed_percent)}. Motivazione: "
                f"{override.justification}"
            )
        return tuple(notes)


def _process_table(year: str, steps: list[ProcessStepRow]) -> Table:
    columns = (
        Column("COSA", Align.LEFT, 4),
        Column("CHI", Align.LEFT, 3),
        Column("COME", Align.LEFT, 4),
        Column(f"QUANDO (ANNO {year})", Align.LEFT, 2),
    )
    rows = tuple(
        Row(
            (
                Cell(step.what, step.what),
                Cell(step.who, step.who),
                Cell(step.how, step.how),
                Cell(step.when, step.when),
            )
        )
        for step in steps
    )
    key = "processo-anno-" + year.lower().replace("+", "-piu-").strip("-")
    return Table(key, f"Il processo di misurazione e valutazione: anno {year}", columns, rows)


def _to(text: str) -> str:
    """The Italian "a" + article before a percentage: "al 60 %", "all'80 %", "all'11 %"."""
    is_vowel_sound = text.startswith("8") or (text.startswith("11") and not text[2:3].isdigit())
    return f"all'{text}" if is_vowel_sound else f"al {text}"


def _measurements_by_indicator(plan: PlanData) -> dict[str, MeasurementRow]:
    """The measurement rows of the period the report describes (the final one), by indicator."""
    period = period_for(plan)
    if period is None:
        return {}
    return {row.indicator_code: row for row in plan.measurements if row.period_code == period.code}
