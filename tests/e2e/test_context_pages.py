"""The office's context pages in Chromium: the list by section, a table with its chart
preview, a file import refused with located errors, the staff page with the gender balance;
each page passes axe (WCAG 2.1 AA, no serious or critical violation)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright_axe import Axe

from performa.apps.cycles.models import Cycle
from performa.apps.staff.services import demo_context_and_staff_load
from tests.e2e.conftest import DemoSite
from tests.e2e.test_accessibility import AXE_OPTIONS, blocking_violations

pytestmark = pytest.mark.e2e


def _axe_clean(page: Page, tmp_path: Path) -> None:
    results = Axe(output_directory=tmp_path).run(
        page, options=AXE_OPTIONS, html_report_generated=False, json_report_generated=False
    )
    assert results.get("passes"), "axe-core did not run on the page"
    problems = blocking_violations(results)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def test_the_office_keeps_context_tables_and_staff_data(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
    tmp_path: Path,
) -> None:
    demo_context_and_staff_load(
        cycle=Cycle.objects.get(administration__code=demo_site.administration, year=demo_site.year)
    )
    login("controllo")
    page.goto(demo_site.url("contesto/"))
    expect(page.get_by_role("heading", name="Contesto e risorse 2024")).to_be_visible()
    expect(page.get_by_role("heading", name="Risorse economiche")).to_be_visible()
    screenshot("context-list")
    _axe_clean(page, tmp_path)

    page.get_by_role("link", name="Composizione proventi correnti").click()
    expect(page.get_by_role("heading", name="Anteprima nella Relazione")).to_be_visible()
    expect(page.locator("figure.context-chart svg")).to_be_visible()
    screenshot("context-table-edit")
    _axe_clean(page, tmp_path)

    grid = page.get_by_label("Righe e colonne")
    grid.fill(grid.input_value().replace("7412000", "7412000,5"))
    page.get_by_role("button", name="Anteprima").click()
    expect(page.locator(".context-preview")).to_contain_text("7.412.000,5")
    screenshot("context-table-preview", focus=page.locator(".context-preview"))

    page.goto(demo_site.url("contesto/importazione/"))
    csv_path = tmp_path / "produzione.csv"
    csv_path.write_text(";2023;2023\nPRODUZIONE;1,2,3;4\n", encoding="utf-8")
    page.get_by_label("File CSV o XLSX").set_input_files(str(csv_path))
    page.locator("#id_code").fill("produzione")
    page.locator("#id_title").fill("Produzione")
    page.get_by_role("button", name="Importa").click()
    expect(page.get_by_text("riga 1, colonna C: la colonna «2023» è ripetuta")).to_be_visible()
    expect(
        page.get_by_text("riga 2, colonna B: «1,2,3» non è un numero valido", exact=False)
    ).to_be_visible()
    screenshot("context-import-errors")
    _axe_clean(page, tmp_path)

    response = page.goto(demo_site.url("contesto/personale/"))
    assert response is not None
    assert response.ok, response.status
    screenshot("staff-overview")
    expect(page.locator("#gender-title ~ p").first).to_contain_text("53 donne e 29 uomini")
    screenshot("staff-gender-chart", focus=page.locator("#gender-title ~ figure"))
    screenshot("staff-figures-editor", focus=page.locator("#staff-figures-form"))
    screenshot("staff-bodies", focus=page.locator("#members-title"))
    _axe_clean(page, tmp_path)
