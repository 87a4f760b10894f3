"""The weight preview: the scores a weight would give, computed in memory, never saved."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle
from performa.apps.measurements.models import Measurement
from performa.apps.plans.editing import link_seen, weight_preview
from performa.apps.plans.models import IndicatorLink
from performa.reporting.formatting import format_percent
from tests.apps.dashboards.conftest import CYCLE_URL, actor_as, cast, client_as

__all__ = ["actor_as", "cast", "client_as"]

pytestmark = pytest.mark.django_db

PROTESTI = "01_01_0P06"
PREVIEW_URL = f"{CYCLE_URL}piano/anteprima/"


def protesti_with_first_weight(weight: Decimal) -> Decimal:
    """Protesti's score computed by hand from the report's figures (docs/scoring.md §3):
    I01 customer satisfaction 7,00 against >= 7,10; I02-I04 on target; I05 visure 12 against
    >= 45; I06 volume 21,82 against >= 79; the other five weights 16,7 each."""
    achievements = [
        Decimal("7.00") / Decimal("7.10") * 100,
        Decimal(100),
        Decimal(100),
        Decimal(100),
        Decimal(12) / Decimal(45) * 100,
        Decimal("21.82") / Decimal(79) * 100,
    ]
    weights = [weight] + [Decimal("16.7")] * 5
    return sum((w * a for w, a in zip(weights, achievements, strict=True)), Decimal(0)) / sum(
        weights
    )


def row_of(page: str, code: str) -> tuple[str, str]:
    match = re.search(
        rf'data-code="{re.escape(code)}">.*?preview-before">([^<]*)<.*?preview-after">([^<]*)<',
        page,
        re.S,
    )
    assert match is not None, f"no preview row for {code}"
    return match.group(1).strip(), match.group(2).strip()


def test_the_preview_of_a_link_weight_matches_a_hand_computed_score(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    response = client_as("controllo").post(
        PREVIEW_URL,
        {"node": PROTESTI, "indicator": "01_01_0P06_I01", "weight": "50"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    before, after = row_of(page, PROTESTI)
    assert before == "75,43\u00a0%"  # the reference report's figure
    assert before == format_percent(protesti_with_first_weight(Decimal("16.5")))
    assert after == format_percent(protesti_with_first_weight(Decimal(50)))
    assert after != before
    parent_before, parent_after = row_of(page, "02_01")
    assert parent_before != parent_after  # the strategic objective above moves too
    entity_before, entity_after = row_of(page, "cciaa-pistoia-prato")
    assert entity_before == "96,41\u00a0%"
    assert entity_after != entity_before
    assert "non ancora salvati" in page


def test_the_preview_saves_nothing(cast: Cycle, client_as: Callable[[str], Client]) -> None:
    audited = AuditEntry.objects.count()
    client = client_as("controllo")
    link = IndicatorLink.objects.select_related("node", "indicator").get(
        node__cycle=cast, node__code=PROTESTI, indicator__code="01_01_0P06_I01"
    )
    response = client.post(
        f"{CYCLE_URL}piano/nodi/{PROTESTI}/indicatori/01_01_0P06_I01/",
        {"weight": "50", "seen": link_seen(link), "action": "preview"},
    )
    assert response.status_code == 200  # the page without JavaScript shows the preview
    assert row_of(response.content.decode(), PROTESTI)[1] == format_percent(
        protesti_with_first_weight(Decimal(50))
    )
    assert IndicatorLink.objects.get(pk=link.pk).weight == Decimal("16.5")
    assert AuditEntry.objects.count() == audited


def test_the_preview_of_a_node_weight_under_a_plain_mean_changes_nothing(cast: Cycle) -> None:
    preview = weight_preview(cycle=cast, node_code=PROTESTI, weight=Decimal(80))
    assert preview.has_figures
    assert [row.code for row in preview.rows] == [PROTESTI, "02_01", "02", "cciaa-pistoia-prato"]
    assert all(row.delta_percent == 0 for row in preview.rows)


def test_the_preview_reports_weights_the_scoring_refuses(cast: Cycle) -> None:
    preview = weight_preview(
        cycle=cast, node_code=PROTESTI, indicator_code="01_01_0P06_I01", weight=None
    )
    assert "I punteggi non si possono calcolare" in preview.problem
    assert preview.rows[0].after_percent is None


def test_without_figures_there_is_nothing_to_preview(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    Measurement.objects.filter(period__cycle=cast).delete()
    response = client_as("controllo").post(
        PREVIEW_URL, {"node": PROTESTI, "indicator": "01_01_0P06_I01", "weight": "50"}
    )
    assert "Non ci sono ancora valori rilevati" in response.content.decode()


def test_a_bad_number_in_the_preview_is_said_in_italian(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    response = client_as("controllo").post(PREVIEW_URL, {"node": PROTESTI, "weight": "abc"})
    assert response.status_code == 200
    assert "non è un numero" in response.content.decode()
