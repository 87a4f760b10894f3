"""Reads of cycles: the scored tree of a cycle, computed once from its stored plan and figures."""

from __future__ import annotations

from performa.apps.cycles.models import Cycle
from performa.apps.plans.selectors import plan_data_for
from performa.scoring import ScoredPlan, score_plan
from performa.workbook.convert import scoring_plan_for
from performa.workbook.data import PlanData


def cycle_scores(
    *, cycle: Cycle, period_code: str | None = None, plan: PlanData | None = None
) -> ScoredPlan:
    """Every score of ``cycle`` for a monitoring period (default: the final one).

    ``plan`` may be passed when the caller already holds the cycle's ``PlanData``.
    """
    plan = plan if plan is not None else plan_data_for(cycle=cycle)
    return score_plan(scoring_plan_for(plan, period_code), plan.rules)
