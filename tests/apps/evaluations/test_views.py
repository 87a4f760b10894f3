"""The "Intervieni" form: who reaches it, what it accepts, and what the pages show afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from performa.apps.administrations.models import Administration, Membership, Role
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.evaluations.models import Override
from tests.apps.dashboards.conftest import CYCLE_URL

pytestmark = pytest.mark.django_db

PROTESTI = "01_01_0P06"
INDICATOR = "01_01_0P06_I01"
FORM_URL = f"{CYCLE_URL}interventi/{PROTESTI}/"
REMOVE_URL = f"{FORM_URL}rimozione/"
OBJECTIVE_URL = f"{CYCLE_URL}obiettivi/{PROTESTI}/"


@pytest.mark.parametrize("username", ["controllo", "oiv"])
def test_the_office_and_the_oiv_intervene_with_an_italian_decimal_comma(
    client_as, username: str
) -> None:
    client = client_as(username)
    form = client.get(FORM_URL)
    assert form.status_code == 200
    page = form.content.decode()
    assert "75,43\u00a0%" in page  # the computed score, before intervening
    assert 'name="csrfmiddlewaretoken"' in page
    response = client.post(
        FORM_URL, {"evaluated_percent": "85,5", "justification": "Causa esterna documentata"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{CYCLE_URL}obiettivi/{PROTESTI}/"
    override = Override.objects.get(node__code=PROTESTI)
    assert override.evaluated_percent == Decimal("85.5")
    assert override.justification == "Causa esterna documentata"


def test_afterwards_computed_and_evaluated_show_side_by_side(client_as) -> None:
    client = client_as("controllo")
    client.post(FORM_URL, {"evaluated_percent": "85,5", "justification": "Causa esterna"})
    objective = client.get(OBJECTIVE_URL).content.decode()
    assert "85,50\u00a0%" in objective
    assert "75,43\u00a0%" in objective
    assert "Causa esterna" in objective
    assert "Intervento registrato" in objective  # the message after the redirect
    assert "override_set" not in objective  # the history speaks Italian
    assert "Intervento sul punteggio" in objective
    dashboard = client.get(f"{CYCLE_URL}cruscotto/").content.decode()
    assert "valutato; calcolato 75,43\u00a0%" in dashboard
    assert "RAGGIUNTO" in dashboard


def test_an_indicator_is_intervened_on_from_the_objective_page(client_as) -> None:
    client = client_as("oiv")
    response = client.post(
        f"{CYCLE_URL}interventi/{INDICATOR}/?next={OBJECTIVE_URL}",
        {"evaluated_percent": "100", "justification": "Dato rettificato", "next": OBJECTIVE_URL},
    )
    assert response.status_code == 302
    assert response["Location"] == OBJECTIVE_URL
    assert Override.objects.get().indicator is not None
    page = client.get(OBJECTIVE_URL).content.decode()
    assert "Intervento di Iacopo Cavallini: Dato rettificato" in page


def test_an_unsafe_next_is_ignored(client_as) -> None:
    response = client_as("oiv").post(
        FORM_URL,
        {"evaluated_percent": "90", "justification": "x", "next": "https://example.com/"},
    )
    assert response["Location"] == OBJECTIVE_URL


def test_the_form_removes_an_intervention(client_as) -> None:
    client = client_as("controllo")
    client.post(FORM_URL, {"evaluated_percent": "90", "justification": "Prima"})
    page = client.get(FORM_URL).content.decode()
    assert 'value="90"' in page
    assert "Rimuovi l&#x27;intervento" in page or "Rimuovi l'intervento" in page
    assert client.get(REMOVE_URL).status_code == 405  # a removal is a POST only
    response = client.post(REMOVE_URL, {"justification": "Non più giustificato"})
    assert response.status_code == 302
    assert not Override.objects.exists()
    assert AuditEntry.objects.filter(action="override_remove").count() == 1


def test_a_justification_is_required(client_as) -> None:
    client = client_as("controllo")
    response = client.post(FORM_URL, {"evaluated_percent": "90", "justification": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-describedby="id_justification_helptext id_justification_error"' in page
    assert 'id="id_justification_error"' in page
    assert not Override.objects.exists()
    client.post(FORM_URL, {"evaluated_percent": "90", "justification": "Prima"})
    assert client.post(REMOVE_URL, {"justification": ""}).status_code == 400
    assert Override.objects.exists()


@pytest.mark.parametrize("value", ["101", "-3", "ottanta", "1.000,5", ""])
def test_a_score_that_is_not_a_percent_is_refused(client_as, value: str) -> None:
    response = client_as("controllo").post(
        FORM_URL, {"evaluated_percent": value, "justification": "x"}
    )
    assert response.status_code == 400
    assert 'id="id_evaluated_percent_error"' in response.content.decode()
    assert not Override.objects.exists()


@pytest.mark.parametrize("username", ["dirigente", "referente", "lettore", "segretario"])
def test_other_roles_are_refused_even_with_a_forged_post(client_as, username: str) -> None:
    client = client_as(username)
    assert client.get(FORM_URL).status_code == 403
    assert (
        client.post(FORM_URL, {"evaluated_percent": "90", "justification": "x"}).status_code == 403
    )
    assert client.post(REMOVE_URL, {"justification": "x"}).status_code == 403
    assert not Override.objects.exists()
    assert f"/interventi/{PROTESTI}/" not in client.get(OBJECTIVE_URL).content.decode()


def test_a_validated_cycle_refuses_with_a_message(client_as, cast: Cycle) -> None:
    client = client_as("oiv")
    client.post(FORM_URL, {"evaluated_percent": "90", "justification": "Prima"})
    Cycle.objects.filter(pk=cast.pk).update(state=CycleState.VALIDATED)
    page = client.get(FORM_URL).content.decode()
    assert "in sola lettura" in page
    assert "<fieldset disabled>" in page
    response = client.post(FORM_URL, {"evaluated_percent": "95", "justification": "Dopo"})
    assert response.status_code == 400
    assert "validato dall&#x27;OIV" in response.content.decode()
    assert client.post(REMOVE_URL, {"justification": "Dopo"}).status_code == 400
    assert Override.objects.get().evaluated_percent == Decimal(90)
    objective = client.get(OBJECTIVE_URL).content.decode()
    assert "Ciclo validato: i punteggi sono in sola lettura." in objective


def test_another_administration_gets_404(cast: Cycle) -> None:
    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    outsider = User.objects.create_user("estraneo")
    Membership.objects.create(administration=other, user=outsider, role=Role.OIV)
    client = Client()
    client.force_login(outsider)
    assert client.get(FORM_URL).status_code == 404
    assert (
        client.post(FORM_URL, {"evaluated_percent": "90", "justification": "x"}).status_code == 404
    )
    assert not Override.objects.exists()


def test_an_unknown_code_is_404(client_as) -> None:
    assert client_as("controllo").get(f"{CYCLE_URL}interventi/NOPE/").status_code == 404


def test_the_form_needs_the_csrf_token(cast: Cycle, client_as) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="controllo"))
    response = client.post(FORM_URL, {"evaluated_percent": "90", "justification": "x"})
    assert response.status_code == 403
    assert not Override.objects.exists()
