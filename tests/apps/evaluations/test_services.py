"""Interventions: who may set or remove an evaluated score, when, and what is recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from performa.apps.administrations.access import actor_for
from performa.apps.administrations.models import Administration, Membership, Role
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.cycles.selectors import cycle_scores
from performa.apps.evaluations.models import Override
from performa.apps.evaluations.services import (
    OverrideInputError,
    OverrideLockedError,
    OverrideNotFoundError,
    OverridePermissionError,
    override_remove,
    override_set,
)
from performa.scoring import ScoredPlan

pytestmark = pytest.mark.django_db

PROTESTI = "01_01_0P06"
INDICATOR = "01_01_0P06_I01"


def scores(cycle: Cycle) -> ScoredPlan:
    """The cycle's scores now: re-read first, since scores are cached per data version."""
    cycle.refresh_from_db()
    return cycle_scores(cycle=cycle)


@pytest.mark.parametrize("username", ["controllo", "oiv"])
def test_the_office_and_the_oiv_set_an_evaluated_score_on_an_objective(
    actor_as, cast: Cycle, username: str
) -> None:
    actor = actor_as(username)
    override = override_set(
        actor=actor,
        cycle=cast,
        code=PROTESTI,
        evaluated_percent=Decimal("85.5"),
        justification="Ritardo dovuto al cambio della piattaforma nazionale",
    )
    assert override.node is not None
    assert override.node.code == PROTESTI
    assert override.evaluator == actor.user.get_full_name()
    assert override.created_by == actor.user
    scored = scores(cast)
    node = scored.node(PROTESTI)
    assert node.evaluated_percent == Decimal("85.5")
    assert node.computed_percent is not None
    assert round(node.computed_percent, 2) == Decimal("75.43")
    assert node.status.label == "RAGGIUNTO"


def test_the_roll_up_uses_the_evaluated_score(actor_as, cast: Cycle) -> None:
    before = scores(cast).node("02_01").evaluated_percent
    override_set(
        actor=actor_as("oiv"),
        cycle=cast,
        code=PROTESTI,
        evaluated_percent=Decimal(100),
        justification="Obiettivo raggiunto nella sostanza",
    )
    after = scores(cast).node("02_01").evaluated_percent
    assert before is not None
    assert after is not None
    assert after > before


def test_an_indicator_takes_an_evaluated_score_too(actor_as, cast: Cycle) -> None:
    override = override_set(
        actor=actor_as("controllo"),
        cycle=cast,
        code=INDICATOR,
        evaluated_percent=Decimal("100"),
        justification="Dato della customer satisfaction rettificato",
    )
    assert override.indicator is not None
    assert override.indicator.code == INDICATOR
    indicator = scores(cast).indicator(INDICATOR)
    assert indicator.evaluated_percent == Decimal(100)
    assert indicator.computed_percent != Decimal(100)


def test_setting_again_replaces_and_audits_before_and_after(actor_as, cast: Cycle) -> None:
    actor = actor_as("controllo")
    override_set(
        actor=actor, cycle=cast, code=PROTESTI, evaluated_percent=Decimal(80), justification="Prima"
    )
    override_set(
        actor=actor, cycle=cast, code=PROTESTI, evaluated_percent=Decimal(90), justification="Poi"
    )
    assert Override.objects.filter(cycle=cast).count() == 1
    entries = list(AuditEntry.objects.filter(action="override_set").order_by("id"))
    assert len(entries) == 2
    first, second = entries
    assert first.before is None
    assert first.after == {
        "evaluated_percent": "80",
        "justification": "Prima",
        "evaluator": "Ufficio Controllo di gestione",
    }
    assert second.before == first.after
    assert second.after is not None
    assert second.after["evaluated_percent"] == "90"
    assert second.reason == "Poi"
    assert second.object_code == f"cciaa-pistoia-prato/2024/{PROTESTI}"
    assert second.object_type == "node"
    assert second.actor == actor.user
    assert second.administration == cast.administration


