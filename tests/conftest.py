"""Shared fixtures: the demo workbook, read once, the demo cycle in the test database, and
Debian's headless Chromium for browser tests.

The browser comes from pytest-playwright's session-scoped fixtures (Chromium starts once per
run), launched from ``/usr/bin/chromium``; nothing is ever downloaded (STACK §3.4, pitfall 6.8).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from performa.workbook.data import PlanData

if TYPE_CHECKING:
    from performa.apps.cycles.models import Cycle
from performa.workbook.reader import read_workbook

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEMO_WORKBOOK = Path(__file__).resolve().parent.parent / "src/performa/demo/performa-demo-2024.xlsx"


@pytest.fixture(scope="session")
def demo_plan() -> PlanData:
    """The demo administration's 2024 plan, read from the shipped workbook."""
    result = read_workbook(DEMO_WORKBOOK)
    assert result.plan is not None, "\n".join(str(error) for error in result.errors)
    return result.plan


@pytest.fixture(autouse=True)
def _isolated_files_and_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Generated files, cached reports and uploads go to a throwaway folder, never to ./var;
    cached page parts do not outlive the test."""
    from django.core.cache import cache
    from django.test import override_settings

    home = tmp_path_factory.mktemp("performa-home")
    with override_settings(PERFORMA_HOME=home, MEDIA_ROOT=home / "media"):
        yield
    cache.clear()


@pytest.fixture
def demo_cycle(db: None, demo_plan: PlanData) -> Cycle:
    """The demo cycle imported into the test database."""
    from performa.apps.plans.services import plan_import

    return plan_import(plan=demo_plan, actor_label="test").cycle


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, headless, with no sandbox (root) and no background network traffic."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """An Italian browser, as the users': with an English catalogue, Chromium's default
    en-US Accept-Language would otherwise open every page in English."""
    return {**browser_context_args, "locale": "it-IT"}
