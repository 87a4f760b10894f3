"""The library's services: own entries, formula checks, adoption into a cycle, and "add to
library" from a cycle indicator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.cycles.services import cycle_validate
from performa.apps.library.models import Adoption, LibraryIndicator
from performa.apps.library.selectors import library_origin_of, usages_of
from performa.apps.library.services import (
    AdoptionRequest,
    AdoptionTarget,
    LibraryConflictError,
    LibraryFields,
    LibraryLockedError,
    LibraryPermissionError,
    LibraryReadOnlyError,
    LibraryValidationError,
    library_indicator_add_from_cycle,
    library_indicator_adopt,
    library_indicator_create,
    library_indicator_update,
)
from performa.apps.plans.models import Indicator, IndicatorLink, PlanNode
from tests.access.cast import actor_of

pytestmark = pytest.mark.django_db


def _fields(**changes: str) -> LibraryFields:
    values = {
        "code": "LIB_01",
        "name": "Pratiche evase nei termini",
        "unit": "%",
        "value_type": "percent",
        "polarity": "higher",
        "formula": "pratiche_evase / pratiche_ricevute * 100",
    }
    values.update(changes)
    return LibraryFields(**values)


def _common(code: str = "OC_TD_01") -> LibraryIndicator:
    return LibraryIndicator.objects.get(owner=None, code=code)


# -- model and formula ----------------------------------------------------------------------


def test_a_bad_formula_is_refused_with_its_column(cycle: Cycle) -> None:
    entry = LibraryIndicator(owner=cycle.administration, code="X", name="X", formula="a / (b")
    with pytest.raises(ValidationError) as caught:
        entry.full_clean()
    (message,) = caught.value.message_dict["formula"]
    assert message == "Formula non valida: «(» non è mai chiusa (carattere 5 della formula)."


def test_formula_attribute_access_is_refused(cycle: Cycle) -> None:
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_create(actor=actor_of("office"), fields=_fields(formula="a.__class__"))
    assert "formula" in caught.value.errors
    assert not LibraryIndicator.objects.filter(code="LIB_01").exists()


def test_polarity_must_fit_the_type(cycle: Cycle) -> None:
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_create(
            actor=actor_of("office"), fields=_fields(value_type="date", polarity="higher")
        )
    assert "polarity" in caught.value.errors


def test_the_office_creates_an_own_entry_audited(cycle: Cycle) -> None:
    entry = library_indicator_create(actor=actor_of("office"), fields=_fields(code=" LIB_01 "))
    assert entry.owner == cycle.administration
    assert entry.code == "LIB_01"
    assert entry.formula == "pratiche_evase / pratiche_ricevute * 100"
    audit = AuditEntry.objects.get(action="library_indicator_create", object_code="LIB_01")
    assert audit.after is not None
    assert audit.after["formula"] == entry.formula
    assert audit.administration == cycle.administration


def test_codes_are_unique_within_the_owner_only(cycle: Cycle) -> None:
    library_indicator_create(actor=actor_of("office"), fields=_fields())
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_create(actor=actor_of("office"), fields=_fields(name="Altro"))
    assert "già usato" in caught.value.errors["code"][0]
    # Another administration may use the same code, and a common code too.
    library_indicator_create(actor=actor_of("outsider"), fields=_fields())
    library_indicator_create(actor=actor_of("office"), fields=_fields(code="OC_TD_01"))
    assert LibraryIndicator.objects.filter(code="LIB_01").count() == 2
    assert LibraryIndicator.objects.filter(code="OC_TD_01").count() == 2


@pytest.mark.parametrize("role", ["secretary_general", "manager", "officer", "oiv", "viewer"])
def test_only_the_office_manages_the_library(cycle: Cycle, role: str) -> None:
    with pytest.raises(LibraryPermissionError):
        library_indicator_create(actor=actor_of(role), fields=_fields())


def test_update_with_the_version_seen(cycle: Cycle) -> None:
    office = actor_of("office")
    entry = library_indicator_create(actor=office, fields=_fields())
    updated = library_indicator_update(
        actor=office, entry=entry, fields=_fields(name="Nuovo nome"), seen_version=1
    )
    assert updated.version == 2
    assert LibraryIndicator.objects.get(pk=entry.pk).name == "Nuovo nome"
    audit = AuditEntry.objects.get(action="library_indicator_update")
    assert audit.before is not None
    assert audit.after is not None
    assert audit.before["name"] == "Pratiche evase nei termini"
    assert audit.after["name"] == "Nuovo nome"
    # A second edit from the page read before the first is refused, not merged silently.
    with pytest.raises(LibraryConflictError):
        library_indicator_update(
            actor=office, entry=entry, fields=_fields(name="Da pagina vecchia"), seen_version=1
        )
    assert LibraryIndicator.objects.get(pk=entry.pk).name == "Nuovo nome"


def test_common_entries_are_read_only_for_the_office(cycle: Cycle) -> None:
    common = _common()
    with pytest.raises(LibraryReadOnlyError):
        library_indicator_update(
            actor=actor_of("office"),
            entry=common,
            fields=_fields(code="OC_TD_01", name="Cambiato"),
            seen_version=common.version,
        )
    assert _common().name.startswith("Livelli di attività")


def test_another_administrations_entry_cannot_be_changed(cycle: Cycle) -> None:
    entry = library_indicator_create(actor=actor_of("outsider"), fields=_fields())
    with pytest.raises(LibraryPermissionError):
        library_indicator_update(
            actor=actor_of("office"), entry=entry, fields=_fields(name="X"), seen_version=1
        )


# -- adoption -------------------------------------------------------------------------------


def _objective(cycle: Cycle) -> PlanNode:
    return PlanNode.objects.filter(cycle=cycle, links__isnull=False).order_by("position").first()  # type: ignore[return-value]


def test_adopting_a_common_entry_creates_the_cycle_indicator(cycle: Cycle) -> None:
    objective = _objective(cycle)
    before = cycle.data_version
    adoption = library_indicator_adopt(
        actor=actor_of("office"),
        entry=_common("S13"),
        cycle=cycle,
        request=AdoptionRequest(
            target=AdoptionTarget(value=Decimal("12.9")),
            code="S13_BIS",
            node=objective,
            weight=Decimal(25),
            reason="Obiettivo comune 2024",
        ),
    )
    indicator = Indicator.objects.get(cycle=cycle, code="S13_BIS")
    assert adoption.cycle_indicator == indicator
    assert indicator.name == "Indice di struttura demografica del personale"
    assert indicator.unit == "%"
    assert indicator.comparator == ">="
    assert indicator.target_value == Decimal("12.9")
    link = IndicatorLink.objects.get(indicator=indicator)
    assert (link.node, link.weight) == (objective, Decimal(25))
    assert adoption.adopted_by.username == "controllo"  # type: ignore[union-attr]
    assert library_origin_of(indicator=indicator) == adoption
    audit = AuditEntry.objects.get(action="library_indicator_adopt")
    assert audit.cycle == cycle
    assert audit.after is not None
    assert audit.after["library_code"] == "S13"
    assert audit.after["objective"] == objective.code
    assert audit.reason == "Obiettivo comune 2024"
    assert Cycle.objects.get(pk=cycle.pk).data_version != before
    (usage,) = usages_of(actor=actor_of("office"), entry=_common("S13"))
    assert usage.year == 2024
    assert usage.indicator == indicator
    assert [(use.code, use.weight) for use in usage.objectives] == [(objective.code, Decimal(25))]


def test_a_code_used_in_the_cycle_is_refused(cycle: Cycle) -> None:
    # The demo plan already holds S13, so adopting it with its own code clashes.
    count = Indicator.objects.filter(cycle=cycle).count()
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_adopt(
            actor=actor_of("office"),
            entry=_common("S13"),
            cycle=cycle,
            request=AdoptionRequest(target=AdoptionTarget(value=Decimal("12.9"))),
        )
    assert caught.value.errors["code"] == [
        "Il codice «S13» è già usato da un indicatore del ciclo 2024: indica un altro codice."
    ]
    assert Indicator.objects.filter(cycle=cycle).count() == count
    assert not Adoption.objects.exists()


def test_the_target_must_fit_the_comparator(cycle: Cycle) -> None:
    office = actor_of("office")
    entry = library_indicator_create(
        actor=office,
        fields=_fields(code="SCAD", value_type="date", polarity="deadline", formula=""),
    )
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_adopt(actor=office, entry=entry, cycle=cycle, request=AdoptionRequest())
    assert set(caught.value.errors) == {"target_due_on"}
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_adopt(
            actor=office,
            entry=entry,
            cycle=cycle,
            request=AdoptionRequest(target=AdoptionTarget(comparator=">=", value=Decimal(1))),
        )
    assert set(caught.value.errors) == {"comparator"}
    adoption = library_indicator_adopt(
        actor=office,
        entry=entry,
        cycle=cycle,
        request=AdoptionRequest(target=AdoptionTarget(due_on=date(2024, 6, 30))),
    )
    indicator = adoption.cycle_indicator
    assert (indicator.comparator, indicator.target_due_on) == ("entro", date(2024, 6, 30))
    assert indicator.target_value is None


def test_between_needs_an_upper_bound_above_the_target(cycle: Cycle) -> None:
    request = AdoptionRequest(
        target=AdoptionTarget(comparator="between", value=Decimal(10), upper=Decimal(5)),
        code="NEW_01",
    )
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_adopt(
            actor=actor_of("office"), entry=_common(), cycle=cycle, request=request
        )
    assert set(caught.value.errors) == {"target_upper"}


def test_an_entry_is_adopted_once_per_cycle(cycle: Cycle) -> None:
    office = actor_of("office")
    request = AdoptionRequest(target=AdoptionTarget(value=Decimal(4)), code="OC_NEW")
    library_indicator_adopt(actor=office, entry=_common("OC_TD_02"), cycle=cycle, request=request)
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_adopt(
            actor=office,
            entry=_common("OC_TD_02"),
            cycle=cycle,
            request=AdoptionRequest(target=AdoptionTarget(value=Decimal(4)), code="OC_NEW_2"),
        )
    assert "già nel ciclo 2024" in caught.value.errors[""][0]


@pytest.mark.parametrize("role", ["secretary_general", "manager", "officer", "oiv", "viewer"])
def test_only_the_office_adopts(cycle: Cycle, role: str) -> None:
    with pytest.raises(LibraryPermissionError):
        library_indicator_adopt(
            actor=actor_of(role),
            entry=_common(),
            cycle=cycle,
            request=AdoptionRequest(target=AdoptionTarget(value=Decimal(1)), code="N1"),
        )


def test_adoption_is_refused_in_a_validated_cycle(cycle: Cycle) -> None:
    cycle_validate(
        actor=actor_of("oiv"),
        cycle=cycle,
        act_reference="Verbale OIV n. 1/2025",
        act_on=date(2025, 4, 30),
        text="Validata.",
    )
    with pytest.raises(LibraryLockedError) as caught:
        library_indicator_adopt(
            actor=actor_of("office"),
            entry=_common(),
            cycle=Cycle.objects.get(pk=cycle.pk),
            request=AdoptionRequest(target=AdoptionTarget(value=Decimal(1)), code="N1"),
        )
    assert "validato" in caught.value.message
    assert not Indicator.objects.filter(code="N1").exists()


def test_adoption_is_refused_when_the_plan_is_not_open(cycle: Cycle) -> None:
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.MONITORING)
    with pytest.raises(LibraryLockedError) as caught:
        library_indicator_adopt(
            actor=actor_of("office"),
            entry=_common(),
            cycle=Cycle.objects.get(pk=cycle.pk),
            request=AdoptionRequest(target=AdoptionTarget(value=Decimal(1)), code="N1"),
        )
    assert "variazione" in caught.value.message


def test_the_outsider_cannot_adopt_into_another_administration(cycle: Cycle) -> None:
    with pytest.raises(LibraryPermissionError):
        library_indicator_adopt(
            actor=actor_of("outsider"),
            entry=_common(),
            cycle=cycle,
            request=AdoptionRequest(target=AdoptionTarget(value=Decimal(1)), code="N1"),
        )


def test_another_administrations_entry_cannot_be_adopted(cycle: Cycle) -> None:
    foreign = library_indicator_create(actor=actor_of("outsider"), fields=_fields(code="EST"))
    with pytest.raises(LibraryPermissionError):
        library_indicator_adopt(
            actor=actor_of("office"),
            entry=foreign,
            cycle=cycle,
            request=AdoptionRequest(target=AdoptionTarget(value=Decimal(1))),
        )


# -- add to library -------------------------------------------------------------------------


def test_add_to_library_from_a_cycle_indicator(cycle: Cycle) -> None:
    indicator = Indicator.objects.get(cycle=cycle, code="S14")
    adoption = library_indicator_add_from_cycle(
        actor=actor_of("office"), indicator=indicator, code="S14_PROPRIO"
    )
    entry = adoption.library_indicator
    assert entry.owner == cycle.administration
    assert (entry.code, entry.name, entry.unit) == (
        "S14_PROPRIO",
        indicator.name,
        indicator.unit,
    )
    assert (entry.value_type, entry.polarity) == ("percent", "higher")
    assert library_origin_of(indicator=indicator) == adoption
    (usage,) = usages_of(actor=actor_of("office"), entry=entry)
    assert usage.indicator == indicator
    assert {use.code for use in usage.objectives} == {
        link.node.code for link in indicator.links.all()
    }
    assert AuditEntry.objects.filter(action="library_indicator_add_from_cycle").count() == 1
    # Once in the library, the same indicator is not added twice.
    with pytest.raises(LibraryValidationError):
        library_indicator_add_from_cycle(actor=actor_of("office"), indicator=indicator, code="X")


def test_add_to_library_refuses_a_taken_code(cycle: Cycle) -> None:
    library_indicator_create(actor=actor_of("office"), fields=_fields(code="S14"))
    indicator = Indicator.objects.get(cycle=cycle, code="S14")
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_add_from_cycle(actor=actor_of("office"), indicator=indicator)
    assert "indica un altro codice" in caught.value.errors["code"][0]


def test_add_to_library_is_the_offices(cycle: Cycle) -> None:
    indicator = Indicator.objects.get(cycle=cycle, code="S14")
    with pytest.raises(LibraryPermissionError):
        library_indicator_add_from_cycle(actor=actor_of("manager"), indicator=indicator)
    with pytest.raises(LibraryPermissionError):
        library_indicator_add_from_cycle(actor=actor_of("outsider"), indicator=indicator)


def test_an_adopted_plan_takes_library_indicators_only_within_a_revision(cycle: Cycle) -> None:
    from performa.apps.plans.versions import plan_revision_open, plan_version_adopt

    office = actor_of("office")
    plan_version_adopt(
        actor=office, cycle=cycle, act_reference="Delibera di Giunta n. 5", act_on=date(2024, 1, 30)
    )
    request = AdoptionRequest(target=AdoptionTarget(value=Decimal(4)), code="OC_REV")
    with pytest.raises(LibraryLockedError):
        library_indicator_adopt(actor=office, entry=_common(), cycle=cycle, request=request)
    plan_revision_open(
        actor=office,
        cycle=cycle,
        act_reference="Delibera di Giunta n. 48",
        act_on=date(2024, 6, 30),
        reason="Obiettivi comuni aggiornati",
    )
    adoption = library_indicator_adopt(actor=office, entry=_common(), cycle=cycle, request=request)
    assert adoption.cycle_indicator.code == "OC_REV"


def test_weights_and_targets_beyond_their_columns_are_refused(cycle: Cycle) -> None:
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_adopt(
            actor=actor_of("office"),
            entry=_common(),
            cycle=cycle,
            request=AdoptionRequest(
                target=AdoptionTarget(value=Decimal(10) ** 15),
                code="N1",
                node=_objective(cycle),
                weight=Decimal(10) ** 6,
            ),
        )
    assert set(caught.value.errors) == {"target_value", "weight"}


def test_the_plan_editors_rules_apply_to_the_new_indicator(cycle: Cycle) -> None:
    # The cycle indicator is created by the plan editor's service: a node's code is taken too,
    # and its creation and link are in the audit trail beside the adoption.
    node = _objective(cycle)
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_adopt(
            actor=actor_of("office"),
            entry=_common(),
            cycle=cycle,
            request=AdoptionRequest(target=AdoptionTarget(value=Decimal(1)), code=node.code),
        )
    assert "nodo dell'albero" in caught.value.errors["code"][0]
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_adopt(
            actor=actor_of("office"),
            entry=_common(),
            cycle=cycle,
            request=AdoptionRequest(target=AdoptionTarget(value=Decimal(1)), code="OC TD"),
        )
    assert "spazi" in caught.value.errors["code"][0]
    library_indicator_adopt(
        actor=actor_of("office"),
        entry=_common(),
        cycle=cycle,
        request=AdoptionRequest(
            target=AdoptionTarget(value=Decimal(1)), code="OC_NEW", node=node, weight=Decimal(10)
        ),
    )
    actions = set(
        AuditEntry.objects.filter(cycle=cycle, object_code__contains="OC_NEW").values_list(
            "action", flat=True
        )
    )
    assert actions == {"indicator_create", "indicator_link_create", "library_indicator_adopt"}


def test_a_code_taken_by_a_concurrent_save_is_refused_cleanly(
    cycle: Cycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    library_indicator_create(actor=actor_of("office"), fields=_fields())
    # The other save lands between our check and our insert: the constraint has the last word.
    monkeypatch.setattr("performa.apps.library.services._code_taken", lambda *args, **kw: False)
    with pytest.raises(LibraryValidationError) as caught:
        library_indicator_create(actor=actor_of("office"), fields=_fields(name="Altro"))
    assert "già usato" in caught.value.errors["code"][0]
    assert LibraryIndicator.objects.filter(code="LIB_01").count() == 1


def test_adopting_an_entry_with_a_formula_brings_it_and_its_missing_base_measures(
    cycle: Cycle,
) -> None:
    from performa.apps.plans.models import BaseMeasure

    office = actor_of("office")
    BaseMeasure.objects.create(
        administration=cycle.administration, cycle=cycle, code="pratiche_ricevute", name="R"
    )
    entry = library_indicator_create(actor=office, fields=_fields())
    library_indicator_adopt(
        actor=office,
        entry=entry,
        cycle=cycle,
        request=AdoptionRequest(target=AdoptionTarget(value=Decimal(90))),
    )
    indicator = Indicator.objects.get(cycle=cycle, code="LIB_01")
    assert indicator.formula == "pratiche_evase / pratiche_ricevute * 100"
    created = BaseMeasure.objects.get(cycle=cycle, code="pratiche_evase")
    assert created.name == "pratiche_evase"
    assert "LIB_01" in created.description
    assert BaseMeasure.objects.get(cycle=cycle, code="pratiche_ricevute").name == "R"
    assert AuditEntry.objects.filter(action="base_measure_create").count() == 1
