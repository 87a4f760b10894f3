"""The analysts' data behind the Relazione: one dataset per tree level and one of indicators.

Cells hold raw values (unrounded 0–100 ``Decimal`` percents, dates, text) next to the display
text, so the XLSX file can be recomputed and filtered. No ORM, no Django.
"""

from __future__ import annotations

from performa.reporting.cells import ScoreCells, actual_text, raw_value, target_text
from performa.reporting.document import Align, Cell, Column, Dataset
from performa.reporting.methodology import notes_dataset
from performa.reporting.score_table import target_value
from performa.scoring import ENTITY_LEVEL, NodeScore, ScoredPlan
from performa.scoring.model import Comparator
from performa.workbook.data import IndicatorRow, PlanData

__all__ = ["datasets_for"]

_NODE_COLUMNS = (
    Column("Codice", Align.LEFT, 2),
    Column("Nome", Align.LEFT, 6),
    Column("Codice superiore", Align.LEFT, 2),
    Column("Peso programmato", Align.RIGHT, 1, "percent"),
    Column("Peso effettivo", Align.RIGHT, 1, "percent"),
    Column("Grado calcolato", Align.RIGHT, 1, "percent"),
    Column("Grado valutato", Align.RIGHT, 1, "percent"),
    Column("Stato", Align.LEFT, 2, "status"),
)
_INDICATOR_COLUMNS = (
    Column("Codice obiettivo", Align.LEFT, 2),
    Column("Codice indicatore", Align.LEFT, 2),
    Column("Indicatore", Align.LEFT, 6),
    Column("Unità", Align.LEFT, 1),
    Column("Operatore", Align.LEFT, 1),
    Column("Target", Align.RIGHT, 2),
    Column("Consuntivo", Align.RIGHT, 2),
    Column("Grado calcolato", Align.RIGHT, 1, "percent"),
    Column("Grado valutato", Align.RIGHT, 1, "percent"),
    Column("Stato", Align.LEFT, 2, "status"),
    Column("Peso programmato", Align.RIGHT, 1, "percent"),
    Column("Peso effettivo", Align.RIGHT, 1, "percent"),
)


def datasets_for(plan: PlanData, scored: ScoredPlan, cells: ScoreCells) -> tuple[Dataset, ...]:
    """One dataset per level of ``plan.levels`` (the entity first), "Indicatori", and the
    data remarks ("Osservazioni sui dati") when there are any.

    Node rows: code, name, parent code, planned weight, effective weight in the parent's
    average, computed and evaluated percent, status. Indicator rows: one per objective link.
    """
    parents: dict[str, NodeScore] = {}
    for node in scored.nodes():
        for child in node.children:
            parents[child.code] = node
    datasets = []
    for level in sorted(plan.levels, key=lambda level: level.depth):
        nodes = [node for node in scored.nodes() if node.level == level.key]
        rows = tuple(_node_row(node, parents.get(node.code), cells) for node in nodes)
        datasets.append(
            Dataset(f"livello-{level.key}", level.name, _NODE_COLUMNS, rows, level=level.key)
        )
    datasets.append(_indicators(plan, scored, cells))
    if plan.notes:
        datasets.append(notes_dataset(plan.notes))
    return tuple(datasets)


def _node_row(node: NodeScore, parent: NodeScore | None, cells: ScoreCells) -> tuple[Cell, ...]:
    effective = None
    if parent is not None:
        effective = next(
            (
                item.effective_weight
                for item in parent.contributions
                if not item.is_indicator and item.code == node.code
            ),
            None,
        )
    parent_code = "" if parent is None or node.level == ENTITY_LEVEL else parent.code
    return (
        Cell(node.code, node.code),
        Cell(node.name, node.name),
        Cell(parent_code, parent_code or None),
        cells.weight(node.weight),
        cells.weight(effective),
        cells.computed(node.computed_percent),
        cells.computed(node.evaluated_percent),
        cells.status(node.status),
    )


def _indicators(plan: PlanData, scored: ScoredPlan, cells: ScoreCells) -> Dataset:
    definitions: dict[str, IndicatorRow] = {row.code: row for row in plan.indicators}
    rows = []
    for node in scored.nodes():
        for item in node.contributions:
            if not item.is_indicator:
                continue
            indicator = scored.indicator(item.code)
            definition = definitions.get(item.code)
            unit = indicator.unit
            target = indicator.target
            comparator = Comparator(target.comparator)
            actual = None if indicator.measurement is None else indicator.measurement.value
            name = definition.name if definition is not None else indicator.name
            rows.append(
                (
                    Cell(node.code, node.code),
                    Cell(indicator.code, indicator.code),
                    Cell(name, name),
                    Cell(unit, unit or None),
                    Cell(comparator.value, comparator.value),
                    Cell(target_text(target, unit), raw_value(target_value(target))),
                    Cell(actual_text(actual, unit), raw_value(actual)),
                    cells.computed(indicator.computed_percent),
                    cells.computed(indicator.evaluated_percent),
                    cells.status(indicator.status),
                    cells.weight(item.planned_weight),
                    cells.weight(item.effective_weight),
                )
            )
    return Dataset("indicatori", "Indicatori", _INDICATOR_COLUMNS, tuple(rows), level="indicator")
