"""When the plan may change: in planning, then only within an open revision; never validated."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from performa.apps.accounts.services import demo_accounts_ensure
from performa.apps.administrations.access import Action, actor_for, can
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.plans.models import PlanVersion, PlanVersionStatus
from performa.apps.plans.selectors import is_plan_editable

pytestmark = pytest.mark.django_db


def with_state(cycle: Cycle, state: CycleState) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    return Cycle.objects.get(pk=cycle.pk)


def version(cycle: Cycle, number: int, status: PlanVersionStatus) -> PlanVersion:
    return PlanVersion.objects.create(
        administration=cycle.administration,
        cycle=cycle,
        number=number,
        status=status,
        act_reference=f"Delibera di Giunta n. {number}",
        act_on=date(2024, 1, 30),
    )


def test_a_cycle_in_planning_without_versions_is_editable(demo_cycle: Cycle) -> None:
    assert is_plan_editable(with_state(demo_cycle, CycleState.PLANNING))


def test_a_recorded_version_closes_the_plan_until_a_revision_opens(demo_cycle: Cycle) -> None:
    cycle = with_state(demo_cycle, CycleState.MONITORING)
    assert not is_plan_editable(cycle)
    version(cycle, 1, PlanVersionStatus.RECORDED)
    assert not is_plan_editable(with_state(cycle, CycleState.PLANNING))
    version(cycle, 2, PlanVersionStatus.OPEN)
    assert is_plan_editable(with_state(cycle, CycleState.MONITORING))


def test_a_validated_cycle_is_never_editable(demo_cycle: Cycle) -> None:
    version(demo_cycle, 1, PlanVersionStatus.OPEN)
    assert not is_plan_editable(with_state(demo_cycle, CycleState.VALIDATED))


def test_only_the_office_may_edit_and_only_when_the_plan_is_editable(demo_cycle: Cycle) -> None:
    demo_accounts_ensure(administration=demo_cycle.administration)
    cycle = with_state(demo_cycle, CycleState.PLANNING)
    actors = {
        name: actor_for(User.objects.get(username=name), cycle.administration.code)
        for name in ("controllo", "dirigente", "oiv")
    }
    assert can(actors["controllo"], Action.EDIT_PLAN, cycle=cycle)
    assert not can(actors["dirigente"], Action.EDIT_PLAN, cycle=cycle)
    assert not can(actors["oiv"], Action.EDIT_PLAN, cycle=cycle)
    cycle = with_state(cycle, CycleState.MONITORING)
    assert not can(actors["controllo"], Action.EDIT_PLAN, cycle=cycle)


def test_a_cycle_has_at_most_one_open_revision(demo_cycle: Cycle) -> None:
    from django.db import IntegrityError, transaction

    version(demo_cycle, 1, PlanVersionStatus.OPEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        version(demo_cycle, 2, PlanVersionStatus.OPEN)
