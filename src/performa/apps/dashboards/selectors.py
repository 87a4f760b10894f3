"""Reads of the cruscotto and of an objective's page: the scored tree of one monitoring period,
filtered, with headline cards, deviations, and each objective's indicators and trace.

Plan and scores come from ``cycle_plan_and_scores`` (``cycle_scores`` with its plan), computed
once per call and cached per data version; every query is per cycle, never per node, so the
number of queries does not grow with the tree. Figures are formatted here, once,
by ``performa.reporting`` (the rule set's display rounding, Italian separators).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from performa.apps.administrations.access import is_cycle_locked
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_frozen_scores, cycle_plan_and_scores
from performa.apps.cycles.snapshots import FrozenScores
from performa.apps.measurements.models import Measurement, MeasurementStatus
from performa.apps.measurements.selectors import computations_of
from performa.reporting.badges import badge_for
from performa.reporting.cells import ScoreCells, actual_text, target_text
from performa.reporting.document import StatusBadge
from performa.reporting.formatting import format_date, format_number, format_percent
from performa.scoring import (
    ActualValue,
    Aggregation,
    Contribution,
    Explanation,
    IndicatorScore,
    IndicatorStatus,
    NodeScore,
    ObjectiveStatus,
    Override,
    ScoredPlan,
    explain,
)
from performa.workbook.data import MeasurementRow, NodeRow, PlanData

_HUNDRED: Final = Decimal(100)


class ObjectiveNotFound(LookupError):
    """No node of the cycle has the code asked for."""


@dataclass(frozen=True, slots=True)
class Score:
    """A score as shown: the evaluated one (what counts) and, when an evaluator intervened, the
    computed one beside it. Texts are formatted with the cycle's display rounding."""

    evaluated_percent: Decimal | None
    computed_percent: Decimal | None
    evaluated_text: str
    computed_text: str
    badge: StatusBadge
    override: Override | None

    @property
    def is_overridden(self) -> bool:
        return self.override is not None

    @property
    def tone(self) -> str:
        return self.badge.tone.value


@dataclass(frozen=True, slots=True)
class PeriodChoice:
    """A monitoring period of the cycle, as the period selector lists it."""

    code: str
    name: str
    is_final: bool
    is_open: bool
    deadline_on: date | None


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a filter: the value sent in the query string and its label."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class DashboardFilters:
    """The cruscotto's filters; an empty string means "any"."""

    area: str = ""
    unit: str = ""
    manager: str = ""
    status: str = ""

    @property
    def is_active(self) -> bool:
        return bool(self.area or self.unit or self.manager or self.status)


@dataclass(frozen=True, slots=True)
class Headline:
    """A headline card: the entity or a strategic area."""

    code: str
    name: str
    level_name: str
    score: Score


@dataclass(frozen=True, slots=True)
class TreeRow:
    """A node of the tree as a row; ``is_context`` rows are ancestors of matches, shown greyed."""

    code: str
    name: str
    level_name: str
    depth: int
    is_context: bool
    unit_name: str
    manager_name: str
    score: Score
    measured_count: int
    planned_count: int

    @property
    def has_indicators(self) -> bool:
        return self.planned_count > 0


@dataclass(frozen=True, slots=True)
class DeviationRow:
    """An indicator in the deviations list (per objective it is linked to)."""

    indicator_code: str
    indicator_name: str
    objective_code: str
    objective_name: str
    target_text: str
    actual_text: str
    score: Score
    explanation: str
    period_name: str = ""
    deadline_text: str = ""


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the cruscotto shows for one period and one set of filters."""

    period: PeriodChoice | None
    periods: tuple[PeriodChoice, ...]
    entity: Headline
    areas: tuple[Headline, ...]
    rows: tuple[TreeRow, ...]
    matched_count: int
    below_target: tuple[DeviationRow, ...]
    not_available: tuple[DeviationRow, ...]
    late: tuple[DeviationRow, ...]
    filters: DashboardFilters
    area_options: tuple[Option, ...]
    unit_options: tuple[Option, ...]
    manager_options: tuple[Option, ...]
    status_options: tuple[Option, ...]
    frozen_at: datetime | None = None
    """When the figures shown were frozen by the OIV's validation (``None``: computed now)."""


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One line of "Come è calcolato"."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """An indicator of an objective, with its weight there, its figures and its trace."""

    code: str
    name: str
    planned_weight_text: str
    effective_weight_text: str
    target_text: str
    actual_text: str
    score: Score
    explanation: str
    trace: tuple[TraceStep, ...]


@dataclass(frozen=True, slots=True)
class ChildLine:
    """A child objective of a node, with its weight in the node's average."""

    code: str
    name: str
    level_name: str
    planned_weight_text: str
    effective_weight_text: str
    score: Score


