"""Formula indicators: base measures defined in the plan, their values typed once per period,
the figures computed from them with their inputs, and every refusal on the way."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from performa.apps.administrations.access import Actor
from performa.apps.administrations.models import OrganisationalUnit
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod
from performa.apps.measurements.base_values import base_measure_lines, base_value_save
from performa.apps.measurements.models import BaseMeasureValue, Measurement, MeasurementStatus
from performa.apps.measurements.services import (
    MeasurementConflictError,
    MeasurementEntry,
    MeasurementError,
    MeasurementRefusedError,
    measurement_accept,
    measurement_submit,
)
from performa.apps.plans.editing import (
    BaseMeasureFields,
    IndicatorFields,
    PlanEditInvalidError,
    base_measure_delete,
    base_measure_save,
    indicator_seen,
    indicator_update,
)
from performa.apps.plans.models import BaseMeasure, Indicator

from .conftest import OTHER_UNIT, PROMOTION_PERCENT

pytestmark = pytest.mark.django_db


def indicator_fields(indicator: Indicator, **changes: object) -> IndicatorFields:
    values: dict[str, object] = {
        "code": indicator.code,
        "name": indicator.name,
        "comparator": indicator.comparator,
        "unit": indicator.unit,
        "target_value": indicator.target_value,
        "target_upper": indicator.target_upper,
        "target_due_on": indicator.target_due_on,
        "target_expected": indicator.target_expected,
        "baseline": indicator.baseline,
        "baseline_year": indicator.baseline_year,
        "data_source": indicator.data_source,
        "description": indicator.description,
        "formula": indicator.formula,
    }
    values.update(changes)
    return IndicatorFields(**values)  # type: ignore[arg-type]


def with_formula(office: Actor, indicator: Indicator, formula: str) -> Indicator:
    return indicator_update(
        actor=office,
        indicator=indicator,
        seen=indicator_seen(indicator),
        fields=indicator_fields(indicator, formula=formula),
    )


@pytest.fixture
def office(actor: Callable[[str], Actor]) -> Actor:
    return actor("controllo")


@pytest.fixture
def measures(cycle: Cycle, office: Actor) -> dict[str, BaseMeasure]:
    """Resources used and allocated, the second recorded by the PROMOZIONE unit."""
    promotion = OrganisationalUnit.objects.get(
        administration=cycle.administration, code="PROMOZIONE"
    )
    return {
        fields.code: base_measure_save(actor=office, cycle=cycle, measure=None, fields=fields)
        for fields in (
            BaseMeasureFields(code="risorse_utilizzate", name="Risorse utilizzate", unit="€"),
            BaseMeasureFields(
                code="risorse_stanziate",
                name="Risorse stanziate",
                unit="€",
                responsible_unit=promotion,
            ),
        )
    }


@pytest.fixture
def ratio(cycle: Cycle, office: Actor, measures: dict[str, BaseMeasure], indicator) -> Indicator:
    """01_01_0501_I04 (>= 80 %) computed as used / allocated * 100."""
    return with_formula(
        office, indicator(PROMOTION_PERCENT), "risorse_utilizzate/risorse_stanziate*100"
    )


def type_value(
    who: Actor, measure: BaseMeasure, period: MonitoringPeriod, value: str, version: int = 0
):
    return base_value_save(
        actor=who, measure=measure, period=period, value=Decimal(value), version=version
    )


# -- the plan side: definitions and formulas --------------------------------------------------


def test_a_formula_is_stored_in_canonical_form_and_audited(ratio: Indicator) -> None:
    assert ratio.formula == "risorse_utilizzate / risorse_stanziate * 100"
    entry = AuditEntry.objects.filter(action="indicator_update").latest("pk")
    assert isinstance(entry.after, dict)
    assert entry.after["formula"] == ratio.formula


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("risorse_utilizzate / totali", "«totali», che non è tra le misure di base"),
        ("risorse_utilizzate / (risorse_stanziate", "Formula non valida:"),
        ("risorse_utilizzate.__class__", "Formula non valida:"),
        ("9 ** 9 ** 9", "Formula non valida:"),
    ],
)
def test_a_formula_naming_unknown_measures_or_malformed_is_refused_on_its_field(
    office: Actor, measures: dict[str, BaseMeasure], indicator, formula: str, expected: str
) -> None:
    target = indicator(PROMOTION_PERCENT)
    with pytest.raises(PlanEditInvalidError) as refused:
        with_formula(office, target, formula)
    assert refused.value.field == "formula"
    assert expected in refused.value.message
    assert Indicator.objects.get(pk=target.pk).formula == ""


def test_a_formula_needs_a_numeric_target(office: Actor, measures, indicator) -> None:
    deadline = indicator("01_01_0502_I01")
    with pytest.raises(PlanEditInvalidError, match="non si usa con un target a scadenza"):
        with_formula(office, deadline, "risorse_utilizzate")


def test_a_measure_code_is_a_formula_name(cycle: Cycle, office: Actor) -> None:
    before = BaseMeasure.objects.filter(cycle=cycle).count()
    for code in ("con spazio", "1anno", "max", "a-b"):
        with pytest.raises(PlanEditInvalidError) as refused:
            base_measure_save(
                actor=office,
                cycle=cycle,
                measure=None,
                fields=BaseMeasureFields(code=code, name="x"),
            )
        assert refused.value.field == "code"
    assert BaseMeasure.objects.filter(cycle=cycle).count() == before


def test_a_measure_read_by_a_formula_keeps_its_code_and_cannot_be_deleted(
    office: Actor, measures: dict[str, BaseMeasure], ratio: Indicator
) -> None:
    used = measures["risorse_stanziate"]
    with pytest.raises(PlanEditInvalidError, match=PROMOTION_PERCENT):
        base_measure_save(
            actor=office,
            cycle=used.cycle,
            measure=used,
            fields=BaseMeasureFields(code="stanziate", name=used.name),
        )
    with pytest.raises(PlanEditInvalidError, match="non si elimina"):
        base_measure_delete(actor=office, measure=used)
    renamed = base_measure_save(
        actor=office,
        cycle=used.cycle,
        measure=used,
        fields=BaseMeasureFields(code=used.code, name="Risorse stanziate nel preventivo"),
    )
    assert renamed.name == "Risorse stanziate nel preventivo"
    assert AuditEntry.objects.filter(action="base_measure_update").count() == 1


def test_an_unused_measure_is_deleted_with_an_audit_entry(cycle: Cycle, office: Actor) -> None:
    measure = base_measure_save(
        actor=office, cycle=cycle, measure=None, fields=BaseMeasureFields(code="n", name="N")
    )
    base_measure_delete(actor=office, measure=measure, reason="non serve")
    assert not BaseMeasure.objects.filter(pk=measure.pk).exists()
    entry = AuditEntry.objects.get(action="base_measure_delete")
    assert entry.reason == "non serve"


def test_only_the_office_defines_measures(cycle: Cycle, actor) -> None:
    from performa.apps.plans.editing import PlanEditPermissionError

    with pytest.raises(PlanEditPermissionError):
        base_measure_save(
            actor=actor("dirigente"),
            cycle=cycle,
            measure=None,
            fields=BaseMeasureFields(code="n", name="N"),
        )


# -- values and computed figures --------------------------------------------------------------


def test_the_figure_is_computed_once_every_input_has_a_value(
    office: Actor, measures: dict[str, BaseMeasure], ratio: Indicator, period: MonitoringPeriod
) -> None:
    first = type_value(office, measures["risorse_utilizzate"], period, "930")
    assert first.figures[0].waiting_for == ("risorse_stanziate",)
    assert not Measurement.objects.filter(indicator=ratio, period=period).exists()

    second = type_value(office, measures["risorse_stanziate"], period, "1000")
    figure = second.figures[0]
    assert figure.changed
    measurement = Measurement.objects.get(indicator=ratio, period=period)
    assert measurement.value_number == Decimal("93")
    assert measurement.status == MeasurementStatus.DRAFT
    assert measurement.computation == {
        "formula": "risorse_utilizzate / risorse_stanziate * 100",
        "inputs": [["risorse_utilizzate", "930.000000"], ["risorse_stanziate", "1000.000000"]],
    }
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["base_value_save", "base_value_save", "measurement_compute"]


def test_a_changed_input_recomputes_and_sends_an_accepted_figure_back_to_draft(
    office: Actor, measures: dict[str, BaseMeasure], ratio: Indicator, period: MonitoringPeriod
) -> None:
    type_value(office, measures["risorse_utilizzate"], period, "930")
    type_value(office, measures["risorse_stanziate"], period, "1000")
    submitted = measurement_submit(
        actor=office, indicator=ratio, period=period, entry=MeasurementEntry(value=None), version=1
    )
    accepted = measurement_accept(actor=office, measurement=submitted, version=submitted.version)
    assert accepted.status == MeasurementStatus.ACCEPTED

    value = BaseMeasureValue.objects.get(measure=measures["risorse_stanziate"], period=period)
    type_value(office, measures["risorse_stanziate"], period, "1240", version=value.version)
    recomputed = Measurement.objects.get(indicator=ratio, period=period)
    assert recomputed.value_number == Decimal("75")
    assert recomputed.status == MeasurementStatus.DRAFT
    assert recomputed.version == accepted.version + 1


def test_the_typed_value_of_a_formula_indicator_does_not_count(
    office: Actor, measures: dict[str, BaseMeasure], ratio: Indicator, period: MonitoringPeriod
) -> None:
    with pytest.raises(MeasurementError, match="si calcola dalla formula") as refused:
        measurement_submit(
            actor=office,
            indicator=ratio,
            period=period,
            entry=MeasurementEntry(value=Decimal(99)),
            version=0,
        )
    assert refused.value.field == "value"
    type_value(office, measures["risorse_utilizzate"], period, "930")
    type_value(office, measures["risorse_stanziate"], period, "1000")
    submitted = measurement_submit(
        actor=office,
        indicator=ratio,
        period=period,
        entry=MeasurementEntry(value=Decimal(99), comment="calcolato"),
        version=1,
    )
    assert submitted.value_number == Decimal("93")
    assert submitted.status == MeasurementStatus.SUBMITTED
    assert submitted.computation is not None


def test_a_division_by_zero_is_reported_and_writes_no_figure(
    office: Actor, measures: dict[str, BaseMeasure], ratio: Indicator, period: MonitoringPeriod
) -> None:
    type_value(office, measures["risorse_utilizzate"], period, "930")
    saved = type_value(office, measures["risorse_stanziate"], period, "0")
    assert "non calcolabile" in saved.figures[0].problem
    assert "risorse_stanziate" in saved.figures[0].problem
    assert not Measurement.objects.filter(indicator=ratio, period=period).exists()
    assert (
        BaseMeasureValue.objects.filter(period=period, measure__in=measures.values()).count() == 2
    )


def test_staff_type_the_measures_of_their_unit_or_of_their_indicators_only(
    actor, measures: dict[str, BaseMeasure], ratio: Indicator, period: MonitoringPeriod, cycle
) -> None:
    referente = actor("referente")
    # Read by one of the referente's indicators: allowed, as the one their unit records.
    type_value(referente, measures["risorse_utilizzate"], period, "930")
    type_value(referente, measures["risorse_stanziate"], period, "1000")
    elsewhere = base_measure_save(
        actor=actor("controllo"),
        cycle=cycle,
        measure=None,
        fields=BaseMeasureFields(code="altrove", name="Misura di un'altra unità"),
    )
    with pytest.raises(MeasurementRefusedError):
        type_value(referente, elsewhere, period, "1")
    with pytest.raises(MeasurementRefusedError):
        type_value(actor("lettore"), measures["risorse_utilizzate"], period, "1", version=1)
    rows = {row.measure.code: row for row in base_measure_lines(actor=referente, period=period)}
    assert {"risorse_utilizzate", "risorse_stanziate"} <= rows.keys()
    assert "altrove" not in rows
    assert rows["risorse_utilizzate"].uses[0].indicator.code == PROMOTION_PERCENT


def test_staff_cannot_change_an_input_of_an_accepted_figure(
    actor, office: Actor, measures, ratio: Indicator, period: MonitoringPeriod
) -> None:
    type_value(office, measures["risorse_utilizzate"], period, "930")
    type_value(office, measures["risorse_stanziate"], period, "1000")
    submitted = measurement_submit(
        actor=office, indicator=ratio, period=period, entry=MeasurementEntry(value=None), version=1
    )
    measurement_accept(actor=office, measurement=submitted, version=submitted.version)
    with pytest.raises(MeasurementError, match="già accettato"):
        type_value(actor("referente"), measures["risorse_utilizzate"], period, "940", version=1)


def test_a_stale_value_is_refused(office: Actor, measures, period: MonitoringPeriod) -> None:
    type_value(office, measures["risorse_utilizzate"], period, "930")
    with pytest.raises(MeasurementConflictError, match="930"):
        type_value(office, measures["risorse_utilizzate"], period, "940", version=0)
    type_value(office, measures["risorse_utilizzate"], period, "940", version=1)
    with pytest.raises(MeasurementConflictError):
        type_value(office, measures["risorse_utilizzate"], period, "950", version=1)


def test_values_are_refused_on_a_closed_period_and_a_validated_cycle(
    office: Actor, measures, final_period: MonitoringPeriod, period: MonitoringPeriod, cycle
) -> None:
    with pytest.raises(MeasurementError, match="chiuso"):
        type_value(office, measures["risorse_utilizzate"], final_period, "1")
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.VALIDATED)
    with pytest.raises(MeasurementError, match="validato"):
        type_value(office, measures["risorse_utilizzate"], period, "1")


def test_an_out_of_range_value_is_refused(office: Actor, measures, period) -> None:
    with pytest.raises(MeasurementError, match="fuori misura"):
        type_value(office, measures["risorse_utilizzate"], period, "1.0000001")
    assert not BaseMeasureValue.objects.filter(measure=measures["risorse_utilizzate"]).exists()


def test_an_indicator_outside_the_formula_is_untouched(
    office: Actor, measures, ratio: Indicator, period: MonitoringPeriod, indicator
) -> None:
    type_value(office, measures["risorse_utilizzate"], period, "930")
    type_value(office, measures["risorse_stanziate"], period, "1000")
    assert not Measurement.objects.filter(indicator=indicator(OTHER_UNIT), period=period).exists()


def test_a_copied_cycle_keeps_the_measures_and_formulas_without_their_values(
    office: Actor, measures, ratio: Indicator, period: MonitoringPeriod, cycle: Cycle
) -> None:
    from performa.apps.plans.copying import cycle_copy

    type_value(office, measures["risorse_utilizzate"], period, "930")
    copied = cycle_copy(office, cycle, 2025)
    ours = BaseMeasure.objects.filter(cycle=copied, code__startswith="risorse_")
    assert list(ours.values_list("code", "responsible_unit__code")) == [
        ("risorse_utilizzate", None),
        ("risorse_stanziate", "PROMOZIONE"),
    ]
    assert BaseMeasure.objects.filter(cycle=copied).count() == cycle.base_measures.count()
    assert Indicator.objects.get(cycle=copied, code=PROMOTION_PERCENT).formula == ratio.formula
    assert not BaseMeasureValue.objects.filter(measure__cycle=copied).exists()  # values stay
