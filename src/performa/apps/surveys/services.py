"""Writes of surveys: importing the answers (all or nothing), linking indicators, feeding
their figures through the measurements service, results of earlier years, the demo survey.

Every write is the office's (``Action.REVIEW_MEASUREMENT``: it records accepted figures),
checked inside the transaction and recorded in the audit trail.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from django.db import transaction
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.audit.services import audit_record
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.versioning import cycle_touch
from performa.apps.measurements.services import MeasurementError, measurement_record_from_source
from performa.apps.plans.models import Indicator
from performa.apps.surveys.models import (
    EarlierYearResult,
    Survey,
    SurveyAnswer,
    SurveyIndicatorLink,
    SurveyKind,
    SurveyStatisticChoice,
)
from performa.apps.surveys.selectors import (
    StatisticsRow,
    data_source_prefix,
    data_source_text,
    final_period_of,
    link_rows_for,
    link_value,
    statistics_rows,
    survey_statistics_of,
)
from performa.scoring.surveys import SurveyScale
from performa.workbook.survey_reader import SurveyFile, read_survey_file

DEMO_DIRECTORY: Final = Path(__file__).resolve().parents[2] / "demo" / "surveys"


class SurveyError(Exception):
    """A survey write refused; ``messages`` lists every reason, in Italian, located."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = tuple(messages)


class SurveyRefusedError(SurveyError):
    """The actor may not change surveys (interfaces answer 403)."""


@dataclass(frozen=True, slots=True)
class SurveyInput:
    """What the import form gives besides the file."""

    kind: str
    title: str
    method_note: str = ""
    scale: SurveyScale = SurveyScale()
    key_question: str = ""
    contacted_count: int | None = None
    fielded_from: date | None = None
    fielded_to: date | None = None


def _label(actor: Actor | None, actor_label: str) -> str:
    if actor is None:
        return actor_label
    return actor.user.get_full_name() or actor.user.get_username()


def _check(actor: Actor | None, cycle: Cycle) -> None:
    if is_cycle_locked(cycle):
        raise SurveyError(
            [
                _("Il ciclo %(year)s è stato validato dall'OIV: non si modifica più.")
                % {"year": cycle.year}
            ]
        )
    if actor is not None and (
        cycle.administration_id != actor.administration.pk
        or not can(actor, Action.REVIEW_MEASUREMENT, cycle=cycle)
    ):
        raise SurveyRefusedError([_("Solo il controllo di gestione gestisce le indagini.")])


def _marks(value: Decimal | str | None) -> str | None:
    if value is None:
        return None
    return str(value)


def survey_import(
    *,
    actor: Actor | None,
    cycle: Cycle,
    details: SurveyInput,
    file_name: str,
    content: bytes,
    survey: Survey | None = None,
    actor_label: str = "",
) -> Survey:
    """Import the answers in ``content`` as a new survey of ``cycle`` (or as ``survey``'s new
    answers), then feed its linked indicators. All or nothing: a malformed file, a title
    already used or an indicator whose figure may not be replaced raises ``SurveyError`` with
    every reason, and nothing is written. ``actor`` ``None`` is the system (the demo).
    """
    result = read_survey_file(
        file_name,
        content,
        minimum=details.scale.minimum,
        maximum=details.scale.maximum,
        key_question=details.key_question,
    )
    if result.survey is None:
        raise SurveyError([str(error) for error in result.errors])
    title = " ".join(details.title.split())
    if not title:
        raise SurveyError([_("Scrivi il titolo dell'indagine.")])
    with transaction.atomic():
        cycle = Cycle.objects.select_related("administration").get(pk=cycle.pk)
        _check(actor, cycle)
        if survey is not None and survey.cycle_id != cycle.pk:
            raise SurveyError([_("L'indagine è di un altro ciclo.")])
        clash = Survey.objects.filter(cycle=cycle, title=title)
        if survey is not None:
            clash = clash.exclude(pk=survey.pk)
        if clash.exists():
            raise SurveyError(
                [_("Esiste già un'indagine «%(title)s» in questo ciclo.") % {"title": title}]
            )
        before = None if survey is None else _survey_snapshot(survey)
        survey = _survey_save(
            survey,
            cycle=cycle,
            details=details,
            title=title,
            file_name=file_name,
            read=result.survey,
        )
        survey.imported_by = actor.user if actor is not None else None
        survey.save(update_fields=["imported_by"])
        audit_record(
            administration=cycle.administration,
            cycle=cycle,
            actor=actor.user if actor is not None else None,
            actor_label=_label(actor, actor_label),
            action="survey_import",
            object_type="survey",
            object_code=f"{cycle.administration.code}/{cycle.year}/indagine/{survey.pk}",
            before=before,
            after=_survey_snapshot(survey),
            reason=file_name,
        )
        survey_links_feed(actor=actor, survey=survey, actor_label=actor_label)
        cycle_touch(cycle_id=cycle.pk)  # the Relazione's survey tables change
    return survey


