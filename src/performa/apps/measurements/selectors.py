"""Reads of measurements: the figures that count, an actor's indicators to enter, the figures
to review, and the assessment of a value before it is saved (achievement, problems)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked, restrict
from performa.apps.administrations.models import Role
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.measurements.models import BaseMeasureValue, Measurement, MeasurementStatus
from performa.apps.plans.models import Indicator, IndicatorLink
from performa.apps.plans.targets import plain_decimal, target_of
from performa.reporting.badges import badge_for
from performa.reporting.cells import actual_text, target_text
from performa.reporting.document import Tone
from performa.reporting.formatting import format_date, format_exact, format_percent, format_value
from performa.scoring import (
    Achievement,
    ActualValue,
    Comparator,
    IndicatorStatus,
    RuleSet,
    TargetError,
    achievement_for,
    classify_indicator,
)
from performa.scoring import Measurement as ScoringMeasurement
from performa.scoring.formulas import FormulaResult, parse_formula
from performa.workbook.data import BaseValueRow, MeasurementRow

COUNTED_STATUSES = (MeasurementStatus.ACCEPTED,)
"""Figures that count in scores, reports and exports: those the office accepted (imported
figures are accepted). Drafts, figures waiting for review and figures sent back do not."""

LEFT_TO_ENTER_STATUSES = (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED)
"""A figure in these states (or no figure at all) is still to be entered by its owner."""

EVIDENCE_REMOVABLE_STATUSES = (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED)
"""A figure's documents may be removed only while it is being prepared: once submitted the
office is reviewing them, once accepted they back a figure that counts."""

PERCENT_LIMIT = Decimal(1000)
"""A percentage beyond ±1000 % is taken for a typing error."""

INTEGER_DIGITS = 14
DECIMAL_PLACES = 6
"""What ``Measurement.value_number`` can hold (20 digits, 6 after the point)."""


class ValueKind(StrEnum):
    """The kind of value an indicator takes, from its comparator."""

    NUMBER = "number"
    DATE = "date"
    YES_NO = "yes_no"


def value_kind_for(indicator: Indicator) -> ValueKind:
    """Deadline targets take a completion date, yes/no targets an answer, the others a number."""
    comparator = Comparator(indicator.comparator)
    if comparator is Comparator.DEADLINE:
        return ValueKind.DATE
    if comparator is Comparator.YES_NO:
        return ValueKind.YES_NO
    return ValueKind.NUMBER


def measurement_value(measurement: Measurement) -> ActualValue | None:
    """The stored value as the scoring core takes it; ``None`` is N/D."""
    if measurement.value_number is not None:
        return measurement.value_number.normalize() + 0  # drop the column's padding zeros
    if measurement.value_date is not None:
        return measurement.value_date
    return measurement.value_bool


def measurement_rows_for(*, cycle: Cycle, computed: bool = True) -> tuple[MeasurementRow, ...]:
    """Every figure of ``cycle`` that counts (``COUNTED_STATUSES``), period then indicator order;
    without those computed from base values unless ``computed``.

    The single source of the figures scored, reported and exported.
    """
    measurements = (
        Measurement.objects.filter(
            administration=cycle.administration, period__cycle=cycle, status__in=COUNTED_STATUSES
        )
        .select_related("indicator", "period")
        .order_by("period__position", "indicator__position")
    )
    if not computed:
        measurements = measurements.filter(computation__isnull=True)
    return tuple(
        MeasurementRow(
            indicator_code=measurement.indicator.code,
            period_code=measurement.period.code,
            value=measurement_value(measurement),
            not_available_reason=measurement.not_available_reason,
            comment=measurement.comment,
            data_source=measurement.data_source,
        )
        for measurement in measurements
    )


# -- assessing a value -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryAssessment:
    """What a value would give before it is saved.

    ``problems`` maps a form field (``value``, ``not_available_reason``,
    ``deviation_explanation``) to an Italian message; ``achievement`` is ``None`` when the value
    cannot be scored (wrong kind, incomplete target).
    """

    achievement: Achievement | None
    percent_text: str
    status: IndicatorStatus | None
    is_below_target: bool
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def badge(self) -> Badge | None:
        return indicator_badge(self.status)


def _value_problem(indicator: Indicator, value: ActualValue, today: date) -> str | None:
    """Why ``value`` does not suit ``indicator`` (kind, range, digits), or ``None``."""
    kind = value_kind_for(indicator)
    if kind is ValueKind.DATE:
        if not isinstance(value, date):
            return _(
                "Questo indicatore ha una scadenza: indica la data di completamento "
                "(gg/mm/aaaa), non un numero."
            )
        if value > today:
            return _("La data di completamento %(day)s è nel futuro.") % {"day": format_date(value)}
        return None
    if kind is ValueKind.YES_NO:
        if not isinstance(value, bool):
            return _("Questo indicatore richiede una risposta sì o no.")
        return None
    if isinstance(value, bool | date) or not isinstance(value, Decimal):
        return _(
            "Questo indicatore richiede un numero (per esempio 1.234,5), non una data o un sì/no."
        )
    if not value.is_finite():
        return _("Il valore non è un numero.")
    if indicator.unit.strip() == "%" and abs(value) > PERCENT_LIMIT:
        return _(
            "Una percentuale di %(value)s è fuori scala (al massimo ±1.000 %%): "
            "controlla il valore."
        ) % {"value": format_value(value, "%")}
    sign, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    decimals = max(0, -exponent)
    integers = max(0, len(digits) + exponent)
    if decimals > DECIMAL_PLACES or integers > INTEGER_DIGITS:
        return _(
            "Il numero ha troppe cifre: al massimo %(integers)d cifre intere e %(decimals)d "
            "decimali."
        ) % {"integers": INTEGER_DIGITS, "decimals": DECIMAL_PLACES}
    return None


def entry_assess(
    *,
    indicator: Indicator,
    value: ActualValue | None,
    not_available_reason: str,
    deviation_explanation: str,
    rules: RuleSet,
    today: date,
) -> EntryAssessment:
    """Check a value against ``indicator`` and score it with ``rules`` (nothing is saved).

    - the value must be of the indicator's kind (number, completion date not in the future,
      yes/no); ``None`` is N/D and needs a reason;
    - a percentage beyond ±1000 % and numbers the database cannot hold are refused;
    - a value whose achievement, rounded for display, is below 100 % leaves the indicator
      below target and needs a deviation explanation (DOMAIN.md §5.3: the Relazione explains
      every deviation).
    Achievement: ``performa.scoring.achievement_for`` (DOMAIN.md §2.2–2.4).
    """
    problems: dict[str, str] = {}
    if value is None:
        if not not_available_reason.strip():
            problems["not_available_reason"] = _(
                "Un valore non disponibile (N/D) richiede il motivo."
            )
        return EntryAssessment(None, "N/D", IndicatorStatus.NOT_AVAILABLE, False, problems)
    problem = _value_problem(indicator, value, today)
    if problem is not None:
        problems["value"] = problem
        return EntryAssessment(None, "", None, False, problems)
    try:
        achievement = achievement_for(target_of(indicator), ScoringMeasurement(value), rules)
    except TargetError:
        # An incomplete target is the plan's fault, not the figure's: accept the figure.
        return EntryAssessment(None, "", None, False, problems)
    percent = achievement.percent
    is_below = percent is not None and rules.round_percent(percent) < 100
    if is_below and not deviation_explanation.strip():
        problems["deviation_explanation"] = _(
            "Il valore lascia l'indicatore sotto target (grado di raggiungimento %(percent)s): "
            "spiega brevemente lo scostamento."
        ) % {"percent": format_percent(percent)}
    return EntryAssessment(
        achievement,
        format_percent(percent),
        classify_indicator(percent, rules.indicator_thresholds, round_percent=rules.round_percent),
        is_below,
        problems,
    )


# -- the actor's indicators ----------------------------------------------------------------------


def periods_of_cycle(*, cycle: Cycle) -> list[MonitoringPeriod]:
    """The monitoring periods of ``cycle`` in their order."""
    return list(
        MonitoringPeriod.objects.filter(cycle=cycle).select_related("cycle").order_by("position")
    )


def period_chosen(periods: Sequence[MonitoringPeriod], code: str | None) -> MonitoringPeriod | None:
    """The period ``code`` if given and known, else the first open one, else the final one."""
    by_code = {period.code: period for period in periods}
    if code and code in by_code:
        return by_code[code]
    for period in periods:
        if period.is_open:
            return period
    finals = [period for period in periods if period.is_final]
    return finals[-1] if finals else (periods[-1] if periods else None)


def period_before(
    periods: Sequence[MonitoringPeriod], period: MonitoringPeriod
) -> MonitoringPeriod | None:
    """The period just before ``period`` in its cycle, if any."""
    index = [item.pk for item in periods].index(period.pk)
    return periods[index - 1] if index > 0 else None


@dataclass(frozen=True, slots=True)
class Badge:
    """A state shown as colour plus text plus symbol: a key, an Italian label, a Bootstrap tone."""

    key: str
    label: str
    tone: str
    symbol: str


_BOOTSTRAP_TONES = {
    Tone.GOOD: "success",
    Tone.WARNING: "warning",
    Tone.BAD: "danger",
    Tone.NEUTRAL: "secondary",
}


def indicator_badge(status: IndicatorStatus | None) -> Badge | None:
    """The report's badge of an indicator status (IN LINEA ●, CRITICO ▲...), for the web."""
    if status is None:
        return None
    badge = badge_for(status)
    return Badge(status.value, badge.text, _BOOTSTRAP_TONES[badge.tone], badge.symbol)


