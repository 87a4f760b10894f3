"""Cached scores follow every change of the cycle's data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_scores
from performa.apps.evaluations.models import Override
from performa.apps.measurements.models import Measurement
from performa.apps.plans.models import PlanNode

pytestmark = pytest.mark.django_db


def fresh(cycle: Cycle) -> Cycle:
    return Cycle.objects.get(pk=cycle.pk)


def test_repeated_reads_reuse_the_computed_scores(demo_cycle: Cycle) -> None:
    first = cycle_scores(cycle=fresh(demo_cycle))
    assert cycle_scores(cycle=fresh(demo_cycle)) is first


def test_saving_a_figure_invalidates_the_cached_scores(demo_cycle: Cycle) -> None:
    before = cycle_scores(cycle=fresh(demo_cycle)).node("01_01_0P06").computed_percent
    visure = Measurement.objects.get(
        indicator__cycle=demo_cycle, indicator__code="01_01_0P06_I05", period__code="FY"
    )
    visure.value_number = Decimal(45)
    visure.save()
    after = cycle_scores(cycle=fresh(demo_cycle)).node("01_01_0P06").computed_percent
    assert before is not None
    assert after is not None
    assert after > before


def test_an_override_made_in_the_admin_invalidates_the_cached_scores(demo_cycle: Cycle) -> None:
    cycle_scores(cycle=fresh(demo_cycle))
    Override.objects.create(
        administration=demo_cycle.administration,
        cycle=demo_cycle,
        node=PlanNode.objects.get(cycle=demo_cycle, code="01_01_0P06"),
        evaluated_percent=Decimal(85),
        justification="Test",
    )
    node = cycle_scores(cycle=fresh(demo_cycle)).node("01_01_0P06")
    assert node.evaluated_percent == Decimal(85)
    assert node.computed_percent != Decimal(85)
