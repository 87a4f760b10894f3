"""Copying a cycle to a new year: what is copied, how targets roll forward, what is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from performa.apps.accounts.services import demo_accounts_ensure
from performa.apps.administrations.access import Actor, actor_for
from performa.apps.administrations.models import Administration, Membership, Role
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod
from performa.apps.plans.copying import (
    CycleCopyError,
    CycleCopyPermissionError,
    _retitled,
    _shifted,
    cycle_copy,
    cycle_copy_counts,
    indicator_target_reviewed,
    indicators_to_review,
)
from performa.apps.plans.models import Indicator, IndicatorYearTarget, PlanVersion
from performa.apps.plans.selectors import is_plan_editable, plan_data_for
from performa.scoring.model import Comparator, Target
from performa.workbook.compare import ChangeKind, ChangeSubject, plan_changes
from performa.workbook.data import YearTarget

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(demo_cycle: Cycle, settings) -> Actor:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_accounts_ensure(administration=demo_cycle.administration)
    return actor_for(User.objects.get(username="controllo"), demo_cycle.administration.code)


def _actor(demo_cycle: Cycle, username: str) -> Actor:
    return actor_for(User.objects.get(username=username), demo_cycle.administration.code)


def test_copying_the_demo_gives_the_same_plan_in_the_new_year(
    demo_cycle: Cycle, office: Actor
) -> None:
    before = plan_data_for(cycle=demo_cycle)
    cycle = cycle_copy(office, demo_cycle, 2025)
    after = plan_data_for(cycle=cycle)

    assert (cycle.year, cycle.state) == (2025, CycleState.PLANNING)
    assert cycle.title == "Relazione sulla performance 2025"
    assert (after.levels, after.nodes, after.links) == (before.levels, before.nodes, before.links)
    assert after.assignments == before.assignments
    assert after.rules == before.rules
    assert [row.code for row in after.indicators] == [row.code for row in before.indicators]
    assert (after.measurements, after.overrides, after.notes, after.narratives) == ((), (), (), ())
    # Only targets (deadlines moved on) and baselines (the final figures) differ.
    changes = list(plan_changes(before, after))
    assert changes
    assert {change.subject for change in changes} == {ChangeSubject.INDICATOR}
    assert {change.kind for change in changes} == {ChangeKind.CHANGED}
    assert {change.field for change in changes} == {"target", "baseline", "baseline_year"}
    assert not PlanVersion.objects.filter(cycle=cycle).exists()
    assert is_plan_editable(cycle)


def test_targets_are_carried_over_and_baselines_are_the_final_figures(
    demo_cycle: Cycle, office: Actor
) -> None:
    before = {row.code: row for row in plan_data_for(cycle=demo_cycle).indicators}
    finals = {
        row.indicator_code: row.value
        for row in plan_data_for(cycle=demo_cycle).measurements
        if row.period_code == "FY"
    }
    after = {
        row.code: row
        for row in plan_data_for(cycle=cycle_copy(office, demo_cycle, 2025)).indicators
    }

    deadline = before["01_01_0502_I01"]
    assert deadline.target.due_on == date(2024, 1, 31)
    assert after["01_01_0502_I01"].target == Target(Comparator.DEADLINE, due_on=date(2025, 1, 31))
    numeric = next(
        code for code, row in before.items() if row.target.comparator is Comparator.AT_LEAST
    )
    assert after[numeric].target == before[numeric].target
    assert isinstance(finals["OC_TD_02"], Decimal)
    assert (after["OC_TD_02"].baseline, after["OC_TD_02"].baseline_year) == (
        finals["OC_TD_02"],
        2024,
    )


def test_a_planned_target_for_the_new_year_becomes_its_target(
    demo_cycle: Cycle, office: Actor
) -> None:
    indicator = Indicator.objects.get(cycle=demo_cycle, code="OC_TD_02")
    assert indicator.comparator == Comparator.AT_LEAST.value
    for year, value in ((2025, 12), (2026, 15)):
        IndicatorYearTarget.objects.create(
            administration=demo_cycle.administration,
            indicator=indicator,
            year=year,
            comparator=">=",
            value=Decimal(value),
        )
    cycle = cycle_copy(office, demo_cycle, 2025)
    copied = next(row for row in plan_data_for(cycle=cycle).indicators if row.code == "OC_TD_02")
    assert copied.target == Target(Comparator.AT_LEAST, value=Decimal(12))
    assert copied.later_targets == (
        YearTarget(2026, Target(Comparator.AT_LEAST, value=Decimal(15))),
    )


def test_periods_keep_names_and_codes_with_dates_a_year_later_all_closed(
    demo_cycle: Cycle, office: Actor
) -> None:
    MonitoringPeriod.objects.filter(cycle=demo_cycle, code="S1").update(
        is_open=True, deadline_on=date(2024, 7, 31)
    )
    cycle = cycle_copy(office, demo_cycle, 2025)
    periods = list(
        MonitoringPeriod.objects.filter(cycle=cycle)
        .order_by("position")
        .values_list("code", "name", "starts_on", "ends_on", "is_final", "is_open", "deadline_on")
    )
    names = dict(MonitoringPeriod.objects.filter(cycle=demo_cycle).values_list("code", "name"))
    assert periods == [
        ("S1", names["S1"], date(2025, 1, 1), date(2025, 6, 30), False, False, None),
        ("FY", names["FY"], date(2025, 1, 1), date(2025, 12, 31), True, False, None),
    ]


def test_every_copied_target_is_to_review_and_one_audit_entry_sums_up(
    demo_cycle: Cycle, office: Actor
) -> None:
    counts = cycle_copy_counts(source=demo_cycle)
    assert (counts.nodes, counts.indicators, counts.links, counts.assignments) == (59, 379, 389, 67)
    audits = AuditEntry.objects.count()
    cycle = cycle_copy(office, demo_cycle, 2025)
    assert len(indicators_to_review(cycle=cycle)) == 379
    assert not Indicator.objects.filter(cycle=demo_cycle, target_to_review=True).exists()
    assert AuditEntry.objects.count() == audits + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.object_code) == ("cycle_copy", "cciaa-pistoia-prato/2025")
    assert entry.after is not None
    assert entry.after["source"] == "cciaa-pistoia-prato/2024"
    assert entry.after["counts"] == counts.as_dict()
    assert entry.cycle_id == cycle.pk


def test_reviewing_a_target_clears_its_flag(demo_cycle: Cycle, office: Actor) -> None:
    cycle = cycle_copy(office, demo_cycle, 2025)
    indicator = Indicator.objects.get(cycle=cycle, code="OC_TD_02")
    indicator_target_reviewed(actor=office, indicator=indicator)
    assert not Indicator.objects.get(pk=indicator.pk).target_to_review
    assert len(indicators_to_review(cycle=cycle)) == 378
    assert AuditEntry.objects.latest("pk").action == "target_reviewed"
    with pytest.raises(CycleCopyPermissionError):
        indicator_target_reviewed(
            actor=_actor(demo_cycle, "dirigente"),
            indicator=Indicator.objects.get(cycle=cycle, code="01_01_0502_I01"),
        )


def _footprint() -> tuple[int, int, int]:
    return Cycle.objects.count(), Indicator.objects.count(), AuditEntry.objects.count()


def test_an_existing_year_is_refused(demo_cycle: Cycle, office: Actor) -> None:
    cycle_copy(office, demo_cycle, 2025)
    before = _footprint()
    with pytest.raises(CycleCopyError, match="Il ciclo 2025 esiste già"):
        cycle_copy(office, demo_cycle, 2025)
    with pytest.raises(CycleCopyError, match="deve seguire il 2024"):
        cycle_copy(office, demo_cycle, 2024)
    assert _footprint() == before


@pytest.mark.parametrize("username", ["segretario", "dirigente", "referente", "oiv", "lettore"])
def test_only_the_office_may_copy(demo_cycle: Cycle, office: Actor, username: str) -> None:
    before = _footprint()
    with pytest.raises(CycleCopyPermissionError):
        cycle_copy(_actor(demo_cycle, username), demo_cycle, 2025)
    assert _footprint() == before


def test_the_office_of_another_administration_may_not_copy(
    demo_cycle: Cycle, office: Actor
) -> None:
    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    user = User.objects.create_user("estraneo")
    Membership.objects.create(administration=other, user=user, role=Role.OFFICE)
    before = _footprint()
    with pytest.raises(CycleCopyPermissionError):
        cycle_copy(actor_for(user, "altro-ente"), demo_cycle, 2025)
    assert _footprint() == before


def test_a_copy_of_a_copy_moves_the_three_year_plan_on(demo_cycle: Cycle, office: Actor) -> None:
    indicator = Indicator.objects.get(cycle=demo_cycle, code="OC_TD_02")
    IndicatorYearTarget.objects.create(
        administration=demo_cycle.administration,
        indicator=indicator,
        year=2026,
        comparator=">=",
        value=Decimal(20),
    )
    second = cycle_copy(office, cycle_copy(office, demo_cycle, 2025), 2026)
    copied = next(row for row in plan_data_for(cycle=second).indicators if row.code == "OC_TD_02")
    assert copied.target == Target(Comparator.AT_LEAST, value=Decimal(20))
    assert copied.later_targets == ()


def test_titles_and_dates_move_on_by_the_years_between() -> None:
    assert _retitled("Piano della performance 2024-2026", 2024, 2025) == (
        "Piano della performance 2025-2027"
    )
    assert _retitled("Relazione 2024", 2024, 2026) == "Relazione 2026"
    assert _shifted(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert _shifted(date(2024, 6, 30), 2) == date(2026, 6, 30)


def test_a_planned_target_with_another_operator_becomes_the_indicators(
    demo_cycle: Cycle, office: Actor
) -> None:
    indicator = Indicator.objects.get(cycle=demo_cycle, code="01_01_0502_I01")
    assert indicator.comparator == Comparator.DEADLINE.value
    IndicatorYearTarget.objects.create(
        administration=demo_cycle.administration,
        indicator=indicator,
        year=2025,
        comparator=">=",
        value=Decimal(3),
    )
    cycle = cycle_copy(office, demo_cycle, 2025)
    copied = Indicator.objects.get(cycle=cycle, code="01_01_0502_I01")
    assert (copied.comparator, copied.target_value, copied.target_due_on) == (
        ">=",
        Decimal(3),
        None,
    )
