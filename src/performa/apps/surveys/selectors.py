"""Reads of surveys: statistics recomputed from the stored answers, the trend over the years,
the indicators a survey feeds, and the report's customer-satisfaction tables."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.measurements.models import Measurement
from performa.apps.measurements.selectors import figure_text
from performa.apps.plans.models import Indicator, IndicatorLink
from performa.apps.surveys.models import (
    EarlierYearResult,
    Survey,
    SurveyAnswer,
    SurveyIndicatorLink,
    SurveyKind,
    SurveyStatisticChoice,
)
from performa.reporting.formatting import format_number
from performa.scoring.surveys import (
    OVERALL,
    MarkStatistics,
    SurveyScale,
    SurveyStatistic,
    SurveyStatistics,
    mark_statistics,
    statistic_value,
    survey_statistics,
)
from performa.workbook import data

FIGURE_DECIMALS: Final = 2
"""Indicators take a survey's mean and shares with two decimals, as the Relazione prints them
(the target is compared with the published figure)."""


def survey_scale_of(survey: Survey) -> SurveyScale:
    """The scale and bands stored on ``survey``."""
    return SurveyScale(
        survey.scale_minimum,
        survey.scale_maximum,
        survey.satisfied_from,
        survey.dissatisfied_up_to,
    )


def _key_position(survey: Survey) -> int:
    headers = [question["header"] for question in survey.questions]
    return headers.index(survey.key_question)


def survey_key_answers(survey: Survey) -> list[tuple[str, Decimal | None]]:
    """``(service, mark)`` of the overall-judgement question for every stored questionnaire."""
    position = _key_position(survey)
    answers: list[tuple[str, Decimal | None]] = []
    for service, values in SurveyAnswer.objects.filter(survey=survey).values_list(
        "service", "values"
    ):
        value = values[position] if position < len(values) else None
        answers.append((service, Decimal(value) if value is not None else None))
    return answers


def survey_statistics_of(survey: Survey) -> SurveyStatistics:
    """The survey's statistics, recomputed from its stored answers."""
    return survey_statistics(survey_key_answers(survey), survey_scale_of(survey))


def question_rows_for(survey: Survey) -> tuple[StatisticsRow, ...]:
    """Every mark question of ``survey`` with its statistics over all questionnaires, in the
    file's order (the overall-judgement question among them)."""
    scale = survey_scale_of(survey)
    positions = [i for i, question in enumerate(survey.questions) if question["is_mark"]]
    marks: dict[int, list[Decimal]] = {position: [] for position in positions}
    for values in SurveyAnswer.objects.filter(survey=survey).values_list("values", flat=True):
        for position in positions:
            value = values[position] if position < len(values) else None
            if value is not None:
                marks[position].append(Decimal(value))
    return tuple(
        StatisticsRow(
            survey.questions[position]["header"],
            mark_statistics(marks[position], scale),
            is_overall=survey.questions[position]["header"] == survey.key_question,
        )
        for position in positions
    )


def surveys_of(*, cycle: Cycle) -> QuerySet[Survey]:
    """The surveys of ``cycle``, by kind and title."""
    return Survey.objects.filter(administration=cycle.administration, cycle=cycle)


def final_period_of(cycle: Cycle) -> MonitoringPeriod | None:
    """The period survey figures go to: the final one, else the last one."""
    periods = list(MonitoringPeriod.objects.filter(cycle=cycle).order_by("position"))
    finals = [period for period in periods if period.is_final]
    return finals[0] if finals else (periods[-1] if periods else None)


def link_value(statistics: SurveyStatistics, *, statistic: str, service: str) -> Decimal | None:
    """The figure a link gives: the statistic of the service (blank: overall), rounded half up
    to ``FIGURE_DECIMALS`` (a count stays whole); ``None`` when the service has no marks."""
    found = statistics.of(service or OVERALL)
    if found is None:
        return None
    value = statistic_value(found, SurveyStatistic(statistic))
    if value is None:
        return None
    places = Decimal(1) if statistic == SurveyStatistic.COUNT else Decimal("0.01")
    return value.quantize(places, rounding=ROUND_HALF_UP)


def data_source_prefix(survey: Survey) -> str:
    """What starts the ``data_source`` of every figure ``survey`` wrote."""
    return f"Indagine n. {survey.pk} "


def data_source_text(survey: Survey, *, statistic: str, service: str) -> str:
    """The figure's source as the audit trail and the pages show it."""
    label = SurveyStatisticChoice(statistic).label
    scope = service or _("tutti i servizi")
    return f"{data_source_prefix(survey)}«{survey.title}»: {label} – {scope}"


# -- pages -----------------------------------------------------------------------------------


def percent_text(value: Decimal | None) -> str:
    """A share as "87,9 %" (one decimal, as the reference report), "—" when missing."""
    return "—" if value is None else f"{format_number(value, 1)}\u00a0%"


def mean_text(value: Decimal | None, decimals: int = 2) -> str:
    """A mean mark as "8,20", "—" when missing."""
    return "—" if value is None else format_number(value, decimals)


