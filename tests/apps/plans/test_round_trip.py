"""Exporting a cycle and importing the workbook into an empty administration gives the same
tree, indicators, links, figures and scores."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_plan_and_scores
from performa.apps.plans.selectors import plan_data_for
from performa.apps.plans.services import plan_import
from performa.workbook.compare import plan_changes
from performa.workbook.reader import read_workbook
from performa.workbook.writer import write_workbook

pytestmark = pytest.mark.django_db


def scores_of(cycle: Cycle) -> dict[str, tuple[object, object, str]]:
    """Every node's and indicator's computed and evaluated percent and status, by code."""
    _, scored = cycle_plan_and_scores(cycle=cycle)
    result: dict[str, tuple[object, object, str]] = {}
    for node in scored.nodes()[1:]:  # the entity's code is the administration's own
        result[node.code] = (node.computed_percent, node.evaluated_percent, node.status.value)
    for code, indicator in scored.indicators.items():
        result[code] = (
            indicator.computed_percent,
            indicator.evaluated_percent,
            indicator.status.value,
        )
    return result


def test_the_demo_exported_and_imported_elsewhere_is_the_same_plan_with_the_same_scores(
    demo_cycle: Cycle, tmp_path: Path
) -> None:
    exported = tmp_path / "piano-2024.xlsx"
    write_workbook(plan_data_for(cycle=demo_cycle), exported)
    result = read_workbook(exported)
    assert result.plan is not None, result.errors
    moved = dataclasses.replace(
        result.plan,
        cycle=dataclasses.replace(
            result.plan.cycle, administration_code="altro-ente", administration_name="Altro ente"
        ),
    )
    assert not Administration.objects.filter(code="altro-ente").exists()

    copy = plan_import(plan=moved, actor_label="test").cycle

    assert copy.administration.code == "altro-ente"
    original, imported = plan_data_for(cycle=demo_cycle), plan_data_for(cycle=copy)
    assert plan_changes(original, imported).is_empty
    assert imported.measurements == original.measurements
    assert imported.overrides == original.overrides
    assert len(scores_of(demo_cycle)) == 3 + 8 + 48 + 379  # areas, objectives, indicators
    assert scores_of(copy) == scores_of(demo_cycle)
    root_original = cycle_plan_and_scores(cycle=demo_cycle)[1].root
    root_imported = cycle_plan_and_scores(cycle=copy)[1].root
    assert root_imported.evaluated_percent == root_original.evaluated_percent
    assert f"{root_imported.evaluated_percent:.2f}" == "96.41"