def _survey_save(
    survey: Survey | None,
    *,
    cycle: Cycle,
    details: SurveyInput,
    title: str,
    file_name: str,
    read: SurveyFile,
) -> Survey:
    scale = details.scale
    fields: dict[str, Any] = {
        "kind": details.kind,
        "title": title,
        "method_note": details.method_note.strip(),
        "scale_minimum": scale.minimum,
        "scale_maximum": scale.maximum,
        "satisfied_from": scale.satisfied_from,
        "dissatisfied_up_to": scale.dissatisfied_up_to,
        "service_header": read.service_header,
        "key_question": read.key_header,
        "questions": [
            {"header": column.header, "is_mark": column.is_mark} for column in read.columns
        ],
        "file_name": file_name,
        "contacted_count": details.contacted_count,
        "fielded_from": details.fielded_from,
        "fielded_to": details.fielded_to,
    }
    if survey is None:
        survey = Survey.objects.create(administration=cycle.administration, cycle=cycle, **fields)
    else:
        for name, value in fields.items():
            setattr(survey, name, value)
        survey.save()
        SurveyAnswer.objects.filter(survey=survey).delete()
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            administration=cycle.administration,
            survey=survey,
            row=row.row,
            service=row.service[:300],
            values=[_marks(value) for value in row.values],
        )
        for row in read.rows
    )
    return survey


def _survey_snapshot(survey: Survey) -> dict[str, Any]:
    statistics = survey_statistics_of(survey).overall
    return {
        "title": survey.title,
        "file": survey.file_name,
        "answers": statistics.count,
        "mean": None if statistics.mean is None else str(statistics.mean),
    }


def survey_links_feed(
    *,
    actor: Actor | None,
    survey: Survey,
    actor_label: str = "",
    only: SurveyIndicatorLink | None = None,
) -> int:
    """Write every linked indicator's figure from ``survey``'s statistics (call inside the
    import's or the link's transaction). Raises ``SurveyError`` listing every indicator that
    cannot take its value (no marks for its service, a figure from another source)."""
    statistics = survey_statistics_of(survey)
    period = final_period_of(survey.cycle)
    links = list(survey.links.select_related("indicator"))
    if only is not None:
        links = [link for link in links if link.pk == only.pk]
    if not links:
        return 0
    if period is None:
        raise SurveyError([_("Il ciclo non ha periodi di rilevazione: i valori non si scrivono.")])
    problems = []
    for link in links:
        value = link_value(statistics, statistic=link.statistic, service=link.service)
        if value is None:
            problems.append(
                _("Indicatore %(code)s: il servizio «%(service)s» non ha risposte nell'indagine.")
                % {"code": link.indicator.code, "service": link.service or _("tutti")}
            )
            continue
        try:
            measurement_record_from_source(
                actor=actor,
                actor_label=_label(actor, actor_label),
                indicator=link.indicator,
                period=period,
                value=value,
                data_source=data_source_text(
                    survey, statistic=link.statistic, service=link.service
                ),
                source_prefix=data_source_prefix(survey),
            )
        except MeasurementError as error:
            problems.append(error.message)
    if problems:
        raise SurveyError(problems)
    return len(links)


