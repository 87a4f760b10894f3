"""The base measures pages: definitions (office), values per period, the computed figure on the
entry page and in the objective's trace."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import HttpResponse
from django.test import Client

from performa.apps.measurements.models import BaseMeasureValue, Measurement
from performa.apps.plans.models import BaseMeasure, Indicator

from .conftest import PROMOTION_PERCENT
from .test_base_values import measures, office, ratio

__all__ = ["measures", "office", "ratio"]

pytestmark = pytest.mark.django_db

BASE = "/cciaa-pistoia-prato/2024/"
PAGE = BASE + "misure-di-base/"


def text_of(response: HttpResponse) -> str:
    return response.content.decode()


def post_value(client: Client, code: str, value: str, version: int = 0):
    return client.post(
        PAGE,
        {"measure": code, "period": "S1", "value": value, "comment": "", "version": version},
    )


def test_the_office_defines_a_measure_and_sees_it_listed(client_as, cycle) -> None:
    client = client_as("controllo")
    response = client.post(
        BASE + "piano/misure-di-base/nuova/",
        {"code": "fatture_pagate", "name": "Fatture pagate entro 30 giorni", "unit": "N."},
    )
    assert response.status_code == 302
    assert BaseMeasure.objects.filter(cycle=cycle, code="fatture_pagate").exists()
    listing = text_of(client.get(PAGE))
    assert "fatture_pagate" in listing
    assert "Fatture pagate entro 30 giorni" in listing


def test_a_bad_code_is_shown_on_its_field(client_as, cycle) -> None:
    response = client_as("controllo").post(
        BASE + "piano/misure-di-base/nuova/", {"code": "due parole", "name": "x"}
    )
    assert response.status_code == 400
    assert "lettere, cifre e _" in text_of(response)
    assert not BaseMeasure.objects.filter(cycle=cycle, code__contains=" ").exists()


def test_staff_cannot_reach_the_definitions(client_as, cycle) -> None:
    response = client_as("referente").post(
        BASE + "piano/misure-di-base/nuova/", {"code": "x", "name": "x"}
    )
    assert response.status_code == 403


def test_typing_both_inputs_computes_the_figure_shown_everywhere(
    client_as, ratio: Indicator
) -> None:
    client = client_as("referente")
    assert post_value(client, "risorse_utilizzate", "930").status_code == 302
    response = post_value(client, "risorse_stanziate", "1.000")
    assert response.status_code == 302
    follow = client.get(response["Location"])
    listing = text_of(follow)
    assert f"{PROMOTION_PERCENT} ricalcolato" in listing
    assert "= 93 %" in listing  # the computed figure next to the indicator
    measurement = Measurement.objects.get(indicator=ratio, period__code="S1")
    assert measurement.value_number == Decimal(93)

    entry = text_of(client.get(BASE + f"indicatori/S1/{PROMOTION_PERCENT}/"))
    assert "Calcolato dalle misure di base" in entry
    assert "risorse_utilizzate / risorse_stanziate * 100 = 930 / 1.000 * 100 = 93" in entry
    assert "readonly" in entry

    objective = text_of(client_as("controllo").get(BASE + "obiettivi/01_01_0501/?periodo=S1"))
    assert "Consuntivo calcolato" in objective
    assert "930 / 1.000 * 100 = 93" in objective


def test_a_malformed_or_stale_value_is_refused_on_its_row(client_as, ratio: Indicator) -> None:
    client = client_as("controllo")
    response = post_value(client, "risorse_utilizzate", "novecento")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in text_of(response)
    assert not BaseMeasureValue.objects.filter(period__code="S1").exists()
    post_value(client, "risorse_utilizzate", "930")
    stale = post_value(client, "risorse_utilizzate", "940", version=0)
    assert stale.status_code == 409
    assert "modificato da un altro utente" in text_of(stale)
    assert BaseMeasureValue.objects.get(period__code="S1").value == Decimal(930)


def test_a_reader_sees_values_but_cannot_type_them(client_as, ratio: Indicator) -> None:
    client = client_as("lettore")
    listing = text_of(client.get(PAGE))
    assert "risorse_utilizzate" in listing
    assert 'name="value"' not in listing
    assert post_value(client, "risorse_utilizzate", "1").status_code == 403


def test_imported_base_values_show_with_their_computed_figures(client_as, cycle) -> None:
    """The demo's year-end base values came with the workbook: nobody typed them."""
    page = text_of(client_as("lettore").get(PAGE + "?periodo=FY"))
    assert "Importato il" in page
    assert "fte_vigilanza" in page
    assert "01_06_CP03_07_2024</a>\n          = 676,470588" in page
