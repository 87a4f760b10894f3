"""One cycle told end to end in the browser: the officer enters and submits two figures, the
office accepts one and sends the other back, the cruscotto moves, the OIV validates and from
then on nothing can be changed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import DemoSite

pytestmark = pytest.mark.e2e

OBJECTIVE = "01_01_OP01"
ACCEPTED = "01_01_OP01_I01"  # target >= 350 N.; 300 leaves it below target
RETURNED = "01_01_OP01_I02"  # target >= 7,50 N.; 8 is on target
RETURN_COMMENT = "Il dato di customer satisfaction va preso dal report di giugno."


def indicator_row(page: Page, code: str) -> Locator:
    """The ``<tbody>`` of one indicator on «I miei indicatori» (the htmx swap target)."""
    return page.locator("tbody.indicator-entry").filter(
        has=page.locator("th small", has_text=re.compile(rf"^{re.escape(code)}\b"))
    )


def objective_node(page: Page, code: str) -> Locator:
    """The row of objective ``code`` in the cruscotto's tree."""
    return page.locator("tbody.tree-node").filter(
        has=page.locator("span.code", has_text=re.compile(rf"^{re.escape(code)}$"))
    )


def objective_score(page: Page, code: str) -> str:
    """The evaluated score shown in the cruscotto's tree for objective ``code``."""
    return objective_node(page, code).locator(".score-evaluated").inner_text().strip()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Esci").click()
    page.wait_for_load_state()


def test_a_figure_goes_from_entry_to_review_to_the_dashboard_and_validation_locks_the_cycle(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
) -> None:
    dashboard_s1 = demo_site.url("cruscotto/?periodo=S1")

    # The cruscotto before any figure: the objective has no score for S1.
    login("controllo")
    page.goto(dashboard_s1)
    score_before = objective_score(page, OBJECTIVE)
    assert score_before == "N/D", score_before
    screenshot("cruscotto-before", objective_node(page, OBJECTIVE))
    log_out(page)

    # -- the officer enters two figures ------------------------------------------------------
    login("referente")
    page.goto(demo_site.url("indicatori/?periodo=S1"))
    expect(page.get_by_role("heading", name="I miei indicatori")).to_be_visible()
    screenshot("my-indicators", indicator_row(page, ACCEPTED))

    below = indicator_row(page, ACCEPTED)
    below.get_by_role("link", name=re.compile(r"Inserisci")).click()
    value = below.get_by_role("textbox", name=re.compile(r"^Valore \("))
    expect(value).to_be_visible()
    value.fill("300")
    expect(below.locator(".measurement-preview")).to_contain_text("Sotto target")
    below.get_by_role("button", name="Invia al controllo di gestione").click()
    # Refused: below target without a deviation explanation.
    deviation = below.get_by_label("Spiegazione dello scostamento")
    expect(deviation).to_have_attribute("aria-invalid", "true")
    expect(below.locator("[id^=err-deviation-]")).to_be_visible()
    expect(below.locator(".workflow-badge")).to_contain_text("Da inserire")
    screenshot("deviation-required", deviation)
    deviation.fill("Il primo semestre ha risentito della chiusura estiva dello sportello.")
    below.get_by_role("button", name="Invia al controllo di gestione").click()
    expect(below).to_contain_text("Valore inviato al controllo di gestione.")
    expect(below.locator(".workflow-badge")).to_contain_text("Inviato")

    on_target = indicator_row(page, RETURNED)
    on_target.get_by_role("link", name=re.compile(r"Inserisci")).click()
    on_target.get_by_role("textbox", name=re.compile(r"^Valore \(")).fill("8")
    on_target.get_by_role("button", name="Invia al controllo di gestione").click()
    expect(on_target).to_contain_text("Valore inviato al controllo di gestione.")
    screenshot("two-figures-submitted", below)
    log_out(page)

    # -- the office reviews --------------------------------------------------------------------
    login("controllo")
    page.goto(demo_site.url("revisione/?periodo=S1"))
    expect(page.get_by_role("heading", name="Revisione dei valori inviati")).to_be_visible()
    screenshot("review-before")
    accepted_item = page.locator("li.review-item").filter(has_text=ACCEPTED)
    accepted_item.get_by_role("button", name=re.compile(r"^Accetta")).click()
    expect(accepted_item).to_contain_text("Valore accettato.")
    returned_item = page.locator("li.review-item").filter(has_text=RETURNED)
    returned_item.get_by_label(re.compile(r"Motivo del rinvio")).fill(RETURN_COMMENT)
    returned_item.get_by_role("button", name=re.compile(r"^Rinvia al referente")).click()
    expect(returned_item).to_contain_text("Valore rinviato al referente")
    screenshot("review-after")

    # The accepted figure counts in the cruscotto.
    page.goto(dashboard_s1)
    score_after = objective_score(page, OBJECTIVE)
    screenshot("cruscotto-after", objective_node(page, OBJECTIVE))
    # 300 against >= 350 is 85,71 %, the objective's only accepted figure (DOMAIN §2).
    assert score_after != score_before, (score_before, score_after)
    assert re.fullmatch(r"85,71\s*%", score_after), score_after
    log_out(page)

    # -- the officer sees the returned figure and the office's comment -------------------------
    login("referente")
    page.goto(demo_site.url("indicatori/?periodo=S1"))
    returned = indicator_row(page, RETURNED)
    expect(returned.locator(".workflow-badge")).to_contain_text("Rinviato")
    expect(returned).to_contain_text(RETURN_COMMENT)
    screenshot("returned-with-comment", returned)
    log_out(page)

    # -- the OIV validates ---------------------------------------------------------------------
    login("oiv")
    page.goto(demo_site.url("validazione/"))
    page.get_by_label("Estremi dell'atto").fill("Verbale dell'OIV n. 1 del 2025")
    page.get_by_label("Data dell'atto").fill(date.today().isoformat())
    page.get_by_label("Testo della validazione").fill("L'OIV valida la Relazione 2024.")
    confirm = page.get_by_label(re.compile(r"^Confermo la validazione"))
    page.locator("label[for=id_confirm]").click()  # Bootstrap Italia draws the box on the label
    expect(confirm).to_be_checked()
    screenshot("validation-form")
    page.get_by_role("button", name="Valida il ciclo").click()
    expect(page.locator(".validation-banner")).to_contain_text("Validato dall'OIV")
    screenshot("cycle-validated")
    log_out(page)

    # -- afterwards nothing can be edited ------------------------------------------------------
    login("referente")
    page.goto(demo_site.url("indicatori/?periodo=S1"))
    expect(page.get_by_role("status").filter(has_text="validato dall'OIV")).to_be_visible()
    expect(
        indicator_row(page, RETURNED).get_by_role("link", name=re.compile("Modifica"))
    ).to_have_count(0)
    entry_url = demo_site.url(f"indicatori/S1/{RETURNED}/")
    page.goto(entry_url)
    expect(page.locator("main")).to_contain_text("Questo valore non si può modificare ora")
    screenshot("edit-refused")
    # A hand-made POST, as a stale page would send it: the service refuses it.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        entry_url,
        form={"value": "9", "version": "2", "action": "submit"},
        headers={"X-CSRFToken": csrf, "Referer": entry_url},
    )
    assert response.status in (400, 403), response.status
    assert f"Il ciclo {demo_site.year} è stato validato" in response.text()
    page.goto(demo_site.url())
    expect(page.locator(".validation-banner")).to_contain_text("Validato dall'OIV")
    screenshot("cycle-page-banner")
