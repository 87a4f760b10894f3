"""The audit trail pages: who reads them, filters, pagination, CSV export, object history."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from performa.apps.administrations.models import Administration, Membership, Role
from performa.apps.audit.models import AuditEntry
from performa.apps.audit.services import audit_record
from performa.apps.cycles.models import Cycle
from performa.apps.evaluations.services import override_remove, override_set
from tests.apps.dashboards.conftest import CYCLE_URL

pytestmark = pytest.mark.django_db

LIST_URL = f"{CYCLE_URL}registro/"
EXPORT_URL = f"{LIST_URL}registro.csv"
PROTESTI = "01_01_0P06"


@pytest.fixture
def interventions(actor_as, cast: Cycle) -> Cycle:
    """Three recorded interventions: set and removed by the OIV, set by the office."""
    oiv, office = actor_as("oiv"), actor_as("controllo")
    override_set(
        actor=oiv, cycle=cast, code=PROTESTI, evaluated_percent=Decimal(90), justification="A"
    )
    override_remove(actor=oiv, cycle=cast, code=PROTESTI, justification="B")
    override_set(
        actor=office,
        cycle=cast,
        code="01_01_0P06_I01",
        evaluated_percent=Decimal(100),
        justification="=SOMMA(1;2)",
    )
    return cast


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("username", ["controllo", "oiv", "segretario"])
def test_the_office_the_oiv_and_the_secretary_read_the_trail(
    client_as, interventions: Cycle, username: str
) -> None:
    response = client_as(username).get(LIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Registro delle modifiche" in page
    assert "Intervento sul punteggio" in page
    assert "Importazione del piano" in page
    assert "4 voci trovate" in page


@pytest.mark.parametrize("username", ["dirigente", "referente", "lettore"])
def test_other_roles_may_not_read_or_export_the_trail(client_as, username: str) -> None:
    client = client_as(username)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403
    assert client.get(f"{LIST_URL}{PROTESTI}/").status_code == 403


def test_another_administration_gets_404(cast: Cycle) -> None:
    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    outsider = User.objects.create_user("estraneo")
    Membership.objects.create(administration=other, user=outsider, role=Role.OIV)
    client = Client()
    client.force_login(outsider)
    assert client.get(LIST_URL).status_code == 404
    assert client.get(EXPORT_URL).status_code == 404


def test_entries_of_another_administration_never_show(client_as, interventions: Cycle) -> None:
    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    audit_record(
        administration=other,
        actor_label="x",
        action="segreto",
        object_type="node",
        object_code=PROTESTI,
    )
    page = client_as("oiv").get(LIST_URL).content.decode()
    assert "segreto" not in page
    assert "segreto" not in client_as("oiv").get(f"{LIST_URL}{PROTESTI}/").content.decode()


def test_the_list_filters_by_object_action_user_and_dates(client_as, interventions: Cycle) -> None:
    client = client_as("oiv")
    by_object = client.get(LIST_URL, {"oggetto": "0p06_i01"}).content.decode()
    assert "1 voce trovata" in by_object
    by_action = client.get(LIST_URL, {"azione": "override_remove"}).content.decode()
    assert "1 voce trovata" in by_action
    by_user = client.get(LIST_URL, {"utente": "oiv"}).content.decode()
    assert "2 voci trovate" in by_user
    today = timezone.localdate()
    by_dates = client.get(
        LIST_URL, {"dal": today.isoformat(), "al": today.isoformat()}
    ).content.decode()
    assert "4 voci trovate" in by_dates
    tomorrow = (today + timedelta(days=1)).strftime("%d/%m/%Y")
    assert "0 voci trovate" in client.get(LIST_URL, {"dal": tomorrow}).content.decode()
    wrong = client.get(LIST_URL, {"dal": tomorrow, "al": today.isoformat()}).content.decode()
    assert "La data finale precede quella iniziale." in wrong
    assert 'aria-describedby="audit-to-error"' in wrong


def test_the_list_is_paginated(client_as, cast: Cycle) -> None:
    for number in range(60):
        audit_record(
            administration=cast.administration,
            actor_label="controllo",
            action="override_set",
            object_type="node",
            object_code=f"X{number:02d}",
        )
    client = client_as("controllo")
    first = client.get(LIST_URL, {"azione": "override_set"}).content.decode()
    assert "Pagina 1 di 2" in first
    assert "azione=override_set&amp;pagina=2" in first
    second = client.get(LIST_URL, {"azione": "override_set", "pagina": "2"}).content.decode()
    assert "Pagina 2 di 2" in second
    assert second.count('<th scope="row" class="fw-normal">Intervento sul punteggio') == 10


def test_the_export_is_the_filtered_list_as_csv(client_as, interventions: Cycle) -> None:
    response = client_as("segretario").get(EXPORT_URL, {"azione": "override_set"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="registro-cciaa-pistoia-prato-2024.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == [
        "Data e ora",
        "Autore",
        "Azione",
        "Descrizione",
        "Tipo di oggetto",
        "Oggetto",
        "Prima",
        "Dopo",
        "Motivo",
    ]
    assert len(rows) == 2
    newest, oldest = rows
    assert newest[1:6] == [
        "controllo",
        "override_set",
        "Intervento sul punteggio",
        "indicator",
        "cciaa-pistoia-prato/2024/01_01_0P06_I01",
    ]
    assert newest[8] == "'=SOMMA(1;2)"  # a formula is quoted, never run by a spreadsheet
    assert oldest[6] == ""
    assert '"evaluated_percent": "90"' in oldest[7]


def test_the_export_without_filters_holds_every_entry(client_as, interventions: Cycle) -> None:
    rows = csv_rows(client_as("controllo").get(EXPORT_URL))
    assert (
        len(rows)
        == 1 + AuditEntry.objects.filter(administration=interventions.administration).count()
    )


def test_an_object_history_lists_its_entries_only(client_as, interventions: Cycle) -> None:
    client = client_as("oiv")
    page = client.get(f"{LIST_URL}{PROTESTI}/").content.decode()
    assert "Storico di 01_01_0P06" in page
    assert page.count('<th scope="row" class="fw-normal">') == 2  # set, removed
    assert "Intervento rimosso" in page
    partial = client.get(f"{LIST_URL}01_01_0P06_I01/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert partial.count('<th scope="row" class="fw-normal">') == 1
    assert "=SOMMA(1;2)" in partial


def test_the_objective_page_shows_the_history_of_the_objective_and_its_indicators(
    client_as, interventions: Cycle
) -> None:
    page = client_as("oiv").get(f"{CYCLE_URL}obiettivi/{PROTESTI}/").content.decode()
    history = page.split('id="history-title"')[1]
    assert history.count('<th scope="row" class="fw-normal">') == 3
    assert "punteggio valutato" in history
    assert "Apri il registro delle modifiche" in history


def test_services_record_the_cycle_of_their_entries(interventions: Cycle) -> None:
    entries = AuditEntry.objects.filter(administration=interventions.administration)
    assert entries.count() == 4  # the import and three interventions
    assert set(entries.values_list("cycle", flat=True)) == {interventions.pk}


def test_a_cycle_list_export_and_history_never_show_another_cycles_entries(
    client_as, interventions: Cycle
) -> None:
    later = Cycle.objects.create(administration=interventions.administration, year=2025)
    for code in (PROTESTI, f"cciaa-pistoia-prato/2025/{PROTESTI}", f"{PROTESTI}_I01 @ S1"):
        audit_record(
            administration=later.administration,
            cycle=later,
            actor_label="oiv",
            action="override_set",
            object_type="node",
            object_code=code,
            reason="motivo-2025",
        )
    client = client_as("oiv")
    page = client.get(LIST_URL).content.decode()
    assert "4 voci trovate" in page
    assert "motivo-2025" not in page
    exported = csv_rows(client.get(EXPORT_URL))
    assert len(exported) == 1 + 4
    assert all("motivo-2025" not in row[8] for row in exported)
    history = client.get(f"{LIST_URL}{PROTESTI}/").content.decode()
    assert history.count('<th scope="row" class="fw-normal">') == 2
    assert "motivo-2025" not in history
    objective = client.get(f"{CYCLE_URL}obiettivi/{PROTESTI}/").content.decode()
    assert "motivo-2025" not in objective

    later_page = client.get("/cciaa-pistoia-prato/2025/registro/").content.decode()
    assert "3 voci trovate" in later_page
    assert "=SOMMA(1;2)" not in later_page
    later_rows = csv_rows(client.get("/cciaa-pistoia-prato/2025/registro/registro.csv"))
    assert [row[8] for row in later_rows[1:]] == ["motivo-2025"] * 3
    later_history = client.get(f"/cciaa-pistoia-prato/2025/registro/{PROTESTI}/").content
    assert later_history.decode().count('<th scope="row" class="fw-normal">') == 2