def workflow_state_of(measurement: Measurement | None) -> Badge:
    """The figure's state as shown to people (colour plus text plus symbol)."""
    if measurement is None:
        return Badge("missing", _("Da inserire"), "secondary", "○")
    status = MeasurementStatus(measurement.status)
    tones = {
        MeasurementStatus.DRAFT: ("warning", "✎"),
        MeasurementStatus.SUBMITTED: ("info", "➜"),
        MeasurementStatus.ACCEPTED: ("success", "✓"),
        MeasurementStatus.RETURNED: ("danger", "↩"),
    }
    tone, symbol = tones[status]
    label = _("Bozza, non inviata") if status is MeasurementStatus.DRAFT else str(status.label)
    return Badge(status.value, label, tone, symbol)


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One indicator on "I miei indicatori": target, previous and current figure, state."""

    indicator: Indicator
    objectives: tuple[IndicatorLink, ...]
    kind: ValueKind
    target_text: str
    previous_text: str
    previous_label: str
    measurement: Measurement | None
    value_text: str
    percent_text: str
    indicator_status: IndicatorStatus | None
    state: Badge
    is_editable: bool

    @property
    def indicator_badge(self) -> Badge | None:
        return indicator_badge(self.indicator_status)

    @property
    def computed_text(self) -> str:
        """How a formula indicator's figure was computed ("" for a typed figure)."""
        measurement = self.measurement
        if measurement is None or measurement.computation is None:
            return ""
        return computation_text(measurement.computation, measurement.value_number)

    @property
    def is_left_to_enter(self) -> bool:
        return self.state.key in ("missing", *LEFT_TO_ENTER_STATUSES)

    @property
    def can_remove_evidence(self) -> bool:
        """Whether the entry form offers to remove the figure's documents
        (``EVIDENCE_REMOVABLE_STATUSES``; ``evidence_remove`` checks again)."""
        return (
            self.is_editable
            and self.measurement is not None
            and self.measurement.status in EVIDENCE_REMOVABLE_STATUSES
        )

    @property
    def shows_review_comment(self) -> bool:
        """A note of the office is shown until the figure is accepted."""
        return bool(
            self.measurement is not None
            and self.measurement.review_comment
            and self.measurement.status != MeasurementStatus.ACCEPTED
        )


