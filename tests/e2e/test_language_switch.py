"""In the browser: a data-entry officer switches the interface to English and back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright_axe import Axe

from tests.e2e.conftest import DemoSite
from tests.e2e.test_accessibility import AXE_OPTIONS, blocking_violations

pytestmark = pytest.mark.e2e


def test_the_officer_switches_to_english_and_back(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
    tmp_path: Path,
) -> None:
    login("referente")
    page.goto(demo_site.url("indicatori/?periodo=S1"))
    navigation = page.get_by_role("navigation", name="Sezioni del ciclo")
    expect(navigation.get_by_role("link", name="Cruscotto")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "it")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/indicatori/?periodo=S1"), "the switch stays on the same page"
    navigation = page.get_by_role("navigation", name="Cycle sections")
    expect(navigation.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(navigation.get_by_role("link", name="My indicators")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("My indicators")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")
    screenshot("my indicators in English")
    results: dict[str, Any] = Axe(output_directory=tmp_path).run(
        page, options=AXE_OPTIONS, html_report_generated=False, json_report_generated=False
    )
    assert results.get("passes"), "axe-core did not run on the page"
    assert blocking_violations(results) == []

    page.goto(f"{demo_site.base_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your performance cycles")

    page.get_by_role("button", name="Italiano").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_have_text("I tuoi cicli della performance")