@dataclass(frozen=True, slots=True)
class ObjectiveDetail:
    """One node of the tree: its score, its items, and how the score is computed."""

    code: str
    name: str
    description: str
    level_name: str
    unit_name: str
    manager_name: str
    path: tuple[Option, ...]
    score: Score
    children: tuple[ChildLine, ...]
    indicators: tuple[IndicatorLine, ...]
    measured_count: int
    planned_count: int
    trace: tuple[TraceStep, ...]
    engine_trace: tuple[TraceStep, ...]
    period: PeriodChoice | None
    periods: tuple[PeriodChoice, ...]
    frozen_at: datetime | None = None

    @property
    def history_codes(self) -> tuple[str, ...]:
        """The codes whose audit entries make up this objective's history."""
        return (self.code, *(line.code for line in self.indicators))


@dataclass(frozen=True, slots=True)
class _CycleView:
    """A cycle's plan and scores for one period, read and computed once; for a validated
    cycle, ``frozen`` holds the figures of its validation for that period."""

    plan: PlanData
    scored: ScoredPlan
    cells: ScoreCells
    period: PeriodChoice | None
    periods: tuple[PeriodChoice, ...]
    frozen: FrozenScores | None = None

    @property
    def frozen_at(self) -> datetime | None:
        return self.frozen.taken_at if self.frozen is not None else None

    def level_name(self, key: str) -> str:
        for level in self.plan.levels:
            if level.key == key:
                return level.name
        return key

    def actual_of(self, indicator: IndicatorScore) -> ActualValue | None:
        """The indicator's actual value; a validated cycle's frozen one wins."""
        if self.frozen is not None and indicator.code in self.frozen.indicators:
            return self.frozen.indicators[indicator.code].actual
        measurement = indicator.measurement
        return None if measurement is None else measurement.value

    def score_of(self, item: NodeScore | IndicatorScore) -> Score:
        """``item``'s score; a validated cycle's frozen figures win over the computed ones."""
        evaluated, computed = item.evaluated_percent, item.computed_percent
        status: ObjectiveStatus | IndicatorStatus = item.status
        if self.frozen is not None:
            is_indicator = isinstance(item, IndicatorScore)
            table = self.frozen.indicators if is_indicator else self.frozen.nodes
            frozen = table.get(item.code)
            if frozen is not None and frozen.status:
                evaluated, computed = frozen.evaluated_percent, frozen.computed_percent
                status = (IndicatorStatus if is_indicator else ObjectiveStatus)(frozen.status)
        return Score(
            evaluated_percent=evaluated,
            computed_percent=computed,
            evaluated_text=self.cells.percent(evaluated),
            computed_text=self.cells.percent(computed),
            badge=badge_for(status),
            override=item.override,
        )


def cycle_periods_for(*, cycle: Cycle) -> tuple[PeriodChoice, ...]:
    """The monitoring periods of ``cycle`` in their order (one query)."""
    return tuple(
        PeriodChoice(
            code=period.code,
            name=period.name,
            is_final=period.is_final,
            is_open=period.is_open,
            deadline_on=period.deadline_on,
        )
        for period in cycle.periods.order_by("position")
    )


