"""Monitoring periods and the OIV's validation: the services, their checks and their audit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from performa.apps.administrations.access import Action, can
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod, ValidationAct
from performa.apps.cycles.selectors import cycle_frozen_scores, cycle_scores
from performa.apps.cycles.services import (
    CycleLockedError,
    CyclePermissionError,
    CycleStateError,
    cycle_validate,
    period_close,
    period_open,
    period_set_deadline,
)
from performa.apps.plans.models import Indicator
from performa.apps.plans.selectors import plan_data_for

pytestmark = pytest.mark.django_db


def _validate(
    actor,
    cycle: Cycle,
    *,
    act_reference: str = "Verbale OIV n. 3/2025",
    act_on: date = date(2025, 4, 30),
    text: str = "L'OIV valida la Relazione sulla performance 2024.",
) -> ValidationAct:
    return cycle_validate(
        actor=actor("oiv"), cycle=cycle, act_reference=act_reference, act_on=act_on, text=text
    )


def _fresh(cycle: Cycle) -> Cycle:
    return Cycle.objects.get(pk=cycle.pk)


# -- periods ----------------------------------------------------------------------------------


def test_opening_a_period_opens_it_and_moves_the_cycle_to_monitoring(actor, cycle, first_half):
    period_open(actor=actor("office"), period=first_half, deadline_on=date(2024, 7, 31))
    first_half.refresh_from_db()
    assert first_half.is_open
    assert first_half.deadline_on == date(2024, 7, 31)
    assert _fresh(cycle).state == CycleState.MONITORING


def test_opening_a_period_is_audited_with_before_after_and_reason(actor, cycle, first_half):
    period_open(actor=actor("office"), period=first_half, reason="avvio del monitoraggio")
    entry = AuditEntry.objects.get(action="period_open")
    assert entry.object_code == "cciaa-pistoia-prato/2024/S1"
    assert entry.actor is not None
    assert entry.actor.username == "controllo"
    assert entry.before == {"is_open": False, "deadline_on": None}
    assert entry.after == {"is_open": True, "deadline_on": None}
    assert entry.reason == "avvio del monitoraggio"
    state = AuditEntry.objects.get(action="cycle_state")
    assert (state.before, state.after) == ({"state": "planning"}, {"state": "monitoring"})


def test_opening_an_open_period_is_refused(actor, first_half):
    period_open(actor=actor("office"), period=first_half)
    with pytest.raises(CycleStateError, match="già aperta"):
        period_open(actor=actor("office"), period=first_half)


def test_opening_a_second_period_is_refused_while_another_is_open(actor, first_half, final):
    period_open(actor=actor("office"), period=first_half)
    with pytest.raises(CycleStateError, match="Chiudi prima la rilevazione «Primo semestre 2024»"):
        period_open(actor=actor("office"), period=final)
    final.refresh_from_db()
    assert not final.is_open


def test_closing_a_period_closes_it_and_is_audited(actor, cycle, first_half):
    period_open(actor=actor("office"), period=first_half)
    period_close(actor=actor("office"), period=first_half, reason="dati completi")
    first_half.refresh_from_db()
    assert not first_half.is_open
    entry = AuditEntry.objects.get(action="period_close")
    assert entry.before == {"is_open": True, "deadline_on": None}
    assert entry.after == {"is_open": False, "deadline_on": None}
    assert entry.reason == "dati completi"
    assert _fresh(cycle).state == CycleState.MONITORING


def test_closing_the_final_period_moves_the_cycle_to_evaluation(actor, cycle, final):
    period_open(actor=actor("office"), period=final)
    period_close(actor=actor("office"), period=final)
    assert _fresh(cycle).state == CycleState.EVALUATION


def test_closing_a_closed_period_is_refused(actor, first_half):
    with pytest.raises(CycleStateError, match="già chiusa"):
        period_close(actor=actor("office"), period=first_half)


def test_a_deadline_is_set_moved_and_removed_with_an_audit_entry_each_time(actor, first_half):
    period_set_deadline(actor=actor("office"), period=first_half, deadline_on=date(2024, 7, 31))
    period_set_deadline(actor=actor("office"), period=first_half, deadline_on=date(2024, 8, 31))
    period_set_deadline(actor=actor("office"), period=first_half, deadline_on=None)
    first_half.refresh_from_db()
    assert first_half.deadline_on is None
    entries = AuditEntry.objects.filter(action="period_set_deadline").order_by("id")
    assert [entry.after for entry in entries] == [
        {"is_open": False, "deadline_on": "2024-07-31"},
        {"is_open": False, "deadline_on": "2024-08-31"},
        {"is_open": False, "deadline_on": None},
    ]
    assert entries[1].before == {"is_open": False, "deadline_on": "2024-07-31"}


def test_a_deadline_before_the_period_starts_is_refused(actor, first_half):
    with pytest.raises(CycleStateError, match="non può precedere"):
        period_set_deadline(
            actor=actor("office"), period=first_half, deadline_on=date(2023, 12, 31)
        )
    with pytest.raises(CycleStateError):
        period_open(actor=actor("office"), period=first_half, deadline_on=date(2023, 12, 31))
    first_half.refresh_from_db()
    assert (first_half.is_open, first_half.deadline_on) == (False, None)


@pytest.mark.parametrize("role", ["secretary_general", "manager", "officer", "oiv", "viewer"])
def test_only_the_office_manages_periods(actor, first_half, role):
    with pytest.raises(CyclePermissionError):
        period_open(actor=actor(role), period=first_half)
    with pytest.raises(CyclePermissionError):
        period_set_deadline(actor=actor(role), period=first_half, deadline_on=date(2024, 7, 31))
    period_open(actor=actor("office"), period=first_half)
    with pytest.raises(CyclePermissionError):
        period_close(actor=actor(role), period=first_half)
    assert not AuditEntry.objects.filter(actor__username=actor(role).user.username).exists()


def test_the_office_of_another_administration_cannot_touch_the_periods(actor, first_half):
    with pytest.raises(CyclePermissionError):
        period_open(actor=actor("outsider"), period=first_half)


def test_period_changes_are_refused_once_the_cycle_is_validated(actor, cycle, first_half):
    _validate(actor, cycle)
    with pytest.raises(CycleLockedError, match="validato dall'OIV"):
        period_open(actor=actor("office"), period=first_half)
    with pytest.raises(CycleLockedError):
        period_set_deadline(actor=actor("office"), period=first_half, deadline_on=None)


# -- validation -------------------------------------------------------------------------------


def test_validation_records_the_act_and_locks_the_cycle(actor, cycle):
    act = _validate(actor, cycle)
    assert (act.act_reference, act.act_on, act.validated_by.username) == (
        "Verbale OIV n. 3/2025",
        date(2025, 4, 30),
        "oiv",
    )
    cycle = _fresh(cycle)
    assert cycle.state == CycleState.VALIDATED
    entry = AuditEntry.objects.get(action="cycle_validate")
    assert entry.after is not None
    assert entry.after["act_reference"] == "Verbale OIV n. 3/2025"
    assert Decimal(entry.after["entity_percent"]).quantize(Decimal("0.01")) == Decimal("96.41")
    assert entry.reason == "L'OIV valida la Relazione sulla performance 2024."


def test_after_validation_can_refuses_every_write_to_everybody(actor, cycle):
    _validate(actor, cycle)
    cycle = _fresh(cycle)
    writes = [
        Action.ENTER_MEASUREMENT,
        Action.REVIEW_MEASUREMENT,
        Action.OVERRIDE_SCORE,
        Action.MANAGE_PERIODS,
        Action.VALIDATE_CYCLE,
    ]
    for role in ("office", "manager", "officer", "oiv"):
        assert not any(can(actor(role), action, cycle=cycle) for action in writes)
    assert can(actor("viewer"), Action.VIEW_CYCLE, cycle=cycle)


def test_validation_closes_the_open_periods(actor, cycle, first_half):
    period_open(actor=actor("office"), period=first_half)
    _validate(actor, cycle)
    assert not MonitoringPeriod.objects.filter(cycle=cycle, is_open=True).exists()
    entry = AuditEntry.objects.get(action="period_close")
    assert entry.actor is not None
    assert entry.actor.username == "oiv"
    assert entry.reason == "Chiusura per la validazione dell'OIV."


def test_validating_twice_is_refused(actor, cycle):
    _validate(actor, cycle)
    with pytest.raises(CycleLockedError):
        _validate(actor, _fresh(cycle), act_reference="Verbale OIV n. 4/2025")
    assert ValidationAct.objects.filter(cycle=cycle).count() == 1


@pytest.mark.parametrize("role", ["office", "secretary_general", "manager", "officer", "viewer"])
def test_only_the_oiv_validates(actor, cycle, role):
    with pytest.raises(CyclePermissionError):
        cycle_validate(
            actor=actor(role), cycle=cycle, act_reference="x", act_on=date(2025, 1, 1), text="x"
        )
    assert _fresh(cycle).state != CycleState.VALIDATED


def test_validation_needs_a_reference_a_text_and_a_date_not_in_the_future(actor, cycle):
    with pytest.raises(CycleStateError, match="estremi"):
        _validate(actor, cycle, act_reference="   ")
    with pytest.raises(CycleStateError, match="estremi"):
        _validate(actor, cycle, text="")
    with pytest.raises(CycleStateError, match="futura"):
        _validate(actor, cycle, act_on=timezone.localdate() + timedelta(days=1))
    assert not ValidationAct.objects.exists()


# -- the frozen snapshot ----------------------------------------------------------------------


def test_the_snapshot_holds_the_scored_tree_and_the_rules_in_force(actor, cycle):
    act = _validate(actor, cycle)
    assert act.snapshot["period_code"] == "FY"
    assert act.snapshot["rules"] == plan_data_for(cycle=cycle).rules.to_settings()
    frozen = cycle_frozen_scores(_fresh(cycle))
    assert frozen is not None
    assert frozen.root.evaluated_percent is not None
    assert frozen.root.evaluated_percent.quantize(Decimal("0.01")) == Decimal("96.41")
    assert frozen.root.status_label == "RAGGIUNTO"
    assert len(frozen.indicators) == Indicator.objects.filter(cycle=cycle).count()
    assert frozen.taken_at <= timezone.now()


def test_changing_the_rules_after_validation_does_not_change_the_frozen_figures(actor, cycle):
    _validate(actor, cycle)
    frozen_before = cycle_frozen_scores(_fresh(cycle))
    assert frozen_before is not None
    rules = dict(_fresh(cycle).rules)
    rules.update(
        {
            "objective_threshold_achieved": "99.99",
            "objective_threshold_partly": "99",
            "display_decimals": "0",
            "strict_equality_meets_target": "no",
        }
    )
    Cycle.objects.filter(pk=cycle.pk).update(rules=rules)
    changed = _fresh(cycle)
    live = cycle_scores(cycle=changed, plan=plan_data_for(cycle=changed))
    assert live.root.status.label != frozen_before.root.status_label  # the rules did change

    frozen_after = cycle_frozen_scores(changed)
    assert frozen_after is not None
    assert frozen_after.root.status_label == "RAGGIUNTO"
    assert frozen_after.rules == frozen_before.rules
    assert [
        (item.code, item.evaluated_percent, item.status) for item in frozen_after.root.walk()
    ] == [(item.code, item.evaluated_percent, item.status) for item in frozen_before.root.walk()]


def test_a_cycle_not_yet_validated_has_no_frozen_figures(cycle):
    assert cycle_frozen_scores(cycle) is None