def test_removing_brings_back_the_computed_score_and_is_audited(actor_as, cast: Cycle) -> None:
    actor = actor_as("oiv")
    override_set(
        actor=actor, cycle=cast, code=PROTESTI, evaluated_percent=Decimal(90), justification="Sì"
    )
    override_remove(actor=actor, cycle=cast, code=PROTESTI, justification="Ripensamento")
    assert not Override.objects.filter(cycle=cast).exists()
    node = scores(cast).node(PROTESTI)
    assert node.override is None
    entry = AuditEntry.objects.get(action="override_remove")
    assert entry.before is not None
    assert entry.before["evaluated_percent"] == "90"
    assert entry.after is None
    assert entry.reason == "Ripensamento"


def test_removing_where_there_is_no_intervention_is_refused(actor_as, cast: Cycle) -> None:
    with pytest.raises(OverrideInputError):
        override_remove(actor=actor_as("oiv"), cycle=cast, code=PROTESTI, justification="x")


@pytest.mark.parametrize("username", ["dirigente", "referente", "lettore", "segretario"])
def test_other_roles_may_not_intervene(actor_as, cast: Cycle, username: str) -> None:
    with pytest.raises(OverridePermissionError):
        override_set(
            actor=actor_as(username),
            cycle=cast,
            code=PROTESTI,
            evaluated_percent=Decimal(90),
            justification="Tentativo",
        )
    assert not Override.objects.exists()
    assert not AuditEntry.objects.filter(action="override_set").exists()


def test_a_validated_cycle_refuses_interventions(actor_as, cast: Cycle) -> None:
    actor = actor_as("oiv")
    override_set(
        actor=actor, cycle=cast, code=PROTESTI, evaluated_percent=Decimal(90), justification="Sì"
    )
    Cycle.objects.filter(pk=cast.pk).update(state=CycleState.VALIDATED)
    stale = cast  # the caller's copy still says "planning": the service re-reads the cycle
    with pytest.raises(OverrideLockedError):
        override_set(
            actor=actor,
            cycle=stale,
            code=PROTESTI,
            evaluated_percent=Decimal(95),
            justification="x",
        )
    with pytest.raises(OverrideLockedError):
        override_remove(actor=actor, cycle=stale, code=PROTESTI, justification="x")
    assert Override.objects.get().evaluated_percent == Decimal(90)


def test_the_office_of_another_administration_may_not_intervene(cast: Cycle) -> None:
    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    outsider = User.objects.create_user("estraneo")
    Membership.objects.create(administration=other, user=outsider, role=Role.OFFICE)
    with pytest.raises(OverridePermissionError):
        override_set(
            actor=actor_for(outsider, "altro-ente"),
            cycle=cast,
            code=PROTESTI,
            evaluated_percent=Decimal(90),
            justification="x",
        )
    assert not Override.objects.exists()


@pytest.mark.parametrize("justification", ["", "   \n "])
def test_a_justification_is_required(actor_as, cast: Cycle, justification: str) -> None:
    with pytest.raises(OverrideInputError, match="motivazione"):
        override_set(
            actor=actor_as("controllo"),
            cycle=cast,
            code=PROTESTI,
            evaluated_percent=Decimal(90),
            justification=justification,
        )
    with pytest.raises(OverrideInputError):
        override_remove(
            actor=actor_as("controllo"), cycle=cast, code=PROTESTI, justification=justification
        )


@pytest.mark.parametrize("percent", [Decimal(-1), Decimal("100.01"), Decimal("NaN")])
def test_a_score_outside_0_100_is_refused(actor_as, cast: Cycle, percent: Decimal) -> None:
    with pytest.raises(OverrideInputError):
        override_set(
            actor=actor_as("controllo"),
            cycle=cast,
            code=PROTESTI,
            evaluated_percent=percent,
            justification="x",
        )


def test_an_unknown_code_or_the_entity_is_refused(actor_as, cast: Cycle) -> None:
    for code in ("NOPE", "cciaa-pistoia-prato"):
        with pytest.raises(OverrideNotFoundError):
            override_set(
                actor=actor_as("controllo"),
                cycle=cast,
                code=code,
                evaluated_percent=Decimal(90),
                justification="x",
            )


def test_the_score_is_kept_to_four_decimals(actor_as, cast: Cycle) -> None:
    override = override_set(
        actor=actor_as("controllo"),
        cycle=cast,
        code=PROTESTI,
        evaluated_percent=Decimal("85.123456"),
        justification="x",
    )
    override.refresh_from_db()
    assert override.evaluated_percent == Decimal("85.1235")
