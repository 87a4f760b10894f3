"""Reporting fixtures: the sample and demo reports, rendered once (the browser: tests/conftest)."""

from __future__ import annotations

import pytest

from performa.reporting.document import Report
from performa.workbook.data import PlanData
from tests.reporting.sample import sample_report


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