def survey_link_create(
    *,
    actor: Actor | None,
    survey: Survey,
    indicator: Indicator,
    statistic: str,
    service: str = "",
    actor_label: str = "",
) -> SurveyIndicatorLink:
    """Link ``indicator`` to a statistic of ``survey`` (of ``service``, blank: overall) and
    write its figure at once. Refused when the indicator is of another cycle or already fed
    by a survey, when the service is not in the survey, or when its figure may not be replaced.
    """
    with transaction.atomic():
        cycle = survey.cycle
        _check(actor, cycle)
        statistic = SurveyStatisticChoice(statistic).value
        service = " ".join(service.split())
        if indicator.cycle_id != cycle.pk:
            raise SurveyError([_("L'indicatore non è di questo ciclo.")])
        if SurveyIndicatorLink.objects.filter(indicator=indicator).exists():
            raise SurveyError(
                [
                    _("L'indicatore %(code)s prende già il valore da un'indagine.")
                    % {"code": indicator.code}
                ]
            )
        statistics = survey_statistics_of(survey)
        if service and statistics.of(service) is None:
            known = ", ".join(name for name, _stats in statistics.services)
            raise SurveyError(
                [
                    _("Il servizio «%(service)s» non è nell'indagine (servizi: %(known)s).")
                    % {"service": service, "known": known}
                ]
            )
        if service:  # the survey's own spelling
            service = next(
                name
                for name, _stats in statistics.services
                if name.casefold() == service.casefold()
            )
        link = SurveyIndicatorLink.objects.create(
            administration=cycle.administration,
            survey=survey,
            indicator=indicator,
            statistic=statistic,
            service=service,
        )
        audit_record(
            administration=cycle.administration,
            cycle=cycle,
            actor=actor.user if actor is not None else None,
            actor_label=_label(actor, actor_label),
            action="survey_link_create",
            object_type="indicator",
            object_code=indicator.code,
            after={"survey": survey.title, "statistic": statistic, "service": service},
        )
        survey_links_feed(actor=actor, survey=survey, actor_label=actor_label, only=link)
    return link


def survey_link_delete(*, actor: Actor, link: SurveyIndicatorLink) -> None:
    """Remove a link; the figure written so far stays (with its source) until changed."""
    with transaction.atomic():
        cycle = link.survey.cycle
        _check(actor, cycle)
        audit_record(
            administration=cycle.administration,
            cycle=cycle,
            actor=actor.user,
            actor_label=_label(actor, ""),
            action="survey_link_delete",
            object_type="indicator",
            object_code=link.indicator.code,
            before={
                "survey": link.survey.title,
                "statistic": link.statistic,
                "service": link.service,
            },
        )
        link.delete()


