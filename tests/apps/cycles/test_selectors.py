"""What each actor has left to enter in an open period, and the home page's overview."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performa.apps.administrations.access import Action, restrict
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.cycles.selectors import (
    cycle_overviews_for,
    open_periods_progress,
    period_progress_for,
    periods_of,
)
from performa.apps.cycles.services import period_open
from performa.apps.measurements.models import Measurement, MeasurementStatus
from performa.apps.plans.models import Indicator

pytestmark = pytest.mark.django_db

TODAY = date(2024, 7, 10)


def _officer_indicators(actor, cycle: Cycle) -> list[Indicator]:
    indicators = Indicator.objects.filter(cycle=cycle).order_by("position")
    return list(restrict(indicators, actor("officer"), Action.ENTER_MEASUREMENT))


def _measure(indicator: Indicator, period: MonitoringPeriod, status: str) -> None:
    Measurement.objects.create(
        administration=indicator.administration,
        indicator=indicator,
        period=period,
        value_number=Decimal(1),
        status=status,
    )


def test_the_officer_has_every_indicator_of_their_unit_left_in_a_fresh_period(
    actor, cycle, first_half
):
    first_half = period_open(
        actor=actor("office"), period=first_half, deadline_on=date(2024, 7, 31)
    )
    progress = period_progress_for(actor=actor("officer"), period=first_half, today=TODAY)
    own = _officer_indicators(actor, cycle)
    assert progress.can_enter
    assert progress.left_count == progress.total_count == len(own) > 0
    assert progress.days_left == 21
    assert not progress.is_overdue


def test_submitted_and_accepted_figures_are_done_drafts_and_returned_ones_are_not(
    actor, cycle, first_half
):
    first_half = period_open(actor=actor("office"), period=first_half)
    own = _officer_indicators(actor, cycle)
    statuses = [
        MeasurementStatus.SUBMITTED,
        MeasurementStatus.ACCEPTED,
        MeasurementStatus.DRAFT,
        MeasurementStatus.RETURNED,
    ]
    for indicator, status in zip(own, statuses, strict=False):
        _measure(indicator, first_half, status)
    progress = period_progress_for(actor=actor("officer"), period=first_half, today=TODAY)
    assert progress.left_count == len(own) - 2


def test_the_office_counts_the_whole_administration(actor, cycle, first_half):
    first_half = period_open(actor=actor("office"), period=first_half)
    progress = period_progress_for(actor=actor("office"), period=first_half, today=TODAY)
    assert progress.total_count == Indicator.objects.filter(cycle=cycle).count()


@pytest.mark.parametrize("role", ["secretary_general", "oiv", "viewer"])
def test_roles_that_do_not_enter_figures_have_nothing_left(actor, first_half, role):
    first_half = period_open(actor=actor("office"), period=first_half)
    progress = period_progress_for(actor=actor(role), period=first_half, today=TODAY)
    assert (progress.can_enter, progress.left_count, progress.total_count) == (False, 0, 0)


def test_a_passed_deadline_makes_the_period_overdue_and_late_while_figures_are_missing(
    actor, first_half
):
    first_half = period_open(
        actor=actor("office"), period=first_half, deadline_on=date(2024, 7, 31)
    )
    progress = period_progress_for(
        actor=actor("officer"), period=first_half, today=date(2024, 8, 3)
    )
    assert (progress.is_overdue, progress.is_late, progress.days_overdue) == (True, True, 3)
    viewer = period_progress_for(actor=actor("viewer"), period=first_half, today=date(2024, 8, 3))
    assert viewer.is_overdue
    assert not viewer.is_late


def test_a_period_without_deadline_is_never_overdue(actor, first_half):
    first_half = period_open(actor=actor("office"), period=first_half)
    progress = period_progress_for(
        actor=actor("officer"), period=first_half, today=TODAY + timedelta(days=999)
    )
    assert progress.days_left is None
    assert not progress.is_overdue


def test_only_open_periods_are_listed_for_progress(actor, cycle, first_half):
    assert open_periods_progress(actor=actor("officer"), cycle=cycle, today=TODAY) == []
    first_half = period_open(actor=actor("office"), period=first_half)
    [progress] = open_periods_progress(actor=actor("officer"), cycle=cycle, today=TODAY)
    assert progress.period.code == "S1"


def test_the_periods_come_in_their_order(cycle):
    assert [period.code for period in periods_of(cycle=cycle)] == ["S1", "FY"]


def test_the_overview_lists_the_users_administrations_cycles_and_open_periods(
    actor, cycle, first_half
):
    first_half = period_open(actor=actor("office"), period=first_half)
    [overview] = cycle_overviews_for(user=User.objects.get(username="referente"), today=TODAY)
    assert overview.administration.code == "cciaa-pistoia-prato"
    assert overview.actor.role == "officer"
    [entry] = overview.cycles
    assert entry.cycle.year == 2024
    assert [progress.period.code for progress in entry.open_periods] == ["S1"]


def test_the_overview_needs_a_fixed_number_of_queries_whatever_the_tree(actor, first_half):
    first_half = period_open(actor=actor("office"), period=first_half)
    user = User.objects.get(username="dirigente")
    with CaptureQueriesContext(connection) as queries:
        cycle_overviews_for(user=user, today=TODAY)
    assert len(queries) <= 8
