"""The public transparency pages in Chromium: no serious or critical WCAG 2.1 AA violation
(axe-core), and usable on a phone (390 px wide: nothing wider than the screen)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_playwright_axe import Axe

from tests.e2e.conftest import DemoSite
from tests.e2e.test_accessibility import AXE_OPTIONS, blocking_violations

pytestmark = pytest.mark.e2e

PAGES = (
    ("index", "/trasparenza/"),
    ("tree", "/trasparenza/{administration}/{year}/"),
    ("objective", "/trasparenza/{administration}/{year}/obiettivi/01_01_0502/"),
    ("indicator", "/trasparenza/{administration}/{year}/indicatori/{indicator}/"),
    ("validation", "/trasparenza/{administration}/{year}/atti/validazione/"),
    ("catalogue", "/opendata/"),
)


_WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8).map(e => e.tagName + '.' + e.className)"""


def _publish_results(demo_site: DemoSite) -> str:
    """Adopt, validate and publish the demo's results; returns an indicator's code."""
    from django.contrib.auth.models import User

    from performa.apps.administrations.access import actor_for
    from performa.apps.cycles.models import Cycle
    from performa.apps.cycles.services import cycle_validate
    from performa.apps.plans.versions import plan_version_adopt
    from performa.apps.publication.models import PublicationKind
    from performa.apps.publication.services import publication_publish

    office = actor_for(User.objects.get(username="controllo"), demo_site.administration)
    oiv = actor_for(User.objects.get(username="oiv"), demo_site.administration)
    cycle = Cycle.objects.get(administration__code=demo_site.administration, year=demo_site.year)
    plan_version_adopt(
        actor=office, cycle=cycle, act_reference="Delibera n. 5", act_on=date(2024, 1, 31)
    )
    cycle_validate(
        actor=oiv,
        cycle=cycle,
        act_reference="Verbale OIV n. 1/2025",
        act_on=date(2025, 4, 30),
        text="L'OIV valida la Relazione sulla performance 2024.",
    )
    cycle.refresh_from_db()
    publication = publication_publish(actor=office, cycle=cycle, kind=PublicationKind.RESULTS)
    return str(publication.snapshot["indicators"][0]["code"])


def test_the_public_pages_are_accessible_and_fit_a_phone(
    page: Page, demo_site: DemoSite, screenshot: Callable[..., Path], tmp_path: Path
) -> None:
    indicator = _publish_results(demo_site)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 844})
        for name, template in PAGES:
            path = template.format(
                administration=demo_site.administration, year=demo_site.year, indicator=indicator
            )
            response = page.goto(demo_site.base_url + path)
            assert response is not None
            assert response.ok, (path, response.status)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            wide = page.evaluate(_WIDE_ELEMENTS) if overflow > 0 else []
            assert overflow <= 0, f"{path} is {overflow}px wider than {width}px: {wide}"
            screenshot(f"{name}-{width}")
            if width == 390:
                continue
            results = Axe(output_directory=tmp_path).run(
                page, options=AXE_OPTIONS, html_report_generated=False, json_report_generated=False
            )
            assert results.get("passes"), "axe-core did not run on the page"
            problems = blocking_violations(results)
            assert not problems, f"{name} ({page.url}):\n" + "\n".join(problems)
