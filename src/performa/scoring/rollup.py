"""The roll-up: score every indicator once, then every node from the bottom of the tree up.

Results are frozen, structured data; explanation text is built on demand by ``explain``.
Standard library only: no Django, no file formats.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from operator import mul
from typing import Final

from performa.scoring.errors import PlanError, TargetError, UnknownCodeError
from performa.scoring.model import Measurement, Node, Override, Plan, Target
from performa.scoring.rules import Aggregation, RuleSet
from performa.scoring.statuses import (
    IndicatorStatus,
    ObjectiveStatus,
    classify_indicator,
    classify_objective,
)
from performa.scoring.targets import SCORING_CONTEXT, Achievement, score_target

__all__ = ["Contribution", "IndicatorScore", "NodeScore", "ScoredPlan", "score_plan"]

_HUNDRED: Final = Decimal(100)
_ZERO: Final = Decimal(0)


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """One indicator, scored once for the whole plan (it may be linked to several objectives).

    ``computed_percent`` is the rule's unrounded achievement (``None``: N/D);
    ``evaluated_percent`` is the override's when there is one, else the computed one, and is
    what statuses and the roll-up use.
    """

    code: str
    name: str
    unit: str
    target: Target
    measurement: Measurement | None
    computed_percent: Decimal | None
    evaluated_percent: Decimal | None
    override: Override | None
    status: IndicatorStatus
    achievement: Achievement


@dataclass(frozen=True, slots=True)
class Contribution:
    """One item of a node's average: a child node or a linked indicator.

    ``planned_weight`` is the weight on record (percent or ``None``); ``effective_weight`` is the
    share actually used, in percent, 0 for an item without a value (N/D); ``percent`` is the
    item's evaluated score, unrounded.
    """

    code: str
    is_indicator: bool
    planned_weight: Decimal | None
    effective_weight: Decimal
    percent: Decimal | None


@dataclass(frozen=True, slots=True)
class NodeScore:
    """A scored node: entity, area or objective.

    ``computed_percent`` comes from ``contributions`` by ``aggregation``; ``evaluated_percent``
    is the override's when there is one, and is what the parent uses. ``measured_count`` of
    ``planned_count`` linked indicators have a value ("Indicatori valutati x di y").
    """

    code: str
    name: str
    level: str
    weight: Decimal | None
    computed_percent: Decimal | None
    evaluated_percent: Decimal | None
    override: Override | None
    status: ObjectiveStatus
    aggregation: Aggregation
    over_level: str | None
    contributions: tuple[Contribution, ...]
    children: tuple[NodeScore, ...]
    measured_count: int
    planned_count: int

    def walk(self) -> Iterator[NodeScore]:
        """This node and its descendants, depth first, in tree order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class ScoredPlan:
    """A plan's scores: the scored tree, the indicators by code, and the rule set used."""

    root: NodeScore
    indicators: Mapping[str, IndicatorScore]
    rules: RuleSet
    _nodes: dict[str, NodeScore] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_nodes", {node.code: node for node in self.root.walk()})

    def node(self, code: str) -> NodeScore:
        """The scored node ``code``; ``UnknownCodeError`` (a ``KeyError``) if there is none."""
        try:
            return self._nodes[code]
        except KeyError:
            raise UnknownCodeError(f"no node has code {code!r}", location=code) from None

    def indicator(self, code: str) -> IndicatorScore:
        """The scored indicator ``code``; ``UnknownCodeError`` (a ``KeyError``) if none."""
        try:
            return self.indicators[code]
        except KeyError:
            raise UnknownCodeError(f"no indicator has code {code!r}", location=code) from None

    def nodes(self) -> tuple[NodeScore, ...]:
        """Every scored node, depth first, in tree order (the root first)."""
        return tuple(self._nodes.values())

    def find(self, code: str) -> NodeScore | IndicatorScore | None:
        """The node or indicator with ``code``, or ``None``. Node and indicator codes never clash."""
        node = self._nodes.get(code)
        return node if node is not None else self.indicators.get(code)

    def links_of(self, indicator_code: str) -> tuple[tuple[NodeScore, Contribution], ...]:
        """The nodes ``indicator_code`` is linked to, in tree order, each with its contribution."""
        return tuple(
            (node, contribution)
            for node in self._nodes.values()
            for contribution in node.contributions
            if contribution.is_indicator and contribution.code == indicator_code
        )


