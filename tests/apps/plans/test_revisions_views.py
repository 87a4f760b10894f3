"""The plan's versions pages: the list and the office's forms, downloads, the comparison."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from performa.apps.administrations.access import Actor
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.plans.models import IndicatorLink, PlanVersion, PlanVersionStatus
from performa.apps.plans.versions import plan_revision_open, plan_version_adopt
from performa.workbook.reader import read_workbook
from tests.apps.dashboards.conftest import CYCLE_URL, actor_as, cast, client_as

__all__ = ["actor_as", "cast", "client_as"]

pytestmark = pytest.mark.django_db

VERSIONS_URL = f"{CYCLE_URL}piano/versioni/"
COMPARE_URL = f"{VERSIONS_URL}confronto/"


@pytest.fixture
def adopted(cast: Cycle, actor_as: Callable[[str], Actor]) -> Cycle:
    plan_version_adopt(
        actor=actor_as("controllo"),
        cycle=cast,
        act_reference="Delibera di Giunta n. 5",
        act_on=date(2024, 1, 30),
    )
    return cast


@pytest.fixture
def revised(adopted: Cycle, actor_as: Callable[[str], Actor]) -> IndicatorLink:
    """Version 2 opened, and a link's weight changed within it; the link returned."""
    plan_revision_open(
        actor=actor_as("controllo"),
        cycle=adopted,
        act_reference="Delibera di Giunta n. 48",
        act_on=date(2024, 6, 15),
        reason="Pesi rivisti",
    )
    link = (
        IndicatorLink.objects.filter(node__cycle=adopted, weight=Decimal("33.3"))
        .select_related("node", "indicator")
        .first()
    )
    assert link is not None
    link.weight = Decimal("40")
    link.save()
    return link


