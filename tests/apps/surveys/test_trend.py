"""Earlier years: typed published results, or the earlier cycle's survey computed from answers;
other scales (a well-being survey on 1-6); link removal; a validated cycle refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from performa.apps.accounts.services import demo_accounts_ensure
from performa.apps.administrations.access import Actor, actor_for
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.measurements.models import Measurement
from performa.apps.plans.models import Indicator
from performa.apps.surveys.models import EarlierYearResult, SurveyIndicatorLink
from performa.apps.surveys.selectors import survey_statistics_of, survey_trend_for
from performa.apps.surveys.services import (
    SurveyError,
    SurveyInput,
    earlier_year_result_save,
    survey_import,
    survey_link_create,
    survey_link_delete,
)
from performa.scoring.surveys import SurveyScale

ADMINISTRATION = "cciaa-pistoia-prato"
CLIMATE = "03_01_0505_I11"
"""Indagine di clima interno 2024: >= 5,00, a mean on a 1-6 scale (DOMAIN.md §6.5)."""


@pytest.fixture
def office(demo_cycle: Cycle) -> Actor:
    demo_accounts_ensure(administration=demo_cycle.administration)
    return actor_for(User.objects.get(username="controllo"), ADMINISTRATION)


def test_the_trend_takes_typed_years_and_earlier_surveys(demo_cycle: Cycle, office: Actor) -> None:
    earlier_year_result_save(
        actor=office, cycle=demo_cycle, kind="customer", year=2022, mean=Decimal("8.0")
    )
    earlier_year_result_save(
        actor=office, cycle=demo_cycle, kind="customer", year=2023, mean=Decimal("7.0")
    )
    earlier_cycle = Cycle.objects.create(administration=demo_cycle.administration, year=2023)
    survey_import(
        actor=None,
        actor_label="test",
        cycle=earlier_cycle,
        details=SurveyInput(kind="customer", title="CS 2023"),
        file_name="r.csv",
        content=b"Servizio;Voto\nRI;8\nRI;9\n",
    )
    survey = survey_import(
        actor=office,
        cycle=demo_cycle,
        details=SurveyInput(kind="customer", title="CS 2024"),
        file_name="r.csv",
        content=b"Servizio;Voto\nRI;9\n",
    )
    trend = survey_trend_for(survey, survey_statistics_of(survey))
    assert [(point.year, point.mean) for point in trend] == [
        (2022, Decimal("8.0")),
        (2023, Decimal("8.5")),  # computed from the 2023 answers, not the typed 7,0
        (2024, Decimal(9)),
    ]
    assert trend[0].source == "risultato pubblicato"
    assert trend[1].source == "calcolato dalle risposte"
    assert AuditEntry.objects.filter(action="survey_earlier_year_save").count() == 2


def test_an_earlier_year_must_precede_the_cycle_and_say_something(
    demo_cycle: Cycle, office: Actor
) -> None:
    with pytest.raises(SurveyError, match="precedere"):
        earlier_year_result_save(
            actor=office, cycle=demo_cycle, kind="customer", year=2024, mean=Decimal(8)
        )
    with pytest.raises(SurveyError, match="almeno"):
        earlier_year_result_save(actor=office, cycle=demo_cycle, kind="customer", year=2023)
    assert not EarlierYearResult.objects.exists()


def test_a_wellbeing_survey_on_a_one_to_six_scale_feeds_an_overall_mean(
    demo_cycle: Cycle, office: Actor
) -> None:
    scale = SurveyScale(Decimal(1), Decimal(6), Decimal(4), Decimal(2))
    survey = survey_import(
        actor=office,
        cycle=demo_cycle,
        details=SurveyInput(kind="wellbeing", title="Clima interno 2024", scale=scale),
        file_name="clima.csv",
        content=b'Ufficio,Benessere complessivo\nRisorse,5\nPromozione,"5,5"\nPromozione,5\n',
    )
    overall = survey_statistics_of(survey).overall
    assert overall.mean is not None
    assert round(overall.mean, 4) == Decimal("5.1667")
    assert overall.satisfaction_percent == 100
    indicator = Indicator.objects.get(cycle=demo_cycle, code=CLIMATE)
    Measurement.objects.filter(indicator=indicator).delete()
    survey_link_create(actor=office, survey=survey, indicator=indicator, statistic="mean")
    figure = Measurement.objects.get(indicator=indicator, period__code="FY")
    assert figure.value_number == Decimal("5.17")  # half up, two decimals
    assert "tutti i servizi" in figure.data_source

    link = SurveyIndicatorLink.objects.get(indicator=indicator)
    survey_link_delete(actor=office, link=link)
    assert not SurveyIndicatorLink.objects.exists()
    assert Measurement.objects.get(indicator=indicator, period__code="FY").value_number == Decimal(
        "5.17"
    )


def test_a_mark_outside_a_custom_scale_is_refused(demo_cycle: Cycle, office: Actor) -> None:
    with pytest.raises(SurveyError) as refused:
        survey_import(
            actor=office,
            cycle=demo_cycle,
            details=SurveyInput(
                kind="wellbeing",
                title="Clima",
                scale=SurveyScale(Decimal(1), Decimal(6), Decimal(4), Decimal(2)),
            ),
            file_name="clima.csv",
            content=b"Ufficio;Voto\nRisorse;7\n",
        )
    assert refused.value.messages == (
        "riga 2, colonna 'Voto': il voto 7 è fuori dalla scala da 1 a 6.",
    )


def test_a_validated_cycle_refuses_every_survey_write(demo_cycle: Cycle, office: Actor) -> None:
    Cycle.objects.filter(pk=demo_cycle.pk).update(state=CycleState.VALIDATED)
    demo_cycle.refresh_from_db()
    with pytest.raises(SurveyError, match="validato"):
        survey_import(
            actor=office,
            cycle=demo_cycle,
            details=SurveyInput(kind="customer", title="CS"),
            file_name="r.csv",
            content=b"Servizio;Voto\nRI;9\n",
        )


def test_a_new_file_without_a_linked_service_is_refused_whole(
    demo_cycle: Cycle, office: Actor
) -> None:
    survey = survey_import(
        actor=office,
        cycle=demo_cycle,
        details=SurveyInput(kind="customer", title="CS"),
        file_name="r.csv",
        content=b"Servizio;Voto\nOCC;9\n",
    )
    indicator = Indicator.objects.get(cycle=demo_cycle, code="01_06_OP06_07_2024")
    Measurement.objects.filter(indicator=indicator).delete()
    survey_link_create(
        actor=office, survey=survey, indicator=indicator, statistic="mean", service="OCC"
    )
    with pytest.raises(SurveyError) as refused:
        survey_import(
            actor=office,
            cycle=demo_cycle,
            details=SurveyInput(kind="customer", title="CS"),
            file_name="r2.csv",
            content=b"Servizio;Voto\nProtesti;3\n",
            survey=survey,
        )
    assert refused.value.messages == (
        "Indicatore 01_06_OP06_07_2024: il servizio «OCC» non ha risposte nell'indagine.",
    )
    survey.refresh_from_db()
    assert survey.file_name == "r.csv"
    assert survey_statistics_of(survey).overall.mean == Decimal(9)
