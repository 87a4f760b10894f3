"""Reads of cycles: the scored tree of a cycle, computed once from its stored plan and figures."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from threading import Lock

from django.contrib.auth.models import AnonymousUser, User

from performa.apps.administrations.access import (
    Action,
    Actor,
    actor_for,
    administrations_for,
    can,
    restrict,
)
from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle, MonitoringPeriod, ValidationAct
from performa.apps.cycles.snapshots import FrozenScores, frozen_scores_from
from performa.apps.measurements.models import Measurement, MeasurementStatus
from performa.apps.plans.models import Indicator
from performa.apps.plans.selectors import plan_data_for
from performa.scoring import ScoredPlan, score_plan
from performa.workbook.convert import scoring_plan_for
from performa.workbook.data import PlanData

_CACHE_SIZE = 32
_cache: OrderedDict[tuple[int, int, str | None], tuple[PlanData, ScoredPlan]] = OrderedDict()
_cache_lock = Lock()


def cycle_plan_and_scores(
    *, cycle: Cycle, period_code: str | None = None
) -> tuple[PlanData, ScoredPlan]:
    """The cycle's ``PlanData`` and its scores for a period (default: the final one).

    Both are immutable, so they are cached in the process under the cycle's data version
    (bumped by every change, see ``versioning``): pages shown many times between two changes
    cost one version check instead of a full read and roll-up.
    """
    key = (cycle.pk, cycle.data_version, period_code)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    plan = plan_data_for(cycle=cycle)
    result = (plan, score_plan(scoring_plan_for(plan, period_code), plan.rules))
    with _cache_lock:
        _cache[key] = result
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def cycle_scores(
    *, cycle: Cycle, period_code: str | None = None, plan: PlanData | None = None
) -> ScoredPlan:
    """Every score of ``cycle`` for a monitoring period (default: the final one).

    ``plan`` may be passed when the caller already holds the cycle's ``PlanData``.
    """
    if plan is None:
        return cycle_plan_and_scores(cycle=cycle, period_code=period_code)[1]
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


def periods_of(*, cycle: Cycle) -> list[MonitoringPeriod]:
    """The monitoring periods of ``cycle`` in their order (first half, year end...)."""
    return list(cycle.periods.order_by("position"))


def validation_act_for(*, cycle: Cycle) -> ValidationAct | None:
    """The OIV's validation act of ``cycle``, or ``None`` while it is not validated."""
    return ValidationAct.objects.select_related("validated_by").filter(cycle=cycle).first()


def cycle_frozen_scores(cycle: Cycle) -> FrozenScores | None:
    """The scored tree of a validated ``cycle`` as frozen at validation; ``None`` otherwise.

    Pages of a validated cycle show these figures, which later changes to the rules, the data
    or the scoring code cannot alter (issue 5, "Validation and locking").
    """
    act = ValidationAct.objects.filter(cycle=cycle).only("snapshot").first()
    return frozen_scores_from(act.snapshot) if act is not None else None


@dataclass(frozen=True, slots=True)
class PeriodProgress:
    """Where an actor stands in an open monitoring period.

    ``left_count`` counts the indicators the actor may enter whose figure for the period is
    neither submitted nor accepted (missing, draft or sent back); ``total_count`` all the
    indicators the actor may enter. ``days_left`` is negative once the deadline has passed
    and ``None`` without a deadline.
    """

    period: MonitoringPeriod
    can_enter: bool
    left_count: int
    total_count: int
    days_left: int | None

    @property
    def is_overdue(self) -> bool:
        """The deadline has passed."""
        return self.days_left is not None and self.days_left < 0

    @property
    def is_late(self) -> bool:
        """The deadline has passed and the actor still has figures to enter."""
        return self.is_overdue and self.left_count > 0

    @property
    def days_overdue(self) -> int:
        """Days since the deadline (0 when not overdue)."""
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def period_progress_for(*, actor: Actor, period: MonitoringPeriod, today: date) -> PeriodProgress:
    """How many figures ``actor`` has left to enter in ``period`` (two queries).

    The indicators are those ``restrict(..., Action.ENTER_MEASUREMENT)`` lets the actor enter:
    their units' for managers and officers, every one for the office, none for other roles.
    """
    days_left = (period.deadline_on - today).days if period.deadline_on is not None else None
    can_enter = can(actor, Action.ENTER_MEASUREMENT, period=period)
    if not can_enter:
        return PeriodProgress(period, False, 0, 0, days_left)
    indicators = restrict(
        Indicator.objects.filter(cycle_id=period.cycle_id), actor, Action.ENTER_MEASUREMENT
    )
    done = Measurement.objects.filter(
        period=period, status__in=[MeasurementStatus.SUBMITTED, MeasurementStatus.ACCEPTED]
    ).values("indicator_id")
    return PeriodProgress(
        period=period,
        can_enter=True,
        left_count=indicators.exclude(pk__in=done).count(),
        total_count=indicators.count(),
        days_left=days_left,
    )


def open_periods_progress(*, actor: Actor, cycle: Cycle, today: date) -> list[PeriodProgress]:
    """``period_progress_for`` each open period of ``cycle`` (none once it is validated)."""
    periods = cycle.periods.filter(is_open=True).select_related("cycle").order_by("position")
    return [period_progress_for(actor=actor, period=period, today=today) for period in periods]


@dataclass(frozen=True, slots=True)
class CycleOverview:
    """A cycle on the home page, with the actor's progress in each of its open periods."""

    cycle: Cycle
    open_periods: list[PeriodProgress]


@dataclass(frozen=True, slots=True)
class AdministrationOverview:
    """An administration where the user has a role: the actor and its cycles, newest first."""

    administration: Administration
    actor: Actor
    cycles: list[CycleOverview]


def cycle_overviews_for(*, user: User | AnonymousUser, today: date) -> list[AdministrationOverview]:
    """The home page's reading: every cycle of the user's administrations with open periods,
    deadlines and the figures left to enter. Queries grow with the cycles, not the tree.
    """
    overviews = []
    for administration in administrations_for(user):
        actor = actor_for(user, administration.code)
        cycles = [
            CycleOverview(cycle, open_periods_progress(actor=actor, cycle=cycle, today=today))
            for cycle in Cycle.objects.select_related("administration")
            .filter(administration=administration)
            .order_by("-year")
        ]
        overviews.append(AdministrationOverview(administration, actor, cycles))
    return overviews