def period_choose(periods: tuple[PeriodChoice, ...], requested: str = "") -> PeriodChoice | None:
    """The period ``requested`` if the cycle has it; else the final one, else an open one, else
    the last one; ``None`` when the cycle has no period."""
    by_code = {period.code: period for period in periods}
    if requested in by_code:
        return by_code[requested]
    finals = [period for period in periods if period.is_final]
    opened = [period for period in periods if period.is_open]
    for candidates in (finals, opened, list(periods[-1:])):
        if candidates:
            return candidates[0]
    return None


def _cycle_view(cycle: Cycle, period_code: str) -> _CycleView:
    periods = cycle_periods_for(cycle=cycle)
    period = period_choose(periods, period_code)
    plan, scored = cycle_plan_and_scores(cycle=cycle, period_code=period.code if period else None)
    frozen = cycle_frozen_scores(cycle) if is_cycle_locked(cycle) else None
    if frozen is not None and not _is_frozen_period(frozen, period, periods):
        frozen = None  # the snapshot holds one period's figures (the final one)
    return _CycleView(plan, scored, ScoreCells(plan.rules), period, periods, frozen)


def _is_frozen_period(
    frozen: FrozenScores, period: PeriodChoice | None, periods: tuple[PeriodChoice, ...]
) -> bool:
    if period is None:
        return False
    if frozen.period_code is None:  # scored with the default: the last period
        return period == periods[-1]
    return frozen.period_code == period.code


# -- the cruscotto -------------------------------------------------------------------------


def dashboard_for(
    *, cycle: Cycle, filters: DashboardFilters, period_code: str = "", today: date
) -> Dashboard:
    """The cruscotto of ``cycle`` for the period ``period_code`` (see ``period_choose``).

    Headline cards for the entity and each strategic area; the tree (areas → strategic →
    operational objectives) narrowed by ``filters`` (a node matches when it satisfies every
    filter given; its ancestors are kept as context rows); and the deviations of the indicators
    linked to matching nodes: evaluated achievement shown below 100 %, N/D, and figures late in
    an open period whose deadline is before ``today`` (no submitted or accepted value).
    A fixed number of queries whatever the size of the tree. Source: DOMAIN.md §2.4, §2.7, §5.2.
    """
    view = _cycle_view(cycle, period_code)
    root = view.scored.root
    node_rows = {row.code: row for row in view.plan.nodes}
    rows, matched = _tree_rows(view, node_rows, filters)
    in_scope = [
        node for node in view.scored.nodes()[1:] if not filters.is_active or node.code in matched
    ]
    below, not_available = _deviations(view, in_scope)
    return Dashboard(
        period=view.period,
        periods=view.periods,
        entity=Headline(root.code, root.name, view.level_name(root.level), view.score_of(root)),
        areas=tuple(
            Headline(area.code, area.name, view.level_name(area.level), view.score_of(area))
            for area in root.children
        ),
        rows=rows,
        matched_count=len(matched) if filters.is_active else len(rows),
        below_target=below,
        not_available=not_available,
        late=_late(view, cycle, in_scope, today),
        filters=filters,
        area_options=tuple(
            Option(area.code, f"{area.code} – {area.name}") for area in root.children
        ),
        unit_options=_unit_options(view.plan),
        manager_options=_manager_options(view.plan),
        status_options=tuple(Option(status.value, status.label) for status in ObjectiveStatus),
        frozen_at=view.frozen_at,
    )


def _matches(
    filters: DashboardFilters, node: NodeScore, row: NodeRow | None, area_code: str
) -> bool:
    if filters.area and area_code != filters.area:
        return False
    if filters.unit and (row is None or row.owner_unit != filters.unit):
        return False
    if filters.manager and (row is None or row.manager != filters.manager):
        return False
    return not (filters.status and node.status.value != filters.status)