def earlier_year_result_save(
    *,
    actor: Actor | None,
    cycle: Cycle,
    kind: str,
    year: int,
    service: str = "",
    answer_count: int | None = None,
    mean: Decimal | None = None,
    satisfaction_percent: Decimal | None = None,
    dissatisfied_percent: Decimal | None = None,
    source: str = "",
    actor_label: str = "",
) -> EarlierYearResult:
    """Record (or replace) a published result of an earlier year, for the comparison."""
    if year >= cycle.year:
        raise SurveyError(
            [_("L'anno deve precedere quello del ciclo (%(year)s).") % {"year": cycle.year}]
        )
    if mean is None and satisfaction_percent is None and answer_count is None:
        raise SurveyError([_("Indica almeno il voto medio, l'indice o il numero di risposte.")])
    with transaction.atomic():
        _check(actor, cycle)
        result, _created = EarlierYearResult.objects.update_or_create(
            administration=cycle.administration,
            kind=SurveyKind(kind).value,
            year=year,
            service=" ".join(service.split()),
            defaults={
                "answer_count": answer_count,
                "mean": mean,
                "satisfaction_percent": satisfaction_percent,
                "dissatisfied_percent": dissatisfied_percent,
                "source": source.strip(),
            },
        )
        audit_record(
            administration=cycle.administration,
            cycle=cycle,
            actor=actor.user if actor is not None else None,
            actor_label=_label(actor, actor_label),
            action="survey_earlier_year_save",
            object_type="survey",
            object_code=f"{cycle.administration.code}/{year}/{kind}",
            after={
                "answers": answer_count,
                "mean": None if mean is None else str(mean),
                "satisfaction_percent": None
                if satisfaction_percent is None
                else str(satisfaction_percent),
            },
        )
    return result


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def surveys_demo_load(*, cycle: Cycle, directory: Path = DEMO_DIRECTORY) -> list[Survey]:
    """Load the demo's surveys described by ``*.json`` in ``directory``: the answer file, the
    earlier years' published results and the indicators each survey feeds."""
    loaded = []
    for description_path in sorted(directory.glob("*.json")):
        description = json.loads(description_path.read_text(encoding="utf-8"))
        if description["year"] != cycle.year:
            continue
        answers = directory / description["file"]
        with transaction.atomic():
            survey = survey_import(
                actor=None,
                actor_label="demo",
                cycle=cycle,
                details=SurveyInput(
                    kind=description["kind"],
                    title=description["title"],
                    method_note=description.get("method_note", ""),
                    contacted_count=description.get("contacted_count"),
                    fielded_from=_day(description.get("fielded_from")),
                    fielded_to=_day(description.get("fielded_to")),
                ),
                file_name=answers.name,
                content=answers.read_bytes(),
            )
            for earlier in description.get("earlier_years", []):
                earlier_year_result_save(
                    actor=None,
                    actor_label="demo",
                    cycle=cycle,
                    kind=description["kind"],
                    year=earlier["year"],
                    mean=Decimal(earlier["mean"]),
                    source=earlier.get("source", ""),
                )
            for link in description.get("links", []):
                indicator = Indicator.objects.get(cycle=cycle, code=link["indicator"])
                survey_link_create(
                    actor=None,
                    actor_label="demo",
                    survey=survey,
                    indicator=indicator,
                    statistic=link.get("statistic", SurveyStatisticChoice.MEAN),
                    service=link.get("service", ""),
                )
        loaded.append(survey)
    return loaded


# -- preview -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkEffect:
    """What confirming the import would do to a linked indicator."""

    code: str
    name: str
    before_text: str
    after_text: str


@dataclass(frozen=True, slots=True)
class SurveyPreview:
    """The import as it would go: every error, or the statistics and the indicators' changes."""

    errors: tuple[str, ...]
    read: SurveyFile | None = None
    rows: tuple[StatisticsRow, ...] = ()
    effects: tuple[LinkEffect, ...] = ()
    unchanged_count: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors


class _DryRun(Exception):
    """Raised to roll back the preview's transaction."""


def survey_import_preview(
    *,
    actor: Actor,
    cycle: Cycle,
    details: SurveyInput,
    file_name: str,
    content: bytes,
    survey: Survey | None = None,
) -> SurveyPreview:
    """``survey_import`` run and rolled back: the same checks and messages, nothing written.

    For a new file of an existing survey, ``effects`` lists each linked indicator's figure
    before and after.
    """
    result = read_survey_file(
        file_name,
        content,
        minimum=details.scale.minimum,
        maximum=details.scale.maximum,
        key_question=details.key_question,
    )
    if result.survey is None:
        return SurveyPreview(errors=tuple(str(error) for error in result.errors))
    before: dict[str, str] = {}
    if survey is not None:
        before = {
            row.link.indicator.code: row.current_text
            for row in link_rows_for(survey, survey_statistics_of(survey))
        }
    outcome: SurveyPreview | None = None
    try:
        with transaction.atomic():
            imported = survey_import(
                actor=actor,
                cycle=cycle,
                details=details,
                file_name=file_name,
                content=content,
                survey=survey,
            )
            statistics = survey_statistics_of(imported)
            effects = [
                LinkEffect(
                    row.link.indicator.code,
                    row.link.indicator.name,
                    before.get(row.link.indicator.code, "—"),
                    row.current_text,
                )
                for row in link_rows_for(imported, statistics)
            ]
            changed = tuple(e for e in effects if e.before_text != e.after_text)
            outcome = SurveyPreview(
                errors=(),
                read=result.survey,
                rows=statistics_rows(statistics),
                effects=changed,
                unchanged_count=len(effects) - len(changed),
            )
            raise _DryRun
    except _DryRun:
        pass
    except SurveyError as error:
        return SurveyPreview(errors=error.messages, read=result.survey)
    assert outcome is not None
    return outcome
