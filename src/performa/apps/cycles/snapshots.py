"""The frozen results of a validated cycle: the scored tree as JSON, and back as ``ScoreItem``.

The OIV's validation stores this snapshot so that later changes to rules, data or code cannot
alter the validated figures. Plain data in and out: no ORM here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from performa.reporting.score_table import ScoreItem

SNAPSHOT_FORMAT: Final = 1
"""Bumped when the layout changes; readers keep understanding every earlier format."""

JsonValue = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FrozenScores:
    """The scored tree of a validated cycle, as it stood when the OIV validated it.

    ``root`` is the entity row (``ScoreItem``, the shape of ``performa score``); ``rules`` the
    rule settings then in force; ``period_code`` the period whose figures were scored.
    """

    root: ScoreItem
    rules: dict[str, str]
    taken_at: datetime
    period_code: str | None
    nodes: dict[str, ScoreItem] = field(default_factory=dict)
    """Every node row (entity, areas, objectives...) by code."""
    indicators: dict[str, ScoreItem] = field(default_factory=dict)
    """Every indicator row by code (an indicator linked twice appears once)."""


def _encode_decimal(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def _decode_decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _encode_value(value: Decimal | date | bool | None) -> JsonValue | None:
    """A target or actual value, tagged with its kind so that it reads back exactly."""
    if value is None:
        return None
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return {"number": str(value)}


def _decode_value(data: JsonValue | None) -> Decimal | date | bool | None:
    if data is None:
        return None
    if "bool" in data:
        return bool(data["bool"])
    if "date" in data:
        return date.fromisoformat(data["date"])
    return Decimal(data["number"])


def _encode_item(item: ScoreItem) -> JsonValue:
    return {
        "level": item.level,
        "code": item.code,
        "parent_code": item.parent_code,
        "name": item.name,
        "depth": item.depth,
        "weight": _encode_decimal(item.weight),
        "operator": item.operator,
        "target": _encode_value(item.target),
        "target_upper": _encode_decimal(item.target_upper),
        "unit": item.unit,
        "actual": _encode_value(item.actual),
        "computed_percent": _encode_decimal(item.computed_percent),
        "evaluated_percent": _encode_decimal(item.evaluated_percent),
        "status": item.status,
        "status_label": item.status_label,
        "children": [_encode_item(child) for child in item.children],
    }


def _decode_item(data: JsonValue) -> ScoreItem:
    target = _decode_value(data["target"])
    return ScoreItem(
        level=data["level"],
        code=data["code"],
        parent_code=data["parent_code"],
        name=data["name"],
        depth=int(data["depth"]),
        weight=_decode_decimal(data["weight"]),
        operator=data["operator"],
        target=target,
        target_upper=_decode_decimal(data["target_upper"]),
        unit=data["unit"],
        actual=_decode_value(data["actual"]),
        computed_percent=_decode_decimal(data["computed_percent"]),
        evaluated_percent=_decode_decimal(data["evaluated_percent"]),
        status=data["status"],
        status_label=data["status_label"],
        children=[_decode_item(child) for child in data["children"]],
    )


def snapshot_of(
    *, root: ScoreItem, rules: dict[str, str], taken_at: datetime, period_code: str | None
) -> JsonValue:
    """The JSON-serialisable snapshot of a scored tree; decimals are kept as exact strings."""
    return {
        "format": SNAPSHOT_FORMAT,
        "taken_at": taken_at.isoformat(),
        "period_code": period_code,
        "rules": dict(rules),
        "tree": _encode_item(root),
    }


def frozen_scores_from(snapshot: JsonValue) -> FrozenScores:
    """Read back a snapshot written by ``snapshot_of``."""
    root = _decode_item(snapshot["tree"])
    nodes: dict[str, ScoreItem] = {}
    indicators: dict[str, ScoreItem] = {}
    for item in root.walk():
        (indicators if item.is_indicator else nodes).setdefault(item.code, item)
    return FrozenScores(
        root=root,
        rules=dict(snapshot["rules"]),
        taken_at=datetime.fromisoformat(snapshot["taken_at"]),
        period_code=snapshot["period_code"],
        nodes=nodes,
        indicators=indicators,
    )