def _tree_rows(
    view: _CycleView, node_rows: dict[str, NodeRow], filters: DashboardFilters
) -> tuple[tuple[TreeRow, ...], set[str]]:
    """The tree in order, narrowed to matching nodes and their ancestors; and the matches."""
    units = {unit.code: unit.name for unit in view.plan.units}
    people = {person.code: person.name for person in view.plan.people}
    ordered: list[tuple[NodeScore, int]] = []
    matched: set[str] = set()
    kept: set[str] = set()

    def visit(node: NodeScore, depth: int, area_code: str, ancestors: tuple[str, ...]) -> None:
        ordered.append((node, depth))
        if _matches(filters, node, node_rows.get(node.code), area_code):
            matched.add(node.code)
            kept.update(ancestors)
            kept.add(node.code)
        for child in node.children:
            visit(child, depth + 1, area_code, (*ancestors, node.code))

    for area in view.scored.root.children:
        visit(area, 1, area.code, ())
    rows = []
    for node, depth in ordered:
        if filters.is_active and node.code not in kept:
            continue
        row = node_rows.get(node.code)
        unit_code = row.owner_unit if row else None
        manager_code = row.manager if row else None
        rows.append(
            TreeRow(
                code=node.code,
                name=node.name,
                level_name=view.level_name(node.level),
                depth=depth,
                is_context=filters.is_active and node.code not in matched,
                unit_name=units.get(unit_code, unit_code) if unit_code else "",
                manager_name=people.get(manager_code, manager_code) if manager_code else "",
                score=view.score_of(node),
                measured_count=node.measured_count,
                planned_count=node.planned_count,
            )
        )
    return tuple(rows), matched


def _indicator_links(nodes: list[NodeScore]) -> Iterator[tuple[NodeScore, Contribution]]:
    for node in nodes:
        for contribution in node.contributions:
            if contribution.is_indicator:
                yield node, contribution


def _deviations(
    view: _CycleView, nodes: list[NodeScore]
) -> tuple[tuple[DeviationRow, ...], tuple[DeviationRow, ...]]:
    """Links whose indicator shows below 100 %, and links whose indicator is N/D."""
    recorded = _measurements_of(view)
    below: list[DeviationRow] = []
    not_available: list[DeviationRow] = []
    for node, link in _indicator_links(nodes):
        indicator = view.scored.indicator(link.code)
        percent = indicator.evaluated_percent
        measurement = indicator.measurement
        row = recorded.get(indicator.code)
        comment = row.comment.strip() if row is not None else ""
        if percent is None:
            reason = measurement.not_available_reason.strip() if measurement else ""
            explanation = reason or comment or _("Nessun consuntivo registrato")
            not_available.append(_deviation_row(view, node, indicator, explanation))
        elif view.plan.rules.round_percent(percent) < _HUNDRED:
            explanation = comment or _("Scostamento non ancora spiegato")
            below.append(_deviation_row(view, node, indicator, explanation))
    return tuple(below), tuple(not_available)


def _deviation_row(
    view: _CycleView,
    node: NodeScore,
    indicator: IndicatorScore,
    explanation: str,
    period: PeriodChoice | None = None,
) -> DeviationRow:
    deadline = period.deadline_on if period is not None else None
    return DeviationRow(
        indicator_code=indicator.code,
        indicator_name=indicator.name,
        objective_code=node.code,
        objective_name=node.name,
        target_text=target_text(indicator.target, indicator.unit),
        actual_text=actual_text(view.actual_of(indicator), indicator.unit),
        score=view.score_of(indicator),
        explanation=explanation,
        period_name=period.name if period is not None else "",
        deadline_text=format_date(deadline) if deadline is not None else "",
    )


def _measurements_of(view: _CycleView) -> dict[str, MeasurementRow]:
    if view.period is None:
        return {}
    code = view.period.code
    return {row.indicator_code: row for row in view.plan.measurements if row.period_code == code}


def _late(
    view: _CycleView, cycle: Cycle, nodes: list[NodeScore], today: date
) -> tuple[DeviationRow, ...]:
    """Links whose indicator has no submitted or accepted value in an open, overdue period."""
    overdue = [
        period
        for period in view.periods
        if period.is_open and period.deadline_on is not None and period.deadline_on < today
    ]
    if not overdue:
        return ()
    done = set(
        Measurement.objects.filter(
            administration=cycle.administration,
            period__cycle=cycle,
            period__code__in=[period.code for period in overdue],
            status__in=[MeasurementStatus.SUBMITTED, MeasurementStatus.ACCEPTED],
        ).values_list("period__code", "indicator__code")
    )
    explanation = _("Valore non inviato entro la scadenza")
    return tuple(
        _deviation_row(view, node, view.scored.indicator(link.code), explanation, period)
        for period in overdue
        for node, link in _indicator_links(nodes)
        if (period.code, link.code) not in done
    )


