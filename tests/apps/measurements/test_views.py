"""The data-entry pages through Django's test client: with htmx and without JavaScript."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.test import Client

from performa.apps.administrations.models import Administration, Membership, Role
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.measurements.models import Measurement, MeasurementStatus
from performa.apps.measurements.services import (
    MeasurementEntry,
    measurement_save_draft,
    measurement_submit,
)

from .conftest import OTHER_UNIT, PROMOTION_DEADLINE, PROMOTION_NUMBER

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
BASE = "/cciaa-pistoia-prato/2024"
MY_INDICATORS = f"{BASE}/indicatori/"
ENTRY = f"{BASE}/indicatori/S1/{PROMOTION_NUMBER}/"
REVIEW = f"{BASE}/revisione/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def page(response: HttpResponse) -> str:
    return response.content.decode()


def test_my_indicators_lists_the_units_indicators_with_target_and_deadline(
    client_as, time_machine
) -> None:
    time_machine.move_to(datetime(2024, 7, 26, 9, tzinfo=ROME), tick=False)
    response = client_as("referente").get(MY_INDICATORS)
    assert response.status_code == 200
    text = page(response)
    assert PROMOTION_NUMBER in text
    assert OTHER_UNIT not in text
    assert "&gt;= 80,00\u00a0N." in text
    assert "invio: 31/07/2024</strong>" in text
    assert "mancano 5 giorni" in text
    assert "alert-warning" in text
    assert "64 indicatori da rilevare" in text
    assert "I miei indicatori" in text
    assert f"{BASE}/revisione/" not in text


def test_an_overdue_deadline_shows_in_red_with_the_days_late(client_as, time_machine) -> None:
    time_machine.move_to(datetime(2024, 8, 5, 9, tzinfo=ROME), tick=False)
    text = page(client_as("referente").get(MY_INDICATORS))
    assert "alert-danger" in text
    assert "Scadenza superata da 5 giorni (31/07/2024)." in text
    assert "Restano 64 valori da inserire o inviare" in text


def test_the_previous_period_figure_is_shown_for_the_year_end(client_as, cycle: Cycle) -> None:
    cycle.periods.filter(code="FY").update(is_open=True)
    text = page(client_as("referente").get(MY_INDICATORS + "?periodo=FY"))
    assert "Consuntivo 2024" in text
    assert "non inserito" not in text  # every year-end figure is imported, and accepted


def test_the_previous_value_comes_from_the_period_before(
    client_as, actor, indicator, period, final_period
) -> None:
    submitted = measurement_submit(
        actor=actor("referente"),
        indicator=indicator(PROMOTION_NUMBER),
        period=period,
        entry=MeasurementEntry(Decimal("41.5"), deviation_explanation="Primo semestre."),
        version=0,
    )
    from performa.apps.measurements.services import measurement_accept

    measurement_accept(actor=actor("controllo"), measurement=submitted, version=submitted.version)
    text = page(client_as("referente").get(MY_INDICATORS + "?periodo=FY"))
    assert '41,50\u00a0N.<br><small class="text-muted">Primo semestre 2024</small>' in text


@pytest.mark.parametrize("username", ["oiv", "lettore", "segretario"])
def test_roles_that_do_not_enter_figures_get_403(client_as, username: str) -> None:
    assert client_as(username).get(MY_INDICATORS).status_code == 403


def test_the_entry_form_opens_inline_with_htmx_and_as_a_page_without(client_as) -> None:
    client = client_as("referente")
    inline = client.get(ENTRY, **HTMX)
    assert inline.status_code == 200
    assert inline.content.decode().lstrip().startswith('<tbody id="indicator-')
    assert 'hx-post="' in page(inline)
    full = client.get(ENTRY)
    assert "<html" in page(full)
    assert 'enctype="multipart/form-data"' in page(full)
    assert 'name="csrfmiddlewaretoken"' in page(full)


def test_saving_a_draft_without_javascript_redirects_to_the_list(client_as, period) -> None:
    client = client_as("referente")
    response = client.post(ENTRY, {"value": "1.234,5", "version": "0", "action": "draft"})
    assert response.status_code == 302
    assert response["Location"].startswith(MY_INDICATORS + "?periodo=S1#indicator-")
    measurement = Measurement.objects.get(period=period)
    assert measurement.value_number == Decimal("1234.5")
    assert measurement.status == MeasurementStatus.DRAFT
    follow = client.get(response["Location"])
    assert "Bozza salvata" in page(follow)


def test_submitting_with_htmx_returns_the_updated_row(client_as, period) -> None:
    response = client_as("referente").post(
        ENTRY, {"value": "95", "version": "0", "action": "submit"}, **HTMX
    )
    assert response.status_code == 200
    text = page(response)
    assert "Valore inviato al controllo di gestione." in text
    assert "95,00\u00a0N." in text
    assert "Inviato" in text
    assert Measurement.objects.get(period=period).status == MeasurementStatus.SUBMITTED


def test_a_value_below_target_without_explanation_is_refused_with_its_achievement(
    client_as, period
) -> None:
    response = client_as("referente").post(
        ENTRY, {"value": "66,544", "version": "0", "action": "submit"}
    )
    assert response.status_code == 400
    text = page(response)
    assert "grado di raggiungimento 83,18\u00a0%" in text
    assert 'aria-describedby="hint-deviation-' in text
    assert "err-deviation-" in text
    assert not Measurement.objects.filter(period=period).exists()


def test_a_date_for_a_numeric_indicator_is_refused(client_as, period) -> None:
    response = client_as("referente").post(
        ENTRY, {"value": "31/01/2024", "version": "0", "action": "draft"}
    )
    assert response.status_code == 400
    assert "non una data" in page(response)
    assert 'aria-invalid="true"' in page(response)


def test_the_preview_shows_the_resulting_achievement(client_as) -> None:
    response = client_as("referente").get(ENTRY + "anteprima/", {"value": "66,544"}, **HTMX)
    assert response.status_code == 200
    text = page(response)
    assert "Grado di raggiungimento risultante" in text
    assert "83,18\u00a0%" in text
    assert "CRITICO" not in text
    assert "IN LINEA" in text
    assert "la spiegazione dello scostamento è obbligatoria" in text


def test_the_preview_of_a_deadline_indicator_counts_the_delay(client_as) -> None:
    url = f"{BASE}/indicatori/S1/{PROMOTION_DEADLINE}/anteprima/"
    text = page(client_as("referente").get(url, {"value": "2024-02-08"}))
    assert "78,95\u00a0%" in text


def test_the_preview_explains_a_value_it_cannot_read(client_as) -> None:
    text = page(client_as("referente").get(ENTRY + "anteprima/", {"value": "tanti"}))
    assert "non è un numero" in text


def test_the_preview_button_works_without_javascript(client_as, period) -> None:
    response = client_as("referente").post(
        ENTRY, {"value": "66,544", "version": "0", "action": "preview"}
    )
    assert response.status_code == 200
    assert "Grado di raggiungimento risultante" in page(response)
    assert not Measurement.objects.filter(period=period).exists()


def test_a_forged_post_for_another_units_indicator_is_refused(client_as, period) -> None:
    response = client_as("referente").post(
        f"{BASE}/indicatori/S1/{OTHER_UNIT}/", {"value": "500", "version": "0", "action": "submit"}
    )
    assert response.status_code == 403
    assert not Measurement.objects.filter(period=period).exists()
    assert client_as("referente").get(f"{BASE}/indicatori/S1/{OTHER_UNIT}/").status_code == 403


def test_a_forged_post_to_a_validated_cycle_is_refused(client_as, cycle: Cycle, period) -> None:
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.VALIDATED)
    response = client_as("referente").post(
        ENTRY, {"value": "95", "version": "0", "action": "submit"}
    )
    assert response.status_code == 400
    assert "validato" in page(response)
    assert not Measurement.objects.filter(period=period).exists()
    assert "sola lettura" in page(client_as("referente").get(MY_INDICATORS))


def test_a_post_to_a_closed_period_is_refused(client_as) -> None:
    response = client_as("referente").post(
        f"{BASE}/indicatori/FY/{PROMOTION_NUMBER}/",
        {"value": "95", "version": "1", "action": "submit"},
    )
    assert response.status_code == 400
    assert "è chiuso" in page(response)


def test_a_stale_form_shows_who_changed_the_value(client_as, actor, indicator, period) -> None:
    measurement_save_draft(
        actor=actor("dirigente"),
        indicator=indicator(PROMOTION_NUMBER),
        period=period,
        entry=MeasurementEntry(Decimal(12), deviation_explanation="Pochi eventi."),
        version=0,
    )
    response = client_as("referente").post(
        ENTRY, {"value": "95", "version": "0", "action": "draft"}
    )
    assert response.status_code == 409
    text = page(response)
    assert "Il valore è stato modificato da Daniele Bosi il " in text
    assert ": 12,00\u00a0N. Ricarica per vedere la versione attuale." in text
    assert Measurement.objects.get(period=period).value_number == Decimal(12)


def test_the_review_lists_submitted_figures_for_the_office_only(
    client_as, actor, indicator, period
) -> None:
    measurement_submit(
        actor=actor("referente"),
        indicator=indicator(PROMOTION_NUMBER),
        period=period,
        entry=MeasurementEntry(Decimal(90), comment="Dal gestionale"),
        version=0,
    )
    response = client_as("controllo").get(REVIEW)
    assert response.status_code == 200
    text = page(response)
    assert "1 valore in attesa di revisione" in text
    assert PROMOTION_NUMBER in text
    assert "Dal gestionale" in text
    assert f'href="{REVIEW}"' in text  # the navigation link
    for username in ("referente", "dirigente", "oiv", "lettore"):
        assert client_as(username).get(REVIEW).status_code == 403


def test_the_office_accepts_with_htmx(client_as, actor, indicator, period) -> None:
    submitted = measurement_submit(
        actor=actor("referente"),
        indicator=indicator(PROMOTION_NUMBER),
        period=period,
        entry=MeasurementEntry(Decimal(90)),
        version=0,
    )
    response = client_as("controllo").post(
        f"{REVIEW}{submitted.pk}/",
        {"decision": "accept", "version": str(submitted.version)},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Valore accettato." in page(response)
    assert Measurement.objects.get(pk=submitted.pk).status == MeasurementStatus.ACCEPTED


def test_sending_back_needs_a_comment_that_the_owner_then_reads(
    client_as, actor, indicator, period
) -> None:
    submitted = measurement_submit(
        actor=actor("referente"),
        indicator=indicator(PROMOTION_NUMBER),
        period=period,
        entry=MeasurementEntry(Decimal(90)),
        version=0,
    )
    office = client_as("controllo")
    url = f"{REVIEW}{submitted.pk}/"
    empty = office.post(url, {"decision": "return", "version": str(submitted.version)}, **HTMX)
    assert "Scrivi il motivo del rinvio" in page(empty)
    assert Measurement.objects.get(pk=submitted.pk).status == MeasurementStatus.SUBMITTED
    response = office.post(
        url,
        {
            "decision": "return",
            "version": str(submitted.version),
            "review_comment": "Manca il verbale.",
        },
    )
    assert response.status_code == 302
    assert Measurement.objects.get(pk=submitted.pk).status == MeasurementStatus.RETURNED
    text = page(client_as("referente").get(MY_INDICATORS))
    assert "Manca il verbale." in text
    assert "Rinviato per correzioni" in text
    resubmit = client_as("referente").post(
        ENTRY, {"value": "91", "version": str(submitted.version + 1), "action": "submit"}
    )
    assert resubmit.status_code == 302
    assert Measurement.objects.get(pk=submitted.pk).status == MeasurementStatus.SUBMITTED


def test_a_forged_review_by_an_officer_is_refused(client_as, actor, indicator, period) -> None:
    submitted = measurement_submit(
        actor=actor("referente"),
        indicator=indicator(PROMOTION_NUMBER),
        period=period,
        entry=MeasurementEntry(Decimal(90)),
        version=0,
    )
    response = client_as("referente").post(
        f"{REVIEW}{submitted.pk}/", {"decision": "accept", "version": str(submitted.version)}
    )
    assert response.status_code == 403
    assert Measurement.objects.get(pk=submitted.pk).status == MeasurementStatus.SUBMITTED


def test_users_of_another_administration_get_404(client_as, cycle: Cycle) -> None:
    from django.contrib.auth.models import User

    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    outsider = User.objects.create_user("estraneo", password="x-very-long-password")
    Membership.objects.create(administration=other, user=outsider, role=Role.OFFICE)
    client = Client()
    client.force_login(outsider)
    for url in (MY_INDICATORS, ENTRY, ENTRY + "anteprima/", REVIEW, f"{BASE}/documenti/1/"):
        assert client.get(url).status_code == 404, url


def test_the_page_queries_do_not_grow_with_the_number_of_indicators(
    client_as, django_assert_max_num_queries
) -> None:
    office = client_as("controllo")  # every indicator of the cycle: 379
    with django_assert_max_num_queries(25):
        assert office.get(MY_INDICATORS).status_code == 200
    officer = client_as("referente")  # 64 indicators
    with django_assert_max_num_queries(25):
        assert officer.get(MY_INDICATORS).status_code == 200


def test_the_list_shows_a_figure_saved_since_it_was_last_shown(client_as, period) -> None:
    """The list is cached per data version: a saved figure shows on the next visit."""
    client = client_as("referente")
    before = page(client.get(MY_INDICATORS))
    client.post(ENTRY, {"value": "4321", "version": "0", "action": "draft"})
    after = page(client.get(MY_INDICATORS))
    assert "4.321,00" not in before
    assert "4.321,00" in after


def test_each_viewer_gets_the_list_of_their_own_units(client_as, cycle: Cycle) -> None:
    """The cached list of one user is never served to a user of another unit."""
    assert PROMOTION_NUMBER in page(client_as("referente").get(MY_INDICATORS))
    office = page(client_as("controllo").get(MY_INDICATORS))
    assert OTHER_UNIT in office
    assert OTHER_UNIT not in page(client_as("referente").get(MY_INDICATORS))