def _previous_figures(
    *, period: MonitoringPeriod, periods: Sequence[MonitoringPeriod], indicators: list[Indicator]
) -> tuple[dict[str, Measurement], str]:
    """Figures of the period before (or, for a cycle's first period, the previous year's final
    period), keyed by indicator code, and that period's name."""
    previous = period_before(periods, period)
    if previous is None:
        previous = (
            MonitoringPeriod.objects.filter(
                cycle__administration_id=period.administration_id,
                cycle__year=period.cycle.year - 1,
                is_final=True,
            )
            .order_by("-position")
            .first()
        )
    if previous is None:
        return {}, ""
    figures = Measurement.objects.filter(
        period=previous,
        indicator__code__in=[indicator.code for indicator in indicators],
        status__in=COUNTED_STATUSES,
    ).select_related("indicator")
    return {figure.indicator.code: figure for figure in figures}, previous.name


def figure_text(measurement: Measurement | None, unit: str) -> str:
    """A stored figure as people read it ("12,50 %", "31/01/2024", "SI", "N/D"); "" if none."""
    if measurement is None:
        return ""
    return actual_text(measurement_value(measurement), unit)


def entry_rows_for(
    *,
    actor: Actor,
    period: MonitoringPeriod,
    periods: Sequence[MonitoringPeriod],
    indicator_ids: Iterable[int] | None = None,
) -> list[EntryRow]:
    """The indicators ``actor`` may enter (``restrict``, ``Action.ENTER_MEASUREMENT``) with their
    figures in ``period``; a fixed number of queries whatever the number of indicators.

    ``indicator_ids`` narrows the list (one row for an htmx swap). Achievements are computed
    with the cycle's rule set, unrounded, and formatted for display.
    """
    cycle = period.cycle
    rules = RuleSet.from_settings(cycle.rules)
    queryset = restrict(
        Indicator.objects.filter(cycle=cycle), actor, Action.ENTER_MEASUREMENT
    ).order_by("position")
    if indicator_ids is not None:
        queryset = queryset.filter(pk__in=list(indicator_ids))
    links = IndicatorLink.objects.select_related("node").order_by("node__position")
    indicators = list(queryset.prefetch_related(Prefetch("links", queryset=links)))
    current = {
        figure.indicator_id: figure
        for figure in Measurement.objects.filter(
            period=period, indicator_id__in=[indicator.pk for indicator in indicators]
        )
        .select_related("updated_by", "reviewed_by")
        .prefetch_related("evidence")
    }
    previous, previous_label = _previous_figures(
        period=period, periods=periods, indicators=indicators
    )
    can_enter = can(actor, Action.ENTER_MEASUREMENT, period=period)
    rows = []
    for indicator in indicators:
        measurement = current.get(indicator.pk)
        percent_text, status = "", None
        if measurement is not None:
            percent_text, status = _scored(indicator, measurement, rules)
        rows.append(
            EntryRow(
                indicator=indicator,
                objectives=tuple(indicator.links.all()),
                kind=value_kind_for(indicator),
                target_text=target_text(target_of(indicator), indicator.unit),
                previous_text=figure_text(previous.get(indicator.code), indicator.unit),
                previous_label=previous_label,
                measurement=measurement,
                value_text=figure_text(measurement, indicator.unit),
                percent_text=percent_text,
                indicator_status=status,
                state=workflow_state_of(measurement),
                is_editable=can_enter
                and (
                    measurement is None
                    or measurement.status != MeasurementStatus.ACCEPTED
                    or actor.role == Role.OFFICE
                ),
            )
        )
    return rows


