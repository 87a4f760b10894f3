"""Base measures' values per period and the figures of formula indicators computed from them.

A base measure is entered once per period and read by every formula that names it. Saving a
value recomputes, in the same transaction, the figure of each formula indicator that reads it:
the figure keeps the formula and the inputs it was computed from (``Measurement.computation``),
so the trace shows how the value was reached. A computed figure is a draft: its owner submits
it, with a comment or the explanation of a deviation, and the office reviews it as any other.
Rules and messages: docs/planning.md, "Formula indicators".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked, restrict
from performa.apps.administrations.models import Role
from performa.apps.audit.services import audit_record_by
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.cycles.versioning import cycle_touch
from performa.apps.measurements.models import BaseMeasureValue, Measurement, MeasurementStatus
from performa.apps.measurements.services import (
    ComputedFigure,
    MeasurementConflictError,
    MeasurementError,
    MeasurementRefusedError,
)
from performa.apps.plans.editing import number_text
from performa.apps.plans.formulas import formula_of, indicators_using
from performa.apps.plans.models import BaseMeasure, Indicator
from performa.scoring.errors import FormulaError
from performa.scoring.formulas import FormulaResult, parse_formula
from performa.workbook import BaseValueRow, PlanData, formula_measurement, formula_message
from performa.workbook.convert import FIGURE_QUANTUM

VALUE_LIMIT = Decimal(10) ** 14
"""Figures and base values stay below this, as their columns allow."""


@dataclass(frozen=True, slots=True)
class FormulaFigure:
    """What saving base values did to one formula indicator's figure in a period.

    ``measurement`` is the figure written (``None`` when none could be); ``waiting_for`` the
    base measures still without a value; ``problem`` why the formula gave no value (division
    by zero…).
    """

    indicator: Indicator
    measurement: Measurement | None = None
    waiting_for: tuple[str, ...] = ()
    problem: str = ""
    changed: bool = False


@dataclass(frozen=True, slots=True)
class BaseValueSaved:
    """A saved base value and the formula figures it recomputed."""

    value: BaseMeasureValue
    figures: tuple[FormulaFigure, ...] = field(default=())


def computation_of(result: FormulaResult) -> dict[str, Any]:
    """A computed figure's trace as stored: the canonical formula and its inputs in order."""
    return {
        "formula": str(result.formula),
        "inputs": [[name, str(value)] for name, value in result.inputs],
    }


def stored_value(value: Decimal) -> Decimal:
    """``value`` with the decimals a figure keeps, rounded half up."""
    return value.quantize(FIGURE_QUANTUM, rounding=ROUND_HALF_UP)


def may_enter_base_value(actor: Actor, measure: BaseMeasure) -> bool:
    """Whether ``actor`` may type values of ``measure`` (the period aside): the office; staff of
    the unit that records it; anyone who may enter an indicator whose formula reads it."""
    if not can(actor, Action.ENTER_MEASUREMENT) or (
        measure.administration_id != actor.administration.pk
    ):
        return False
    if actor.role is Role.OFFICE:
        return True
    if measure.responsible_unit_id in actor.unit_ids:
        return True
    users = [indicator.pk for indicator in indicators_using(measure)]
    return restrict(
        Indicator.objects.filter(pk__in=users), actor, Action.ENTER_MEASUREMENT
    ).exists()


def _check_can_enter(actor: Actor, measure: BaseMeasure, period: MonitoringPeriod) -> None:
    if measure.administration_id != actor.administration.pk or period.cycle_id != measure.cycle_id:
        raise MeasurementRefusedError(_("Misura o periodo di un altro ciclo."))
    if is_cycle_locked(period.cycle):
        raise MeasurementError(
            _("Il ciclo %(year)s è stato validato dall'OIV: i valori non si modificano più.")
            % {"year": period.cycle.year}
        )
    if not period.is_open:
        raise MeasurementError(
            _("Il periodo «%(period)s» è chiuso: i valori non si possono inserire.")
            % {"period": period.name}
        )
    if not may_enter_base_value(actor, measure):
        raise MeasurementRefusedError(
            _(
                "Non puoi inserire valori della misura «%(code)s»: non è rilevata dalla tua "
                "unità e non entra in un tuo indicatore."
            )
            % {"code": measure.code}
        )


def _check_value(value: Decimal) -> Decimal:
    if not value.is_finite() or abs(value) >= VALUE_LIMIT or value != stored_value(value):
        raise MeasurementError(
            _("Numero fuori misura: al massimo 14 cifre intere e 6 decimali."), field="value"
        )
    return value


def _audited_value(value: BaseMeasureValue | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"value": str(value.value), "comment": value.comment, "version": value.version}


