"""The office imports a survey's answers in the browser: a malformed file shows its located
errors, a good one a preview of the statistics and of the indicators it changes; confirming
updates the indicators, which then name the survey as their source."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright_axe import Axe

from performa.apps.cycles.models import Cycle
from performa.apps.surveys.services import DEMO_DIRECTORY, surveys_demo_load
from tests.e2e.conftest import DemoSite
from tests.e2e.test_accessibility import AXE_OPTIONS, blocking_violations

pytestmark = pytest.mark.e2e

DEMO_ANSWERS = DEMO_DIRECTORY / "customer-satisfaction-2024.csv"


def answers_with_registry_marks(mark: str) -> str:
    """The demo answers with every "Registro imprese" overall judgement set to ``mark``."""
    rows = list(
        csv.reader(io.StringIO(DEMO_ANSWERS.read_text(encoding="utf-8-sig")), delimiter=";")
    )
    for row in rows[1:]:
        if row[3] == "Registro imprese":
            row[-1] = mark
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue()


def instant_scroll(page: Page) -> None:
    """Bootstrap Italia scrolls smoothly: a screenshot right after scrolling would miss it."""
    page.evaluate("document.documentElement.style.scrollBehavior = 'auto'")


def test_the_office_imports_answers_and_the_indicator_follows(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
    tmp_path: Path,
) -> None:
    cycle = Cycle.objects.get(administration__code=demo_site.administration, year=demo_site.year)
    (survey,) = surveys_demo_load(cycle=cycle)
    login("controllo")

    page.goto(demo_site.url("indagini/"))
    screenshot("survey-list")
    page.get_by_role("link", name=survey.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)
    expect(page.locator("#trend-table")).to_contain_text("8,2")
    expect(page.locator("figure.survey-chart svg")).to_be_visible()
    screenshot("survey-detail")
    instant_scroll(page)
    screenshot("survey-trend", focus=page.locator("figure.survey-chart"))
    results = Axe(output_directory=tmp_path).run(
        page, options=AXE_OPTIONS, html_report_generated=False, json_report_generated=False
    )
    assert not blocking_violations(results), blocking_violations(results)

    page.get_by_role("link", name="Carica un nuovo file delle risposte").click()
    bad = tmp_path / "sbagliato.csv"
    bad.write_text(
        "Servizio utilizzato;Giudizio complessivo\nRegistro imprese;otto\nProtesti;12\n",
        encoding="utf-8",
    )
    page.get_by_label(re.compile(r"^File delle risposte")).set_input_files(str(bad))
    page.get_by_role("button", name="Mostra l'anteprima").click()
    errors = page.locator("#survey-errors")
    expect(errors).to_contain_text(
        "riga 2, colonna 'Giudizio complessivo': «otto» non è un voto da 1 a 10."
    )
    expect(errors).to_contain_text(
        "riga 3, colonna 'Giudizio complessivo': il voto 12 è fuori dalla scala da 1 a 10."
    )
    expect(page.get_by_role("button", name="Conferma l'importazione")).to_have_count(0)
    screenshot("survey-errors")

    good = tmp_path / "risposte.csv"
    good.write_text(answers_with_registry_marks("9"), encoding="utf-8")
    page.get_by_label(re.compile(r"^File delle risposte")).set_input_files(str(good))
    page.get_by_role("button", name="Mostra l'anteprima").click()
    effects = page.locator("#preview-effects")
    registry = effects.get_by_role("row").filter(has_text="02_01_OPD1_I01")
    expect(registry).to_contain_text("7,30")
    expect(registry).to_contain_text("9,00")
    instant_scroll(page)
    screenshot("survey-preview-statistics", focus=page.locator(".survey-table"))
    screenshot("survey-preview", focus=effects)
    results = Axe(output_directory=tmp_path).run(
        page, options=AXE_OPTIONS, html_report_generated=False, json_report_generated=False
    )
    assert not blocking_violations(results), blocking_violations(results)

    page.get_by_role("button", name="Conferma l'importazione").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)
    links = page.locator("#links-table")
    expect(links.get_by_role("row").filter(has_text="02_01_OPD1_I01")).to_contain_text("9,00")
    instant_scroll(page)
    screenshot("survey-links", focus=links)

    page.goto(demo_site.url("obiettivi/02_01_OPD1/"))
    row = page.get_by_role("row").filter(has_text="Customer satisfaction RI 2024")
    expect(row).to_contain_text("9,00")
    expect(row).to_contain_text("100,00")
    expect(row.get_by_role("link", name=survey.title)).to_be_visible()
    row.get_by_text("Come è calcolato").click()
    expect(row.locator("dl.engine-trace")).to_contain_text(
        f"voto medio del servizio «Registro imprese» nell'indagine «{survey.title}»"
    )
    instant_scroll(page)
    screenshot("survey-indicator", focus=page.locator(".survey-source"))