@dataclass(frozen=True, slots=True)
class StatisticsRow:
    """One line of a survey's table: a service (or the whole survey) and its statistics."""

    label: str
    statistics: MarkStatistics
    is_overall: bool = False

    @property
    def mean_text(self) -> str:
        return mean_text(self.statistics.mean)

    @property
    def satisfaction_text(self) -> str:
        return percent_text(self.statistics.satisfaction_percent)

    @property
    def dissatisfied_text(self) -> str:
        return percent_text(self.statistics.dissatisfied_percent)


def statistics_rows(statistics: SurveyStatistics) -> tuple[StatisticsRow, ...]:
    """Services by name, then the whole survey."""
    rows = [StatisticsRow(name, stats) for name, stats in sorted(statistics.services)]
    rows.append(StatisticsRow(_("Complessivo"), statistics.overall, is_overall=True))
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """A year of the survey's history: computed from answers, or typed as published."""

    year: int
    count: int | None
    mean: Decimal | None
    satisfaction_percent: Decimal | None
    dissatisfied_percent: Decimal | None
    source: str

    @property
    def mean_text(self) -> str:
        return mean_text(self.mean, 1)

    @property
    def satisfaction_text(self) -> str:
        return percent_text(self.satisfaction_percent)

    @property
    def dissatisfied_text(self) -> str:
        return percent_text(self.dissatisfied_percent)


def survey_trend_for(survey: Survey, statistics: SurveyStatistics) -> tuple[TrendPoint, ...]:
    """The whole survey over the years: earlier cycles' surveys of the same kind computed from
    their answers, else the results typed as published; then this year."""
    points: dict[int, TrendPoint] = {}
    for result in EarlierYearResult.objects.filter(
        administration=survey.administration,
        kind=survey.kind,
        service="",
        year__lt=survey.cycle.year,
    ):
        points[result.year] = TrendPoint(
            result.year,
            result.answer_count,
            result.mean,
            result.satisfaction_percent,
            result.dissatisfied_percent,
            result.source or _("risultato pubblicato"),
        )
    earlier = Survey.objects.filter(
        administration=survey.administration, kind=survey.kind, cycle__year__lt=survey.cycle.year
    ).select_related("cycle")
    for other in earlier:
        overall = survey_statistics_of(other).overall
        points[other.cycle.year] = TrendPoint(
            other.cycle.year,
            overall.count,
            overall.mean,
            overall.satisfaction_percent,
            overall.dissatisfied_percent,
            _("calcolato dalle risposte"),
        )
    overall = statistics.overall
    points[survey.cycle.year] = TrendPoint(
        survey.cycle.year,
        overall.count,
        overall.mean,
        overall.satisfaction_percent,
        overall.dissatisfied_percent,
        _("calcolato dalle risposte"),
    )
    return tuple(points[year] for year in sorted(points))


@dataclass(frozen=True, slots=True)
class LinkRow:
    """An indicator fed by the survey: what the survey gives it and what it holds now."""

    link: SurveyIndicatorLink
    value: Decimal | None
    value_text: str
    current_text: str
    is_current: bool
    objective_code: str = ""
    """The first objective the indicator is linked to (its page shows the figure and score)."""


def link_rows_for(survey: Survey, statistics: SurveyStatistics) -> tuple[LinkRow, ...]:
    """The survey's links with the value each gives and the indicator's current figure."""
    period = final_period_of(survey.cycle)
    links = list(survey.links.select_related("indicator"))
    objectives: dict[int, str] = {}
    for indicator_id, code in (
        IndicatorLink.objects.filter(indicator__in=[link.indicator for link in links])
        .order_by("position")
        .values_list("indicator_id", "node__code")
    ):
        objectives.setdefault(indicator_id, code)
    current = {
        measurement.indicator_id: measurement
        for measurement in Measurement.objects.filter(
            period=period, indicator__in=[link.indicator for link in links]
        ).select_related("indicator")
    }
    rows = []
    for link in links:
        value = link_value(statistics, statistic=link.statistic, service=link.service)
        measurement = current.get(link.indicator_id)
        rows.append(
            LinkRow(
                link=link,
                value=value,
                value_text="—" if value is None else format_number(value, _places(link)),
                current_text=figure_text(measurement, link.indicator.unit),
                is_current=measurement is not None
                and value is not None
                and measurement.value_number == value
                and measurement.data_source.startswith(data_source_prefix(survey)),
                objective_code=objectives.get(link.indicator_id, ""),
            )
        )
    return tuple(rows)


def _places(link: SurveyIndicatorLink) -> int:
    return 0 if link.statistic == SurveyStatisticChoice.COUNT else FIGURE_DECIMALS


def link_of_indicator(*, cycle: Cycle, code: str) -> SurveyIndicatorLink | None:
    """The survey link of indicator ``code`` of ``cycle``, if it takes its value from one."""
    return (
        SurveyIndicatorLink.objects.filter(
            administration=cycle.administration, survey__cycle=cycle, indicator__code=code
        )
        .select_related("survey", "indicator")
        .first()
    )


