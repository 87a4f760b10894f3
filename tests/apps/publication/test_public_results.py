"""The public pages of validated results: scores, statuses, objectives, indicators, acts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from pytest_django import DjangoDbBlocker

from performa.workbook.data import PlanData
from tests.apps.publication.conftest import (
    ADMINISTRATION,
    YEAR,
    current_results,
    results_published_load,
)

BASE = f"/trasparenza/{ADMINISTRATION}/{YEAR}/"


@pytest.fixture(scope="module", autouse=True)
def published(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, demo_plan: PlanData
) -> Iterator[None]:
    yield from results_published_load(django_db_blocker, demo_plan)


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["01_01", "01_01_0502"])
def test_an_objective_page_lists_its_indicators_with_scores(code) -> None:
    response = Client().get(BASE + f"obiettivi/{code}/")
    assert response.status_code == 200
    assert code in response.text
    assert "Grado di raggiungimento" in response.text


def test_an_indicator_page_shows_target_and_actual() -> None:
    indicator = current_results().snapshot["indicators"][0]
    response = Client().get(BASE + f"indicatori/{indicator['code']}/")
    assert response.status_code == 200
    assert indicator["actual_text"] in response.text.replace("&nbsp;", "\xa0")
    assert "Valore rilevato" in response.text


def test_the_tree_page_lists_every_objective_of_the_snapshot() -> None:
    text = Client().get(BASE).text
    for objective in current_results().snapshot["objectives"]:
        assert f"obiettivi/{objective['code']}/" in text


def test_the_tree_page_is_rendered_once_per_snapshot(django_assert_max_num_queries) -> None:
    client = Client()
    client.get(BASE)
    with django_assert_max_num_queries(1):
        assert client.get(BASE).status_code == 200
