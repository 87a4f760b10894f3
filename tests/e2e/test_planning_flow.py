"""The office plans a year in the browser: it builds a small plan from nothing, adopts it,
copies it to the next year and revises it with an act; the comparison shows the change."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from performa.apps.accounts.services import DEMO_PASSWORD
from performa.apps.administrations.models import Membership, Role
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator, PlanVersion
from performa.workbook.data import PlanData

pytestmark = pytest.mark.e2e

ENTITY = "ente-prova"


@pytest.fixture
def empty_cycle(transactional_db: None, live_server: LiveServer, demo_plan: PlanData) -> str:
    """An administration with an empty 2025 cycle (levels and periods, no tree), as an empty
    plan workbook would create it, and an office account; returns the site's URL."""
    from performa.apps.plans.services import plan_import

    cycle_info = dataclasses.replace(
        demo_plan.cycle,
        administration_code=ENTITY,
        administration_name="Ente di prova",
        year=2025,
        title="Piano 2025",
        plan_act="",
        report_act="",
    )
    periods = tuple(
        dataclasses.replace(
            period,
            name=period.name.replace("2024", "2025"),
            starts_on=period.starts_on.replace(year=2025),
            ends_on=period.ends_on.replace(year=2025),
        )
        for period in demo_plan.periods
    )
    empty = PlanData(
        cycle=cycle_info,
        rules=demo_plan.rules,
        levels=demo_plan.levels,
        nodes=(),
        indicators=(),
        links=(),
        periods=periods,
    )
    cycle = plan_import(plan=empty, actor_label="e2e").cycle
    office = User.objects.create_user("ufficio", password=DEMO_PASSWORD, first_name="Ufficio")
    Membership.objects.create(administration=cycle.administration, user=office, role=Role.OFFICE)
    return str(live_server.url)


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accesso/")
    page.get_by_label("Nome utente").fill("ufficio")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_load_state()


def test_the_office_builds_adopts_copies_and_revises_a_plan(
    page: Page, empty_cycle: str, screenshot: Callable[..., Path]
) -> None:
    base = empty_cycle
    plan_url = f"{base}/{ENTITY}/2025/piano/"
    log_in(page, base)

    # 1. From nothing: an area, an operational objective under it... (three levels down)
    page.goto(plan_url)
    page.get_by_role("link", name=re.compile("^Nuovo nodo")).click()
    page.get_by_label("Codice").fill("A1")
    page.get_by_label("Denominazione").fill("Servizi alle imprese")
    page.get_by_label("Peso %").fill("100")
    page.get_by_role("button", name="Aggiungi il nodo").click()
    for code, name, parent in (
        ("A1_S1", "Semplificare i procedimenti", "A1"),
        ("A1_S1_O1", "Registro delle imprese più rapido", "A1_S1"),
    ):
        page.goto(plan_url)
        page.get_by_role("link", name=re.compile(f"^Aggiungi .* sotto {parent}$")).click()
        page.get_by_label("Codice").fill(code)
        page.get_by_label("Denominazione").fill(name)
        page.get_by_label("Peso %").fill("100")
        page.get_by_role("button", name="Aggiungi il nodo").click()

    # ...an indicator with its target, linked to the objective with its weight.
    page.goto(plan_url)
    page.get_by_role("link", name="Nuovo indicatore").click()
    page.get_by_label("Codice").fill("A1_S1_O1_I1")
    page.get_by_label("Denominazione").fill("Pratiche evase entro 5 giorni")
    page.get_by_label("Unità di misura").fill("%")
    page.locator("#id_comparator").select_option(">=")  # the cycle year's own target
    page.locator("#id_target_value").fill("85,5")
    page.get_by_role("button", name="Salva l'indicatore").click()
    page.goto(f"{plan_url}nodi/A1_S1_O1/")
    page.get_by_label("Indicatore del ciclo").select_option("A1_S1_O1_I1")
    page.locator("#link-weight").fill("100")
    page.get_by_role("button", name="Collega").click()
    page.goto(plan_url)
    tree = page.locator("table.plan-tree")
    for code in ("A1", "A1_S1", "A1_S1_O1", "A1_S1_O1_I1"):
        expect(tree).to_contain_text(code)
    screenshot("plan-built", focus=tree)
    indicator = Indicator.objects.get(cycle__year=2025, code="A1_S1_O1_I1")
    assert indicator.target_value == 85.5
    assert indicator.links.get().weight == 100

    # 2. Adopted with its act: the plan closes to free editing.
    page.goto(f"{plan_url}versioni/")
    adoption = page.locator("form.plan-adoption-form")
    adoption.get_by_label("Estremi dell'atto di adozione").fill("Delibera di Giunta n. 5")
    adoption.get_by_label("Data dell'atto").fill("2025-01-30")
    adoption.get_by_role("button", name="Registra l'adozione").click()
    expect(page.locator("main")).to_contain_text("Delibera di Giunta n. 5")
    page.goto(plan_url)
    expect(page.get_by_role("link", name="Nuovo indicatore")).to_have_count(0)

    # 3. Copied to 2026, its targets to review.
    page.goto(f"{plan_url}copia/")
    page.get_by_role("button", name="Crea il nuovo ciclo").click()
    page.wait_for_load_state()
    assert "/2026/" in page.url
    expect(page.locator("main")).to_contain_text("A1_S1_O1_I1")
    screenshot("copied-targets-to-review")
    copied = Indicator.objects.get(cycle__year=2026, code="A1_S1_O1_I1")
    assert copied.target_to_review
    assert copied.target_value == 85.5

    # 4. Revised in 2025 with an act: the target rises; the comparison lists the change.
    page.goto(f"{plan_url}versioni/")
    revision = page.locator("form.plan-revision-form")
    revision.get_by_label("Estremi dell'atto di variazione").fill("Delibera di Giunta n. 40")
    revision.get_by_label("Data dell'atto").fill("2025-06-15")
    revision.get_by_label("Motivo della variazione").fill("Obiettivo più ambizioso")
    revision.get_by_role("button", name="Apri la variazione").click()
    page.goto(f"{plan_url}indicatori/A1_S1_O1_I1/")
    page.locator("#id_target_value").fill("90")
    page.get_by_role("button", name="Salva l'indicatore").click()
    page.goto(f"{plan_url}versioni/")
    page.get_by_role("button", name=re.compile("^Registra")).first.click()
    page.wait_for_load_state()
    versions = PlanVersion.objects.filter(cycle__year=2025).order_by("number")
    assert [(version.number, version.status) for version in versions] == [
        (1, "recorded"),
        (2, "recorded"),
    ]
    page.goto(f"{plan_url}versioni/confronto/?da=1&a=2")
    changes = page.locator("main")
    expect(changes).to_contain_text("A1_S1_O1_I1")
    expect(changes).to_contain_text("90")
    screenshot("revision-compared")
    assert (
        Cycle.objects.get(administration__code=ENTITY, year=2025).indicators.get().target_value
        == 90
    )
    assert date(2025, 6, 15) == versions.last().act_on  # type: ignore[union-attr]
