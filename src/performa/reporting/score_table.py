"""The scored tree as rows: one per node and one per indicator link, in tree order.

The single source of the ``performa score`` outputs (table, CSV, JSON) and of the report's
tables: structure and planned weights from ``PlanData``, figures from the ``ScoredPlan``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from performa.scoring import ScoredPlan
from performa.scoring.model import ENTITY_LEVEL, ActualValue, Target
from performa.workbook.data import LinkRow, NodeRow, PlanData

__all__ = ["ScoreItem", "score_items", "target_value"]

INDICATOR_LEVEL = "indicator"


def target_value(target: Target) -> Decimal | date | bool | None:
    """The single value that states a target (the lower bound for a range)."""
    if target.due_on is not None:
        return target.due_on
    if target.expected is not None and target.value is None:
        return target.expected
    return target.value


@dataclass(slots=True)
class ScoreItem:
    """One row of the scored tree; ``children`` holds indicator rows first, then child nodes."""

    level: str
    code: str
    parent_code: str
    name: str
    depth: int
    weight: Decimal | None = None
    operator: str = ""
    target: Decimal | date | bool | None = None
    target_upper: Decimal | None = None
    unit: str = ""
    actual: ActualValue | None = None
    computed_percent: Decimal | None = None
    evaluated_percent: Decimal | None = None
    status: str = ""
    status_label: str = ""
    children: list[ScoreItem] = field(default_factory=list)

    @property
    def is_indicator(self) -> bool:
        return self.level == INDICATOR_LEVEL

    def walk(self) -> Iterator[ScoreItem]:
        """This row and every row below it, in tree order."""
        yield self
        for child in self.children:
            yield from child.walk()


def score_items(plan: PlanData, scored: ScoredPlan) -> ScoreItem:
    """The entity row, with every node and indicator link below it."""
    children: dict[str | None, list[NodeRow]] = defaultdict(list)
    for node in plan.nodes:
        children[node.parent_code].append(node)
    links: dict[str, list[LinkRow]] = defaultdict(list)
    for link in plan.links:
        links[link.objective_code].append(link)
    indicators = {indicator.code: indicator for indicator in plan.indicators}

    def link_item(link: LinkRow, depth: int) -> ScoreItem:
        definition = indicators[link.indicator_code]
        score = scored.indicators[link.indicator_code]
        measurement = score.measurement
        return ScoreItem(
            level=INDICATOR_LEVEL,
            code=link.indicator_code,
            parent_code=link.objective_code,
            name=definition.name,
            depth=depth,
            weight=link.weight,
            operator=definition.target.comparator.value,
            target=target_value(definition.target),
            target_upper=definition.target.upper,
            unit=definition.unit,
            actual=measurement.value if measurement is not None else None,
            computed_percent=score.computed_percent,
            evaluated_percent=score.evaluated_percent,
            status=score.status.value,
            status_label=score.status.label,
        )

    def node_item(
        code: str, parent_code: str, name: str, level: str, weight: Decimal | None, depth: int
    ) -> ScoreItem:
        score = scored.node(code)
        item = ScoreItem(
            level=level,
            code=code,
            parent_code=parent_code,
            name=name,
            depth=depth,
            weight=weight,
            computed_percent=score.computed_percent,
            evaluated_percent=score.evaluated_percent,
            status=score.status.value,
            status_label=score.status.label,
        )
        item.children.extend(link_item(link, depth + 1) for link in links.get(code, ()))
        for child in children.get(None if level == ENTITY_LEVEL else code, ()):
            item.children.append(
                node_item(child.code, code, child.name, child.level, child.weight, depth + 1)
            )
        return item

    info = plan.cycle
    return node_item(info.administration_code, "", info.administration_name, ENTITY_LEVEL, None, 0)
