"""The cruscotto's reads: period choice, filters, deviations and late figures, traces."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from performa.apps.cycles.models import Cycle
from performa.apps.dashboards.selectors import (
    DashboardFilters,
    ObjectiveNotFound,
    PeriodChoice,
    dashboard_for,
    objective_detail_for,
    period_choose,
    score_target_for,
)
from performa.apps.measurements.models import Measurement, MeasurementStatus
from performa.apps.plans.models import Indicator

pytestmark = pytest.mark.django_db

TODAY = date(2024, 8, 1)


def period(code: str, *, is_final: bool = False, is_open: bool = False) -> PeriodChoice:
    return PeriodChoice(code, code, is_final, is_open, None)


def test_the_default_period_is_the_final_one_else_the_open_one_else_the_last() -> None:
    first, final = period("S1", is_open=True), period("FY", is_final=True)
    assert period_choose((first, final)) == final
    assert period_choose((first, period("S2"))) == first
    assert period_choose((period("A"), period("B"))) == period("B")
    assert period_choose(()) is None


def test_a_requested_period_wins_and_an_unknown_one_falls_back() -> None:
    first, final = period("S1"), period("FY", is_final=True)
    assert period_choose((first, final), "S1") == first
    assert period_choose((first, final), "XX") == final


def test_the_dashboard_scores_the_demo_entity_and_areas(demo_cycle: Cycle) -> None:
    board = dashboard_for(cycle=demo_cycle, filters=DashboardFilters(), today=TODAY)
    assert board.entity.score.evaluated_text == "96,41\u00a0%"
    assert [area.score.evaluated_text for area in board.areas] == [
        "96,50\u00a0%",
        "95,43\u00a0%",
        "96,83\u00a0%",
    ]
    assert board.period is not None
    assert board.period.code == "FY"
    assert board.matched_count == len(board.rows) == demo_cycle.nodes.count()
    assert len(board.not_available) == 5


def test_a_status_filter_matches_protesti_only(demo_cycle: Cycle) -> None:
    board = dashboard_for(
        cycle=demo_cycle, filters=DashboardFilters(status="partly_achieved"), today=TODAY
    )
    assert board.matched_count == 1
    assert [(row.code, row.is_context) for row in board.rows] == [
        ("02", True),
        ("02_01", True),
        ("01_01_0P06", False),
    ]
    assert {row.objective_code for row in board.below_target} == {"01_01_0P06"}


def test_filters_combine(demo_cycle: Cycle) -> None:
    board = dashboard_for(
        cycle=demo_cycle,
        filters=DashboardFilters(area="01", unit="PROMOZIONE", status="partly_achieved"),
        today=TODAY,
    )
    assert board.rows == ()
    assert board.below_target == board.not_available == ()


def test_late_figures_are_those_not_submitted_in_an_open_period_past_its_deadline(
    demo_cycle: Cycle,
) -> None:
    first = demo_cycle.periods.get(code="S1")
    first.is_open, first.deadline_on = True, date(2024, 7, 31)
    first.save()
    indicator = Indicator.objects.get(cycle=demo_cycle, code="01_01_0P06_I01")
    for status, code in (
        (MeasurementStatus.SUBMITTED, "01_01_0P06_I01"),
        (MeasurementStatus.DRAFT, "01_01_0P06_I02"),
    ):
        Measurement.objects.create(
            administration=demo_cycle.administration,
            indicator=Indicator.objects.get(cycle=demo_cycle, code=code),
            period=first,
            value_number=Decimal(7),
            status=status,
        )
    protesti = DashboardFilters(status="partly_achieved")
    board = dashboard_for(cycle=demo_cycle, filters=protesti, today=TODAY)
    late = [row.indicator_code for row in board.late]
    assert indicator.code not in late  # submitted
    assert "01_01_0P06_I02" in late  # a draft is not sent
    assert len(late) == 5
    assert {row.deadline_text for row in board.late} == {"31/07/2024"}
    assert {row.period_name for row in board.late} == {first.name}
    on_time = dashboard_for(cycle=demo_cycle, filters=protesti, today=date(2024, 7, 31))
    assert on_time.late == ()


def test_the_objective_detail_weights_its_indicators_and_explains_the_score(
    demo_cycle: Cycle,
) -> None:
    detail = objective_detail_for(cycle=demo_cycle, code="01_01_0P06")
    assert detail.score.evaluated_text == "75,43\u00a0%"
    assert detail.score.badge.text == "PARZIALMENTE"
    assert [step.value for step in detail.path] == [
        "02",
        "02_01",
    ]
    assert len(detail.indicators) == detail.planned_count == 6
    first = detail.indicators[0]
    assert (first.planned_weight_text, first.score.evaluated_text) == (
        "16,50\u00a0%",
        "98,59\u00a0%",
    )
    labels = [step.label for step in detail.trace]
    assert labels[0] == "Metodo"
    assert labels[-2:] == ["Calcolo", "Stato"]
    assert detail.trace[-2].text.endswith("= 75,43\u00a0%")
    assert [step.label for step in detail.engine_trace][0] == "Metodo"
    assert detail.history_codes[0] == "01_01_0P06"
    assert len(detail.history_codes) == 7


def test_the_entity_and_unknown_codes_have_no_objective_page(demo_cycle: Cycle) -> None:
    for code in ("cciaa-pistoia-prato", "NOPE", "01_01_0P06_I01"):
        with pytest.raises(ObjectiveNotFound):
            objective_detail_for(cycle=demo_cycle, code=code)


def test_an_indicator_target_leads_back_to_its_first_objective(demo_cycle: Cycle) -> None:
    target = score_target_for(cycle=demo_cycle, code="01_01_0P06_I01")
    assert target.is_indicator
    assert target.objective_code == "01_01_0P06"
    with pytest.raises(ObjectiveNotFound):
        score_target_for(cycle=demo_cycle, code="cciaa-pistoia-prato")
