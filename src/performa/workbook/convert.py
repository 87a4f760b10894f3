"""``PlanData`` → the scoring core's ``Plan``: the tree under the entity, indicators with the
figures of one monitoring period, and the overrides split by what they replace.

Plain data only; must not import Django, any app or openpyxl.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from performa.scoring.errors import FormulaError, PlanError
from performa.scoring.formulas import parse_formula
from performa.scoring.model import (
    ENTITY_LEVEL,
    Indicator,
    Link,
    Measurement,
    Node,
    Override,
    Plan,
)
from performa.workbook._italian import formula_message
from performa.workbook.data import IndicatorRow, NodeRow, PeriodRow, PlanData

__all__ = ["formula_measurement", "period_for", "scoring_plan_for"]


def period_for(plan: PlanData, period_code: str | None = None) -> PeriodRow | None:
    """The period ``period_code``; by default the final period, else the last one, else none.

    Raises ``PlanError`` when ``period_code`` names no period of ``plan``.
    """
    if period_code is not None:
        for period in plan.periods:
            if period.code == period_code:
                return period
        raise PlanError(f"la rilevazione «{period_code}» non esiste nel piano")
    finals = [period for period in plan.periods if period.is_final]
    if finals:
        return finals[0]
    return plan.periods[-1] if plan.periods else None


def scoring_plan_for(plan: PlanData, period_code: str | None = None) -> Plan:
    """The scoring tree of ``plan`` with the measurements of one period (see ``period_for``).

    The root is the entity (code ``administration_code``, level ``entity``); children follow
    ``parent_code`` in row order and links sit on their objective nodes in row order. An
    indicator with no measurement in the period has ``measurement=None`` (N/D), unless it has a
    formula and every base measure it reads has a value in the period: its actual is then the
    formula's value with the six decimals of a stored figure (``formula_measurement``). Overrides go to
    ``node_overrides`` when their code is a node (or the entity), else to
    ``indicator_overrides``. Raises ``PlanError`` for a node or link the tree cannot place.
    """
    period = period_for(plan, period_code)
    codes = [row.code for row in plan.nodes]
    if len(set(codes)) < len(codes):
        raise PlanError("l'albero ha codici ripetuti")
    children: dict[str | None, list[NodeRow]] = {}
    for row in plan.nodes:
        children.setdefault(row.parent_code, []).append(row)
    links: dict[str, list[Link]] = {}
    for link in plan.links:
        links.setdefault(link.objective_code, []).append(Link(link.indicator_code, link.weight))

    def node_for(row: NodeRow) -> Node:
        return Node(
            code=row.code,
            name=row.name,
            level=row.level,
            weight=row.weight,
            children=tuple(node_for(child) for child in children.get(row.code, ())),
            links=tuple(links.get(row.code, ())),
        )

    root = Node(
        code=plan.cycle.administration_code,
        name=plan.cycle.administration_name,
        level=ENTITY_LEVEL,
        children=tuple(node_for(row) for row in children.get(None, ())),
    )
    _check_everything_placed(plan, root)
    node_overrides, indicator_overrides = _overrides(plan, {node.code for node in root.walk()})
    return Plan(root, _indicators(plan, period), node_overrides, indicator_overrides)


def _check_everything_placed(plan: PlanData, root: Node) -> None:
    placed = {node.code for node in root.walk()}
    for row in plan.nodes:
        if row.code not in placed:
            raise PlanError(
                f"il nodo «{row.code}» non è sotto l'ente: il nodo superiore manca o forma un ciclo"
            )
    for link in plan.links:
        if link.objective_code not in placed:
            raise PlanError(f"collegamento a un obiettivo che non esiste: «{link.objective_code}»")


def _indicators(plan: PlanData, period: PeriodRow | None) -> dict[str, Indicator]:
    measurements = {
        row.indicator_code: Measurement(row.value, row.not_available_reason)
        for row in plan.measurements
        if period is not None and row.period_code == period.code
    }
    base_values = {
        row.measure_code: row.value
        for row in plan.base_values
        if period is not None and row.period_code == period.code and row.value is not None
    }
    return {
        row.code: Indicator(
            code=row.code,
            name=row.name,
            target=row.target,
            measurement=measurements.get(row.code) or formula_measurement(row, base_values),
            unit=row.unit,
        )
        for row in plan.indicators
    }


FIGURE_DECIMALS = 6
"""Decimals a figure keeps (a computed one included): the database column's."""
FIGURE_QUANTUM = Decimal(1).scaleb(-FIGURE_DECIMALS)


def formula_measurement(
    indicator: IndicatorRow, base_values: Mapping[str, Decimal]
) -> Measurement | None:
    """The actual ``indicator``'s formula computes from ``base_values`` (measure code → value
    in one period), or ``None`` when it has no formula or a base measure has no value.

    A formula that does not parse or cannot be computed (a division by zero) gives N/D with
    the reason, in Italian: the figures are there, the result is not. The value keeps
    ``FIGURE_DECIMALS`` decimals, as every stored figure does, so that a workbook and the
    database it is imported into score alike.
    """
    if not indicator.formula.strip():
        return None
    try:
        formula = parse_formula(indicator.formula)
    except FormulaError as exc:
        return Measurement(None, f"formula non valida: {formula_message(exc)}")
    if any(name not in base_values for name in formula.names):
        return None
    try:
        value = formula.evaluate(base_values)
    except FormulaError as exc:
        return Measurement(None, f"formula non calcolabile: {formula_message(exc)}")
    return Measurement(value.quantize(FIGURE_QUANTUM, rounding=ROUND_HALF_UP))


def _overrides(
    plan: PlanData, node_codes: set[str]
) -> tuple[dict[str, Override], dict[str, Override]]:
    by_node: dict[str, Override] = {}
    by_indicator: dict[str, Override] = {}
    for row in plan.overrides:
        override = Override(row.evaluated_percent, row.justification, row.evaluator)
        (by_node if row.code in node_codes else by_indicator)[row.code] = override
    return by_node, by_indicator
