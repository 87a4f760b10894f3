"""A whole individual evaluation in the browser, from assignment to acknowledgement: the office
opens Daniele Bosi's sheet, the Segretario Generale records the mid-year talk, he assesses
himself, the OIV proposes, the Segretario decides and he takes notice. Each page passes axe."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright_axe import Axe

from performa.apps.appraisals.demo import appraisals_demo_load
from performa.apps.appraisals.models import Sheet, SheetState
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle
from tests.e2e.conftest import DemoSite
from tests.e2e.test_accessibility import AXE_OPTIONS, blocking_violations

pytestmark = pytest.mark.e2e

RATINGS = {
    "Programmazione e controllo": "5",
    "Gestione e sviluppo dei collaboratori": "4",
    "Capacità di valutazione differenziata dei collaboratori": "4",
    "Orientamento all'utenza": "5",
}


def _axe_clean(page: Page, tmp_path: Path) -> None:
    results = Axe(output_directory=tmp_path).run(
        page, options=AXE_OPTIONS, html_report_generated=False, json_report_generated=False
    )
    assert results.get("passes"), "axe-core did not run on the page"
    problems = blocking_violations(results)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def _rate(page: Page, legend: str) -> None:
    form = page.locator("form").filter(has=page.get_by_text(legend, exact=True))
    for behaviour, value in RATINGS.items():
        form.get_by_label(behaviour, exact=True).select_option(value)


def _step(page: Page, title: str, note: str, *, rate: bool = False) -> None:
    form = page.locator("form").filter(has=page.locator("legend", has_text=title))
    if rate:
        _rate(page, title)
    form.locator("textarea[name=note]").fill(note)
    form.get_by_role("button", name=title).click()
    page.wait_for_load_state()


def test_a_whole_evaluation_from_assignment_to_acknowledgement(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
    tmp_path: Path,
) -> None:
    cycle = Cycle.objects.get(administration__code=demo_site.administration, year=demo_site.year)
    appraisals_demo_load(cycle=cycle)  # positions, schemes and the other managers' sheets
    Sheet.objects.filter(cycle=cycle, person__code="DIR-PROM").delete()

    login("controllo")
    page.goto(demo_site.url("valutazioni-individuali/"))
    page.get_by_role("link", name="Apri una scheda").click()
    page.get_by_label("Persona valutata").select_option(label="Daniele Bosi")
    page.get_by_label("Schema di valutazione").select_option(label="Dirigenti (esempio SMVP)")
    page.get_by_label("Valutatore").select_option(label="Catia Baroncelli")
    # Bootstrap Italia draws the box on the label: click what a person clicks.
    page.get_by_text("L'OIV propone la valutazione").click()
    page.get_by_text("01_01_0501 La doppia transizione digitale ed ecologica (pgt 20%)").click()
    page.get_by_text("01_01_0502 Bando per sostegno alle imprese a seguito di emergenza").click()
    expect(page.get_by_label("L'OIV propone la valutazione")).to_be_checked()
    page.get_by_label("Peso di 01_01_0501").fill("2")
    page.get_by_label("Note dell'assegnazione").fill("Obiettivi del Piano 2024.")
    screenshot("office-opens-the-sheet")
    _axe_clean(page, tmp_path)
    page.get_by_role("button", name="Apri la scheda").click()
    expect(page.locator("#sheet-state")).to_have_text("Obiettivi assegnati")
    sheet_url = page.url

    login("segretario")
    page.goto(sheet_url)
    _step(page, "Registra il colloquio intermedio", "Primo semestre in linea.")
    expect(page.locator("#sheet-state")).to_have_text("Colloquio intermedio svolto")

    login("dirigente")
    page.goto(demo_site.url("valutazioni-individuali/"))
    _axe_clean(page, tmp_path)
    page.get_by_role("link", name="Daniele Bosi").click()
    _step(page, "Presenta l'autovalutazione", "Anno positivo.", rate=True)
    expect(page.locator("#sheet-state")).to_have_text("Autovalutazione presentata")

    login("oiv")
    page.goto(sheet_url)
    _step(page, "Registra la proposta dell'OIV", "Risultati pienamente raggiunti.", rate=True)
    expect(page.locator("#sheet-state")).to_have_text("Proposta dell'OIV")

    login("segretario")
    page.goto(sheet_url)
    screenshot("segretario-decides", focus=page.locator("legend", has_text="valutazione finale"))
    _axe_clean(page, tmp_path)
    _step(page, "Registra la valutazione finale", "Accolgo la proposta dell'OIV.")
    expect(page.locator("#sheet-state")).to_have_text("Valutata")
    expect(page.locator("#sheet-total")).not_to_have_text("—")

    login("dirigente")
    page.goto(sheet_url)
    expect(page.get_by_text("Accolgo la proposta dell'OIV.")).to_be_visible()
    _step(page, "Prendi visione della valutazione", "")
    expect(page.locator("#sheet-state")).to_have_text("Presa visione")
    screenshot("dirigente-acknowledged")
    _axe_clean(page, tmp_path)

    sheet = Sheet.objects.get(cycle=cycle, person__code="DIR-PROM")
    assert sheet.state == SheetState.ACKNOWLEDGED
    assert sheet.total_percent is not None
    steps = AuditEntry.objects.filter(
        object_type="appraisal_sheet", object_code__endswith="/DIR-PROM"
    ).exclude(action="appraisal_viewed")
    assert list(steps.order_by("pk").values_list("action", flat=True)) == [
        "appraisal_assigned",
        "appraisal_midyear",
        "appraisal_self_assessed",
        "appraisal_proposed",
        "appraisal_evaluated",
        "appraisal_acknowledged",
    ]

    login("controllo")
    page.goto(demo_site.url("valutazioni-individuali/riepilogo/"))
    expect(page.locator("#distribution")).to_be_visible()
    screenshot("office-summary")
    _axe_clean(page, tmp_path)
