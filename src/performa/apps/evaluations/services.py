"""Writes of evaluators' overrides."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from performa.apps.cycles.models import Cycle
from performa.apps.evaluations.models import Override
from performa.apps.plans.models import Indicator, PlanNode
from performa.workbook.data import OverrideRow


def overrides_replace(
    *,
    cycle: Cycle,
    rows: Iterable[OverrideRow],
    nodes: Mapping[str, PlanNode],
    indicators: Mapping[str, Indicator],
) -> int:
    """Replace every override of ``cycle`` with ``rows`` (node codes win over indicator codes)."""
    Override.objects.filter(administration=cycle.administration, cycle=cycle).delete()
    overrides = [
        Override(
            administration=cycle.administration,
            cycle=cycle,
            node=nodes.get(row.code),
            indicator=None if row.code in nodes else indicators[row.code],
            evaluated_percent=row.evaluated_percent,
            justification=row.justification,
            evaluator=row.evaluator,
        )
        for row in rows
    ]
    Override.objects.bulk_create(overrides)
    return len(overrides)
