"""No unpublished or personal datum is reachable by any public URL or public API call.

The office plants what must never leak (a draft figure's comment and explanation, an evidence
file, a revision of the plan in progress), then every public page is crawled by its links,
every dataset and every public API operation read, and their bodies searched.
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

from django.test import Client

from performa.apps.cycles.models import MonitoringPeriod
from performa.apps.cycles.services import period_open
from performa.apps.measurements.services import (
    MeasurementEntry,
    evidence_attach_bytes,
    measurement_save_draft,
)
from performa.apps.plans.editing import NodeFields, node_seen, plan_node_update
from performa.apps.plans.models import Indicator, PlanNode
from performa.apps.plans.versions import plan_revision_open
from performa.apps.publication.models import PublicationKind
from performa.apps.publication.services import publication_publish
from tests.apps.publication.conftest import ADMINISTRATION, YEAR, validate

SECRETS = ("SEGRETO-COMMENTO", "SEGRETO-SCOSTAMENTO", "SEGRETO-ALLEGATO", "SEGRETO-BOZZA")
PEOPLE = ("Catia Baroncelli", "Daniele Bosi", "Gianluca Morosi", "Iacopo Cavallini", "Baroncelli")
"""The demo's people (Segretario Generale, dirigenti, OIV): never on the pages, data or API."""

_HREF = re.compile(r'href="(/(?:trasparenza|opendata)/[^"#]*)"')


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        # Reading to the end closes the file (the test client's wrapper); closing it again
        # would send request_finished and close the database connection mid-test.
        content: bytes = b"".join(response.streaming_content)
        return content
    body: bytes = response.content
    return body


def crawl(client: Client) -> dict[str, bytes]:
    """Every public page reachable from the index and the catalogue, and the public API."""
    bodies: dict[str, bytes] = {}
    queue = ["/trasparenza/", "/opendata/"]
    while queue:
        url = queue.pop()
        if url in bodies:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = _body(response)
        if response["Content-Type"].startswith("text/html") and "/relazione." not in url:
            queue.extend(html.unescape(href) for href in _HREF.findall(bodies[url].decode()))
    api = f"/api/v1/public/administrations/{ADMINISTRATION}/years/{YEAR}"
    for url in (
        "/api/v1/public/administrations",
        api,
        api + "/objectives?limit=500",
        api + "/indicators?limit=500",
        "/api/v1/openapi.json",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content
    for code in Indicator.objects.filter(cycle__year=YEAR).values_list("code", flat=True)[:50]:
        bodies[f"{api}/indicators/{code}"] = client.get(f"{api}/indicators/{code}").content
    return bodies


def _plant_draft_figure(cycle) -> None:
    """A draft first-half figure with a comment, an explanation and an evidence file."""
    from tests.access.cast import actor_of

    office = actor_of("office")
    period = MonitoringPeriod.objects.select_related("cycle").get(cycle=cycle, code="S1")
    period_open(actor=office, period=period)
    period.refresh_from_db()
    indicator = (
        Indicator.objects.select_related("cycle")
        .filter(cycle=cycle, comparator__in=[">=", "<="])
        .order_by("position")
        .first()
    )
    assert indicator is not None
    measurement = measurement_save_draft(
        actor=office,
        indicator=indicator,
        period=period,
        entry=MeasurementEntry(
            value=Decimal("0.01"),
            comment="SEGRETO-COMMENTO del referente",
            deviation_explanation="SEGRETO-SCOSTAMENTO spiegato",
        ),
        version=0,
    )
    evidence_attach_bytes(
        actor=office,
        measurement=measurement,
        name="SEGRETO-ALLEGATO.pdf",
        content=b"%PDF-1.4\n%%EOF\n",
    )


def _assert_nothing_leaks(bodies: dict[str, bytes]) -> None:
    assert len(bodies) > 50
    for url, body in bodies.items():
        text = body.decode(errors="replace")
        for secret in SECRETS:
            assert secret not in text, f"{secret} leaks at {url}"
        if "/relazione." in url:
            continue  # the Relazione is the adopted document: it may name the managers
        for person in PEOPLE:
            assert person not in text, f"{person} appears at {url}"


def test_a_revision_in_progress_and_draft_figures_never_reach_the_public(adopted) -> None:
    from tests.access.cast import actor_of

    office = actor_of("office")
    publication_publish(actor=office, cycle=adopted, kind=PublicationKind.PLAN)
    _plant_draft_figure(adopted)
    plan_revision_open(
        actor=office,
        cycle=adopted,
        act_reference="Delibera di Giunta n. 30/2024",
        act_on=date(2024, 6, 30),
        reason="variazione di metà anno",
    )
    node = PlanNode.objects.select_related("cycle").get(cycle=adopted, code="01_01")
    plan_node_update(
        actor=office,
        node=node,
        seen=node_seen(node),
        fields=NodeFields(code=node.code, name="SEGRETO-BOZZA della revisione", weight=node.weight),
    )
    assert PlanNode.objects.get(cycle=adopted, code="01_01").name.startswith("SEGRETO-BOZZA")
    # Publishing again while the revision is open still publishes the version in force.
    publication_publish(actor=office, cycle=adopted, kind=PublicationKind.PLAN)
    bodies = crawl(Client())
    _assert_nothing_leaks(bodies)
    assert any(f"/trasparenza/{ADMINISTRATION}/{YEAR}/obiettivi/01_01/" in url for url in bodies)


def test_published_results_show_no_draft_and_no_person(adopted) -> None:
    from tests.access.cast import actor_of

    _plant_draft_figure(adopted)
    publication_publish(
        actor=actor_of("office"), cycle=validate(adopted), kind=PublicationKind.RESULTS
    )
    bodies = crawl(Client())
    _assert_nothing_leaks(bodies)
    assert any(url.endswith("/relazione.pdf") for url in bodies)
    assert any(url.endswith("indicatori.csv") for url in bodies)


def test_the_integration_api_answers_401_without_a_token(adopted) -> None:
    client = Client()
    base = f"/api/v1/administrations/{ADMINISTRATION}"
    for url in (
        f"{base}/cycles",
        f"{base}/cycles/{YEAR}/indicators",
        f"{base}/cycles/{YEAR}/periods",
    ):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json() == {"detail": "Unauthorized"}


def test_the_office_pages_are_not_public(adopted) -> None:
    client = Client()
    assert client.get(f"/{ADMINISTRATION}/{YEAR}/pubblicazione/").status_code == 302
    assert client.get(f"/{ADMINISTRATION}/token-api/").status_code == 302
