"""The office's counter of figures to review, in the cycle navigation: rendered by one tag and
template, and refreshed out of band by the htmx responses that change it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from performa.apps.measurements.models import Measurement, MeasurementStatus
from performa.apps.measurements.services import MeasurementEntry, measurement_submit

from .conftest import PROMOTION_NUMBER, PROMOTION_PERCENT

pytestmark = pytest.mark.django_db

BASE = "/cciaa-pistoia-prato/2024"
REVIEW = f"{BASE}/revisione/"
HTMX = {"HTTP_HX_REQUEST": "true"}
SWAP = re.compile(
    r'<template><span id="review-count" hx-swap-oob="innerHTML">(.*?)</span></template>', re.S
)


def badge(count: int) -> str:
    label = "valore da esaminare" if count == 1 else "valori da esaminare"
    return (
        f'<span class="badge bg-primary">{count}'
        f'<span class="visually-hidden"> {label}</span></span>'
    )


def swapped(response) -> str:
    """The content the response swaps into the counter (exactly one swap)."""
    [content] = SWAP.findall(response.content.decode())
    return str(content).strip()


@pytest.fixture
def submitted(actor, indicator, period) -> list[Measurement]:
    """Two figures of the officer's unit waiting for review."""
    return [
        measurement_submit(
            actor=actor("referente"),
            indicator=indicator(code),
            period=period,
            entry=MeasurementEntry(Decimal(90)),
            version=0,
        )
        for code in (PROMOTION_NUMBER, PROMOTION_PERCENT)
    ]


def test_the_navigation_counter_is_a_live_region_with_words(client_as, submitted) -> None:
    page = client_as("controllo").get(REVIEW).content.decode()
    assert f'<span id="review-count" aria-live="polite" aria-atomic="true"> {badge(2)}' in page
    assert page.count('id="review-count"') == 1
    assert (
        'id="review-count"'
        not in client_as("referente").get(f"{BASE}/indicatori/").content.decode()
    )


def test_accepting_with_htmx_swaps_the_new_number_into_the_counter(client_as, submitted) -> None:
    first = submitted[0]
    response = client_as("controllo").post(
        f"{REVIEW}{first.pk}/", {"decision": "accept", "version": str(first.version)}, **HTMX
    )
    assert response.status_code == 200
    assert "Valore accettato." in response.content.decode()
    assert swapped(response) == badge(1)


def test_sending_back_the_last_one_says_there_is_nothing_left(client_as, submitted) -> None:
    office = client_as("controllo")
    for figure in submitted[:1]:
        office.post(
            f"{REVIEW}{figure.pk}/", {"decision": "accept", "version": str(figure.version)}, **HTMX
        )
    last = submitted[1]
    response = office.post(
        f"{REVIEW}{last.pk}/",
        {"decision": "return", "version": str(last.version), "review_comment": "Manca la fonte."},
        **HTMX,
    )
    assert Measurement.objects.get(pk=last.pk).status == MeasurementStatus.RETURNED
    assert swapped(response) == '<span class="visually-hidden"> nessun valore da esaminare</span>'


def test_a_refused_review_still_brings_the_current_number(client_as, submitted) -> None:
    first = submitted[0]
    response = client_as("controllo").post(
        f"{REVIEW}{first.pk}/", {"decision": "accept", "version": "999"}, **HTMX
    )
    assert "Ricarica" in response.content.decode()
    assert swapped(response) == badge(2)


def test_without_javascript_the_review_redirects_and_the_page_shows_the_number(
    client_as, submitted
) -> None:
    office = client_as("controllo")
    first = submitted[0]
    response = office.post(
        f"{REVIEW}{first.pk}/", {"decision": "accept", "version": str(first.version)}
    )
    assert response.status_code == 302
    page = office.get(response["Location"]).content.decode()
    assert "hx-swap-oob" not in page
    assert f'aria-atomic="true"> {badge(1)}' in page


def test_the_office_submitting_with_htmx_refreshes_its_counter(client_as, submitted) -> None:
    response = client_as("controllo").post(
        f"{BASE}/indicatori/S1/01_04_CP01_I01/",
        {"value": "300", "version": "0", "action": "submit"},
        **HTMX,
    )
    assert "Valore inviato al controllo di gestione." in response.content.decode()
    assert swapped(response) == badge(3)
    draft = client_as("controllo").post(
        f"{BASE}/indicatori/S1/{PROMOTION_NUMBER}/",
        {"value": "95", "version": str(submitted[0].version), "action": "draft"},
        **HTMX,
    )
    assert swapped(draft) == badge(2)  # a submitted figure saved back as a draft


def test_an_officer_submitting_gets_no_counter_to_swap(client_as, period) -> None:
    response = client_as("referente").post(
        f"{BASE}/indicatori/S1/{PROMOTION_NUMBER}/",
        {"value": "95", "version": "0", "action": "submit"},
        **HTMX,
    )
    assert "Valore inviato al controllo di gestione." in response.content.decode()
    assert "review-count" not in response.content.decode()


def test_opening_the_form_swaps_nothing(client_as, submitted) -> None:
    response = client_as("controllo").get(f"{BASE}/indicatori/S1/{PROMOTION_NUMBER}/", **HTMX)
    assert "hx-swap-oob" not in response.content.decode()