def score_plan(plan: Plan, rules: RuleSet) -> ScoredPlan:
    """Score every indicator once and roll the scores up the tree.

    Inputs: ``plan`` (tree, indicators by code, overrides by code); ``rules`` (thresholds, level
    rules, deadline convention, display rounding). Every percent is an unrounded ``Decimal``
    from 0 to 100; display rounding is used only to pick statuses. A node's items are its
    children and links, or its descendants at ``LevelRule.over_level``; N/D items get effective
    weight 0 and the others share their planned weights in proportion; no valued item → no
    score and status NOT_AVAILABLE. Overrides replace the evaluated score, never the computed.
    Raises ``PlanError`` (with the code at fault in ``location``) for duplicate or clashing
    codes, unknown or repeated indicator links, negative weights, a mix of given and missing
    weights in a weighted mean, links on a node that averages a lower level, and overrides
    outside [0, 100], without justification or for an unknown code; ``TargetError`` (with the
    indicator code) for a target that cannot be scored.
    Source: DOMAIN.md "Decisions already taken" (N/D, rounding, roll-up), §2.4–§2.7.
    """
    # Scoring allocates a few objects per indicator and no reference cycles; with the collector
    # on, its passes over the whole heap (the plan included) cost ~40 % of a large plan's run.
    was_collecting = gc.isenabled()
    gc.disable()
    try:
        with localcontext(SCORING_CONTEXT):
            indicators = _score_indicators(plan, rules)
            scorer = _NodeScorer(plan, rules, indicators)
            root = scorer.score(plan.root)
            scorer.check_overrides_and_codes()
            return ScoredPlan(root, indicators, rules)
    finally:
        if was_collecting:
            gc.enable()


def _check_override(override: Override, kind: str, code: str) -> None:
    percent = override.evaluated_percent
    if not isinstance(percent, Decimal) or not percent.is_finite():
        raise PlanError(f"override of {kind} {code!r}: the score must be a Decimal", location=code)
    if not _ZERO <= percent <= _HUNDRED:
        raise PlanError(
            f"override of {kind} {code!r}: {percent} is outside 0–100 percent", location=code
        )
    if not override.justification.strip():
        raise PlanError(f"override of {kind} {code!r} needs a justification", location=code)


def _score_indicators(plan: Plan, rules: RuleSet) -> dict[str, IndicatorScore]:
    overrides = plan.indicator_overrides
    for code, checked in overrides.items():
        if code not in plan.indicators:
            raise PlanError(f"override of unknown indicator {code!r}", location=code)
        _check_override(checked, "indicator", code)
    thresholds = rules.indicator_thresholds
    round_percent = rules.round_percent
    met_status = classify_indicator(_HUNDRED, thresholds, round_percent=round_percent)
    not_available = IndicatorStatus.NOT_AVAILABLE
    scores: dict[str, IndicatorScore] = {}
    for code, indicator in plan.indicators.items():
        if indicator.code != code:
            raise PlanError(
                f"indicator {indicator.code!r} is filed under code {code!r}", location=code
            )
        try:
            achievement = score_target(indicator.target, indicator.measurement, rules)
        except TargetError as error:
            raise TargetError(f"indicator {code!r}: {error}", location=code) from error
        computed = achievement.percent
        override = overrides.get(code) if overrides else None
        evaluated = computed if override is None else override.evaluated_percent
        if evaluated is None:
            status = not_available
        elif evaluated == _HUNDRED:
            status = met_status  # the most common score; spares a rounding per indicator
        else:
            status = classify_indicator(evaluated, thresholds, round_percent=round_percent)
        scores[code] = IndicatorScore(
            code,
            indicator.name,
            indicator.unit,
            indicator.target,
            indicator.measurement,
            computed,
            evaluated,
            override,
            status,
            achievement,
        )
    return scores


