"""Small builders for scoring tests: indicators scoring a given percent, nodes, plans."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from performa.scoring import (
    ENTITY_LEVEL,
    Comparator,
    Indicator,
    Link,
    Measurement,
    Node,
    Override,
    Plan,
    RuleSet,
    ScoredPlan,
    Target,
    score_plan,
)

D = Decimal


def scoring(code: str, percent: str | None, *, reason: str = "") -> Indicator:
    """An indicator whose achievement is ``percent`` (``>= 100`` with actual ``percent``)."""
    value = None if percent is None else D(percent)
    return Indicator(
        code,
        f"Indicator {code}",
        Target(Comparator.AT_LEAST, D(100)),
        Measurement(value, reason),
        unit="%",
    )


def links(*pairs: tuple[str, str | None]) -> tuple[Link, ...]:
    """Links from ``(indicator_code, weight)`` pairs; ``None`` is "no weight given"."""
    return tuple(Link(code, None if weight is None else D(weight)) for code, weight in pairs)


def entity(*children: Node, code: str = "E") -> Node:
    return Node(code, "Ente", ENTITY_LEVEL, children=children)


def plan_of(
    root: Node,
    indicators: list[Indicator],
    *,
    node_overrides: Mapping[str, Override] | None = None,
    indicator_overrides: Mapping[str, Override] | None = None,
) -> Plan:
    return Plan(
        root,
        {indicator.code: indicator for indicator in indicators},
        dict(node_overrides or {}),
        dict(indicator_overrides or {}),
    )


def score(
    root: Node,
    indicators: list[Indicator],
    rules: RuleSet | None = None,
    **overrides: Mapping[str, Override],
) -> ScoredPlan:
    return score_plan(plan_of(root, indicators, **overrides), rules or RuleSet())


def shown(percent: Decimal | None, rules: RuleSet | None = None) -> Decimal | None:
    """``percent`` as displayed (two decimals, half up by default)."""
    return None if percent is None else (rules or RuleSet()).round_percent(percent)
