"""Shared fixtures: the demo workbook, read once, and the demo cycle in the test database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

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


@pytest.fixture
def demo_cycle(db: None, demo_plan: PlanData) -> Cycle:
    """The demo cycle imported into the test database."""
    from performa.apps.plans.services import plan_import

    return plan_import(plan=demo_plan, actor_label="test").cycle