@pytest.mark.parametrize(
    "username", ["controllo", "segretario", "dirigente", "referente", "oiv", "lettore"]
)
def test_every_role_sees_the_versions(
    adopted: Cycle, client_as: Callable[[str], Client], username: str
) -> None:
    response = client_as(username).get(VERSIONS_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Delibera di Giunta n. 5" in page
    assert "30/01/2024" in page
    has_forms = "Nuova variazione del piano" in page
    assert has_forms is (username == "controllo")


def test_an_outsider_gets_404(adopted: Cycle, client_as: Callable[[str], Client]) -> None:
    response = client_as("controllo").get("/altro-ente/2024/piano/versioni/")
    assert response.status_code == 404


def test_the_office_adopts_the_plan_through_the_page(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    assert "Adozione del piano" in client.get(VERSIONS_URL).content.decode()
    response = client.post(
        f"{VERSIONS_URL}adozione/",
        {"act_reference": "Delibera di Giunta n. 5", "act_on": "2024-01-30"},
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get(cycle=cast)
    assert (version.number, version.status) == (1, PlanVersionStatus.RECORDED)


def test_a_second_adoption_shows_the_refusal(
    adopted: Cycle, client_as: Callable[[str], Client]
) -> None:
    response = client_as("controllo").post(
        f"{VERSIONS_URL}adozione/", {"act_reference": "Bis", "act_on": "2024-02-01"}
    )
    assert response.status_code == 400
    assert "già stato adottato" in response.content.decode()
    assert PlanVersion.objects.filter(cycle=adopted).count() == 1


def test_a_missing_date_is_reported_on_the_field(
    cast: Cycle, client_as: Callable[[str], Client]
) -> None:
    response = client_as("controllo").post(
        f"{VERSIONS_URL}adozione/", {"act_reference": "Delibera", "act_on": ""}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not PlanVersion.objects.exists()


@pytest.mark.parametrize("username", ["segretario", "dirigente", "referente", "oiv", "lettore"])
def test_other_roles_may_not_open_record_or_cancel(
    adopted: Cycle,
    client_as: Callable[[str], Client],
    actor_as: Callable[[str], Actor],
    username: str,
) -> None:
    client = client_as(username)
    data = {"act_reference": "D. 48", "act_on": "2024-06-15", "reason": "Pesi"}
    assert client.post(f"{VERSIONS_URL}variazione/", data).status_code == 403
    plan_revision_open(
        actor=actor_as("controllo"),
        cycle=adopted,
        act_reference="D. 48",
        act_on=date(2024, 6, 15),
        reason="Pesi",
    )
    assert client.post(f"{VERSIONS_URL}2/registrazione/").status_code == 403
    assert client.post(f"{VERSIONS_URL}2/annullamento/").status_code == 403
    assert PlanVersion.objects.get(cycle=adopted, number=2).status == PlanVersionStatus.OPEN


def test_the_office_opens_and_records_a_revision(
    adopted: Cycle, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    response = client.post(
        f"{VERSIONS_URL}variazione/",
        {"act_reference": "Delibera di Giunta n. 48", "act_on": "2024-06-15", "reason": "Pesi"},
    )
    assert response.status_code == 302
    page = client.get(VERSIONS_URL).content.decode()
    assert "Variazione n. 2 in corso" in page
    assert client.post(f"{VERSIONS_URL}2/registrazione/").status_code == 302
    assert PlanVersion.objects.get(cycle=adopted, number=2).status == PlanVersionStatus.RECORDED
    again = client.post(f"{VERSIONS_URL}2/registrazione/")
    assert again.status_code == 400
    assert "non è in corso" in again.content.decode()


def test_a_second_open_revision_is_refused_on_the_page(
    revised: IndicatorLink, client_as: Callable[[str], Client]
) -> None:
    response = client_as("controllo").post(
        f"{VERSIONS_URL}variazione/",
        {"act_reference": "D. 50", "act_on": "2024-07-01", "reason": "Altro"},
    )
    assert response.status_code == 400
    assert "già in corso la variazione n. 2" in response.content.decode()


def test_the_office_cannot_act_on_a_validated_cycle(
    adopted: Cycle, client_as: Callable[[str], Client]
) -> None:
    Cycle.objects.filter(pk=adopted.pk).update(state=CycleState.VALIDATED)
    client = client_as("controllo")
    page = client.get(VERSIONS_URL).content.decode()
    assert "Nuova variazione del piano" not in page
    response = client.post(
        f"{VERSIONS_URL}variazione/",
        {"act_reference": "D. 48", "act_on": "2024-06-15", "reason": "Pesi"},
    )
    assert response.status_code == 400
    assert "validato" in response.content.decode()


def test_a_recorded_version_downloads_as_a_plan_workbook(
    adopted: Cycle, client_as: Callable[[str], Client]
) -> None:
    response = client_as("lettore").get(f"{VERSIONS_URL}1/piano.xlsx")
    assert response.status_code == 200
    assert "versione-1.xlsx" in response["Content-Disposition"]
    result = read_workbook(io.BytesIO(response.content))
    assert result.plan is not None
    assert result.plan.measurements == ()


def test_an_open_revision_has_no_workbook(
    revised: IndicatorLink, client_as: Callable[[str], Client]
) -> None:
    assert client_as("controllo").get(f"{VERSIONS_URL}2/piano.xlsx").status_code == 404
    assert client_as("controllo").get(f"{VERSIONS_URL}9/piano.xlsx").status_code == 404


def test_the_comparison_shows_a_weight_changed_within_the_revision(
    revised: IndicatorLink, client_as: Callable[[str], Client]
) -> None:
    client = client_as("dirigente")
    code = f"{revised.node.code} → {revised.indicator.code}"
    response = client.get(COMPARE_URL)  # by default: version in force against the live plan
    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption>1 differenza fra versione 1 e piano attuale, per tipo</caption>" in page
    assert f"Collegamento {code}: peso da 33,3 a 40" in page
    assert 'scope="rowgroup"' in page
    assert "Modifiche (1)" in page
    client_as("controllo").post(f"{VERSIONS_URL}2/registrazione/")
    recorded = client.get(f"{COMPARE_URL}?da=1&a=2").content.decode()
    assert f"Collegamento {code}: peso da 33,3 a 40" in recorded
    unchanged = client.get(f"{COMPARE_URL}?da=2&a=corrente").content.decode()
    assert "Nessuna differenza fra versione 2 e piano attuale" in unchanged


def test_the_comparison_refuses_bad_references(
    revised: IndicatorLink, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    assert client.get(f"{COMPARE_URL}?da=x&a=2").status_code == 400
    assert client.get(f"{COMPARE_URL}?da=99999999999999999999&a=1").status_code == 400
    response = client.get(f"{COMPARE_URL}?da=2&a=corrente")
    assert response.status_code == 400
    assert "non è ancora registrata" in response.content.decode()


def test_a_revision_that_changed_the_plan_is_not_cancelled_from_the_page(
    revised: IndicatorLink, client_as: Callable[[str], Client]
) -> None:
    client = client_as("controllo")
    response = client.post(f"{VERSIONS_URL}2/annullamento/", {"reason": "Ritirata"})
    assert response.status_code == 400
    assert "ha già modificato il piano (1 modifica): annullala prima" in response.content.decode()
    revised.weight = Decimal("33.3")
    revised.save()
    assert client.post(f"{VERSIONS_URL}2/annullamento/", {"reason": "Ritirata"}).status_code == 302
    assert not PlanVersion.objects.filter(number=2).exists()


def test_the_cycle_home_links_to_the_versions(
    adopted: Cycle, client_as: Callable[[str], Client]
) -> None:
    page = client_as("lettore").get(CYCLE_URL).content.decode()
    assert 'href="/cciaa-pistoia-prato/2024/piano/versioni/"' in page
    assert "Versione in vigore: 1 (Delibera di Giunta n. 5 del 30/01/2024)." in page
