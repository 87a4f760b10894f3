"""Template helper of the cycle's home: the plan's version in force and any open revision."""

from __future__ import annotations

from django import template

from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import PlanVersion
from performa.apps.plans.versions import plan_version_last_recorded, plan_version_open

register = template.Library()


@register.simple_tag
def plan_version_state(cycle: Cycle) -> dict[str, PlanVersion | None]:
    """``{"current": <version in force or None>, "open": <open revision or None>}``."""
    return {
        "current": plan_version_last_recorded(cycle=cycle),
        "open": plan_version_open(cycle=cycle),
    }