def _unit_options(plan: PlanData) -> tuple[Option, ...]:
    used = {row.owner_unit for row in plan.nodes if row.owner_unit}
    return tuple(Option(unit.code, unit.name) for unit in plan.units if unit.code in used)


def _manager_options(plan: PlanData) -> tuple[Option, ...]:
    used = {row.manager for row in plan.nodes if row.manager}
    return tuple(Option(person.code, person.name) for person in plan.people if person.code in used)


# -- one objective -------------------------------------------------------------------------


def objective_detail_for(*, cycle: Cycle, code: str, period_code: str = "") -> ObjectiveDetail:
    """The node ``code`` of ``cycle`` for one period (see ``period_choose``): score, items, trace.

    Its indicators carry their planned and effective weight in this node, target, actual,
    achievement (evaluated, and computed when overridden), status and the engine's trace; its
    child objectives carry their weights and scores. ``trace`` is "Come è calcolato" in Italian,
    built from the node's contributions; ``engine_trace`` is ``performa.scoring.explain`` step by
    step. Raises ``ObjectiveNotFound`` for an unknown code or the entity itself.
    A fixed number of queries. Source: DOMAIN.md §2.4–§2.7.
    """
    return _objective_detail(cycle, _cycle_view(cycle, period_code), code)


@dataclass(frozen=True, slots=True)
class NodeDrill:
    """A row of the cruscotto's tree with its objective's detail, for the drill-down."""

    row: TreeRow
    detail: ObjectiveDetail


def node_drill_for(
    *, cycle: Cycle, code: str, filters: DashboardFilters, period_code: str = ""
) -> NodeDrill:
    """The tree row of node ``code`` (as ``dashboard_for`` shows it under ``filters``) and its
    detail, scored once. Raises ``ObjectiveNotFound`` like ``objective_detail_for``."""
    view = _cycle_view(cycle, period_code)
    detail = _objective_detail(cycle, view, code)
    node_rows = {row.code: row for row in view.plan.nodes}
    rows, _matched = _tree_rows(view, node_rows, filters)
    row = next((row for row in rows if row.code == code), None)
    if row is None:  # filtered out since the page was drawn: show it as it is
        rows, _matched = _tree_rows(view, node_rows, DashboardFilters())
        row = next(row for row in rows if row.code == code)
    return NodeDrill(row, detail)


def _objective_detail(cycle: Cycle, view: _CycleView, code: str) -> ObjectiveDetail:
    scored = view.scored
    found = scored.find(code)
    if not isinstance(found, NodeScore) or found is scored.root:
        raise ObjectiveNotFound(code)
    node = found
    node_rows = {row.code: row for row in view.plan.nodes}
    row = node_rows.get(code)
    units = {unit.code: unit.name for unit in view.plan.units}
    people = {person.code: person.name for person in view.plan.people}
    recorded = _measurements_of(view)
    computed = (
        computations_of(cycle=cycle, period_code=view.period.code)
        if view.period is not None and view.frozen is None
        else {}
    )
    return ObjectiveDetail(
        code=node.code,
        name=node.name,
        description=row.description if row else "",
        level_name=view.level_name(node.level),
        unit_name=units.get(row.owner_unit, "") if row and row.owner_unit else "",
        manager_name=people.get(row.manager, "") if row and row.manager else "",
        path=_path_of(node_rows, code),
        score=view.score_of(node),
        children=tuple(
            ChildLine(
                code=item.code,
                name=scored.node(item.code).name,
                level_name=view.level_name(scored.node(item.code).level),
                planned_weight_text=_weight_text(item.planned_weight),
                effective_weight_text=format_percent(item.effective_weight),
                score=view.score_of(scored.node(item.code)),
            )
            for item in node.contributions
            if not item.is_indicator
        ),
        indicators=tuple(
            _indicator_line(view, item, recorded.get(item.code), computed.get(item.code))
            for item in node.contributions
            if item.is_indicator
        ),
        measured_count=node.measured_count,
        planned_count=node.planned_count,
        trace=_node_trace(view, node),
        engine_trace=_engine_steps(explain(scored, code, language="it")),
        period=view.period,
        periods=view.periods,
        frozen_at=view.frozen_at,
    )


