"""The plan editor in the browser: the weight preview follows typing (htmx), then saves."""

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
from performa.apps.plans.models import IndicatorLink
from performa.apps.plans.versions import plan_revision_open, plan_version_adopt
from performa.reporting.formatting import format_percent
from tests.apps.plans.test_editing_preview import protesti_with_first_weight
from tests.e2e.conftest import DemoSite, demo_site, login, screenshot

__all__ = ["demo_site", "login", "screenshot"]

pytestmark = pytest.mark.e2e


def test_the_office_previews_and_saves_a_link_weight_in_a_revision(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
) -> None:
    cycle = Cycle.objects.get(administration__code=demo_site.administration, year=demo_site.year)
    office = actor_for(User.objects.get(username="controllo"), demo_site.administration)
    plan_version_adopt(
        actor=office, cycle=cycle, act_reference="Delibera n. 5", act_on=date(2024, 1, 30)
    )
    plan_revision_open(
        actor=office,
        cycle=cycle,
        act_reference="Delibera n. 48",
        act_on=date(2024, 6, 15),
        reason="Pesi",
    )
    login("controllo")
    page.goto(demo_site.url("piano/"))
    expect(page.get_by_role("link", name="Piano", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    page.goto(demo_site.url("piano/nodi/01_01_0P06/"))
    page.get_by_label("Peso di 01_01_0P06_I01").fill("50")
    preview = page.locator("#link-preview-1 table")
    expect(preview).to_be_visible()
    expected = format_percent(protesti_with_first_weight(Decimal(50)))
    expect(preview.locator('tr[data-code="01_01_0P06"] .preview-after')).to_have_text(expected)
    screenshot("link weight preview", focus=preview)
    assert IndicatorLink.objects.get(
        node__code="01_01_0P06", indicator__code="01_01_0P06_I01"
    ).weight == Decimal("16.5")
    page.locator("#link-01_01_0P06_I01").get_by_role("button", name="Salva peso").click()
    expect(page.get_by_text("Peso di «01_01_0P06_I01» in «01_01_0P06» salvato.")).to_be_visible()
    assert (
        IndicatorLink.objects.get(node__code="01_01_0P06", indicator__code="01_01_0P06_I01").weight
        == 50
    )
