"""The office's counter of figures to review follows each decision in the browser, without a
reload: the htmx response (a review item, or an indicator's ``<tbody>`` when the office submits
a figure itself) swaps the new number into the navigation, out of band."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from performa.apps.administrations.access import actor_for
from performa.apps.cycles.models import MonitoringPeriod
from performa.apps.measurements.services import MeasurementEntry, measurement_submit
from performa.apps.plans.models import Indicator
from tests.e2e.conftest import DemoSite
from tests.e2e.test_cycle_flow import indicator_row

pytestmark = pytest.mark.e2e

CODES = ("01_01_OP01_I01", "01_01_OP01_I02")  # targets >= 350 N. and >= 7,50 N.


def test_the_counter_follows_each_decision_without_a_reload(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
) -> None:
    officer = actor_for(User.objects.get(username="referente"), demo_site.administration)
    period = MonitoringPeriod.objects.select_related("cycle").get(
        cycle__administration__code=demo_site.administration,
        cycle__year=demo_site.year,
        code="S1",
    )
    for code, value in zip(CODES, (Decimal(400), Decimal(8)), strict=True):
        measurement_submit(
            actor=officer,
            indicator=Indicator.objects.get(cycle=period.cycle, code=code),
            period=period,
            entry=MeasurementEntry(value),
            version=0,
        )

    login("controllo")
    page.goto(demo_site.url("revisione/?periodo=S1"))
    counter = page.locator("#review-count")
    expect(counter).to_have_attribute("aria-live", "polite")
    expect(counter).to_have_text(re.compile(r"^\s*2 valori da esaminare\s*$"))
    link = page.get_by_role("link", name=re.compile(r"^Revisione"))
    expect(link).to_have_accessible_name(re.compile(r"Revisione\s*2 valori da esaminare"))

    first = page.locator("li.review-item").filter(has_text=CODES[0])
    first.get_by_role("button", name=re.compile(r"^Accetta")).click()
    expect(first).to_contain_text("Valore accettato.")
    expect(counter).to_have_text(re.compile(r"^\s*1 valore da esaminare\s*$"))
    screenshot("one-left", link)

    second = page.locator("li.review-item").filter(has_text=CODES[1])
    second.get_by_label(re.compile("Motivo del rinvio")).fill("Manca la fonte del dato.")
    second.get_by_role("button", name=re.compile(r"^Rinvia al referente")).click()
    expect(second).to_contain_text("Valore rinviato al referente")
    expect(counter).to_have_text(re.compile(r"^\s*nessun valore da esaminare\s*$"))
    expect(counter).to_have_attribute("aria-live", "polite")  # the region itself stays
    expect(page.locator("template")).to_have_count(0)

    # The office enters and submits a figure itself: the row's response updates the counter.
    page.goto(demo_site.url("indicatori/?periodo=S1"))
    counter = page.locator("#review-count")
    expect(counter).to_have_text(re.compile(r"^\s*nessun valore da esaminare\s*$"))
    row = indicator_row(page, "01_01_OP01_I03")  # target >= 250 N.
    row.get_by_role("link", name=re.compile(r"Inserisci")).click()
    row.get_by_role("textbox", name=re.compile(r"^Valore \(")).fill("300")
    row.get_by_role("button", name="Invia al controllo di gestione").click()
    expect(row).to_contain_text("Valore inviato al controllo di gestione.")
    expect(counter).to_have_text(re.compile(r"^\s*1 valore da esaminare\s*$"))
    expect(page.locator("template")).to_have_count(0)