def base_value_save(
    *,
    actor: Actor,
    measure: BaseMeasure,
    period: MonitoringPeriod,
    value: Decimal,
    version: int,
    comment: str = "",
) -> BaseValueSaved:
    """Save ``measure``'s value in ``period`` and recompute the formula figures that read it.

    ``version`` is the value's version the form was built from (0: none yet); a stale one is
    refused. Staff cannot change a value feeding a figure the office has accepted: the office
    must send that figure back first.
    """
    with transaction.atomic():
        measure = BaseMeasure.objects.select_related("cycle").get(pk=measure.pk)
        period = MonitoringPeriod.objects.select_related("cycle").get(pk=period.pk)
        _check_can_enter(actor, measure, period)
        value = _check_value(value)
        users = indicators_using(measure)
        if actor.role is not Role.OFFICE:
            accepted = Measurement.objects.filter(
                indicator__in=users, period=period, status=MeasurementStatus.ACCEPTED
            ).values_list("indicator__code", flat=True)
            if accepted:
                raise MeasurementError(
                    _(
                        "La misura entra nel valore già accettato di %(codes)s: per cambiarla "
                        "chiedi al controllo di gestione di rinviarlo."
                    )
                    % {"codes": ", ".join(sorted(accepted))}
                )
        current = BaseMeasureValue.objects.filter(measure=measure, period=period).first()
        fields = {"value": value, "comment": comment.strip(), "updated_by": actor.user}
        if current is None:
            if version != 0:
                raise MeasurementConflictError(_stale_text(None), current=None)
            try:
                with transaction.atomic():
                    saved = BaseMeasureValue.objects.create(
                        administration=measure.administration,
                        measure=measure,
                        period=period,
                        **fields,
                    )
            except IntegrityError:
                raise MeasurementConflictError(_stale_text(None), current=None) from None
        else:
            updated = BaseMeasureValue.objects.filter(pk=current.pk, version=version).update(
                **fields, updated_at=timezone.now(), version=F("version") + 1
            )
            if updated == 0:
                fresh = BaseMeasureValue.objects.filter(pk=current.pk).first()
                raise MeasurementConflictError(_stale_text(fresh), current=None)
            saved = BaseMeasureValue.objects.get(pk=current.pk)
        audit_record_by(
            actor,
            cycle=period.cycle,
            action="base_value_save",
            object_type="base_measure_value",
            object_code=f"{measure.code} @ {period.code}",
            before=_audited_value(current),
            after=_audited_value(saved),
            reason=comment.strip(),
        )
        figures = formula_figures_refresh(actor=actor, period=period, indicators=users)
        cycle_touch(cycle_id=period.cycle_id)  # queryset updates send no signals
    return BaseValueSaved(saved, figures)


def _stale_text(current: BaseMeasureValue | None) -> str:
    if current is None:
        return _("Il valore è stato inserito da un altro utente. Ricarica la pagina.")
    return _(
        "Il valore è stato modificato da un altro utente (ora è %(value)s). Ricarica la pagina."
    ) % {"value": number_text(current.value)}


def base_values_of(period: MonitoringPeriod) -> dict[str, Decimal]:
    """The base values entered in ``period``, by measure code."""
    rows = BaseMeasureValue.objects.filter(period=period).values_list("measure__code", "value")
    return {code: value for code, value in rows if value is not None}


def formula_figures_refresh(
    *, actor: Actor, period: MonitoringPeriod, indicators: Iterable[Indicator]
) -> tuple[FormulaFigure, ...]:
    """Recompute, from ``period``'s base values, the figures of the formula ``indicators``.

    A figure whose value or inputs change is written as a draft (an accepted or submitted one
    goes back to draft: it must be submitted and reviewed again), with its computation; one
    whose inputs are incomplete or whose formula fails is left as it is, and the reason told.
    """
    values = base_values_of(period)
    return tuple(
        _refresh_one(actor=actor, period=period, indicator=indicator, values=values)
        for indicator in indicators
    )


def _refresh_one(
    *,
    actor: Actor,
    period: MonitoringPeriod,
    indicator: Indicator,
    values: Mapping[str, Decimal],
) -> FormulaFigure:
    formula = formula_of(indicator)
    if formula is None:
        return FormulaFigure(indicator)
    waiting = tuple(name for name in formula.names_in_order if name not in values)
    if waiting:
        return FormulaFigure(indicator, waiting_for=waiting)
    try:
        result = formula.explain(values)
    except FormulaError as error:
        return FormulaFigure(
            indicator, problem=_("non calcolabile: %(why)s") % {"why": formula_message(error)}
        )
    value = stored_value(result.value)
    if abs(value) >= VALUE_LIMIT:
        return FormulaFigure(indicator, problem=_("il risultato è fuori misura"))
    computation = computation_of(result)
    current = Measurement.objects.filter(indicator=indicator, period=period).first()
    if current is not None and current.value_number == value and current.computation == computation:
        return FormulaFigure(indicator, measurement=current)
    fields: dict[str, Any] = {
        "value_number": value,
        "value_date": None,
        "value_bool": None,
        "not_available_reason": "",
        "computation": computation,
        "updated_by": actor.user,
        "updated_at": timezone.now(),
    }
    if current is None:
        measurement = Measurement.objects.create(
            administration=indicator.administration,
            indicator=indicator,
            period=period,
            status=MeasurementStatus.DRAFT,
            data_source=_("Calcolato dalla formula"),
            **fields,
        )
    else:
        if current.status in (MeasurementStatus.ACCEPTED, MeasurementStatus.SUBMITTED):
            fields["status"] = MeasurementStatus.DRAFT
        Measurement.objects.filter(pk=current.pk).update(**fields, version=F("version") + 1)
        measurement = Measurement.objects.get(pk=current.pk)
    audit_record_by(
        actor,
        cycle=period.cycle,
        action="measurement_compute",
        object_type="measurement",
        object_code=f"{indicator.code} @ {period.code}",
        before=None
        if current is None
        else {"value": str(current.value_number), "status": current.status},
        after={"value": str(value), "status": measurement.status, **computation},
    )
    return FormulaFigure(indicator, measurement=measurement, changed=True)


