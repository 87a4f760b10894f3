"""Browser tests: the demo administration in the live server's database, logins per role and
screenshots kept for people to look at.

``live_server`` is transactional, so the demo is imported inside the test (not in a
``django_db`` transaction) through the same services as ``performa demo``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from performa.apps.accounts.services import DEMO_PASSWORD, demo_accounts_ensure, demo_period_open

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page
    from pytest_django.live_server_helper import LiveServer

    from performa.workbook.data import PlanData

# A shared CI machine may be slow to answer an htmx request; a real failure still shows.
expect.set_options(timeout=15_000)

SCREENSHOT_DIR = Path("/tmp/e2e-screenshots")
"""Where the screenshots are copied for the lead to look at after the run."""


@dataclass(frozen=True, slots=True)
class DemoSite:
    """The live server with the demo cycle loaded and S1 open."""

    base_url: str
    administration: str
    year: int

    def url(self, path: str = "") -> str:
        """The absolute URL of ``path`` under ``/<administration>/<year>/``."""
        return f"{self.base_url}/{self.administration}/{self.year}/{path}"


@pytest.fixture
def demo_site(transactional_db: None, live_server: LiveServer, demo_plan: PlanData) -> DemoSite:
    """The demo administration imported, its accounts created and period S1 opened."""
    from performa.apps.plans.services import plan_import

    cycle = plan_import(plan=demo_plan, actor_label="e2e").cycle
    demo_accounts_ensure(administration=cycle.administration)
    demo_period_open(cycle=cycle)
    return DemoSite(live_server.url, cycle.administration.code, cycle.year)


@pytest.fixture
def login(page: Page, demo_site: DemoSite) -> Callable[[str], None]:
    """Log ``username`` in through the login page (logging out whoever was in)."""

    def log_in(username: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{demo_site.base_url}/accesso/")
        page.get_by_label("Nome utente").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Accedi").click()
        page.wait_for_load_state()
        assert "/accesso/" not in page.url, f"login of {username} failed"

    return log_in


FULL_PAGE_MAX_HEIGHT = 3000
"""Taller pages are shot as the viewport only (the cruscotto's tree is tens of screens)."""


@pytest.fixture
def screenshot(page: Page, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[..., Path]:
    """``screenshot(name, focus=None)``: save ``NN-name.png`` in ``tmp_path`` and copy it to
    ``SCREENSHOT_DIR`` (prefixed with the test module's name); returns the path in ``tmp_path``.

    With ``focus`` (a locator) the viewport is scrolled to it and shot; without, the whole page
    when it is short enough, else the top of it.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    prefix = request.path.stem.removeprefix("test_").replace("_", "-")
    taken: list[Path] = []

    def take(name: str, focus: Locator | None = None) -> Path:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        target = tmp_path / f"{len(taken) + 1:02d}-{slug}.png"
        if focus is not None:
            focus.first.evaluate("element => element.scrollIntoView({block: 'center'})")
            page.screenshot(path=str(target))
        else:
            height = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(path=str(target), full_page=height <= FULL_PAGE_MAX_HEIGHT)
        shutil.copy(target, SCREENSHOT_DIR / f"{prefix}-{target.name}")
        taken.append(target)
        return target

    return take
