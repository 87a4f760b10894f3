"""Reads of evaluators' overrides."""

from __future__ import annotations

from performa.apps.cycles.models import Cycle
from performa.apps.evaluations.models import Override
from performa.workbook.data import OverrideRow


def override_rows_for(*, cycle: Cycle) -> tuple[OverrideRow, ...]:
    """Every override of ``cycle``: node overrides first, then indicator overrides."""
    overrides = Override.objects.filter(
        administration=cycle.administration, cycle=cycle
    ).select_related("node", "indicator")
    rows = [
        OverrideRow(
            code=override.target_code,
            evaluated_percent=override.evaluated_percent.normalize() + 0,
            justification=override.justification,
            evaluator=override.evaluator,
        )
        for override in sorted(
            overrides,
            key=lambda o: (o.node is None, (o.node or o.indicator).position),  # type: ignore[union-attr]
        )
    ]
    return tuple(rows)
