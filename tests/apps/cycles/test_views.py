"""The cycle page, the office's periods page, the OIV's validation page and the home page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from performa.apps.administrations.access import Action, restrict
from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod, ValidationAct
from performa.apps.cycles.services import cycle_validate, period_open
from performa.apps.plans.models import Indicator

pytestmark = pytest.mark.django_db

CYCLE_URL = "/cciaa-pistoia-prato/2024/"
PERIODS_URL = CYCLE_URL + "periodi/"
VALIDATION_URL = CYCLE_URL + "validazione/"
ENTRY_URL = CYCLE_URL + "indicatori/"


def _officer_count(actor, cycle: Cycle) -> int:
    return restrict(
        Indicator.objects.filter(cycle=cycle), actor("officer"), Action.ENTER_MEASUREMENT
    ).count()


def _validate(actor, cycle: Cycle) -> None:
    cycle_validate(
        actor=actor("oiv"),
        cycle=cycle,
        act_reference="Verbale OIV n. 3/2025",
        act_on=date(2025, 4, 30),
        text="L'OIV valida la Relazione sulla performance 2024.",
    )


# -- cycle page -------------------------------------------------------------------------------


def test_the_cycle_page_tells_the_officer_how_many_figures_are_left_and_where_to_enter_them(
    actor, client_as, cycle, first_half
):
    deadline = timezone.localdate() + timedelta(days=10)
    period_open(actor=actor("office"), period=first_half, deadline_on=deadline)
    page = client_as("officer").get(CYCLE_URL).content.decode()
    assert "In monitoraggio" in page
    assert "Rilevazione aperta: Primo semestre 2024" in page
    assert f"{_officer_count(actor, cycle)} indicatori da inserire" in page
    assert f"Scadenza {deadline:%d/%m/%Y} (tra 10 giorni)" in page
    assert f'href="{ENTRY_URL}"' in page
    assert "Inserisci i valori" in page


def test_the_cycle_page_lists_the_periods_with_dates_deadline_and_state(
    actor, client_as, first_half
):
    period_open(actor=actor("office"), period=first_half, deadline_on=date(2024, 7, 31))
    page = client_as("viewer").get(CYCLE_URL).content.decode()
    assert "Periodi di rilevazione del ciclo 2024" in page
    assert "01/01/2024 – 30/06/2024" in page
    assert "31/07/2024" in page
    assert "Aperta" in page
    assert "Chiusa" in page
    assert "indicatori da inserire" not in page  # the viewer enters nothing
    assert "96,41\u00a0%" in page


def test_the_cycle_page_offers_period_management_to_the_office_and_validation_to_the_oiv(
    client_as,
):
    office = client_as("office").get(CYCLE_URL).content.decode()
    oiv = client_as("oiv").get(CYCLE_URL).content.decode()
    viewer = client_as("viewer").get(CYCLE_URL).content.decode()
    assert f'href="{PERIODS_URL}"' in office
    assert f'href="{VALIDATION_URL}"' not in office
    assert f'href="{VALIDATION_URL}"' in oiv
    assert f'href="{PERIODS_URL}"' not in oiv
    assert PERIODS_URL not in viewer
    assert VALIDATION_URL not in viewer
    for page in (office, oiv, viewer):  # the download buttons are kept
        assert "/cciaa-pistoia-prato/2024/relazione.pdf" in page


def test_a_validated_cycle_shows_the_validation_and_its_frozen_figures(actor, client_as, cycle):
    _validate(actor, cycle)
    rules = dict(Cycle.objects.get(pk=cycle.pk).rules)
    rules["objective_threshold_achieved"] = "99.99"
    rules["objective_threshold_partly"] = "99"
    Cycle.objects.filter(pk=cycle.pk).update(rules=rules)
    page = client_as("viewer").get(CYCLE_URL).content.decode()
    assert "Validato dall'OIV il 30/04/2025 (atto Verbale OIV n. 3/2025)." in page
    assert "sola lettura" in page
    assert "96,41\u00a0%" in page
    assert "RAGGIUNTO" in page
    assert "dati congelati alla validazione" in page
    assert "/cciaa-pistoia-prato/2024/relazione.pdf" in page


def test_the_cycle_page_needs_a_fixed_number_of_queries(
    actor, client_as, first_half, django_assert_max_num_queries
):
    period_open(actor=actor("office"), period=first_half)
    client = client_as("officer")
    client.get(CYCLE_URL)  # warm the score cache
    with django_assert_max_num_queries(25):
        assert client.get(CYCLE_URL).status_code == 200


# -- periods page -----------------------------------------------------------------------------


def test_the_office_opens_a_period_and_the_cycle_goes_to_monitoring(client_as, cycle):
    client = client_as("office")
    page = client.get(PERIODS_URL).content.decode()
    assert "Rilevazioni del ciclo 2024" in page
    assert "Apri" in page
    response = client.post(PERIODS_URL + "S1/apertura/", {"reason": ""}, follow=True)
    assert response.redirect_chain == [(PERIODS_URL, 302)]
    assert "Rilevazione «Primo semestre 2024» aperta all&#x27;inserimento." in (
        response.content.decode()
    )
    assert MonitoringPeriod.objects.get(cycle=cycle, code="S1").is_open
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.MONITORING


def test_the_office_sets_and_clears_a_deadline(client_as, cycle):
    client = client_as("office")
    response = client.post(PERIODS_URL + "S1/scadenza/", {"deadline_on": "2024-07-31"}, follow=True)
    assert "fissata al 31/07/2024" in response.content.decode()
    assert MonitoringPeriod.objects.get(cycle=cycle, code="S1").deadline_on == date(2024, 7, 31)
    client.post(PERIODS_URL + "S1/scadenza/", {"deadline_on": ""})
    assert MonitoringPeriod.objects.get(cycle=cycle, code="S1").deadline_on is None


def test_a_bad_deadline_is_answered_with_a_message_linked_to_its_field(client_as, cycle):
    response = client_as("office").post(PERIODS_URL + "S1/scadenza/", {"deadline_on": "31/02"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-describedby="deadline-S1-error"' in page
    assert 'id="deadline-S1-error"' in page
    assert "Indica una data valida" in page


def test_a_deadline_before_the_period_is_refused_with_the_services_message(client_as):
    response = client_as("office").post(PERIODS_URL + "S1/scadenza/", {"deadline_on": "2023-12-01"})
    assert response.status_code == 400
    assert "non può precedere l&#x27;inizio" in response.content.decode()


def test_opening_a_second_period_is_refused_with_a_message(actor, client_as, first_half):
    period_open(actor=actor("office"), period=first_half)
    response = client_as("office").post(PERIODS_URL + "FY/apertura/")
    assert response.status_code == 400
    assert "Chiudi prima la rilevazione «Primo semestre 2024»" in response.content.decode()


def test_an_unknown_period_is_404(client_as):
    assert client_as("office").post(PERIODS_URL + "Q9/apertura/").status_code == 404


def test_the_period_actions_accept_only_post(client_as):
    assert client_as("office").get(PERIODS_URL + "S1/apertura/").status_code == 405


def test_the_periods_of_a_validated_cycle_are_read_only(actor, client_as, cycle):
    _validate(actor, cycle)
    page = client_as("office").get(PERIODS_URL).content.decode()
    assert "le rilevazioni non si possono più modificare" in page
    assert "/apertura/" not in page
    assert "/scadenza/" not in page
    response = client_as("office").post(PERIODS_URL + "S1/apertura/")
    assert response.status_code == 400
    assert "validato dall&#x27;OIV" in response.content.decode()


# -- validation page --------------------------------------------------------------------------


def _act(**changes: str) -> dict[str, str]:
    data = {
        "act_reference": "Verbale OIV n. 3/2025",
        "act_on": "2025-04-30",
        "text": "L'OIV valida la Relazione.",
        "confirm": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value}


def test_the_validation_page_shows_the_figures_that_will_be_frozen_and_the_form(
    actor, client_as, first_half
):
    period_open(actor=actor("office"), period=first_half)
    page = client_as("oiv").get(VALIDATION_URL).content.decode()
    assert "Risultati che saranno congelati" in page
    assert "96,41\u00a0%" in page
    assert "«Primo semestre 2024»" in page  # the open period it will close
    for name in ("act_reference", "act_on", "text", "confirm"):
        assert f'name="{name}"' in page
    assert "<legend" in page
    assert 'for="id_act_reference"' in page


def test_the_oiv_validates_and_the_cycle_page_then_shows_the_act(client_as, cycle):
    client = client_as("oiv")
    response = client.post(VALIDATION_URL, _act(), follow=True)
    assert response.redirect_chain == [(CYCLE_URL, 302)]
    page = response.content.decode()
    assert "Ciclo 2024 validato: ora è in sola lettura." in page
    assert "Validato dall'OIV il 30/04/2025 (atto Verbale OIV n. 3/2025)." in page
    assert ValidationAct.objects.get(cycle=cycle).validated_by.username == "oiv"
    again = client.get(VALIDATION_URL).content.decode()
    assert "Risultati congelati" in again
    assert 'name="act_reference"' not in again


def test_a_validation_without_confirmation_is_refused_with_linked_errors(client_as, cycle):
    response = client_as("oiv").post(VALIDATION_URL, _act(confirm="", act_reference=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Conferma la validazione per procedere." in page
    assert 'aria-describedby="id_confirm-error"' in page
    assert 'id="id_confirm-error"' in page
    assert 'id="id_act_reference-error"' in page
    assert not ValidationAct.objects.filter(cycle=cycle).exists()


def test_a_validation_dated_in_the_future_is_refused(client_as, cycle):
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client_as("oiv").post(VALIDATION_URL, _act(act_on=future))
    assert response.status_code == 400
    assert "non può essere futura" in response.content.decode()


# -- home page --------------------------------------------------------------------------------


def test_the_home_page_shows_each_open_period_with_its_deadline_and_what_is_left(
    actor, client_as, cycle, first_half
):
    deadline = timezone.localdate() + timedelta(days=1)
    period_open(actor=actor("office"), period=first_half, deadline_on=deadline)
    page = client_as("officer").get("/").content.decode()
    assert "Ciclo 2024" in page
    assert "In monitoraggio" in page
    assert "Rilevazione aperta: Primo semestre 2024" in page
    assert f"Scadenza {deadline:%d/%m/%Y} (tra 1 giorno)" in page
    assert f"{_officer_count(actor, cycle)} indicatori da inserire" in page
    assert f'href="{ENTRY_URL}"' in page


def test_the_home_page_shows_an_overdue_period_in_red_and_in_words(actor, client_as, first_half):
    deadline = timezone.localdate() - timedelta(days=3)
    period_open(actor=actor("office"), period=first_half, deadline_on=deadline)
    page = client_as("manager").get("/").content.decode()
    assert "alert-danger" in page
    assert "In ritardo" in page
    assert f"Scaduta il {deadline:%d/%m/%Y} (da 3 giorni)" in page
    assert 'class="text-danger fw-semibold"' in page


def test_the_home_page_counts_the_whole_administration_for_the_office(
    actor, client_as, cycle, first_half
):
    period_open(actor=actor("office"), period=first_half)
    page = client_as("office").get("/").content.decode()
    total = Indicator.objects.filter(cycle=cycle).count()
    assert f"{total} indicatori dell'ente ancora da inserire" in page


def test_the_home_page_without_open_periods_says_so(client_as):
    assert "Nessuna rilevazione aperta." in client_as("oiv").get("/").content.decode()