# -- reads: the base measures page ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormulaUse:
    """A formula indicator reading a measure, with its figure in the period (if any)."""

    indicator: Indicator
    measurement: Measurement | None


@dataclass(frozen=True, slots=True)
class BaseMeasureLine:
    """One line of the base measures page: a measure, its value in the period, whether the
    viewer may type it, and the formula indicators that read it."""

    measure: BaseMeasure
    value: BaseMeasureValue | None
    may_enter: bool
    uses: tuple[FormulaUse, ...]


def base_measure_lines(*, actor: Actor, period: MonitoringPeriod) -> list[BaseMeasureLine]:
    """The cycle's base measures the actor may see on the page: all for the office and the
    roles that read everything, else those they may type; in plan order."""
    measures = list(
        BaseMeasure.objects.filter(cycle_id=period.cycle_id)
        .select_related("responsible_unit")
        .order_by("position", "code")
    )
    values = {
        value.measure_id: value
        for value in BaseMeasureValue.objects.filter(period=period).select_related("updated_by")
    }
    formula_indicators = [
        (indicator, formula)
        for indicator in Indicator.objects.filter(cycle_id=period.cycle_id)
        .exclude(formula="")
        .order_by("position")
        if (formula := formula_of(indicator)) is not None
    ]
    figures = {
        measurement.indicator_id: measurement
        for measurement in Measurement.objects.filter(
            period=period, indicator__in=[indicator for indicator, _f in formula_indicators]
        )
    }
    sees_all = actor.role is Role.OFFICE or not can(actor, Action.ENTER_MEASUREMENT)
    rows = []
    for measure in measures:
        may_enter = may_enter_base_value(actor, measure)
        if not (may_enter or sees_all):
            continue
        uses = tuple(
            FormulaUse(indicator, figures.get(indicator.pk))
            for indicator, formula in formula_indicators
            if measure.code in formula.names
        )
        rows.append(BaseMeasureLine(measure, values.get(measure.pk), may_enter, uses))
    return rows


# -- imports: base values and computed figures from a workbook ----------------------------


def base_values_replace(
    *,
    cycle: Cycle,
    rows: Iterable[BaseValueRow],
    measures: Mapping[str, BaseMeasure],
    periods: Mapping[str, MonitoringPeriod],
) -> int:
    """Write the imported base values of ``cycle`` (its measures were just created, so there
    are none to replace); call inside the import's transaction."""
    values = BaseMeasureValue.objects.bulk_create(
        BaseMeasureValue(
            administration=cycle.administration,
            measure=measures[row.measure_code],
            period=periods[row.period_code],
            value=row.value,
            comment=row.comment,
            data_source=row.data_source,
        )
        for row in rows
    )
    return len(values)


def formula_figures_of(plan: PlanData) -> list[ComputedFigure]:
    """The figures a workbook's formula indicators get from its base values, where it records
    none: as ``performa.workbook.scoring_plan_for`` scores the same workbook, so that the
    database scores it alike."""
    recorded = {(row.indicator_code, row.period_code) for row in plan.measurements}
    values_by_period: dict[str, dict[str, Decimal]] = {}
    for row in plan.base_values:
        if row.value is not None:
            values_by_period.setdefault(row.period_code, {})[row.measure_code] = row.value
    figures = []
    for indicator in plan.indicators:
        if not indicator.formula.strip():
            continue
        for period in plan.periods:
            if (indicator.code, period.code) in recorded:
                continue
            values = values_by_period.get(period.code, {})
            measurement = formula_measurement(indicator, values)
            if measurement is None:
                continue
            if measurement.value is None:
                figures.append(
                    ComputedFigure(
                        indicator.code,
                        period.code,
                        None,
                        not_available_reason=measurement.not_available_reason,
                    )
                )
                continue
            result = parse_formula(indicator.formula).explain(values)
            figures.append(
                ComputedFigure(
                    indicator.code,
                    period.code,
                    stored_value(result.value),
                    computation=computation_of(result),
                )
            )
    return figures