def _scored(
    indicator: Indicator, measurement: Measurement, rules: RuleSet
) -> tuple[str, IndicatorStatus | None]:
    """The achievement text and status of a stored figure ("" and ``None`` if unscorable)."""
    try:
        achievement = achievement_for(
            target_of(indicator), ScoringMeasurement(measurement_value(measurement)), rules
        )
    except TargetError:
        return "", None
    status = classify_indicator(
        achievement.percent, rules.indicator_thresholds, round_percent=rules.round_percent
    )
    return format_percent(achievement.percent), status


@dataclass(frozen=True, slots=True)
class DeadlineInfo:
    """A period's deadline as the banner tells it: days left (negative: overdue)."""

    deadline_on: date
    days_left: int

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0

    @property
    def is_near(self) -> bool:
        return 0 <= self.days_left <= 7

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def deadline_text(self) -> str:
        return format_date(self.deadline_on)


def deadline_of(period: MonitoringPeriod, *, today: date) -> DeadlineInfo | None:
    """The deadline of ``period`` counted from ``today``, or ``None`` without a deadline."""
    if period.deadline_on is None:
        return None
    return DeadlineInfo(period.deadline_on, (period.deadline_on - today).days)


# -- review ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A submitted figure waiting for the office: the figure, its target and achievement."""

    measurement: Measurement
    target_text: str
    value_text: str
    percent_text: str
    indicator_status: IndicatorStatus | None
    state: Badge

    @property
    def indicator_badge(self) -> Badge | None:
        return indicator_badge(self.indicator_status)


