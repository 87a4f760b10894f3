"""The plan editor's services: each operation, its refusals, permissions, staleness, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from performa.apps.administrations.access import Actor
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.evaluations.services import override_set
from performa.apps.plans.editing import (
    IndicatorFields,
    NodeFields,
    PlanEditClosedError,
    PlanEditInvalidError,
    PlanEditPermissionError,
    PlanEditStaleError,
    indicator_create,
    indicator_link_create,
    indicator_link_delete,
    indicator_link_update,
    indicator_seen,
    indicator_update,
    link_seen,
    node_seen,
    plan_node_create,
    plan_node_delete,
    plan_node_move,
    plan_node_update,
)
from performa.apps.plans.models import Indicator, IndicatorLink, PlanNode
from performa.apps.plans.selectors import plan_data_for
from performa.apps.plans.versions import plan_revision_open, plan_version_adopt
from tests.apps.dashboards.conftest import actor_as, cast, client_as

__all__ = ["actor_as", "cast", "client_as"]

pytestmark = pytest.mark.django_db

PROTESTI = "01_01_0P06"


@pytest.fixture
def office(actor_as: Callable[[str], Actor]) -> Actor:
    return actor_as("controllo")


def node(cycle: Cycle, code: str) -> PlanNode:
    return PlanNode.objects.select_related("cycle", "level", "parent").get(cycle=cycle, code=code)


def fields_of(found: PlanNode, **changes: object) -> NodeFields:
    values: dict[str, object] = {
        "code": found.code,
        "name": found.name,
        "description": found.description,
        "weight": found.weight,
        "owner_unit": found.owner_unit,
        "manager": found.manager,
    }
    values.update(changes)
    return NodeFields(**values)  # type: ignore[arg-type]


def values(audited: object) -> dict[str, Any]:
    assert isinstance(audited, dict)
    return audited


def audit_actions(cycle: Cycle) -> list[str]:
    return list(
        AuditEntry.objects.filter(cycle=cycle).order_by("pk").values_list("action", flat=True)
    )


# -- create ----------------------------------------------------------------------------------


def test_a_node_is_created_at_the_level_below_its_parent_after_its_siblings(
    cast: Cycle, office: Actor
) -> None:
    created = plan_node_create(
        actor=office,
        cycle=cast,
        parent=node(cast, "01_01"),
        fields=NodeFields(code="01_01_NEW", name="Nuovo obiettivo", weight=Decimal("12.5")),
        reason="prova",
    )
    assert created.level.key == "operational_objective"
    assert created.weight == Decimal("12.5")
    rows = plan_data_for(cycle=cast).nodes
    siblings = [row.code for row in rows if row.parent_code == "01_01"]
    assert siblings[-1] == "01_01_NEW"
    codes = [row.code for row in rows]
    assert codes.index("01_01_NEW") < codes.index("01_02")  # still in 01_01's subtree
    entry = AuditEntry.objects.filter(cycle=cast, action="plan_node_create").get()
    assert values(entry.after)["code"] == "01_01_NEW"
    assert values(entry.after)["weight"] == "12.5"
    assert entry.reason == "prova"
    assert entry.actor_label == "controllo"


def test_a_node_without_parent_goes_to_the_first_level(cast: Cycle, office: Actor) -> None:
    created = plan_node_create(
        actor=office,
        cycle=cast,
        parent=None,
        fields=NodeFields(code="04", name="Area IV"),
        position=0,
    )
    assert created.level.depth == 1
    assert plan_data_for(cycle=cast).nodes[0].code == "04"


def test_no_node_below_the_last_level(cast: Cycle, office: Actor) -> None:
    with pytest.raises(PlanEditInvalidError, match="è già l'ultimo") as refused:
        plan_node_create(
            actor=office,
            cycle=cast,
            parent=node(cast, PROTESTI),
            fields=NodeFields(code="X", name="Troppo in basso"),
        )
    assert refused.value.field == "parent"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("01_01", "già usato da un altro nodo"),
        ("01_01_0P06_I01", "già usato da un indicatore"),
        ("cciaa-pistoia-prato", "quello dell'ente"),
        ("  ", "Indica il codice"),
        ("A/B", "non può contenere spazi"),
        ("A B", "non può contenere spazi"),
    ],
)
def test_a_node_code_must_be_new_and_plain(
    cast: Cycle, office: Actor, code: str, message: str
) -> None:
    with pytest.raises(PlanEditInvalidError, match=message) as refused:
        plan_node_create(
            actor=office, cycle=cast, parent=None, fields=NodeFields(code=code, name="Nome")
        )
    assert refused.value.field == "code"
    assert not AuditEntry.objects.filter(action="plan_node_create").exists()


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (Decimal("-1"), "tra 0 e 100"),
        (Decimal("100.5"), "tra 0 e 100"),
        (Decimal("1.23456"), "4 decimali"),
    ],
)
def test_a_weight_is_between_0_and_100_with_4_decimals(
    cast: Cycle, office: Actor, weight: Decimal, message: str
) -> None:
    with pytest.raises(PlanEditInvalidError, match=message):
        plan_node_create(
            actor=office,
            cycle=cast,
            parent=None,
            fields=NodeFields(code="04", name="Area", weight=weight),
        )


def test_a_node_needs_a_name(cast: Cycle, office: Actor) -> None:
    with pytest.raises(PlanEditInvalidError, match="denominazione") as refused:
        plan_node_create(
            actor=office, cycle=cast, parent=None, fields=NodeFields(code="04", name=" ")
        )
    assert refused.value.field == "name"


# -- update ----------------------------------------------------------------------------------


def test_a_node_is_updated_and_audited_with_before_and_after(cast: Cycle, office: Actor) -> None:
    found = node(cast, PROTESTI)
    plan_node_update(
        actor=office,
        node=found,
        seen=node_seen(found),
        fields=fields_of(found, code="01_01_PROT", name="Protesti e visure", weight=Decimal("20")),
        reason="rinomina",
    )
    updated = PlanNode.objects.get(pk=found.pk)
    assert (updated.code, updated.name, updated.weight) == (
        "01_01_PROT",
        "Protesti e visure",
        Decimal(20),
    )
    assert IndicatorLink.objects.filter(node=updated).count() == 6  # links follow the node
    entry = AuditEntry.objects.filter(cycle=cast, action="plan_node_update").get()
    assert values(entry.before)["code"] == PROTESTI
    assert values(entry.after)["code"] == "01_01_PROT"
    assert values(entry.after)["weight"] == "20"
    assert entry.object_code.endswith("/01_01_PROT")


def test_a_stale_node_edit_is_refused_with_the_current_values(cast: Cycle, office: Actor) -> None:
    found = node(cast, PROTESTI)
    loaded = node_seen(found)
    plan_node_update(actor=office, node=found, seen=loaded, fields=fields_of(found, name="Prima"))
    with pytest.raises(PlanEditStaleError) as refused:
        plan_node_update(
            actor=office, node=found, seen=loaded, fields=fields_of(found, name="Seconda")
        )
    assert ("Denominazione", "Prima") in refused.value.current
    assert refused.value.seen == node_seen(PlanNode.objects.get(pk=found.pk))
    assert PlanNode.objects.get(pk=found.pk).name == "Prima"
    assert audit_actions(cast).count("plan_node_update") == 1


def test_a_node_code_cannot_be_taken_on_update(cast: Cycle, office: Actor) -> None:
    found = node(cast, PROTESTI)
    with pytest.raises(PlanEditInvalidError, match="già usato"):
        plan_node_update(
            actor=office, node=found, seen=node_seen(found), fields=fields_of(found, code="01_02")
        )


# -- move ------------------------------------------------------------------------------------


def test_a_node_moves_under_a_parent_of_the_level_above_at_a_position(
    cast: Cycle, office: Actor
) -> None:
    found = node(cast, PROTESTI)
    plan_node_move(
        actor=office, node=found, seen=node_seen(found), parent=node(cast, "01_01"), position=0
    )
    rows = plan_data_for(cycle=cast).nodes
    moved = next(row for row in rows if row.code == PROTESTI)
    assert moved.parent_code == "01_01"
    assert [row.code for row in rows if row.parent_code == "01_01"][0] == PROTESTI
    codes = [row.code for row in rows]
    assert codes.index("01_01") < codes.index(PROTESTI)  # parents still come first
    assert IndicatorLink.objects.filter(node=found).count() == 6
    entry = AuditEntry.objects.filter(cycle=cast, action="plan_node_move").get()
    assert (values(entry.before)["parent"], values(entry.after)["parent"]) == ("02_01", "01_01")


def test_a_node_cannot_move_under_a_parent_of_the_wrong_level(cast: Cycle, office: Actor) -> None:
    found = node(cast, PROTESTI)
    with pytest.raises(PlanEditInvalidError, match="non può stare sotto") as refused:
        plan_node_move(actor=office, node=found, seen=node_seen(found), parent=node(cast, "02"))
    assert refused.value.field == "parent"
    with pytest.raises(PlanEditInvalidError, match="va sotto un nodo"):
        plan_node_move(actor=office, node=found, seen=node_seen(found), parent=None)
    assert node(cast, PROTESTI).parent_id == node(cast, "02_01").pk


def test_a_stale_move_is_refused(cast: Cycle, office: Actor) -> None:
    found = node(cast, PROTESTI)
    with pytest.raises(PlanEditStaleError):
        plan_node_move(actor=office, node=found, seen="old", parent=node(cast, "01_01"))


# -- delete ----------------------------------------------------------------------------------


def test_deleting_an_objective_deletes_its_links_not_its_indicators(
    cast: Cycle, office: Actor
) -> None:
    found = node(cast, PROTESTI)
    indicator_ids = list(
        IndicatorLink.objects.filter(node=found).values_list("indicator", flat=True)
    )
    assert plan_node_delete(actor=office, node=found, reason="doppione") == [PROTESTI]
    assert not PlanNode.objects.filter(cycle=cast, code=PROTESTI).exists()
    assert not IndicatorLink.objects.filter(
        indicator__in=indicator_ids, node__code=PROTESTI
    ).exists()
    assert Indicator.objects.filter(pk__in=indicator_ids).count() == 6
    entry = AuditEntry.objects.filter(cycle=cast, action="plan_node_delete").get()
    assert values(entry.before)["nodes"][0]["code"] == PROTESTI
    assert len(values(entry.before)["links"]) == 6
    assert entry.reason == "doppione"


def test_deleting_a_node_with_children_needs_the_cascade(cast: Cycle, office: Actor) -> None:
    parent = node(cast, "02_01")
    with pytest.raises(PlanEditInvalidError, match="nodi sotto di sé") as refused:
        plan_node_delete(actor=office, node=parent)
    assert refused.value.field == "cascade"
    assert PlanNode.objects.filter(parent=parent).exists()
    codes = plan_node_delete(actor=office, node=parent, cascade=True)
    assert codes[0] == "02_01"
    assert PROTESTI in codes
    assert not PlanNode.objects.filter(cycle=cast, code__in=codes).exists()


def test_deleting_a_node_with_an_intervention_is_refused(cast: Cycle, office: Actor) -> None:
    override_set(
        actor=office,
        cycle=cast,
        code=PROTESTI,
        evaluated_percent=Decimal("80"),
        justification="Motivo",
    )
    with pytest.raises(PlanEditInvalidError, match="intervento"):
        plan_node_delete(actor=office, node=node(cast, "02_01"), cascade=True)
    assert PlanNode.objects.filter(cycle=cast, code=PROTESTI).exists()


# -- links -----------------------------------------------------------------------------------


def test_an_indicator_is_linked_reweighted_and_unlinked(cast: Cycle, office: Actor) -> None:
    objective = node(cast, "01_01_0501")
    indicator = Indicator.objects.get(cycle=cast, code="01_01_0P06_I01")
    link = indicator_link_create(
        actor=office, node=objective, indicator=indicator, weight=Decimal("10")
    )
    assert link.weight == 10
    with pytest.raises(PlanEditInvalidError, match="già collegato"):
        indicator_link_create(actor=office, node=objective, indicator=indicator, weight=None)
    link = IndicatorLink.objects.select_related("node__cycle", "indicator").get(pk=link.pk)
    seen = link_seen(link)
    indicator_link_update(actor=office, link=link, seen=seen, weight=Decimal("15.5"))
    assert IndicatorLink.objects.get(pk=link.pk).weight == Decimal("15.5")
    with pytest.raises(PlanEditStaleError) as stale:
        indicator_link_update(actor=office, link=link, seen=seen, weight=Decimal("20"))
    assert stale.value.current == [("Peso %", "15,5")]
    assert IndicatorLink.objects.get(pk=link.pk).weight == Decimal("15.5")
    indicator_link_delete(actor=office, link=link)
    assert not IndicatorLink.objects.filter(pk=link.pk).exists()
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert [a for a in audit_actions(cast) if a.startswith("indicator_link")] == [
        "indicator_link_create",
        "indicator_link_update",
        "indicator_link_delete",
    ]


def test_a_link_weight_must_be_a_percent(cast: Cycle, office: Actor) -> None:
    link = (
        IndicatorLink.objects.select_related("node__cycle", "indicator")
        .filter(node__cycle=cast)
        .first()
    )
    assert link is not None
    with pytest.raises(PlanEditInvalidError, match="tra 0 e 100"):
        indicator_link_update(actor=office, link=link, seen=link_seen(link), weight=Decimal("-3"))


# -- indicators ------------------------------------------------------------------------------


def indicator_fields(**changes: object) -> IndicatorFields:
    values: dict[str, object] = {
        "code": "IND_NEW",
        "name": "Pratiche evase",
        "comparator": ">=",
        "unit": "n.",
        "target_value": Decimal("12.5"),
        "baseline": Decimal("10"),
        "baseline_year": 2023,
        "data_source": "Gestionale",
    }
    values.update(changes)
    return IndicatorFields(**values)  # type: ignore[arg-type]


def test_an_indicator_is_created_and_updated(cast: Cycle, office: Actor) -> None:
    created = indicator_create(actor=office, cycle=cast, fields=indicator_fields())
    assert (created.code, created.target_value, created.baseline_year) == (
        "IND_NEW",
        Decimal("12.5"),
        2023,
    )
    created = Indicator.objects.select_related("cycle").get(pk=created.pk)
    indicator_update(
        actor=office,
        indicator=created,
        seen=indicator_seen(created),
        fields=indicator_fields(
            comparator="between", target_value=Decimal(5), target_upper=Decimal(8)
        ),
    )
    updated = Indicator.objects.get(pk=created.pk)
    assert (updated.comparator, updated.target_value, updated.target_upper) == (
        "between",
        Decimal(5),
        Decimal(8),
    )
    assert audit_actions(cast)[-2:] == ["indicator_create", "indicator_update"]


def test_a_stale_indicator_edit_is_refused(cast: Cycle, office: Actor) -> None:
    found = Indicator.objects.select_related("cycle").get(cycle=cast, code="01_01_0P06_I01")
    seen = indicator_seen(found)
    indicator_update(
        actor=office,
        indicator=found,
        seen=seen,
        fields=indicator_fields(code=found.code, name="Nuovo nome"),
    )
    with pytest.raises(PlanEditStaleError) as refused:
        indicator_update(
            actor=office,
            indicator=found,
            seen=seen,
            fields=indicator_fields(code=found.code, name="Altro"),
        )
    assert ("Denominazione", "Nuovo nome") in refused.value.current
    assert Indicator.objects.get(pk=found.pk).name == "Nuovo nome"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"target_value": None}, "target_value"),
        ({"comparator": "between", "target_upper": None}, "target_upper"),
        ({"comparator": "between", "target_upper": Decimal(1)}, "target_upper"),
        ({"comparator": "entro"}, "target_due_on"),
        ({"comparator": "si/no"}, "target_expected"),
        ({"comparator": "??"}, "comparator"),
        ({"code": "01_01"}, "code"),
        ({"code": "01_01_0P06_I01"}, "code"),
        ({"baseline_year": 20}, "baseline_year"),
    ],
)
def test_an_indicator_is_refused_on_the_field_at_fault(
    cast: Cycle, office: Actor, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(PlanEditInvalidError) as refused:
        indicator_create(actor=office, cycle=cast, fields=indicator_fields(**changes))
    assert refused.value.field == field
    assert not Indicator.objects.filter(cycle=cast, code="IND_NEW").exists()


def test_fields_the_comparator_does_not_use_are_emptied(cast: Cycle, office: Actor) -> None:
    created = indicator_create(
        actor=office,
        cycle=cast,
        fields=indicator_fields(
            comparator="entro", target_due_on=date(2024, 3, 31), target_upper=Decimal(9)
        ),
    )
    assert (created.target_value, created.target_upper, created.target_due_on) == (
        None,
        None,
        date(2024, 3, 31),
    )


# -- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["segretario", "dirigente", "referente", "oiv", "lettore"])
def test_only_the_office_edits_the_plan(
    cast: Cycle, actor_as: Callable[[str], Actor], username: str
) -> None:
    with pytest.raises(PlanEditPermissionError):
        plan_node_create(
            actor=actor_as(username),
            cycle=cast,
            parent=None,
            fields=NodeFields(code="04", name="Area"),
        )
    found = node(cast, PROTESTI)
    with pytest.raises(PlanEditPermissionError):
        plan_node_update(
            actor=actor_as(username),
            node=found,
            seen=node_seen(found),
            fields=fields_of(found, name="x"),
        )
    assert node(cast, PROTESTI).name == found.name


def test_once_adopted_the_plan_changes_only_within_a_revision(cast: Cycle, office: Actor) -> None:
    plan_version_adopt(
        actor=office, cycle=cast, act_reference="Delibera n. 5", act_on=date(2024, 1, 30)
    )
    cast.state = CycleState.MONITORING
    cast.save()
    with pytest.raises(PlanEditClosedError, match="apri una variazione"):
        plan_node_create(
            actor=office, cycle=cast, parent=None, fields=NodeFields(code="04", name="Area")
        )
    plan_revision_open(
        actor=office,
        cycle=cast,
        act_reference="Delibera n. 48",
        act_on=date(2024, 6, 15),
        reason="Nuova area",
    )
    created = plan_node_create(
        actor=office, cycle=cast, parent=None, fields=NodeFields(code="04", name="Area")
    )
    assert created.pk is not None


def test_a_validated_cycle_is_closed_to_the_editor(cast: Cycle, office: Actor) -> None:
    cast.state = CycleState.VALIDATED
    cast.save()
    with pytest.raises(PlanEditClosedError, match="validato"):
        plan_node_create(
            actor=office, cycle=cast, parent=None, fields=NodeFields(code="04", name="Area")
        )


def test_an_edit_bumps_the_cycle_data_version(cast: Cycle, office: Actor) -> None:
    before = Cycle.objects.get(pk=cast.pk).data_version
    found = node(cast, PROTESTI)
    plan_node_move(actor=office, node=found, seen=node_seen(found), parent=node(cast, "01_01"))
    assert Cycle.objects.get(pk=cast.pk).data_version != before
