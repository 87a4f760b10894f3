"""The demo opens its first-half period so that every role finds something to do."""

from __future__ import annotations

from datetime import date

import pytest

from performa.apps.accounts.services import DEMO_DEADLINE_DAYS, demo_period_open
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod
from performa.apps.cycles.selectors import period_progress_for
from performa.apps.measurements.models import Measurement

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


def test_the_demo_opens_the_first_half_with_a_deadline_ahead_and_keeps_the_final_figures(
    actor, cycle
):
    final_figures = Measurement.objects.filter(period__cycle=cycle, period__code="FY").count()
    period = demo_period_open(cycle=cycle, today=TODAY)
    assert period is not None
    assert (period.code, period.is_open) == ("S1", True)
    assert period.deadline_on == date(2026, 12, 25)
    assert DEMO_DEADLINE_DAYS == 30
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.MONITORING
    assert not MonitoringPeriod.objects.get(cycle=cycle, code="FY").is_open
    assert Measurement.objects.filter(period=period).count() == 0
    assert Measurement.objects.filter(period__cycle=cycle).count() == final_figures > 0
    for role in ("officer", "manager"):
        progress = period_progress_for(actor=actor(role), period=period, today=TODAY)
        assert progress.left_count > 0
        assert not progress.is_overdue


def test_the_demo_period_is_opened_by_the_office_through_the_audited_service(cycle):
    demo_period_open(cycle=cycle, today=TODAY)
    entry = AuditEntry.objects.get(action="period_open")
    assert entry.actor is not None
    assert entry.actor.username == "controllo"


def test_opening_the_demo_period_again_is_idempotent(cycle):
    demo_period_open(cycle=cycle, today=TODAY)
    entries = AuditEntry.objects.count()
    period = demo_period_open(cycle=cycle, today=TODAY)
    assert period is not None
    assert period.is_open
    assert AuditEntry.objects.count() == entries
    moved = demo_period_open(cycle=cycle, today=date(2027, 1, 10))
    assert moved is not None
    assert moved.is_open
    assert moved.deadline_on == date(2027, 2, 9)
    assert MonitoringPeriod.objects.filter(cycle=cycle, is_open=True).count() == 1


def test_a_validated_demo_cycle_is_left_alone(actor, cycle):
    from performa.apps.cycles.services import cycle_validate

    cycle_validate(
        actor=actor("oiv"), cycle=cycle, act_reference="n. 1", act_on=TODAY, text="Validato."
    )
    assert demo_period_open(cycle=Cycle.objects.get(pk=cycle.pk), today=TODAY) is None
    assert not MonitoringPeriod.objects.filter(cycle=cycle, is_open=True).exists()
