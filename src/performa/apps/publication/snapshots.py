"""The public snapshot of a cycle: what the transparency pages and open data may show, as JSON.

Built from plain data only (``PlanData`` and, for results, the scored tree frozen by the OIV's
validation), so it holds exactly what is listed here and nothing else: the tree, the
indicators with their targets and, for results, actual values, scores and statuses. People,
assignments, figures' comments, evidence, overrides' justifications and notes are never read.
No ORM here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from performa.reporting.formatting import format_date, format_percent, format_value
from performa.reporting.score_table import ScoreItem, target_value
from performa.workbook.data import PlanData

PUBLIC_SNAPSHOT_FORMAT: Final = 1

JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ActInfo:
    """An act named on the public pages: the plan's adoption or the OIV's validation."""

    reference: str
    act_on: date | None
    text: str = ""
    number: int | None = None


def raw_value(value: Decimal | date | bool | None) -> str | None:
    """A value as open data writes it: ``12.5``, ``2024-02-28``, ``true``; ``None`` stays."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def _decimal(number: Decimal | None) -> str | None:
    return None if number is None else format(number, "f")


def _act(act: ActInfo | None) -> JsonDict | None:
    if act is None:
        return None
    return {
        "reference": act.reference,
        "act_on": act.act_on.isoformat() if act.act_on else None,
        "act_on_text": format_date(act.act_on) if act.act_on else "",
        "text": act.text,
        "number": act.number,
    }


def _score_fields(item: ScoreItem | None) -> JsonDict:
    if item is None:
        return {
            "computed_percent": None,
            "evaluated_percent": None,
            "percent_text": "",
            "status": "",
            "status_label": "",
        }
    return {
        "computed_percent": _decimal(item.computed_percent),
        "evaluated_percent": _decimal(item.evaluated_percent),
        "percent_text": format_percent(item.evaluated_percent),
        "status": item.status,
        "status_label": item.status_label,
    }


def public_snapshot_of(
    *,
    kind: str,
    plan: PlanData,
    plan_act: ActInfo | None,
    validation: ActInfo | None = None,
    scored_root: ScoreItem | None = None,
    period_code: str | None = None,
) -> JsonDict:
    """The public snapshot of ``plan``; with ``scored_root`` (results) its frozen figures.

    For the plan alone, actual values, scores and statuses are empty.
    """
    nodes: dict[str, ScoreItem] = {}
    indicator_items: dict[str, ScoreItem] = {}
    link_items: dict[tuple[str, str], ScoreItem] = {}
    if scored_root is not None:
        for item in scored_root.walk():
            if item.is_indicator:
                indicator_items.setdefault(item.code, item)
                link_items[(item.parent_code, item.code)] = item
            else:
                nodes.setdefault(item.code, item)
    level_names = {level.key: level.name for level in plan.levels}
    level_depths = {level.key: level.depth for level in plan.levels}
    units = {unit.code: unit.name for unit in plan.units}
    objectives = [
        {
            "code": node.code,
            "parent_code": node.parent_code,
            "level": node.level,
            "level_name": level_names.get(node.level, node.level),
            "depth": level_depths.get(node.level, 0),
            "name": node.name,
            "description": node.description,
            "weight": _decimal(node.weight),
            "owner_unit": units.get(node.owner_unit or "", ""),
            **_score_fields(nodes.get(node.code) if scored_root is not None else None),
        }
        for node in plan.nodes
    ]
    indicators = []
    for definition in plan.indicators:
        target = target_value(definition.target)
        scored = indicator_items.get(definition.code)
        actual = scored.actual if scored is not None else None
        indicators.append(
            {
                "code": definition.code,
                "name": definition.name,
                "description": definition.description,
                "unit": definition.unit,
                "operator": definition.target.comparator.value,
                "target": raw_value(target),
                "target_upper": _decimal(definition.target.upper),
                "target_text": format_value(target, definition.unit),
                "baseline": _decimal(definition.baseline),
                "baseline_year": definition.baseline_year,
                "data_source": definition.data_source,
                "later_targets": [
                    {
                        "year": later.year,
                        "operator": later.target.comparator.value,
                        "target": raw_value(target_value(later.target)),
                    }
                    for later in definition.later_targets
                ],
                "actual": raw_value(actual),
                "actual_text": format_value(actual, definition.unit) if scored else "",
                **_score_fields(scored),
            }
        )
    links = [
        {
            "objective_code": link.objective_code,
            "indicator_code": link.indicator_code,
            "weight": _decimal(link.weight),
            **_score_fields(link_items.get((link.objective_code, link.indicator_code))),
        }
        for link in plan.links
    ]
    info = plan.cycle
    return {
        "format": PUBLIC_SNAPSHOT_FORMAT,
        "kind": kind,
        "administration": {"code": info.administration_code, "name": info.administration_name},
        "year": info.year,
        "title": info.title,
        "plan_act": _act(plan_act),
        "validation": _act(validation),
        "period_code": period_code,
        "levels": [
            {"depth": level.depth, "key": level.key, "name": level.name} for level in plan.levels
        ],
        "entity": _score_fields(scored_root),
        "objectives": objectives,
        "indicators": indicators,
        "links": links,
    }


def snapshot_digest(snapshot: JsonDict) -> str:
    """SHA-256 of the snapshot's canonical JSON: equal content, equal digest (the ETag)."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
