"""Properties of the roll-up on random trees, weights and values (hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from performa.scoring import (
    ENTITY_LEVEL,
    Aggregation,
    LevelRule,
    Link,
    Node,
    NodeScore,
    Plan,
    RuleSet,
    ScoredPlan,
    score_plan,
)
from tests.scoring.helpers import scoring

LEVELS = (ENTITY_LEVEL, "level_1", "level_2", "level_3")
PERCENTS = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
WEIGHTS = st.decimals(min_value=0, max_value=50, places=1, allow_nan=False)
EPSILON = Decimal("1e-20")
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, database=None)


@dataclass(frozen=True)
class Case:
    plan: Plan
    rules: RuleSet
    weighted_depths: frozenset[int]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A random tree up to four levels deep over up to 15 indicators, ~1 in 6 of them N/D.

    Whether items carry weights is drawn per depth, so every node's items agree (all weighted
    or none), as a valid plan requires; level rules are drawn per level.
    """
    values = draw(st.lists(PERCENTS, min_size=1, max_size=15))
    codes = [f"i{index}" for index in range(len(values))]
    indicators = {
        code: scoring(code, None if value is None else str(value))
        for code, value in zip(codes, values, strict=True)
    }
    weighted_depths = frozenset(draw(st.sets(st.integers(0, len(LEVELS) - 1))))
    counter = iter(range(10_000))

    def build(depth: int, weight: Decimal | None) -> Node:
        code = f"n{next(counter)}"
        is_weighted = depth in weighted_depths
        child_count = draw(st.integers(0, 3)) if depth < len(LEVELS) - 1 else 0
        children = tuple(
            build(depth + 1, draw(WEIGHTS) if is_weighted else None) for _ in range(child_count)
        )
        linked = draw(st.lists(st.sampled_from(codes), unique=True, max_size=4))
        if depth == 0:
            linked = []  # the entity averages a level below; it holds no links
        node_links = tuple(Link(code_, draw(WEIGHTS) if is_weighted else None) for code_ in linked)
        return Node(code, code, LEVELS[depth], weight, children, node_links)

    root = build(0, None)
    level_rules = {
        level: LevelRule(draw(st.sampled_from(list(Aggregation)))) for level in LEVELS[1:]
    }
    over_level = draw(st.sampled_from([None, *LEVELS[1:]]))
    level_rules[ENTITY_LEVEL] = LevelRule(draw(st.sampled_from(list(Aggregation))), over_level)
    # A weighted mean over a level needs that level's weights to agree: give them or not by
    # the depth just above it, which is how build() decides them.
    return Case(Plan(root, indicators), RuleSet(level_rules=level_rules), weighted_depths)


def scores(scored: ScoredPlan) -> dict[str, Decimal | None]:
    return {node.code: node.computed_percent for node in scored.nodes()}


def valued(node: NodeScore) -> list[Decimal]:
    return [item.percent for item in node.contributions if item.percent is not None]


@PROPERTY_SETTINGS
@given(cases())
def test_every_score_is_a_percent_between_its_lowest_and_highest_item(case: Case) -> None:
    scored = score_plan(case.plan, case.rules)
    for indicator in scored.indicators.values():
        percent = indicator.evaluated_percent
        assert percent is None or 0 <= percent <= 100
    for node in scored.nodes():
        items = valued(node)
        if not items:
            assert node.computed_percent is None
            continue
        assert node.computed_percent is not None
        assert 0 <= node.computed_percent <= 100
        assert min(items) - EPSILON <= node.computed_percent <= max(items) + EPSILON


@PROPERTY_SETTINGS
@given(cases())
def test_effective_weights_of_valued_items_sum_to_100(case: Case) -> None:
    for node in score_plan(case.plan, case.rules).nodes():
        if not valued(node):
            continue
        total = sum((item.effective_weight for item in node.contributions), Decimal(0))
        assert abs(total - 100) < EPSILON
        for item in node.contributions:
            if item.percent is None:
                assert item.effective_weight == 0


@PROPERTY_SETTINGS
@given(cases(), st.data())
def test_adding_a_not_available_link_never_changes_a_score(case: Case, data: st.DataObject) -> None:
    before = score_plan(case.plan, case.rules)
    candidates = [
        node
        for node in case.plan.root.walk()
        if case.rules.level_rule(node.level).over_level is None
    ]
    if not candidates:
        return
    target = data.draw(st.sampled_from(candidates))
    depth = LEVELS.index(target.level)
    weight = data.draw(WEIGHTS) if depth in case.weighted_depths else None
    extra = Link("not_available", weight)

    def with_link(node: Node) -> Node:
        if node.code == target.code:
            return replace(node, links=(*node.links, extra))
        return replace(node, children=tuple(with_link(child) for child in node.children))

    indicators = {**case.plan.indicators, "not_available": scoring("not_available", None)}
    after = score_plan(Plan(with_link(case.plan.root), indicators), case.rules)
    assert scores(after) == scores(before)
    changed = after.node(target.code)
    assert changed.planned_count == before.node(target.code).planned_count + 1
    assert changed.measured_count == before.node(target.code).measured_count
