"""Token-authenticated reads and writes for integrations (accounting, HR, surveys): the live
plan and figures of the token's administration, under the same permissions as the web app.
Figures go through ``measurements.services``, plan changes through ``plans.editing``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.params.functions import Query

from performa.api.schemas import (
    CycleOut,
    ErrorOut,
    IndicatorOut,
    IndicatorPage,
    IndicatorPatchIn,
    MeasurementIn,
    MeasurementOut,
    MeasurementPage,
    PeriodOut,
    ValidationErrorOut,
)
from performa.api.security import TokenAuth
from performa.apps.administrations.access import Action, Actor, can, restrict
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.cycles.selectors import periods_of
from performa.apps.measurements.forms import parse_day, parse_number
from performa.apps.measurements.models import Measurement
from performa.apps.measurements.selectors import ValueKind, measurement_value, value_kind_for
from performa.apps.measurements.services import (
    MeasurementConflictError,
    MeasurementEntry,
    MeasurementError,
    MeasurementRefusedError,
    measurement_save_draft,
    measurement_submit,
)
from performa.apps.plans.editing import (
    IndicatorFields,
    PlanEditClosedError,
    PlanEditError,
    PlanEditPermissionError,
    PlanEditStaleError,
    indicator_seen,
    indicator_update,
)
from performa.apps.plans.models import Indicator
from performa.apps.publication.selectors import TokenIdentity
from performa.scoring.model import ActualValue

router = Router(auth=TokenAuth(), tags=["integrazioni (token)"])

_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
}
_WRITE_ERRORS: dict[int, Any] = {**_ERRORS, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut}
MAX_PAGE = 500
MAX_OFFSET = 1_000_000
"""Beyond any real list; bounds the SQL OFFSET (a huge one overflows the database integer)."""


def _actor(request: HttpRequest, administration: str) -> Actor:
    """The token's actor, when the path names the token's administration (else 404)."""
    identity = request.auth  # type: ignore[attr-defined]
    if (
        not isinstance(identity, TokenIdentity)
        or identity.actor.administration.code != administration
    ):
        raise HttpError(404, "Ente non trovato.")
    return identity.actor


def _cycle(actor: Actor, year: int) -> Cycle:
    cycle = (
        Cycle.objects.select_related("administration")
        .filter(administration=actor.administration, year=year)
        .first()
    )
    if cycle is None or not can(actor, Action.VIEW_CYCLE, cycle=cycle):
        raise HttpError(404, "Ciclo non trovato.")
    return cycle


def _indicator(actor: Actor, cycle: Cycle, code: str) -> Indicator:
    found = (
        restrict(Indicator.objects.filter(cycle=cycle), actor, Action.VIEW_CYCLE)
        .select_related("cycle")
        .filter(code=code)
        .first()
    )
    if found is None:
        raise HttpError(404, "Indicatore non trovato.")
    return found


def _decimal(number: Decimal | None) -> str | None:
    return None if number is None else format(number.normalize() + 0, "f")


def _indicator_out(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "operator": indicator.comparator,
        "target_value": _decimal(indicator.target_value),
        "target_upper": _decimal(indicator.target_upper),
        "target_due_on": indicator.target_due_on,
        "target_expected": indicator.target_expected,
        "baseline": _decimal(indicator.baseline),
        "baseline_year": indicator.baseline_year,
        "data_source": indicator.data_source,
        "fingerprint": indicator_seen(indicator),
    }


def _value_text(value: ActualValue | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return value.isoformat()


def _measurement_out(measurement: Measurement) -> dict[str, Any]:
    return {
        "indicator_code": measurement.indicator.code,
        "period_code": measurement.period.code,
        "value": _value_text(measurement_value(measurement)),
        "not_available_reason": measurement.not_available_reason,
        "comment": measurement.comment,
        "status": measurement.status,
        "version": measurement.version,
    }


@router.get(
    "/administrations/{administration}/cycles",
    response={200: list[CycleOut], **_ERRORS},
    summary="I cicli dell'ente del token",
)
def cycles(request: HttpRequest, administration: str) -> list[dict[str, Any]]:
    actor = _actor(request, administration)
    return [
        {"year": cycle.year, "state": cycle.state, "title": cycle.title}
        for cycle in Cycle.objects.filter(administration=actor.administration).order_by("-year")
        if can(actor, Action.VIEW_CYCLE, cycle=cycle)
    ]


@router.get(
    "/administrations/{administration}/cycles/{year}/periods",
    response={200: list[PeriodOut], **_ERRORS},
    summary="I periodi di rilevazione del ciclo",
)
def periods(request: HttpRequest, administration: str, year: int) -> list[MonitoringPeriod]:
    return periods_of(cycle=_cycle(_actor(request, administration), year))


@router.get(
    "/administrations/{administration}/cycles/{year}/indicators",
    response={200: IndicatorPage, **_ERRORS},
    summary="Gli indicatori del piano in vigore (con l'impronta per modificarli)",
)
def indicators(
    request: HttpRequest,
    administration: str,
    year: int,
    objective: str | None = Query(None, description="Solo gli indicatori di questo obiettivo"),
    enterable: bool = Query(False, description="Solo quelli di cui il token può inserire i valori"),
    limit: int = Query(100, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    actor = _actor(request, administration)
    cycle = _cycle(actor, year)
    action = Action.ENTER_MEASUREMENT if enterable else Action.VIEW_CYCLE
    queryset = restrict(Indicator.objects.filter(cycle=cycle), actor, action)
    if objective is not None:
        queryset = queryset.filter(links__node__code=objective)
    queryset = queryset.distinct().order_by("position", "pk")
    return {
        "count": queryset.count(),
        "limit": limit,
        "offset": offset,
        "items": [_indicator_out(item) for item in queryset[offset : offset + limit]],
    }


def _period(cycle: Cycle, code: str) -> MonitoringPeriod:
    found = MonitoringPeriod.objects.select_related("cycle").filter(cycle=cycle, code=code).first()
    if found is None:
        raise HttpError(404, "Periodo non trovato.")
    return found


@router.get(
    "/administrations/{administration}/cycles/{year}/periods/{period}/measurements",
    response={200: MeasurementPage, **_ERRORS},
    summary="I valori di un periodo, degli indicatori visibili al token",
)
def measurements(
    request: HttpRequest,
    administration: str,
    year: int,
    period: str,
    limit: int = Query(100, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    actor = _actor(request, administration)
    cycle = _cycle(actor, year)
    found = _period(cycle, period)
    visible = restrict(Indicator.objects.filter(cycle=cycle), actor, Action.VIEW_CYCLE)
    queryset = (
        Measurement.objects.filter(period=found, indicator__in=visible)
        .select_related("indicator", "period")
        .order_by("indicator__position", "pk")
    )
    return {
        "count": queryset.count(),
        "limit": limit,
        "offset": offset,
        "items": [_measurement_out(item) for item in queryset[offset : offset + limit]],
    }


def _parsed(indicator: Indicator, text: str | None) -> ActualValue | None:
    """The value as the indicator takes it (number, completion date, yes/no); 400 if not."""
    if text is None:
        return None
    kind = value_kind_for(indicator)
    try:
        if kind is ValueKind.DATE:
            return parse_day(text)
        if kind is ValueKind.YES_NO:
            answer = text.strip().casefold()
            if answer in {"true", "si", "sì", "1"}:
                return True
            if answer in {"false", "no", "0"}:
                return False
            raise ValueError("Rispondi true o false (sì o no).")
        return parse_number(text)
    except ValueError as error:
        raise HttpError(400, f"value: {error}") from None


@router.put(
    "/administrations/{administration}/cycles/{year}/periods/{period}/measurements/{indicator}",
    response={200: MeasurementOut, **_WRITE_ERRORS},
    summary="Inserisce o aggiorna il valore di un indicatore in un periodo aperto",
)
def measurement_put(
    request: HttpRequest,
    administration: str,
    year: int,
    period: str,
    indicator: str,
    payload: MeasurementIn,
) -> dict[str, Any]:
    actor = _actor(request, administration)
    cycle = _cycle(actor, year)
    found_period = _period(cycle, period)
    found = _indicator(actor, cycle, indicator)
    entry = MeasurementEntry(
        value=_parsed(found, payload.value),
        not_available_reason=payload.not_available_reason,
        comment=payload.comment,
        deviation_explanation=payload.deviation_explanation,
    )
    write = measurement_submit if payload.submit else measurement_save_draft
    try:
        measurement = write(
            actor=actor, indicator=found, period=found_period, entry=entry, version=payload.version
        )
    except MeasurementRefusedError as error:
        raise HttpError(403, error.message) from None
    except MeasurementConflictError as error:
        raise HttpError(409, error.message) from None
    except MeasurementError as error:
        prefix = f"{error.field}: " if error.field else ""
        raise HttpError(400, prefix + error.message) from None
    measurement = Measurement.objects.select_related("indicator", "period").get(pk=measurement.pk)
    return _measurement_out(measurement)


@router.patch(
    "/administrations/{administration}/cycles/{year}/indicators/{code}",
    response={200: IndicatorOut, **_WRITE_ERRORS},
    summary="Modifica la definizione o il target di un indicatore (piano modificabile)",
)
def indicator_patch(
    request: HttpRequest, administration: str, year: int, code: str, payload: IndicatorPatchIn
) -> dict[str, Any]:
    actor = _actor(request, administration)
    cycle = _cycle(actor, year)
    found = _indicator(actor, cycle, code)
    target_value = found.target_value
    if payload.target_value is not None:
        try:
            target_value = parse_number(payload.target_value)
        except ValueError as error:
            raise HttpError(400, f"target_value: {error}") from None
    fields = IndicatorFields(
        code=found.code,
        name=payload.name if payload.name is not None else found.name,
        comparator=found.comparator,
        unit=payload.unit if payload.unit is not None else found.unit,
        target_value=target_value,
        target_upper=found.target_upper,
        target_due_on=payload.target_due_on or found.target_due_on,
        target_expected=(
            payload.target_expected
            if payload.target_expected is not None
            else found.target_expected
        ),
        baseline=found.baseline,
        baseline_year=found.baseline_year,
        data_source=payload.data_source if payload.data_source is not None else found.data_source,
        description=payload.description if payload.description is not None else found.description,
    )
    try:
        updated = indicator_update(
            actor=actor,
            indicator=found,
            seen=payload.fingerprint,
            fields=fields,
            reason=payload.reason,
        )
    except (PlanEditPermissionError, PlanEditClosedError) as error:
        raise HttpError(403, error.message) from None
    except PlanEditStaleError as error:
        raise HttpError(409, error.message) from None
    except PlanEditError as error:
        raise HttpError(
            400, f"{error.field}: {error.message}" if error.field else error.message
        ) from None
    return _indicator_out(updated)
