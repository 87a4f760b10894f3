"""Reporting fixtures: the sample and demo reports, rendered once, and Debian's headless Chromium.

The browser comes from pytest-playwright's session-scoped fixtures (Chromium starts once per run),
launched from ``/usr/bin/chromium``; nothing is ever downloaded (STACK §3.4, pitfall 6.8).
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

from performa.reporting.document import Report
from performa.workbook.data import PlanData
from tests.reporting.sample import sample_report

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
def sample() -> Report:
    """The hand-built sample report: every block kind, a long table, every status."""
    return sample_report()


@pytest.fixture(scope="session")
def demo_report(demo_plan: PlanData) -> Report:
    """The demo administration's real 2024 Relazione, once ``compose`` exists."""
    compose = pytest.importorskip("performa.reporting.compose")
    from performa.scoring.rollup import score_plan
    from performa.workbook.convert import scoring_plan_for

    report: Report = compose.compose_report(
        demo_plan, score_plan(scoring_plan_for(demo_plan), demo_plan.rules)
    )
    return report
