"""The library in the browser: the office finds a common indicator, writes an own one (a bad
formula is refused on its field), adopts a common one into a revised plan and adds a cycle
indicator to the library; the pages pass axe-core (WCAG 2.1 AA) without serious violations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright_axe import Axe

from performa.apps.administrations.access import actor_for
from performa.apps.cycles.models import Cycle
from performa.apps.library.services import library_seed_common
from performa.apps.plans.models import Indicator, IndicatorLink
from performa.apps.plans.versions import plan_revision_open, plan_version_adopt
from tests.e2e.conftest import DemoSite
from tests.e2e.test_accessibility import AXE_OPTIONS, blocking_violations

pytestmark = pytest.mark.e2e


def _no_serious_violation(page: Page, tmp_path: Path) -> None:
    results = Axe(output_directory=tmp_path).run(
        page, options=AXE_OPTIONS, html_report_generated=False, json_report_generated=False
    )
    assert results.get("passes"), "axe-core did not run on the page"
    problems = blocking_violations(results)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def _open_revision(site: DemoSite) -> None:
    from django.contrib.auth.models import User

    cycle = Cycle.objects.get(administration__code=site.administration, year=site.year)
    office = actor_for(User.objects.get(username="controllo"), site.administration)
    plan_version_adopt(
        actor=office, cycle=cycle, act_reference="Delibera di Giunta n. 5", act_on=date(2024, 1, 30)
    )
    plan_revision_open(
        actor=office,
        cycle=cycle,
        act_reference="Delibera di Giunta n. 48",
        act_on=date(2024, 6, 30),
        reason="Obiettivi comuni di sistema",
    )


def test_the_office_uses_the_library(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
    tmp_path: Path,
) -> None:
    library_seed_common()
    library = f"{demo_site.base_url}/{demo_site.administration}/libreria/"
    login("controllo")

    # The list, searched.
    page.goto(library)
    expect(page.get_by_role("link", name="OC_TD_01", exact=True)).to_be_visible()
    _no_serious_violation(page, tmp_path)
    page.get_by_label("Cerca per codice o denominazione").fill("PID")
    page.get_by_role("button", name="Cerca").click()
    expect(page.get_by_role("link", name="OC_TD_02", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="OC_TD_01", exact=True)).to_have_count(0)
    screenshot("list-searched")

    # An own entry: the bad formula is refused on its field, then corrected.
    page.goto(library)
    page.get_by_role("link", name="Nuovo indicatore").click()
    page.get_by_label("Codice").fill("TEMPI_01")
    page.get_by_label("Denominazione").fill("Tempo medio di evasione delle pratiche")
    page.get_by_label("Tipo di valore").select_option("number")
    page.get_by_label("Polarità").select_option("lower")
    page.get_by_label("Formula").fill("giorni_totali / (pratiche")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("#id_formula_error")).to_contain_text("Formula non valida:")
    expect(page.get_by_label("Formula")).to_have_attribute("aria-invalid", "true")
    _no_serious_violation(page, tmp_path)
    screenshot("formula-refused")
    page.get_by_label("Formula").fill("giorni_totali / pratiche")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "TEMPI_01 Tempo medio di evasione delle pratiche"
    )

    # Adoption of a common indicator, once the plan is open to a revision.
    _open_revision(demo_site)
    page.goto(library)
    page.get_by_role("link", name="OC_TD_02", exact=True).click()
    page.get_by_role("link", name="Adotta in un ciclo").click()
    page.get_by_label("Codice nel ciclo").fill("OC_TD_02_B")
    page.get_by_label("Target", exact=True).fill("4")
    page.get_by_label("Obiettivo a cui collegarlo").select_option(
        label="01_01_UIC01 Favorire la doppia transizione (obiettivo comune di sistema)"
    )
    page.get_by_label("Peso % nell'obiettivo").fill("33,3")
    _no_serious_violation(page, tmp_path)
    screenshot("adoption-form")
    page.get_by_role("button", name="Adotta", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("come indicatore «OC_TD_02_B»")
    expect(page.locator(".usage-table")).to_contain_text("01_01_UIC01")
    _no_serious_violation(page, tmp_path)
    screenshot("detail-with-usage")
    indicator = Indicator.objects.get(code="OC_TD_02_B")
    assert indicator.target_value == 4
    assert IndicatorLink.objects.get(indicator=indicator).weight == Decimal("33.3")

    # A cycle indicator added to the library.
    page.goto(f"{library}dal-piano/?anno=2024")
    page.get_by_role("button", name="Aggiungi S14").click()
    expect(page.locator(".alert-success")).to_contain_text("«S14» aggiunto alla libreria")
    expect(page.locator("tr", has_text="Tasso di sostituzione").get_by_role("link")).to_have_text(
        "S14"
    )
    _no_serious_violation(page, tmp_path)
    screenshot("from-plan")
