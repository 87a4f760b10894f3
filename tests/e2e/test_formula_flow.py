"""A formula indicator in the browser: the office defines two base measures and the formula,
the referente types the measures once, sees the figure computed with its inputs and submits it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from performa.apps.administrations.access import actor_for
from performa.apps.cycles.models import Cycle
from performa.apps.measurements.models import Measurement, MeasurementStatus
from performa.apps.plans.versions import plan_revision_open, plan_version_adopt

from .conftest import DemoSite

pytestmark = pytest.mark.e2e

INDICATOR = "01_01_0501_I04"
"""">= 80 %", an indicator of the PROMOZIONE unit, the referente's."""


def test_a_formula_indicator_from_definition_to_submission(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
) -> None:
    cycle_url = f"{demo_site.base_url}/{demo_site.administration}/{demo_site.year}"
    # During the year the plan changes through a revision: adopted, then opened by an act.
    office = actor_for(User.objects.get(username="controllo"), demo_site.administration)
    cycle = Cycle.objects.get(administration__code=demo_site.administration, year=demo_site.year)
    plan_version_adopt(
        actor=office, cycle=cycle, act_reference="Delibera n. 5", act_on=date(2024, 1, 30)
    )
    plan_revision_open(
        actor=office,
        cycle=cycle,
        act_reference="Delibera n. 40",
        act_on=date(2024, 6, 3),
        reason="Indicatore calcolato dalle misure di base",
    )
    login("controllo")
    page.goto(f"{cycle_url}/misure-di-base/")
    for code, name in (
        ("risorse_utilizzate", "Risorse utilizzate"),
        ("risorse_stanziate", "Risorse stanziate"),
    ):
        page.get_by_role("link", name="Nuova misura di base").click()
        page.get_by_label("Codice").fill(code)
        page.get_by_label("Denominazione").fill(name)
        page.get_by_label("Unità di misura").fill("€")
        page.get_by_role("button", name="Salva la misura").click()
        expect(page.get_by_text(f"Misura di base «{code}» salvata.")).to_be_visible()

    page.goto(f"{cycle_url}/piano/indicatori/{INDICATOR}/")
    formula = page.get_by_label("Formula")
    formula.fill("risorse_utilizzate / totali * 100")
    page.get_by_role("button", name="Salva l'indicatore").click()
    expect(page.get_by_text("«totali», che non è tra le misure di base")).to_be_visible()
    screenshot("formula refused", focus=page.locator("#formula"))
    page.get_by_label("Formula").fill("risorse_utilizzate/risorse_stanziate*100")
    page.get_by_role("button", name="Salva l'indicatore").click()
    expect(page.get_by_text(f"Indicatore «{INDICATOR}» salvato.")).to_be_visible()

    login("referente")
    page.goto(f"{cycle_url}/misure-di-base/")
    page.locator("#valore-risorse_utilizzate").fill("930")
    page.get_by_role("button", name="Salva risorse_utilizzate").click()
    expect(page.get_by_text(f"{INDICATOR} si calcolerà quando avranno un valore")).to_be_visible()
    page.locator("#valore-risorse_stanziate").fill("1.000")
    page.get_by_role("button", name="Salva risorse_stanziate").click()
    expect(page.get_by_text(f"{INDICATOR} ricalcolato")).to_be_visible()
    screenshot("base values")

    page.get_by_role("link", name=INDICATOR).first.click()
    expect(page.get_by_text("930 / 1.000 * 100 = 93")).to_be_visible()
    expect(page.locator("input[name=value]")).to_have_attribute("readonly", "")
    screenshot("computed figure on the entry page")
    page.get_by_role("button", name="Invia al controllo di gestione").click()
    expect(page.get_by_text("Inviato").first).to_be_visible()
    measurement = Measurement.objects.get(indicator__code=INDICATOR, period__code="S1")
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert measurement.value_number == Decimal(93)
