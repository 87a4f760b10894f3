"""Survey imports: atomic, audited, feeding the linked indicators and the scores."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from performa.apps.accounts.services import demo_accounts_ensure
from performa.apps.administrations.access import Actor, actor_for
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_scores
from performa.apps.measurements.models import Measurement, MeasurementStatus
from performa.apps.measurements.services import measurement_return
from performa.apps.plans.models import Indicator
from performa.apps.surveys.models import Survey, SurveyAnswer, SurveyIndicatorLink
from performa.apps.surveys.selectors import question_rows_for, survey_statistics_of
from performa.apps.surveys.services import (
    SurveyError,
    SurveyInput,
    SurveyRefusedError,
    survey_import,
    survey_link_create,
    surveys_demo_load,
)

ADMINISTRATION = "cciaa-pistoia-prato"
RI = "02_01_OPD1_I01"
"""Customer satisfaction RI 2024: >= 8,10, actual 7,30 -> 90,12 %."""


@pytest.fixture
def office(demo_cycle: Cycle) -> Actor:
    demo_accounts_ensure(administration=demo_cycle.administration)
    return actor_for(User.objects.get(username="controllo"), ADMINISTRATION)


def csv_of(*rows: str) -> bytes:
    return ("Servizio;Giudizio complessivo\n" + "\n".join(rows) + "\n").encode()


def figure(cycle: Cycle, code: str) -> Measurement:
    return Measurement.objects.get(indicator__cycle=cycle, indicator__code=code, period__code="FY")


def score(cycle: Cycle, code: str) -> Decimal | None:
    cycle.refresh_from_db()
    return cycle_scores(cycle=cycle).indicator(code).evaluated_percent


def test_an_imported_survey_stores_anonymous_answers_and_recomputes_its_statistics(
    demo_cycle: Cycle, office: Actor
) -> None:
    survey = survey_import(
        actor=office,
        cycle=demo_cycle,
        details=SurveyInput(kind="customer", title="CS 2024"),
        file_name="r.csv",
        content=csv_of("Registro imprese;8", "Registro imprese;9", "Protesti;3", "Protesti;"),
    )
    assert SurveyAnswer.objects.filter(survey=survey).count() == 4
    assert survey.key_question == "Giudizio complessivo"
    statistics = survey_statistics_of(survey)
    assert statistics.overall.count == 3
    assert statistics.overall.mean is not None
    assert round(statistics.overall.mean, 4) == Decimal("6.6667")
    registry = statistics.of("Registro imprese")
    assert registry is not None
    assert registry.mean == Decimal("8.5")
    assert AuditEntry.objects.filter(action="survey_import", cycle=demo_cycle).count() == 1
    (question,) = question_rows_for(survey)
    assert question.label == "Giudizio complessivo"
    assert question.is_overall
    assert question.statistics.count == 3


def test_a_malformed_file_writes_nothing_and_lists_every_error(
    demo_cycle: Cycle, office: Actor
) -> None:
    with pytest.raises(SurveyError) as refused:
        survey_import(
            actor=office,
            cycle=demo_cycle,
            details=SurveyInput(kind="customer", title="CS 2024"),
            file_name="r.csv",
            content=csv_of("Registro imprese;8", "Registro imprese;dieci", "Protesti;12"),
        )
    assert refused.value.messages == (
        "riga 3, colonna 'Giudizio complessivo': «dieci» non è un voto da 1 a 10.",
        "riga 4, colonna 'Giudizio complessivo': il voto 12 è fuori dalla scala da 1 a 10.",
    )
    assert not Survey.objects.exists()
    assert not SurveyAnswer.objects.exists()
    assert not AuditEntry.objects.filter(action="survey_import").exists()


def test_a_linked_indicator_takes_the_service_mean_and_the_score_changes(
    demo_cycle: Cycle, office: Actor
) -> None:
    indicator = Indicator.objects.get(cycle=demo_cycle, code=RI)
    Measurement.objects.filter(indicator=indicator).delete()  # no figure yet
    survey = survey_import(
        actor=office,
        cycle=demo_cycle,
        details=SurveyInput(kind="customer", title="CS 2024"),
        file_name="r.csv",
        content=csv_of("Registro imprese;7", "Registro imprese;8", "Front office;10"),
    )
    assert score(demo_cycle, RI) is None
    survey_link_create(
        actor=office,
        survey=survey,
        indicator=indicator,
        statistic="mean",
        service="registro imprese",
    )
    measurement = figure(demo_cycle, RI)
    assert measurement.value_number == Decimal("7.5")
    assert measurement.status == MeasurementStatus.ACCEPTED
    assert measurement.data_source.startswith(
        f"Indagine n. {survey.pk} «CS 2024»: Voto medio – Registro imprese"
    )
    before = score(demo_cycle, RI)
    assert before is not None
    assert round(before, 2) == Decimal("92.59")  # 7,50 / 8,10

    # A new file for the same survey moves the indicator and its score.
    survey_import(
        actor=office,
        cycle=demo_cycle,
        details=SurveyInput(kind="customer", title="CS 2024"),
        file_name="r2.csv",
        content=csv_of("Registro imprese;9", "Registro imprese;8"),
        survey=survey,
    )
    assert figure(demo_cycle, RI).value_number == Decimal("8.5")
    assert score(demo_cycle, RI) == Decimal(100)
    assert (
        AuditEntry.objects.filter(
            action="measurement_record_from_source", object_code=f"{RI} @ FY"
        ).count()
        == 2
    )


def test_an_accepted_figure_from_another_source_is_never_overwritten(
    demo_cycle: Cycle, office: Actor
) -> None:
    indicator = Indicator.objects.get(cycle=demo_cycle, code=RI)
    assert figure(demo_cycle, RI).value_number == Decimal("7.3")  # accepted, from the workbook
    survey = survey_import(
        actor=office,
        cycle=demo_cycle,
        details=SurveyInput(kind="customer", title="CS 2024"),
        file_name="r.csv",
        content=csv_of("Registro imprese;9"),
    )
    with pytest.raises(SurveyError) as refused:
        survey_link_create(
            actor=office,
            survey=survey,
            indicator=indicator,
            statistic="mean",
            service="Registro imprese",
        )
    assert refused.value.messages == (
        f"L'indicatore {RI} ha già un valore accettato (7,30\u00a0N.) da un'altra fonte: non viene "
        "sovrascritto. Rinvialo o correggilo, poi ripeti.",
    )
    assert not SurveyIndicatorLink.objects.exists()
    assert figure(demo_cycle, RI).value_number == Decimal("7.3")


def test_a_service_missing_from_the_survey_is_refused(demo_cycle: Cycle, office: Actor) -> None:
    survey = survey_import(
        actor=office,
        cycle=demo_cycle,
        details=SurveyInput(kind="customer", title="CS 2024"),
        file_name="r.csv",
        content=csv_of("Protesti;9"),
    )
    indicator = Indicator.objects.get(cycle=demo_cycle, code=RI)
    with pytest.raises(SurveyError, match="non è nell'indagine"):
        survey_link_create(
            actor=office, survey=survey, indicator=indicator, statistic="mean", service="Metrologia"
        )


def test_only_the_office_imports(demo_cycle: Cycle, office: Actor) -> None:
    manager = actor_for(User.objects.get(username="dirigente"), ADMINISTRATION)
    with pytest.raises(SurveyRefusedError):
        survey_import(
            actor=manager,
            cycle=demo_cycle,
            details=SurveyInput(kind="customer", title="CS 2024"),
            file_name="r.csv",
            content=csv_of("Protesti;9"),
        )
    assert not Survey.objects.exists()


def test_the_demo_survey_reproduces_the_published_results_and_keeps_every_score(
    demo_cycle: Cycle,
) -> None:
    before = cycle_scores(cycle=demo_cycle)
    (survey,) = surveys_demo_load(cycle=demo_cycle)
    statistics = survey_statistics_of(survey)
    overall = statistics.overall
    assert overall.count == 1523
    assert overall.mean is not None
    assert overall.satisfaction_percent is not None
    assert round(overall.mean, 1) == Decimal("8.2")
    assert round(overall.satisfaction_percent, 1) == Decimal("87.9")
    assert overall.dissatisfied_percent is not None
    assert overall.dissatisfied_percent < 5
    assert survey.links.count() == 16
    for link in survey.links.select_related("indicator"):
        assert figure(demo_cycle, link.indicator.code).data_source.startswith(
            f"Indagine n. {survey.pk}"
        )
    demo_cycle.refresh_from_db()
    after = cycle_scores(cycle=demo_cycle)
    for node in before.nodes():
        assert after.node(node.code).evaluated_percent == node.evaluated_percent, node.code


def test_a_figure_the_office_sent_back_is_replaced_by_the_survey(
    demo_cycle: Cycle, office: Actor
) -> None:
    current = figure(demo_cycle, RI)
    measurement_return(
        actor=office, measurement=current, version=current.version, comment="Dal questionario"
    )
    survey = survey_import(
        actor=office,
        cycle=demo_cycle,
        details=SurveyInput(kind="customer", title="CS 2024"),
        file_name="r.csv",
        content=csv_of("Registro imprese;9"),
    )
    indicator = Indicator.objects.get(cycle=demo_cycle, code=RI)
    survey_link_create(
        actor=office,
        survey=survey,
        indicator=indicator,
        statistic="mean",
        service="Registro imprese",
    )
    replaced = figure(demo_cycle, RI)
    assert replaced.value_number == Decimal(9)
    assert replaced.status == MeasurementStatus.ACCEPTED
    entry = AuditEntry.objects.get(action="measurement_record_from_source")
    assert entry.before is not None
    assert entry.after is not None
    assert entry.before["status"] == MeasurementStatus.RETURNED
    assert entry.after["value"] == "9"
