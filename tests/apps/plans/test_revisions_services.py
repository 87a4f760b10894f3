"""The plan's versions: adoption, revisions opened, recorded and cancelled, and their refusals."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.plans.models import IndicatorLink, PlanNode, PlanVersion, PlanVersionStatus
from performa.apps.plans.selectors import is_plan_editable
from performa.apps.plans.versions import (
    PlanVersionLockedError,
    PlanVersionPermissionError,
    PlanVersionStateError,
    plan_of_version,
    plan_revision_cancel,
    plan_revision_open,
    plan_revision_record,
    plan_structure_for,
    plan_version_adopt,
    plan_versions_compare,
)
from performa.workbook.compare import ChangeKind, plan_changes
from performa.workbook.reader import read_workbook
from tests.apps.dashboards.conftest import actor_as, cast

__all__ = ["actor_as", "cast"]

pytestmark = pytest.mark.django_db

ADOPTION = "Delibera di Giunta n. 5"
ADOPTED_ON = date(2024, 1, 30)


def reloaded(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_related("administration").get(pk=cycle.pk)


def with_state(cycle: Cycle, state: CycleState) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    return reloaded(cycle)


@pytest.fixture
def office(actor_as: Callable[[str], Actor]) -> Actor:
    return actor_as("controllo")


@pytest.fixture
def adopted(cast: Cycle, office: Actor) -> Cycle:
    plan_version_adopt(actor=office, cycle=cast, act_reference=ADOPTION, act_on=ADOPTED_ON)
    return reloaded(cast)


def open_revision(actor: Actor, cycle: Cycle, reference: str = "Delibera di Giunta n. 48"):
    return plan_revision_open(
        actor=actor,
        cycle=cycle,
        act_reference=reference,
        act_on=date(2024, 6, 15),
        reason="Nuovo obiettivo sulla digitalizzazione",
    )


# -- adoption -------------------------------------------------------------------------------


def test_adoption_records_version_one_and_closes_the_plan(cast: Cycle, office: Actor) -> None:
    assert is_plan_editable(cast)
    version = plan_version_adopt(
        actor=office, cycle=cast, act_reference=f"  {ADOPTION} ", act_on=ADOPTED_ON
    )
    version.refresh_from_db()
    assert (version.number, version.status) == (1, PlanVersionStatus.RECORDED)
    assert version.act_reference == ADOPTION
    assert version.recorded_at is not None
    assert version.opened_by == office.user
    assert version.snapshot
    assert not is_plan_editable(reloaded(cast))
    assert not can(office, Action.EDIT_PLAN, cycle=reloaded(cast))
    entry = AuditEntry.objects.get(action="plan_version_adopt")
    assert entry.object_code == f"{cast.administration.code}/2024/v1"
    assert entry.cycle_id == cast.pk
    assert entry.after is not None
    assert entry.after["act_reference"] == ADOPTION


def test_adoption_bumps_the_cycle_data_version(cast: Cycle, office: Actor) -> None:
    before = reloaded(cast).data_version
    plan_version_adopt(actor=office, cycle=cast, act_reference=ADOPTION, act_on=ADOPTED_ON)
    assert reloaded(cast).data_version != before


def test_adopting_twice_is_refused(adopted: Cycle, office: Actor) -> None:
    with pytest.raises(PlanVersionStateError, match="già stato adottato"):
        plan_version_adopt(actor=office, cycle=adopted, act_reference="bis", act_on=ADOPTED_ON)
    assert PlanVersion.objects.filter(cycle=adopted).count() == 1


@pytest.mark.parametrize("username", ["segretario", "dirigente", "referente", "oiv", "lettore"])
def test_only_the_office_may_adopt(
    cast: Cycle, actor_as: Callable[[str], Actor], username: str
) -> None:
    with pytest.raises(PlanVersionPermissionError):
        plan_version_adopt(
            actor=actor_as(username), cycle=cast, act_reference=ADOPTION, act_on=ADOPTED_ON
        )
    assert not PlanVersion.objects.exists()


def test_adoption_is_refused_on_a_validated_cycle(cast: Cycle, office: Actor) -> None:
    cycle = with_state(cast, CycleState.VALIDATED)
    with pytest.raises(PlanVersionLockedError, match="validato"):
        plan_version_adopt(actor=office, cycle=cycle, act_reference=ADOPTION, act_on=ADOPTED_ON)


def test_adoption_needs_the_act(cast: Cycle, office: Actor) -> None:
    with pytest.raises(PlanVersionStateError, match="estremi dell'atto"):
        plan_version_adopt(actor=office, cycle=cast, act_reference="  ", act_on=ADOPTED_ON)
    with pytest.raises(PlanVersionStateError, match="data dell'atto"):
        plan_version_adopt(actor=office, cycle=cast, act_reference=ADOPTION, act_on=None)


def test_a_cycle_past_planning_can_still_have_its_plan_adopted(cast: Cycle, office: Actor) -> None:
    cycle = with_state(cast, CycleState.MONITORING)
    version = plan_version_adopt(
        actor=office, cycle=cycle, act_reference=ADOPTION, act_on=ADOPTED_ON
    )
    assert version.number == 1


# -- snapshot -------------------------------------------------------------------------------


def test_the_snapshot_reads_back_as_the_live_plan_structure(adopted: Cycle) -> None:
    version = PlanVersion.objects.get(cycle=adopted, number=1)
    assert version.snapshot is not None
    result = read_workbook(io.BytesIO(bytes(version.snapshot)))
    assert result.errors == ()
    live = plan_structure_for(cycle=adopted)
    assert result.plan == live
    assert plan_changes(live, result.plan).is_empty
    assert len(result.plan.nodes) == PlanNode.objects.filter(cycle=adopted).count() > 0
    assert result.plan.measurements == ()
    assert result.plan.overrides == ()
    assert result.plan.narratives == ()


# -- revisions ------------------------------------------------------------------------------


def test_opening_a_revision_makes_the_plan_editable(adopted: Cycle, office: Actor) -> None:
    version = open_revision(office, adopted)
    assert (version.number, version.status) == (2, PlanVersionStatus.OPEN)
    assert version.snapshot is None
    assert version.reason == "Nuovo obiettivo sulla digitalizzazione"
    assert is_plan_editable(reloaded(adopted))
    assert can(office, Action.EDIT_PLAN, cycle=reloaded(adopted))
    assert AuditEntry.objects.filter(action="plan_revision_open").count() == 1


def test_a_revision_needs_an_adopted_plan(cast: Cycle, office: Actor) -> None:
    with pytest.raises(PlanVersionStateError, match="non è ancora stato adottato"):
        open_revision(office, cast)


def test_a_second_revision_is_refused_while_one_is_open(adopted: Cycle, office: Actor) -> None:
    open_revision(office, adopted)
    with pytest.raises(PlanVersionStateError, match="già in corso la variazione n. 2"):
        open_revision(office, adopted, "Delibera di Giunta n. 50")
    assert PlanVersion.objects.filter(cycle=adopted).count() == 2


@pytest.mark.parametrize("username", ["segretario", "dirigente", "referente", "oiv", "lettore"])
def test_only_the_office_may_open_a_revision(
    adopted: Cycle, actor_as: Callable[[str], Actor], username: str
) -> None:
    with pytest.raises(PlanVersionPermissionError):
        open_revision(actor_as(username), adopted)


def test_a_revision_is_refused_on_a_validated_cycle(adopted: Cycle, office: Actor) -> None:
    with pytest.raises(PlanVersionLockedError):
        open_revision(office, with_state(adopted, CycleState.VALIDATED))


def test_a_revision_needs_a_reason_and_an_act_not_older_than_the_plan(
    adopted: Cycle, office: Actor
) -> None:
    with pytest.raises(PlanVersionStateError, match="motivo"):
        plan_revision_open(
            actor=office, cycle=adopted, act_reference="D", act_on=ADOPTED_ON, reason=" "
        )
    with pytest.raises(PlanVersionStateError, match="non può precedere"):
        plan_revision_open(
            actor=office, cycle=adopted, act_reference="D", act_on=date(2023, 12, 1), reason="x"
        )


def test_recording_keeps_the_revised_plan(adopted: Cycle, office: Actor) -> None:
    version = open_revision(office, adopted)
    link = (
        IndicatorLink.objects.filter(node__cycle=adopted, weight__isnull=False)
        .select_related("node", "indicator")
        .first()
    )
    assert link is not None
    assert link.weight is not None
    old_weight = link.weight
    link.weight = old_weight + Decimal(5)
    link.save()
    recorded = plan_revision_record(actor=office, version=version)
    recorded.refresh_from_db()
    assert recorded.status == PlanVersionStatus.RECORDED
    assert recorded.recorded_at is not None
    assert not is_plan_editable(reloaded(adopted))
    key = (link.node.code, link.indicator.code)
    revised = plan_of_version(version=recorded)
    adopted_plan = plan_of_version(version=PlanVersion.objects.get(cycle=adopted, number=1))
    assert {(r.objective_code, r.indicator_code): r.weight for r in revised.links}[key] == (
        old_weight + 5
    )
    assert {(r.objective_code, r.indicator_code): r.weight for r in adopted_plan.links}[key] == (
        old_weight
    )
    comparison = plan_versions_compare(cycle=adopted, before="1", after="2")
    assert [(c.kind, c.code, c.field) for c in comparison.changes] == [
        (ChangeKind.CHANGED, f"{key[0]} → {key[1]}", "weight")
    ]
    assert plan_versions_compare(cycle=adopted, before="2", after="corrente").changes.is_empty
    assert AuditEntry.objects.filter(action="plan_revision_record").count() == 1


def test_recording_twice_is_refused(adopted: Cycle, office: Actor) -> None:
    version = open_revision(office, adopted)
    plan_revision_record(actor=office, version=version)
    with pytest.raises(PlanVersionStateError, match="non è in corso"):
        plan_revision_record(actor=office, version=version)


def test_recording_the_adopted_version_without_a_revision_is_refused(
    adopted: Cycle, office: Actor
) -> None:
    with pytest.raises(PlanVersionStateError, match="non è in corso"):
        plan_revision_record(actor=office, version=PlanVersion.objects.get(cycle=adopted, number=1))


def test_only_the_office_may_record(
    adopted: Cycle, office: Actor, actor_as: Callable[[str], Actor]
) -> None:
    version = open_revision(office, adopted)
    with pytest.raises(PlanVersionPermissionError):
        plan_revision_record(actor=actor_as("oiv"), version=version)
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.OPEN


def test_recording_is_refused_on_a_validated_cycle(adopted: Cycle, office: Actor) -> None:
    version = open_revision(office, adopted)
    with_state(adopted, CycleState.VALIDATED)
    with pytest.raises(PlanVersionLockedError):
        plan_revision_record(actor=office, version=version)


def test_an_unchanged_revision_can_be_cancelled(adopted: Cycle, office: Actor) -> None:
    version = open_revision(office, adopted)
    plan_revision_cancel(actor=office, version=version, reason="Atto ritirato")
    assert list(PlanVersion.objects.filter(cycle=adopted).values_list("number", flat=True)) == [1]
    assert not is_plan_editable(reloaded(adopted))
    entry = AuditEntry.objects.get(action="plan_revision_cancel")
    assert (entry.reason, entry.after) == ("Atto ritirato", None)
    assert open_revision(office, adopted).number == 2


def test_a_revision_that_changed_the_plan_cannot_be_cancelled(
    adopted: Cycle, office: Actor
) -> None:
    version = open_revision(office, adopted)
    link = IndicatorLink.objects.filter(node__cycle=adopted, weight__isnull=False).first()
    assert link is not None
    assert link.weight is not None
    link.weight = link.weight + Decimal(1)
    link.save()
    with pytest.raises(PlanVersionStateError, match="ha già modificato il piano"):
        plan_revision_cancel(actor=office, version=version)
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.OPEN


def test_comparing_an_unrecorded_or_missing_version_is_refused(
    adopted: Cycle, office: Actor
) -> None:
    open_revision(office, adopted)
    with pytest.raises(PlanVersionStateError, match="non è ancora registrata"):
        plan_versions_compare(cycle=adopted, before="1", after="2")
    with pytest.raises(PlanVersionStateError, match="non esiste"):
        plan_versions_compare(cycle=adopted, before="7", after="corrente")
