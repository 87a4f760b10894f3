"""axe-core (WCAG 2.0/2.1 A and AA) on the main pages, each seen by the role that uses it: no
serious or critical violation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from pytest_playwright_axe import Axe

from tests.e2e.conftest import DemoSite

pytestmark = pytest.mark.e2e

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def blocking_violations(results: dict[str, Any]) -> list[str]:
    """One line per serious or critical violation: rule, impact, help and the first targets."""
    lines = []
    for violation in results.get("violations", []):
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(targets)} element(s): {'; '.join(targets[:5])}]"
        )
    return lines


@pytest.mark.parametrize(
    ("name", "username", "path"),
    [
        ("home", "referente", None),
        ("my-indicators", "referente", "indicatori/?periodo=S1"),
        ("cruscotto", "controllo", "cruscotto/?periodo=S1"),
        ("objective", "controllo", "obiettivi/01_01_OP01/?periodo=S1"),
        ("plan-tree", "controllo", "piano/"),
        ("plan-versions", "controllo", "piano/versioni/"),
        ("plan-comparison", "controllo", "piano/versioni/confronto/"),
        ("base-measures", "referente", "misure-di-base/?periodo=FY"),
    ],
)
def test_the_page_has_no_serious_or_critical_wcag_violation(
    page: Page,
    demo_site: DemoSite,
    login: Callable[[str], None],
    screenshot: Callable[..., Path],
    tmp_path: Path,
    name: str,
    username: str,
    path: str | None,
) -> None:
    login(username)
    response = page.goto(f"{demo_site.base_url}/" if path is None else demo_site.url(path))
    assert response is not None
    assert response.ok, response.status
    page.wait_for_load_state("networkidle")
    screenshot(f"{name}-{username}")
    results = Axe(output_directory=tmp_path).run(
        page, options=AXE_OPTIONS, html_report_generated=False, json_report_generated=False
    )
    assert results.get("passes"), "axe-core did not run on the page"
    problems = blocking_violations(results)
    assert not problems, f"{name} ({page.url}):\n" + "\n".join(problems)