def review_queryset(*, cycle: Cycle) -> QuerySet[Measurement]:
    """Figures of ``cycle`` with everything a review row shows (one query plus prefetches)."""
    return (
        Measurement.objects.filter(administration=cycle.administration, period__cycle=cycle)
        .select_related("indicator", "period", "updated_by", "reviewed_by")
        .prefetch_related("evidence", "indicator__links__node")
        .order_by("period__position", "indicator__position")
    )


def review_rows_for(
    *, actor: Actor, cycle: Cycle, period: MonitoringPeriod | None = None, ids: Sequence[int] = ()
) -> list[ReviewRow]:
    """The submitted figures of ``cycle`` (of ``period`` if given) for the office to review.

    ``ids`` instead selects those figures whatever their state (the row just decided).
    Empty for actors who may not review (``Action.REVIEW_MEASUREMENT``).
    """
    if not can(actor, Action.REVIEW_MEASUREMENT) or cycle.administration_id != (
        actor.administration.pk
    ):
        return []
    queryset = review_queryset(cycle=cycle)
    if ids:
        queryset = queryset.filter(pk__in=ids)
    else:
        queryset = queryset.filter(status=MeasurementStatus.SUBMITTED)
    if period is not None:
        queryset = queryset.filter(period=period)
    rules = RuleSet.from_settings(cycle.rules)
    rows = []
    for measurement in queryset:
        indicator = measurement.indicator
        percent_text, status = _scored(indicator, measurement, rules)
        rows.append(
            ReviewRow(
                measurement=measurement,
                target_text=target_text(target_of(indicator), indicator.unit),
                value_text=figure_text(measurement, indicator.unit),
                percent_text=percent_text,
                indicator_status=status,
                state=workflow_state_of(measurement),
            )
        )
    return rows


def submitted_count_for(*, cycle: Cycle) -> int:
    """How many figures of ``cycle`` wait for review."""
    return Measurement.objects.filter(
        administration=cycle.administration,
        period__cycle=cycle,
        status=MeasurementStatus.SUBMITTED,
    ).count()


def is_read_only(cycle: Cycle) -> bool:
    """Whether the cycle is validated (no figure may change)."""
    return is_cycle_locked(cycle)


def computation_text(computation: Mapping[str, Any], value: Decimal | None) -> str:
    """A computed figure's trace in Italian: "a / b * 100 = 930 / 1.000 * 100 = 93"."""
    formula = parse_formula(str(computation["formula"]))
    inputs = tuple((str(name), Decimal(str(number))) for name, number in computation["inputs"])
    result = FormulaResult(formula, value if value is not None else Decimal(0), inputs)

    return f"{formula} = {result.substituted(format_exact)} = {format_exact(result.value)}"


def computations_of(*, cycle: Cycle, period_code: str) -> dict[str, str]:
    """The computed figures of ``cycle`` in a period: indicator code → their trace text."""
    rows = Measurement.objects.filter(
        period__cycle=cycle, period__code=period_code, computation__isnull=False
    ).values_list("indicator__code", "computation", "value_number")
    return {
        code: computation_text(computation, value)
        for code, computation, value in rows
        if computation is not None
    }


def base_value_rows_for(*, cycle: Cycle) -> tuple[BaseValueRow, ...]:
    """The base measures' values of ``cycle`` as workbook rows, by period then measure."""
    values = (
        BaseMeasureValue.objects.filter(measure__cycle=cycle)
        .select_related("measure", "period")
        .order_by("period__position", "measure__position", "measure__code")
    )
    return tuple(
        BaseValueRow(
            measure_code=value.measure.code,
            period_code=value.period.code,
            value=plain_decimal(value.value),
            comment=value.comment,
            data_source=value.data_source,
        )
        for value in values
    )
