"""Formula indicators through workbooks: an imported workbook's base measures, formulas and
base values become the cycle's, its formula figures are computed as the workbook scores them,
and a full export gives them back."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_plan_and_scores
from performa.apps.measurements.models import BaseMeasureValue, Measurement
from performa.apps.measurements.selectors import computations_of
from performa.apps.plans.models import BaseMeasure, Indicator
from performa.apps.plans.selectors import plan_data_for
from performa.apps.plans.services import plan_import
from performa.scoring import score_plan
from performa.workbook import BaseMeasureRow, BaseValueRow, PlanData, scoring_plan_for
from performa.workbook.reader import read_workbook
from performa.workbook.writer import write_workbook

pytestmark = pytest.mark.django_db

SANCTIONS_PER_FTE = "01_06_CP03_07_2024"
"""Provvedimenti sanzionatori per FTE, Vigilanza: 1150 / 1,70, printed 676,47."""


@pytest.fixture
def formula_plan(demo_plan: PlanData) -> PlanData:
    """The demo plan with the sanctions-per-FTE indicator computed from two base measures, its
    typed final figure removed so that the formula gives it."""
    indicators = tuple(
        dataclasses.replace(row, formula="provvedimenti / fte_vigilanza")
        if row.code == SANCTIONS_PER_FTE
        else row
        for row in demo_plan.indicators
    )
    return dataclasses.replace(
        demo_plan,
        indicators=indicators,
        base_measures=(
            *demo_plan.base_measures,
            BaseMeasureRow("provvedimenti", "Provvedimenti sanzionatori emessi", "N."),
        ),
        base_values=(
            *demo_plan.base_values,
            BaseValueRow("provvedimenti", "FY", Decimal(1150)),
        ),
        measurements=tuple(
            row for row in demo_plan.measurements if row.indicator_code != SANCTIONS_PER_FTE
        ),
    )


def test_an_imported_formula_figure_is_computed_with_its_inputs_and_scores_as_the_workbook(
    formula_plan: PlanData,
) -> None:
    cycle = plan_import(plan=formula_plan, actor_label="test").cycle
    indicator = Indicator.objects.get(cycle=cycle, code=SANCTIONS_PER_FTE)
    assert indicator.formula == "provvedimenti / fte_vigilanza"
    assert BaseMeasure.objects.filter(cycle=cycle).count() == len(formula_plan.base_measures)
    assert BaseMeasureValue.objects.filter(measure__cycle=cycle).count() == len(
        formula_plan.base_values
    )
    figure = Measurement.objects.get(indicator=indicator, period__code="FY")
    assert figure.value_number == Decimal("676.470588")
    assert computations_of(cycle=cycle, period_code="FY")[SANCTIONS_PER_FTE] == (
        "provvedimenti / fte_vigilanza = 1.150 / 1,7 = 676,470588"
    )
    _plan, scored = cycle_plan_and_scores(cycle=cycle)
    from_workbook = score_plan(scoring_plan_for(formula_plan, "FY"), formula_plan.rules)
    ours, theirs = scored.indicator(SANCTIONS_PER_FTE), from_workbook.indicator(SANCTIONS_PER_FTE)
    assert ours.computed_percent == theirs.computed_percent
    assert scored.root.computed_percent == from_workbook.root.computed_percent


def test_a_full_export_gives_the_measures_formulas_and_values_back(
    formula_plan: PlanData, tmp_path: Path
) -> None:
    cycle: Cycle = plan_import(plan=formula_plan, actor_label="test").cycle
    exported = tmp_path / "export.xlsx"
    write_workbook(plan_data_for(cycle=cycle, with_base_values=True), exported)
    result = read_workbook(exported)
    assert result.plan is not None, result.errors
    assert result.plan.base_measures == formula_plan.base_measures
    assert result.plan.base_values == formula_plan.base_values
    (row,) = (r for r in result.plan.indicators if r.code == SANCTIONS_PER_FTE)
    assert row.formula == "provvedimenti / fte_vigilanza"
    # Scores never read raw inputs: without them the plan is the same.
    assert plan_data_for(cycle=cycle).base_values == ()