def _path_of(node_rows: dict[str, NodeRow], code: str) -> tuple[Option, ...]:
    """The ancestors of ``code``, from the strategic area down."""
    path: list[Option] = []
    parent = node_rows[code].parent_code if code in node_rows else None
    while parent is not None and parent in node_rows:
        path.append(Option(parent, node_rows[parent].name))
        parent = node_rows[parent].parent_code
    return tuple(reversed(path))


def _indicator_line(
    view: _CycleView,
    item: Contribution,
    recorded: MeasurementRow | None,
    computation: str | None = None,
) -> IndicatorLine:
    indicator = view.scored.indicator(item.code)
    measurement = indicator.measurement
    reason = measurement.not_available_reason.strip() if measurement is not None else ""
    comment = recorded.comment.strip() if recorded is not None else ""
    return IndicatorLine(
        code=indicator.code,
        name=indicator.name,
        planned_weight_text=_weight_text(item.planned_weight),
        effective_weight_text=format_percent(item.effective_weight),
        target_text=target_text(indicator.target, indicator.unit),
        actual_text=actual_text(view.actual_of(indicator), indicator.unit),
        score=view.score_of(indicator),
        explanation=reason or comment,
        trace=(
            *((TraceStep(_("Consuntivo calcolato"), computation),) if computation else ()),
            *_engine_steps(explain(view.scored, indicator.code, language="it")),
        ),
    )


def _weight_text(weight: Decimal | None) -> str:
    return _("non indicato") if weight is None else format_percent(weight)


_ENGINE_LABELS: Final = {
    "target": gettext_lazy("Target"),
    "actual": gettext_lazy("Consuntivo"),
    "rule": gettext_lazy("Regola"),
    "formula": gettext_lazy("Formula"),
    "raw": gettext_lazy("Valore grezzo"),
    "rounding": gettext_lazy("Arrotondamento"),
    "override": gettext_lazy("Intervento"),
    "status": gettext_lazy("Stato"),
    "linked to": gettext_lazy("Collegato a"),
    "method": gettext_lazy("Metodo"),
    "item": gettext_lazy("Voce"),
    "indicators": gettext_lazy("Indicatori"),
    "sum": gettext_lazy("Calcolo"),
}
"""Italian labels of the steps of ``performa.scoring.explain``."""


def _engine_steps(explanation: Explanation) -> tuple[TraceStep, ...]:
    """The engine's trace with its labels in Italian (the texts are the engine's own)."""
    return tuple(
        TraceStep(str(_ENGINE_LABELS.get(step.label, step.label)), step.text)
        for step in explanation.steps
    )