def linkable_indicators(*, cycle: Cycle) -> QuerySet[Indicator]:
    """Numeric indicators of ``cycle`` not yet fed by a survey (for the link form)."""
    return Indicator.objects.filter(
        administration=cycle.administration, cycle=cycle, survey_links__isnull=True
    ).order_by("position")


# -- the Relazione -----------------------------------------------------------------------------


def survey_context_tables_for(*, cycle: Cycle) -> tuple[data.ContextTable, ...]:
    """The Relazione's customer-satisfaction tables computed from the cycle's customer survey:
    the summary, the table per service, and the trend over the years (with a line chart).
    Empty when the cycle has no customer survey (the typed context tables are used then)."""
    survey = surveys_of(cycle=cycle).filter(kind=SurveyKind.CUSTOMER).order_by("imported_at").last()
    if survey is None:
        return ()
    statistics = survey_statistics_of(survey)
    overall = statistics.overall
    scale = survey_scale_of(survey)
    bands = _(
        "Scala da %(minimum)s a %(maximum)s; soddisfatti: voti da %(satisfied)s; insoddisfatti: "
        "voti fino a %(dissatisfied)s."
    ) % {
        "minimum": _plain(scale.minimum),
        "maximum": _plain(scale.maximum),
        "satisfied": _plain(scale.satisfied_from),
        "dissatisfied": _plain(scale.dissatisfied_up_to),
    }
    summary = data.ContextTable(
        code="customer_satisfaction_summary",
        title=f"{survey.title} – {_('risultati complessivi')}",
        section="customer_satisfaction",
        columns=(_("Valore"),),
        rows=(
            data.ContextTableRow(_("Questionari raccolti"), (Decimal(overall.count),), "N."),
            *_fielding_rows(survey, overall),
            data.ContextTableRow(
                _("Indice di soddisfazione complessivo"),
                (_one_decimal(overall.satisfaction_percent),),
                "%",
            ),
            data.ContextTableRow(
                _("Quota di insoddisfatti"), (_one_decimal(overall.dissatisfied_percent),), "%"
            ),
            data.ContextTableRow(_("Giudizio medio complessivo"), (_one_decimal(overall.mean),)),
        ),
        source=_("Elaborazione delle risposte all'indagine"),
        note=" ".join(part for part in (survey.method_note.strip(), bands) if part),
    )
    services = data.ContextTable(
        code="customer_satisfaction_services",
        title=_("Risultati per servizio"),
        section="customer_satisfaction",
        columns=(
            _("Risposte"),
            _("Voto medio"),
            _("Soddisfatti (%)"),
            _("Insoddisfatti (%)"),
        ),
        rows=tuple(
            data.ContextTableRow(
                row.label if not row.is_overall else _("Totale"),
                (
                    Decimal(row.statistics.count),
                    _two_decimals(row.statistics.mean),
                    _one_decimal(row.statistics.satisfaction_percent),
                    _one_decimal(row.statistics.dissatisfied_percent),
                ),
            )
            for row in statistics_rows(statistics)
        ),
        source=_("Elaborazione delle risposte all'indagine"),
        note=_("Soddisfatti e insoddisfatti in percentuale delle risposte del servizio."),
    )
    trend = survey_trend_for(survey, statistics)
    history = data.ContextTable(
        code="customer_satisfaction_history",
        title=_("Giudizio complessivo"),
        section="customer_satisfaction",
        columns=(_("Giudizio medio (scala 1-10)"),)
        if scale.minimum == 1 and scale.maximum == 10
        else (_("Giudizio medio"),),
        rows=tuple(
            data.ContextTableRow(str(point.year), (_one_decimal(point.mean),)) for point in trend
        ),
        source=_("Indagini di customer satisfaction degli anni indicati"),
        chart="line" if len(trend) > 1 else "",
    )
    return (summary, services, history)


def _fielding_rows(survey: Survey, overall: MarkStatistics) -> tuple[data.ContextTableRow, ...]:
    """Contacts, response rate and duration, when the survey records them."""
    rows = []
    if survey.contacted_count:
        rows.append(
            data.ContextTableRow(_("Utenti contattati"), (Decimal(survey.contacted_count),), "N.")
        )
        rate = Decimal(100) * overall.count / survey.contacted_count
        rows.append(data.ContextTableRow(_("Tasso di risposta"), (_one_decimal(rate),), "%"))
    if survey.fielded_from and survey.fielded_to:
        days = (survey.fielded_to - survey.fielded_from).days
        rows.append(
            data.ContextTableRow(_("Durata della rilevazione in giorni"), (Decimal(days),), "gg")
        )
    return tuple(rows)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _one_decimal(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _two_decimals(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def survey_tables_in(plan: data.PlanData, *, cycle: Cycle) -> data.PlanData:
    """``plan`` with its customer-satisfaction context tables replaced by those computed from
    the cycle's customer survey, when it has one (otherwise ``plan`` unchanged)."""
    tables = survey_context_tables_for(cycle=cycle)
    if not tables:
        return plan
    kept = tuple(table for table in plan.context_tables if table.section != "customer_satisfaction")
    return replace(plan, context_tables=kept + tables)
