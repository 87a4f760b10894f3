"""Multi-year targets stored with a cycle: imported from and exported to ``PlanData``, checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from performa.apps.accounts.services import demo_accounts_ensure
from performa.apps.administrations.access import Actor, actor_for
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator, IndicatorYearTarget
from performa.apps.plans.selectors import plan_data_for
from performa.apps.plans.services import plan_import
from performa.apps.plans.year_targets import (
    YearTargetError,
    YearTargetPermissionError,
    indicator_year_targets_set,
    target_problems,
    year_target_problems,
)
from performa.scoring.model import Comparator, Target
from performa.workbook.data import PlanData, YearTarget

pytestmark = pytest.mark.django_db


def _with_later_targets(plan: PlanData) -> PlanData:
    year = plan.cycle.year
    indicators = list(plan.indicators)
    first = indicators[0]
    value = first.target.value or Decimal(0)
    indicators[0] = replace(
        first,
        later_targets=(
            YearTarget(year + 1, replace(first.target, value=value + 1)),
            YearTarget(year + 2, replace(first.target, value=value + 2)),
        ),
    )
    return replace(plan, indicators=tuple(indicators))


def test_import_then_export_keeps_the_later_targets(demo_plan: PlanData) -> None:
    plan = _with_later_targets(demo_plan)
    outcome = plan_import(plan=plan, actor_label="test")
    assert IndicatorYearTarget.objects.filter(indicator__cycle=outcome.cycle).count() == 2
    exported = plan_data_for(cycle=outcome.cycle)
    assert exported.indicators == plan.indicators
    assert exported.indicators[0].later_targets[1].year == plan.cycle.year + 2


def test_reimporting_replaces_the_later_targets(demo_plan: PlanData) -> None:
    plan_import(plan=_with_later_targets(demo_plan), actor_label="test")
    outcome = plan_import(plan=demo_plan, actor_label="test")
    assert not IndicatorYearTarget.objects.filter(indicator__cycle=outcome.cycle).exists()
    assert all(row.later_targets == () for row in plan_data_for(cycle=outcome.cycle).indicators)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (Target(Comparator.BETWEEN, value=Decimal(1)), "limite inferiore e quello superiore"),
        (
            Target(Comparator.BETWEEN, value=Decimal(5), upper=Decimal("2.5")),
            "Il limite superiore 2,5 è minore di quello inferiore 5.",
        ),
        (Target(Comparator.DEADLINE), "Un target «entro» richiede una data."),
        (Target(Comparator.YES_NO), "risposta attesa"),
        (Target(Comparator.AT_LEAST), "valore numerico"),
        (Target(Comparator.AT_LEAST, value=Decimal(1), upper=Decimal(2)), "Solo un target «tra»"),
    ],
)
def test_an_incomplete_target_is_explained(target: Target, message: str) -> None:
    problems = target_problems(target)
    assert len(problems) == 1
    assert message in problems[0]


def test_complete_targets_have_no_problems() -> None:
    assert target_problems(Target(Comparator.DEADLINE, due_on=date(2025, 3, 31))) == []
    assert target_problems(Target(Comparator.YES_NO, expected=False)) == []
    assert target_problems(Target(Comparator.BETWEEN, value=Decimal(1), upper=Decimal(1))) == []


def test_year_targets_must_follow_the_cycle_within_three_years() -> None:
    at_least = Target(Comparator.AT_LEAST, value=Decimal(1))
    problems = year_target_problems(
        [
            YearTarget(2024, at_least),
            YearTarget(2025, at_least),
            YearTarget(2025, at_least),
            YearTarget(2027, at_least),
            YearTarget(2026, Target(Comparator.BETWEEN, value=Decimal(1))),
        ],
        cycle_year=2024,
    )
    assert problems == [
        "Target 2024: l'anno deve seguire quello del ciclo (2024).",
        "Target 2025: l'anno è indicato due volte.",
        "Target 2027: si pianificano al più i target fino al 2026.",
        "Target 2026: Un target «tra» richiede il limite inferiore e quello superiore.",
    ]
    assert (
        year_target_problems(
            [YearTarget(2025, at_least), YearTarget(2026, at_least)],
            cycle_year=2024,
        )
        == []
    )


# -- setting an indicator's later targets -------------------------------------------------


@pytest.fixture
def office(demo_cycle: Cycle, settings) -> Callable[..., Actor]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_accounts_ensure(administration=demo_cycle.administration)
    return lambda username="controllo": actor_for(
        User.objects.get(username=username), demo_cycle.administration.code
    )


def _at_least(year: int, value: int) -> YearTarget:
    return YearTarget(year, Target(Comparator.AT_LEAST, value=Decimal(value)))


def test_the_office_sets_later_targets_while_planning(
    demo_cycle: Cycle, office: Callable[..., Actor]
) -> None:
    indicator = Indicator.objects.get(cycle=demo_cycle, code="OC_TD_02")
    version = demo_cycle.data_version
    indicator_year_targets_set(
        actor=office(), indicator=indicator, targets=[_at_least(2026, 9), _at_least(2025, 8)]
    )
    row = next(r for r in plan_data_for(cycle=demo_cycle).indicators if r.code == "OC_TD_02")
    assert row.later_targets == (_at_least(2025, 8), _at_least(2026, 9))
    entry = AuditEntry.objects.latest("pk")
    assert entry.action == "year_targets_set"
    assert entry.after == [
        {
            "year": 2025,
            "comparator": ">=",
            "value": "8",
            "upper": None,
            "due_on": None,
            "expected": None,
        },
        {
            "year": 2026,
            "comparator": ">=",
            "value": "9",
            "upper": None,
            "due_on": None,
            "expected": None,
        },
    ]
    demo_cycle.refresh_from_db()
    assert demo_cycle.data_version != version


def test_later_targets_are_refused_when_wrong_stale_or_not_allowed(
    demo_cycle: Cycle, office: Callable[..., Actor]
) -> None:
    indicator = Indicator.objects.get(cycle=demo_cycle, code="OC_TD_02")
    with pytest.raises(YearTargetError, match="l'anno deve seguire quello del ciclo"):
        indicator_year_targets_set(
            actor=office(), indicator=indicator, targets=[_at_least(2024, 1)]
        )
    with pytest.raises(YearTargetPermissionError):
        indicator_year_targets_set(
            actor=office("dirigente"), indicator=indicator, targets=[_at_least(2025, 1)]
        )
    indicator_year_targets_set(actor=office(), indicator=indicator, targets=[_at_least(2025, 1)])
    with pytest.raises(YearTargetError, match="modificati da altri"):
        indicator_year_targets_set(
            actor=office(), indicator=indicator, targets=[_at_least(2025, 2)], seen=[]
        )
    assert IndicatorYearTarget.objects.get(indicator=indicator).value == 1
