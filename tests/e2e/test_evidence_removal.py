"""Removing a supporting document in the browser: htmx asks for confirmation, swaps the list of
documents and keeps the form's version current, so the figure still saves afterwards."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from performa.apps.measurements.models import Evidence
from tests.e2e.conftest import DemoSite
from tests.e2e.test_cycle_flow import indicator_row

pytestmark = pytest.mark.e2e

CODE = "01_01_OP01_I01"  # target >= 350 N., an indicator of the officer's unit
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_document_is_removed_after_confirmation_and_the_figure_still_saves(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
) -> None:
    login("referente")
    page.goto(demo_site.url("indicatori/?periodo=S1"))
    row = indicator_row(page, CODE)
    row.get_by_role("link", name=re.compile(r"Inserisci")).click()
    row.get_by_role("textbox", name=re.compile(r"^Valore \(")).fill("400")
    row.get_by_label(re.compile("Documento di supporto")).set_input_files(
        {"name": "verbale.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    row.get_by_role("button", name="Salva bozza").click()
    expect(row).to_contain_text("Bozza salvata")
    [evidence] = Evidence.objects.all()
    stored = Path(evidence.file.path)
    assert stored.exists()

    row.get_by_role("link", name=re.compile(r"Modifica")).click()
    remove = row.get_by_role("button", name="Rimuovi verbale.pdf")
    expect(remove).to_be_visible()
    screenshot("evidence-listed", remove)

    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    remove.click()
    expect(remove).to_be_visible()
    assert dialogs == ["Rimuovere il documento «verbale.pdf»? Il file sarà eliminato."]
    assert Evidence.objects.count() == 1

    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(row.get_by_role("status")).to_contain_text("Documento «verbale.pdf» rimosso.")
    expect(row.get_by_role("link", name="verbale.pdf")).to_have_count(0)
    screenshot("evidence-removed", row.get_by_role("status"))
    assert not Evidence.objects.exists()
    assert not stored.exists()

    # The form kept what was typed and got the figure's new version: saving is no conflict.
    row.get_by_role("textbox", name=re.compile(r"^Valore \(")).fill("410")
    row.get_by_role("button", name="Salva bozza").click()
    expect(row).to_contain_text("Bozza salvata")
    expect(row).to_contain_text("410")
