"""The office publishes the adopted plan from its page, the public sees it, and an API token is
created (its key shown once) and revoked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DemoSite

pytestmark = pytest.mark.e2e


def test_the_office_publishes_the_plan_and_manages_a_token(
    page: Page, demo_site: DemoSite, login: Callable[[str], None], screenshot: Callable[..., Path]
) -> None:
    from django.contrib.auth.models import User

    from performa.apps.administrations.access import actor_for
    from performa.apps.cycles.models import Cycle
    from performa.apps.plans.versions import plan_version_adopt

    office = actor_for(User.objects.get(username="controllo"), demo_site.administration)
    cycle = Cycle.objects.get(administration__code=demo_site.administration, year=demo_site.year)
    plan_version_adopt(
        actor=office, cycle=cycle, act_reference="Delibera n. 5", act_on=date(2024, 1, 31)
    )
    login("controllo")
    page.goto(demo_site.url())
    page.get_by_role("link", name="Pubblicazione").click()
    screenshot("publication-page")
    page.get_by_role("button", name="Pubblica il piano").click()
    expect(page.get_by_role("alert")).to_contain_text("Pubblicato")
    expect(page.get_by_role("button", name="Ritira")).to_be_visible()
    screenshot("plan-published")
    page.get_by_role("link", name="Vedi la pagina pubblica").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Performance {demo_site.year}")
    expect(page.get_by_text("Piano adottato")).to_be_visible()

    page.goto(f"{demo_site.base_url}/{demo_site.administration}/token-api/")
    page.get_by_label("Nome del token").fill("sistema contabile")
    page.get_by_role("button", name="Crea un token").click()
    key = page.get_by_label("Chiave del nuovo token").input_value()
    assert key.startswith("pfm_")
    screenshot("token-created")
    response = page.request.get(
        f"{demo_site.base_url}/api/v1/administrations/{demo_site.administration}/cycles",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status == 200
    page.reload()
    expect(page.get_by_label("Chiave del nuovo token")).to_have_count(0)  # shown once
    page.get_by_role("button", name="Revoca sistema contabile").click()
    expect(page.get_by_role("alert")).to_contain_text("revocato")
    revoked = page.request.get(
        f"{demo_site.base_url}/api/v1/administrations/{demo_site.administration}/cycles",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert revoked.status == 401
