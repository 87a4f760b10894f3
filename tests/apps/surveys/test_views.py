"""Survey pages: the office imports with a preview, others read; the indicator shows its source."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from performa.apps.accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from performa.apps.cycles.models import Cycle
from performa.apps.measurements.models import Measurement
from performa.apps.surveys.models import Survey, SurveyAnswer
from performa.apps.surveys.services import surveys_demo_load

BASE = "/cciaa-pistoia-prato/2024/indagini/"
FORM = {
    "kind": "customer",
    "title": "Prova 2024",
    "scale_minimum": "1",
    "scale_maximum": "10",
    "satisfied_from": "7",
    "dissatisfied_up_to": "4",
}


@pytest.fixture
def cycle(demo_cycle: Cycle) -> Cycle:
    demo_accounts_ensure(administration=demo_cycle.administration)
    return demo_cycle


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def upload(text: str, name: str = "risposte.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_preview_shows_the_statistics_and_writes_nothing(cycle: Cycle) -> None:
    office = client_for("controllo")
    response = office.post(
        f"{BASE}importa/",
        {
            **FORM,
            "anteprima": "1",
            "file": upload("Servizio;Voto\nProtesti;8\nProtesti;7\nMetrologia;3\n"),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anteprima" in page
    assert "Conferma l'importazione" in page
    assert re.search(
        r"Protesti</th>\s*<td class=\"text-end\">2</td>\s*<td class=\"text-end\">7,50</td>", page
    )
    assert not Survey.objects.exists()

    content = re.search(r'name="content" value="([^"]+)"', page)
    assert content is not None
    confirmed = office.post(
        f"{BASE}importa/",
        {**FORM, "conferma": "1", "content": content.group(1), "file_name": "risposte.csv"},
    )
    survey = Survey.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"{BASE}{survey.pk}/"
    assert SurveyAnswer.objects.filter(survey=survey).count() == 3


def test_a_malformed_file_shows_every_located_error_and_writes_nothing(cycle: Cycle) -> None:
    response = client_for("controllo").post(
        f"{BASE}importa/",
        {**FORM, "anteprima": "1", "file": upload("Servizio;Voto\nProtesti;otto\nProtesti;11\n")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "riga 2, colonna &#x27;Voto&#x27;: «otto» non è un voto da 1 a 10." in page
    assert "riga 3, colonna &#x27;Voto&#x27;: il voto 11 è fuori dalla scala da 1 a 10." in page
    assert not Survey.objects.exists()


def test_only_the_office_reaches_the_import(cycle: Cycle) -> None:
    assert client_for("dirigente").get(f"{BASE}importa/").status_code == 403
    assert client_for("lettore").get(BASE).status_code == 200
    assert client_for("controllo").get(f"{BASE}importa/").status_code == 200


def test_the_detail_page_compares_the_years_and_the_indicator_page_names_the_survey(
    cycle: Cycle,
) -> None:
    (survey,) = surveys_demo_load(cycle=cycle)
    reader = client_for("lettore")
    page = reader.get(f"{BASE}{survey.pk}/").content.decode()
    assert "<svg" in page
    for year, mean in (("2021", "7,9"), ("2022", "8,0"), ("2023", "8,1"), ("2024", "8,2")):
        assert re.search(
            rf"{year}</th>\s*<td[^>]*>[^<]*</td>\s*<td class=\"text-end\">{mean}</td>", page
        ), year
    assert "87,9" in page
    assert re.search(r"Tempi di attesa</th>\s*<td class=\"text-end\">1\.\d{3}</td>", page)
    assert (
        '<a href="/cciaa-pistoia-prato/2024/obiettivi/02_01_OPD1/">Customer satisfaction RI 2024</a>'
        in page
    )
    objective = reader.get("/cciaa-pistoia-prato/2024/obiettivi/02_01_OPD1/").content.decode()
    assert "Valore da indagine" in objective
    assert f"{BASE}{survey.pk}/" in objective


def test_the_office_links_an_indicator_and_its_figure_follows(cycle: Cycle) -> None:
    office = client_for("controllo")
    office.post(
        f"{BASE}importa/",
        {**FORM, "conferma": "1", "file": upload("Servizio;Voto\nOCC;9\nOCC;8\n")},
    )
    survey = Survey.objects.get()
    Measurement.objects.filter(indicator__code="01_06_OP06_07_2024").delete()
    response = office.post(
        f"{BASE}{survey.pk}/collegamenti/",
        {"indicator": "01_06_OP06_07_2024", "statistic": "mean", "service": "OCC"},
    )
    assert response.status_code == 302
    figure = Measurement.objects.get(indicator__code="01_06_OP06_07_2024", period__code="FY")
    assert figure.value_number == Decimal("8.5")
