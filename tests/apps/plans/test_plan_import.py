"""Importing a cycle: atomic, idempotent, and an identity with export."""

from __future__ import annotations

from dataclasses import replace

import pytest

from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.cycles.selectors import cycle_scores
from performa.apps.measurements.models import Measurement
from performa.apps.plans.models import Indicator, IndicatorLink, PlanNode
from performa.apps.plans.selectors import plan_data_for
from performa.apps.plans.services import PlanImportError, plan_import
from performa.workbook.data import LinkRow, PlanData

pytestmark = pytest.mark.django_db


def table_counts() -> dict[str, int]:
    return {
        "nodes": PlanNode.objects.count(),
        "indicators": Indicator.objects.count(),
        "links": IndicatorLink.objects.count(),
        "measurements": Measurement.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_import_writes_the_whole_demo_plan(demo_cycle: Cycle, demo_plan: PlanData) -> None:
    assert PlanNode.objects.filter(cycle=demo_cycle).count() == len(demo_plan.nodes)
    assert Indicator.objects.filter(cycle=demo_cycle).count() == len(demo_plan.indicators)
    assert IndicatorLink.objects.filter(node__cycle=demo_cycle).count() == len(demo_plan.links)
    formula_indicators = [row for row in demo_plan.indicators if row.formula]
    assert Measurement.objects.filter(period__cycle=demo_cycle).count() == len(
        demo_plan.measurements
    ) + len(formula_indicators)  # their year-end figures computed from the base values
    assert Measurement.objects.filter(
        period__cycle=demo_cycle, computation__isnull=False
    ).count() == len(formula_indicators)
    assert len(demo_plan.measurements)
    entry = AuditEntry.objects.get(action="plan_import")
    assert entry.after is not None
    assert entry.after["counts"]["indicators"] == len(demo_plan.indicators)


def test_export_then_import_is_an_identity(demo_cycle: Cycle, demo_plan: PlanData) -> None:
    """The export carries the base values and leaves out the figures computed from them."""
    exported = plan_data_for(cycle=demo_cycle, with_base_values=True)
    assert exported == demo_plan


def test_importing_twice_replaces_and_keeps_the_scores(
    demo_cycle: Cycle, demo_plan: PlanData
) -> None:
    before = cycle_scores(cycle=demo_cycle).root.evaluated_percent
    counts = table_counts()
    outcome = plan_import(plan=demo_plan, actor_label="test")
    assert outcome.replaced
    assert outcome.cycle.pk == demo_cycle.pk
    assert table_counts() == {**counts, "audit": counts["audit"] + 1}
    assert cycle_scores(cycle=outcome.cycle).root.evaluated_percent == before


def test_the_plan_imports_into_another_administration_with_identical_scores(
    demo_cycle: Cycle, demo_plan: PlanData
) -> None:
    copy = replace(
        plan_data_for(cycle=demo_cycle),
        cycle=replace(demo_plan.cycle, administration_code="copia", administration_name="Copia"),
    )
    other = plan_import(plan=copy, actor_label="test").cycle
    original = cycle_scores(cycle=demo_cycle)
    copied = cycle_scores(cycle=other)
    assert [(n.code, n.evaluated_percent) for n in copied.nodes()][1:] == [
        (n.code, n.evaluated_percent) for n in original.nodes()
    ][1:]


def test_a_failing_import_writes_nothing(demo_cycle: Cycle, demo_plan: PlanData) -> None:
    counts = table_counts()
    broken = replace(
        demo_plan, links=(*demo_plan.links, LinkRow("01_01_0502", "NO-SUCH-INDICATOR", None))
    )
    with pytest.raises(KeyError):
        plan_import(plan=broken, actor_label="test")
    assert table_counts() == counts


def test_a_validated_cycle_cannot_be_replaced(demo_cycle: Cycle, demo_plan: PlanData) -> None:
    Cycle.objects.filter(pk=demo_cycle.pk).update(state=CycleState.VALIDATED)
    counts = table_counts()
    with pytest.raises(PlanImportError, match="validated"):
        plan_import(plan=demo_plan, actor_label="test")
    assert table_counts() == counts