class _NodeScorer:
    """Scores nodes depth first, so every child is final before its parent averages it."""

    __slots__ = ("indicators", "node_overrides", "plan", "round_percent", "rules", "seen")

    def __init__(self, plan: Plan, rules: RuleSet, indicators: dict[str, IndicatorScore]) -> None:
        self.plan = plan
        self.rules = rules
        self.round_percent = rules.round_percent
        self.indicators = indicators
        self.node_overrides = plan.node_overrides
        self.seen: set[str] = set()

    def score(self, node: Node) -> NodeScore:
        code = node.code
        if code in self.seen:
            raise PlanError(f"node code {code!r} appears twice in the tree", location=code)
        self.seen.add(code)
        weight = node.weight
        if weight is not None and not (weight.is_finite() and weight >= _ZERO):
            raise PlanError(
                f"node {code!r} has weight {weight}; weights are numbers >= 0", location=code
            )
        children = tuple(map(self.score, node.children))
        level_rule = self.rules.level_rule(node.level)
        aggregation = level_rule.aggregation
        links = node.links
        if level_rule.over_level is None:
            sources: tuple[NodeScore, ...] | list[NodeScore] = children
        elif links:
            raise PlanError(
                f"node {code!r} averages its {level_rule.over_level!r} descendants, so its "
                f"indicator links would be ignored; link them to a node below",
                location=code,
            )
        else:
            sources = _first_at_level(children, level_rule.over_level)
        codes = [source.code for source in sources]
        weights = [source.weight for source in sources]
        values = [source.evaluated_percent for source in sources]
        flags = [False] * len(codes)
        measured = 0
        if links:
            link_codes = [link.indicator_code for link in links]
            link_values = self._link_values(code, link_codes)
            measured = len([value for value in link_values if value is not None])
            codes += link_codes
            weights += [link.weight for link in links]
            values += link_values
            flags += [True] * len(links)

        computed, effective = _average(code, aggregation, codes, weights, values)
        contributions = tuple(map(Contribution, codes, flags, weights, effective, values))
        override = self.node_overrides.get(code) if self.node_overrides else None
        if override is None:
            evaluated = computed
        else:
            _check_override(override, "node", code)
            evaluated = override.evaluated_percent
        status = classify_objective(
            evaluated, self.rules.objective_thresholds, round_percent=self.round_percent
        )
        return NodeScore(
            code,
            node.name,
            node.level,
            node.weight,
            computed,
            evaluated,
            override,
            status,
            aggregation,
            level_rule.over_level,
            contributions,
            children,
            measured,
            len(links),
        )

    def _link_values(self, code: str, link_codes: list[str]) -> list[Decimal | None]:
        """The evaluated percents of the indicators ``link_codes``, checked for unknown codes."""
        indicators = self.indicators
        try:
            values = [indicators[link_code].evaluated_percent for link_code in link_codes]
        except KeyError as error:
            raise PlanError(
                f"node {code!r} links unknown indicator {error.args[0]!r}", location=code
            ) from None
        if len(set(link_codes)) != len(link_codes):
            twice = next(link for link in link_codes if link_codes.count(link) > 1)
            raise PlanError(f"node {code!r} links indicator {twice!r} twice", location=code)
        return values

    def check_overrides_and_codes(self) -> None:
        for code in self.node_overrides:
            if code not in self.seen:
                raise PlanError(f"override of unknown node {code!r}", location=code)
        clash = self.seen.intersection(self.plan.indicators)
        if clash:
            code = min(clash)
            raise PlanError(f"code {code!r} is both a node and an indicator", location=code)


def _first_at_level(children: tuple[NodeScore, ...], level: str) -> list[NodeScore]:
    """Descendants at ``level`` in tree order, not looking below a match (no double counting)."""
    found: list[NodeScore] = []
    stack = list(reversed(children))
    while stack:
        node = stack.pop()
        if node.level == level:
            found.append(node)
        else:
            stack.extend(reversed(node.children))
    return found


def _average(
    code: str,
    aggregation: Aggregation,
    codes: list[str],
    weights: list[Decimal | None],
    values: list[Decimal | None],
) -> tuple[Decimal | None, list[Decimal]]:
    """The mean of the valued items and each item's effective weight (percent, 0 for N/D)."""
    given = [weight for weight in weights if weight is not None]
    if given and not (all(weight.is_finite() for weight in given) and min(given) >= _ZERO):
        item, weight = next(
            (item, weight)
            for item, weight in zip(codes, weights, strict=True)
            if weight is not None and not (weight.is_finite() and weight >= _ZERO)
        )
        raise PlanError(
            f"node {code!r}: item {item!r} has weight {weight}; weights are numbers >= 0",
            location=code,
        )
    is_weighted = aggregation is Aggregation.WEIGHTED_MEAN and bool(given)
    if is_weighted and len(given) != len(weights):
        raise PlanError(
            f"node {code!r}: some items have a weight and others none; give all or none",
            location=code,
        )
    valued = [value for value in values if value is not None]
    count = len(valued)
    if not count:
        return None, [_ZERO] * len(values)
    if is_weighted:
        if count == len(values):
            valued_weights = given
        else:
            valued_weights = [w for w, v in zip(given, values, strict=True) if v is not None]
        total = sum(valued_weights, _ZERO)
        if total:
            computed = sum(map(mul, valued_weights, valued), _ZERO) / total
            # weight × 100 / total, not weight × (100 / total): a lone 8.3 must show 100, not 99.99…
            if count == len(values):
                return computed, [weight * _HUNDRED / total for weight in given]
            return computed, [
                _ZERO if value is None else weight * _HUNDRED / total
                for weight, value in zip(given, values, strict=True)
            ]
    # Plain mean, no weights given, or valued weights summing to 0: equal shares.
    share = _HUNDRED / count
    computed = sum(valued, _ZERO) / count
    if count == len(values):
        return computed, [share] * count
    return computed, [_ZERO if value is None else share for value in values]
