"""Open data: CSV and JSON per published year, their schema, licence and the catalogue."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.test import Client
from pytest_django import DjangoDbBlocker

from performa.apps.publication.opendata import DATASETS
from performa.workbook.data import PlanData
from tests.apps.publication.conftest import (
    ADMINISTRATION,
    YEAR,
    current_results,
    results_published_load,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def published(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, demo_plan: PlanData
) -> Iterator[None]:
    yield from results_published_load(django_db_blocker, demo_plan)


def _url(dataset: str, extension: str) -> str:
    return f"/opendata/{ADMINISTRATION}/{YEAR}/{dataset}.{extension}"


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_the_csv_header_is_the_schema_and_rows_match_the_json(dataset) -> None:
    client = Client()
    schema = client.get(f"/opendata/schema/{dataset}.json").json()
    response = client.get(_url(dataset, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=300"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [field["name"] for field in schema["fields"]]
    document = client.get(_url(dataset, "json")).json()
    assert document["license"]["name"] == "CC-BY-4.0"
    assert document["schema"].endswith(f"/opendata/schema/{dataset}.json")
    assert len(document["rows"]) == len(rows) > 0
    assert schema["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_indicators_dataset_holds_targets_actuals_and_scores() -> None:
    rows = list(csv.DictReader(io.StringIO(Client().get(_url("indicatori", "csv")).text)))
    snapshot = current_results().snapshot
    assert len(rows) == len(snapshot["indicators"])
    scored = [row for row in rows if row["evaluated_percent"]]
    assert scored
    for row in scored:
        assert Decimal("0") <= Decimal(row["evaluated_percent"]) <= Decimal("100")
        assert row["status"] in {"on_track", "critical", "off_target", "not_available"}
    assert all(
        row["administration_code"] == ADMINISTRATION and row["year"] == str(YEAR) for row in rows
    )


def test_the_objectives_dataset_reproduces_the_validated_scores() -> None:
    from performa.apps.cycles.models import ValidationAct
    from performa.apps.cycles.snapshots import frozen_scores_from

    document = Client().get(_url("obiettivi", "json")).json()
    act = ValidationAct.objects.get(cycle__administration__code=ADMINISTRATION, cycle__year=YEAR)
    frozen = frozen_scores_from(act.snapshot)
    assert len(document["rows"]) == len(frozen.nodes) - 1  # every node but the entity
    for row in document["rows"]:
        expected = frozen.nodes[row["code"]].evaluated_percent
        assert row["evaluated_percent"] == (None if expected is None else float(expected))
    entity = frozen.root.evaluated_percent
    assert entity is not None
    assert round(entity, 2) == Decimal("96.41")


def test_the_catalogue_lists_every_dataset_with_its_links() -> None:
    text = Client().get("/opendata/").text
    for dataset in DATASETS:
        assert _url(dataset, "csv") in text
        assert _url(dataset, "json") in text
        assert f"/opendata/schema/{dataset}.json" in text
    assert "CC BY 4.0" in text


def test_an_english_visitor_reads_the_catalogue_and_tree_in_english_but_the_schema_stays() -> None:
    """The pages translate the dataset titles at display; the published schema keeps Italian."""
    english = {"accept-language": "en"}
    catalogue = Client().get("/opendata/", headers=english).text
    assert '<html lang="en">' in catalogue
    assert "Performance open data catalogue" in catalogue
    assert "Performance tree: areas and objectives" in catalogue
    assert "Creative Commons Attribution 4.0 International" in catalogue
    assert "Albero della performance" not in catalogue
    tree = Client().get(f"/trasparenza/{ADMINISTRATION}/{YEAR}/", headers=english).text
    assert "Overall performance of the administration" in tree
    assert "Indicators, targets and measured values:" in tree
    assert "Performance complessiva" not in tree
    schema = Client().get("/opendata/schema/obiettivi.json", headers=english).text
    assert "Albero della performance: aree e obiettivi" in schema
    assert '<html lang="it">' in Client().get("/opendata/").text


def test_unknown_datasets_and_formats_answer_404() -> None:
    client = Client()
    assert client.get(_url("stipendi", "csv")).status_code == 404
    assert client.get(_url("indicatori", "xml")).status_code == 404
    assert client.get(f"/opendata/{ADMINISTRATION}/2023/indicatori.csv").status_code == 404
    assert client.get("/opendata/schema/stipendi.json").status_code == 404
