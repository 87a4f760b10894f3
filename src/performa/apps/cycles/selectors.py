"""Reads of cycles: the scored tree of a cycle, computed once from its stored plan and figures."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from performa.apps.administrations.access import Actor, administrations_for
from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle
from performa.apps.plans.selectors import plan_data_for
from performa.scoring import ScoredPlan, score_plan
from performa.workbook.convert import scoring_plan_for
from performa.workbook.data import PlanData


def cycle_scores(
    *, cycle: Cycle, period_code: str | None = None, plan: PlanData | None = None
) -> ScoredPlan:
    """Every score of ``cycle`` for a monitoring period (default: the final one).

    ``plan`` may be passed when the caller already holds the cycle's ``PlanData``.
    """
    plan = plan if plan is not None else plan_data_for(cycle=cycle)
    return score_plan(scoring_plan_for(plan, period_code), plan.rules)


def cycles_for_user(*, user: User | AnonymousUser) -> list[tuple[Administration, list[Cycle]]]:
    """The administrations where ``user`` has a role, each with its cycles (newest first)."""
    administrations = administrations_for(user)
    cycles: dict[int, list[Cycle]] = {}
    for cycle in Cycle.objects.filter(administration__in=administrations).order_by("-year"):
        cycles.setdefault(cycle.administration_id, []).append(cycle)
    return [
        (administration, cycles.get(administration.pk, [])) for administration in administrations
    ]


def cycle_of(*, actor: Actor, year: int) -> Cycle:
    """The cycle ``year`` of the actor's administration, or ``Cycle.DoesNotExist``."""
    return Cycle.objects.select_related("administration").get(
        administration=actor.administration, year=year
    )