def _node_trace(view: _CycleView, node: NodeScore) -> tuple[TraceStep, ...]:
    """ "Come è calcolato" for a node, in Italian, from its contributions."""
    scored, cells = view.scored, view.cells
    is_weighted = node.aggregation is Aggregation.WEIGHTED_MEAN
    method = _("Media ponderata") if is_weighted else _("Media semplice")
    has_nodes = any(not item.is_indicator for item in node.contributions)
    has_indicators = any(item.is_indicator for item in node.contributions)
    if node.over_level is not None:
        scope = _("dei discendenti di livello «%(level)s»") % {
            "level": view.level_name(node.over_level)
        }
    elif has_nodes and has_indicators:
        scope = _("degli obiettivi che contiene e degli indicatori collegati")
    elif has_indicators:
        scope = _("degli indicatori collegati")
    else:
        scope = _("degli obiettivi che contiene")
    steps = [TraceStep(_("Metodo"), f"{method} {scope}")]
    for item in node.contributions:
        found = scored.find(item.code)
        name = found.name if found is not None else item.code
        if item.percent is None:
            text = _("N/D: escluso dalla media, peso effettivo 0 %")
        else:
            text = _(
                "punteggio %(score)s, peso previsto %(planned)s, peso effettivo %(effective)s"
            ) % {
                "score": cells.percent(item.percent),
                "planned": _weight_text(item.planned_weight),
                "effective": format_percent(item.effective_weight),
            }
        steps.append(TraceStep(f"{item.code} {name}", text))
    if node.planned_count:
        steps.append(
            TraceStep(
                _("Indicatori valutati"),
                _("%(measured)s di %(planned)s")
                % {"measured": node.measured_count, "planned": node.planned_count},
            )
        )
    steps.append(TraceStep(_("Calcolo"), _sum_text(view, node)))
    if node.override is not None:
        steps.append(
            TraceStep(
                _("Intervento"),
                _(
                    "calcolato %(computed)s, valutato %(evaluated)s da %(evaluator)s, con la "
                    "motivazione «%(justification)s». Il livello superiore usa il punteggio "
                    "valutato."
                )
                % {
                    "computed": cells.percent(node.computed_percent),
                    "evaluated": cells.percent(node.evaluated_percent),
                    "evaluator": node.override.evaluator or _("il valutatore"),
                    "justification": node.override.justification,
                },
            )
        )
    thresholds = view.plan.rules.objective_thresholds
    steps.append(
        TraceStep(
            _("Stato"),
            _(
                "%(label)s: raggiunto da %(best)s, parzialmente raggiunto da %(middle)s, "
                "altrimenti non raggiunto; senza indicatori misurati: da valutare"
            )
            % {
                "label": node.status.label,
                "best": format_percent(thresholds.best, 0),
                "middle": format_percent(thresholds.middle, 0),
            },
        )
    )
    return tuple(steps)


def _sum_text(view: _CycleView, node: NodeScore) -> str:
    cells = view.cells
    valued = [item for item in node.contributions if item.percent is not None]
    if not valued:
        return _("nessuna voce misurata: nessun punteggio (non zero), stato da valutare")
    result = cells.percent(node.computed_percent)
    if node.aggregation is Aggregation.WEIGHTED_MEAN and all(
        item.planned_weight is not None for item in valued
    ):
        total = sum((item.planned_weight or Decimal(0) for item in valued), Decimal(0))
        if total:
            terms = " + ".join(
                f"{format_number(item.planned_weight or Decimal(0))} × {cells.percent(item.percent)}"
                for item in valued
            )
            return f"({terms}) / {format_number(total)} = {result}"
    terms = " + ".join(cells.percent(item.percent) for item in valued)
    return f"({terms}) / {len(valued)} = {result}"


# -- what an intervention is about ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreTarget:
    """An objective or an indicator with its current scores, for the "Intervieni" form."""

    code: str
    name: str
    is_indicator: bool
    score: Score
    objective_code: str | None
    """The objective whose page shows it: itself, or an indicator's first objective."""
    period: PeriodChoice | None


def score_target_for(*, cycle: Cycle, code: str) -> ScoreTarget:
    """The objective or indicator ``code`` of ``cycle``, scored in the default period.

    Raises ``ObjectiveNotFound`` for an unknown code or for the entity, which takes no
    intervention (its score is always the roll-up of the areas).
    """
    view = _cycle_view(cycle, "")
    scored = view.scored
    found = scored.find(code)
    if found is None or found is scored.root:
        raise ObjectiveNotFound(code)
    is_indicator = isinstance(found, IndicatorScore)
    if is_indicator:
        links = scored.links_of(code)
        objective_code = links[0][0].code if links else None
    else:
        objective_code = code
    return ScoreTarget(
        code=code,
        name=found.name,
        is_indicator=is_indicator,
        score=view.score_of(found),
        objective_code=objective_code,
        period=view.period,
    )
