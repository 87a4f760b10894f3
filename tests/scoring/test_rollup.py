"""Roll-up: weights, N/D, shared indicators, level rules, overrides (DOMAIN.md §2.4–§2.6)."""

from __future__ import annotations

import gc
from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest

from performa.scoring import (
    ENTITY_LEVEL,
    Aggregation,
    Comparator,
    Indicator,
    IndicatorStatus,
    LevelRule,
    Link,
    Measurement,
    Node,
    ObjectiveStatus,
    Override,
    PlanError,
    RuleSet,
    Target,
    TargetError,
    UnknownCodeError,
)
from tests.scoring.helpers import entity, links, score, scoring, shown

D = Decimal
OPERATIONAL = "operational_objective"
STRATEGIC = "strategic_objective"
AREA = "strategic_area"


def objective(code: str, *pairs: tuple[str, str | None], level: str = OPERATIONAL) -> Node:
    return Node(code, f"Objective {code}", level, links=links(*pairs))


# -- the reference report ------------------------------------------------------------------

PROTESTI = [
    # code, comparator, target, actual, weight: "Protesti" (01_01_0P06) in the reference report
    ("customer", ">=", "7.10", "7.00", "16.5"),
    ("practices", ">=", "54", "54", "16.7"),
    ("staff", "<=", "0.57", "0.55", "16.7"),
    ("time", "<=", "5", "2.17", "16.7"),
    ("searches", ">=", "45", "12", "16.7"),
    ("volume", ">=", "79", "21.82", "16.7"),
]


def test_weighted_mean_reproduces_protesti_from_the_actuals() -> None:
    indicators = [
        Indicator(code, code, Target(Comparator(comparator), D(target)), Measurement(D(actual)))
        for code, comparator, target, actual, _ in PROTESTI
    ]
    node = objective("01_01_0P06", *[(row[0], row[4]) for row in PROTESTI])
    scored = score(entity(node), indicators)
    protesti = scored.node("01_01_0P06")
    assert shown(protesti.computed_percent) == D("75.43")
    assert protesti.status is ObjectiveStatus.PARTLY_ACHIEVED
    displayed = [shown(scored.indicators[row[0]].computed_percent) for row in PROTESTI]
    assert displayed == [D("98.59"), 100, 100, 100, D("26.67"), D("27.62")]


def test_weighted_mean_of_the_printed_protesti_scores_is_75_43() -> None:
    scores = ["98.59", "100", "100", "100", "26.67", "27.62"]
    weights = ["16.5", "16.7", "16.7", "16.7", "16.7", "16.7"]
    indicators = [scoring(f"I{index}", value) for index, value in enumerate(scores)]
    node = objective("P", *[(f"I{index}", weight) for index, weight in enumerate(weights)])
    protesti = score(entity(node), indicators).node("P")
    assert protesti.computed_percent == D("75.43378")  # exact: weights sum to 100
    plain = RuleSet().with_level_rules({OPERATIONAL: LevelRule(Aggregation.PLAIN_MEAN)})
    assert shown(score(entity(node), indicators, plain).node("P").computed_percent) == D("75.48")


STRATEGIC_SCORES = {
    # area: strategic objective scores of the reference report (§3.0)
    "I": ["94.70", "100", "93.00", "93.80", "98.62", "98.87"],
    "II": ["95.43"],
    "III": ["96.83"],
}


def reference_tree() -> tuple[Node, list[Indicator]]:
    """Entity → 3 areas → 8 strategic objectives, each scoring its printed figure."""
    indicators: list[Indicator] = []
    areas = []
    for area, values in STRATEGIC_SCORES.items():
        strategic = []
        for index, value in enumerate(values):
            code = f"{area}.{index}"
            indicators.append(scoring(f"x{code}", value))
            strategic.append(objective(code, (f"x{code}", None), level=STRATEGIC))
        areas.append(Node(area, f"Area {area}", AREA, children=tuple(strategic)))
    return entity(*areas), indicators


def test_entity_is_the_plain_mean_of_the_strategic_objectives_96_41() -> None:
    root, indicators = reference_tree()
    scored = score(root, indicators)
    assert scored.root.computed_percent == D("96.40625")
    assert shown(scored.root.computed_percent) == D("96.41")
    assert [item.code for item in scored.root.contributions] == [
        "I.0",
        "I.1",
        "I.2",
        "I.3",
        "I.4",
        "I.5",
        "II.0",
        "III.0",
    ]
    assert {item.effective_weight for item in scored.root.contributions} == {D("12.5")}
    areas = [shown(scored.node(code).computed_percent) for code in ("I", "II", "III")]
    assert areas == [D("96.50"), D("95.43"), D("96.83")]


def test_entity_over_the_areas_would_be_96_25() -> None:
    root, indicators = reference_tree()
    rules = RuleSet().with_level_rules(
        {**RuleSet().level_rules, ENTITY_LEVEL: LevelRule(Aggregation.PLAIN_MEAN)}
    )
    scored = score(root, indicators, rules)
    assert shown(scored.root.computed_percent) == D("96.25")
    assert scored.root.over_level is None


def test_over_level_weighted_mean_uses_the_descendants_weights() -> None:
    strategic = [
        Node("S1", "S1", STRATEGIC, D(3), links=links(("a", None))),
        Node("S2", "S2", STRATEGIC, D(1), links=links(("b", None))),
    ]
    root = entity(Node("A", "Area", AREA, children=tuple(strategic)))
    rules = RuleSet().with_level_rules(
        {ENTITY_LEVEL: LevelRule(Aggregation.WEIGHTED_MEAN, over_level=STRATEGIC)}
    )
    scored = score(root, [scoring("a", "100"), scoring("b", "60")], rules)
    assert scored.root.computed_percent == 90
    assert [item.effective_weight for item in scored.root.contributions] == [75, 25]


def test_over_level_does_not_look_below_a_match() -> None:
    inner = Node("S2", "S2", STRATEGIC, links=links(("b", None)))
    outer = Node("S1", "S1", STRATEGIC, children=(inner,), links=links(("a", None)))
    rules = RuleSet().with_level_rules(
        {ENTITY_LEVEL: LevelRule(Aggregation.PLAIN_MEAN, over_level=STRATEGIC)}
    )
    scored = score(entity(outer), [scoring("a", "100"), scoring("b", "50")], rules)
    assert [item.code for item in scored.root.contributions] == ["S1"]
    assert scored.root.computed_percent == 75


def test_over_level_node_with_its_own_links_raises() -> None:
    root = Node("E", "Ente", ENTITY_LEVEL, links=links(("a", None)))
    with pytest.raises(PlanError, match="would be ignored") as raised:
        score(root, [scoring("a", "50")])
    assert raised.value.location == "E"


def test_over_level_without_matching_descendants_has_no_score() -> None:
    scored = score(entity(objective("O", ("a", None))), [scoring("a", "50")])
    assert scored.root.computed_percent is None
    assert scored.root.status is ObjectiveStatus.NOT_AVAILABLE


# -- weights -------------------------------------------------------------------------------


def test_missing_weights_share_equally() -> None:
    node = objective("O", ("a", None), ("b", None), ("c", None))
    scored = score(entity(node), [scoring("a", "90"), scoring("b", "60"), scoring("c", "30")])
    assert scored.node("O").computed_percent == 60
    assert [item.planned_weight for item in scored.node("O").contributions] == [None] * 3


def test_mixed_given_and_missing_weights_raise_naming_the_node() -> None:
    node = objective("01_01_0502", ("a", "50"), ("b", None))
    with pytest.raises(PlanError, match="'01_01_0502'.*give all or none") as raised:
        score(entity(node), [scoring("a", "90"), scoring("b", "60")])
    assert raised.value.location == "01_01_0502"


def test_mixed_weights_are_fine_in_a_plain_mean() -> None:
    node = objective("S", ("a", "50"), ("b", None), level=STRATEGIC)
    scored = score(entity(node), [scoring("a", "90"), scoring("b", "60")])
    assert scored.node("S").computed_percent == 75


def test_weights_are_used_in_proportion_when_they_do_not_sum_to_100() -> None:
    node = objective("O", ("a", "1"), ("b", "3"))
    scored = score(entity(node), [scoring("a", "100"), scoring("b", "60")])
    assert scored.node("O").computed_percent == 70
    assert [item.effective_weight for item in scored.node("O").contributions] == [25, 75]


def test_valued_weights_summing_to_zero_share_equally() -> None:
    node = objective("O", ("a", "0"), ("b", "0"), ("c", "100"))
    scored = score(entity(node), [scoring("a", "90"), scoring("b", "60"), scoring("c", None)])
    assert scored.node("O").computed_percent == 75
    assert [item.effective_weight for item in scored.node("O").contributions] == [50, 50, 0]


def test_zero_weight_item_among_weighted_ones_counts_as_valued_but_weighs_nothing() -> None:
    node = objective("O", ("a", "0"), ("b", "100"))
    scored = score(entity(node), [scoring("a", "10"), scoring("b", "90")])
    assert scored.node("O").computed_percent == 90
    assert scored.node("O").measured_count == 2


def test_negative_link_weight_raises() -> None:
    node = objective("O", ("a", "-1"), ("b", "101"))
    with pytest.raises(PlanError, match="'O': item 'a' has weight -1; weights are numbers >= 0"):
        score(entity(node), [scoring("a", "90"), scoring("b", "60")])


def test_negative_node_weight_raises() -> None:
    node = Node("O", "O", OPERATIONAL, D(-5), links=links(("a", None)))
    with pytest.raises(PlanError, match="'O' has weight -5"):
        score(entity(node), [scoring("a", "90")])


@pytest.mark.parametrize("weight", ["NaN", "Infinity"])
def test_non_finite_weight_raises(weight: str) -> None:
    node = objective("O", ("a", weight), ("b", "50"))
    with pytest.raises(PlanError, match=f"'O': item 'a' has weight {weight}"):
        score(entity(node), [scoring("a", "90"), scoring("b", "60")])


def test_child_nodes_are_averaged_by_their_weights() -> None:
    children = (
        Node("O1", "O1", OPERATIONAL, D(40), links=links(("a", None))),
        Node("O2", "O2", OPERATIONAL, D(60), links=links(("b", None))),
    )
    parent = Node("S", "S", "custom_level", children=children)
    scored = score(
        entity(Node("X", "X", STRATEGIC, children=(parent,))),
        [
            scoring("a", "50"),
            scoring("b", "100"),
        ],
    )
    assert scored.node("S").computed_percent == 80
    assert scored.node("S").aggregation is Aggregation.WEIGHTED_MEAN


# -- not available -------------------------------------------------------------------------


def test_not_available_renormalises_seven_valued_plus_one() -> None:
    # "Semplificazione e digitalizzazione": 7 valued at 14,3/14,2 % plus 1 N/D at 0 %.
    values = ["100", "90", "80", "100", "70", "100", "90", None]
    indicators = [scoring(f"I{index}", value) for index, value in enumerate(values)]
    node = objective("O", *[(f"I{index}", "12.5") for index in range(8)])
    scored = score(entity(node), indicators).node("O")
    assert scored.computed_percent == D(630) / 7
    effective = [item.effective_weight for item in scored.contributions]
    assert effective[-1] == 0
    assert {shown(weight) for weight in effective[:-1]} == {D("14.29")}
    assert abs(sum(effective, D(0)) - 100) < D("1e-20")
    assert [item.planned_weight for item in scored.contributions] == [D("12.5")] * 8
    assert (scored.measured_count, scored.planned_count) == (7, 8)


def test_not_available_renormalises_in_proportion_to_planned_weights() -> None:
    node = objective("O", ("a", "20"), ("b", "30"), ("c", "50"))
    scored = score(entity(node), [scoring("a", "100"), scoring("b", "50"), scoring("c", None)])
    assert [item.effective_weight for item in scored.node("O").contributions] == [40, 60, 0]
    assert scored.node("O").computed_percent == 70


def test_all_not_available_objective_has_no_score_and_is_skipped_by_its_parent() -> None:
    empty = objective("O1", ("a", None), ("b", None))
    valued = objective("O2", ("c", None))
    strategic = Node("S", "S", STRATEGIC, children=(empty, valued))
    indicators = [scoring("a", None), scoring("b", None), scoring("c", "40")]
    scored = score(entity(strategic), indicators)
    o1 = scored.node("O1")
    assert (o1.computed_percent, o1.evaluated_percent) == (None, None)
    assert o1.status is ObjectiveStatus.NOT_AVAILABLE
    assert (o1.measured_count, o1.planned_count) == (0, 2)
    assert scored.node("S").computed_percent == 40
    assert [item.effective_weight for item in scored.node("S").contributions] == [0, 100]


def test_node_without_items_has_no_score() -> None:
    scored = score(entity(Node("S", "S", STRATEGIC)), [])
    assert scored.node("S").computed_percent is None
    assert scored.node("S").status is ObjectiveStatus.NOT_AVAILABLE


def test_not_available_indicator_status_is_to_be_assessed() -> None:
    scored = score(entity(objective("O", ("a", None))), [scoring("a", None, reason="no data")])
    assert scored.indicators["a"].status is IndicatorStatus.NOT_AVAILABLE
    assert scored.indicators["a"].status.label == "DA VALUTARE"


# -- shared indicators ---------------------------------------------------------------------


def test_shared_indicator_is_scored_once_with_a_weight_per_objective() -> None:
    first = objective("O1", ("shared", "50"), ("x", "50"))
    second = objective("O2", ("shared", "20"), ("y", "80"))
    indicators = [scoring("shared", "40"), scoring("x", "100"), scoring("y", "100")]
    scored = score(entity(Node("S", "S", STRATEGIC, children=(first, second))), indicators)
    assert scored.node("O1").computed_percent == 70
    assert scored.node("O2").computed_percent == 88
    assert len(scored.indicators) == 3
    weights = [(node.code, item.planned_weight) for node, item in scored.links_of("shared")]
    assert weights == [("O1", D(50)), ("O2", D(20))]


def test_indicator_linked_twice_to_one_node_raises() -> None:
    node = objective("O", ("a", None), ("a", None))
    with pytest.raises(PlanError, match="links indicator 'a' twice"):
        score(entity(node), [scoring("a", "50")])


def test_unknown_indicator_code_raises_with_the_node() -> None:
    with pytest.raises(PlanError, match="'O' links unknown indicator 'ghost'") as raised:
        score(entity(objective("O", ("ghost", None))), [])
    assert raised.value.location == "O"


def test_unlinked_indicator_is_still_scored() -> None:
    scored = score(entity(), [scoring("alone", "50")])
    assert scored.indicators["alone"].computed_percent == 50
    assert scored.links_of("alone") == ()


# -- overrides -----------------------------------------------------------------------------


def test_node_override_replaces_the_evaluated_score_and_the_parent_uses_it() -> None:
    low = objective("O1", ("a", None))
    high = objective("O2", ("b", None))
    override = Override(D(80), "Data error acknowledged by the OIV", "OIV")
    scored = score(
        entity(Node("S", "S", STRATEGIC, children=(low, high))),
        [scoring("a", "40"), scoring("b", "100")],
        node_overrides={"O1": override},
    )
    o1 = scored.node("O1")
    assert (o1.computed_percent, o1.evaluated_percent, o1.override) == (D(40), D(80), override)
    assert o1.status is ObjectiveStatus.ACHIEVED
    assert scored.node("S").computed_percent == 90


def test_indicator_override_is_used_by_every_objective_it_is_linked_to() -> None:
    first = objective("O1", ("a", None), ("b", None))
    second = objective("O2", ("a", None))
    override = Override(D(100), "Completed, source certified late")
    scored = score(
        entity(Node("S", "S", STRATEGIC, children=(first, second))),
        [scoring("a", "20"), scoring("b", "60")],
        indicator_overrides={"a": override},
    )
    a = scored.indicators["a"]
    assert (a.computed_percent, a.evaluated_percent) == (D(20), D(100))
    assert a.achievement.percent == 20
    assert a.status is IndicatorStatus.ON_TRACK
    assert scored.node("O1").computed_percent == 80
    assert scored.node("O2").computed_percent == 100


def test_override_of_a_not_available_indicator_makes_it_valued() -> None:
    override = Override(D(50), "Estimated from the half-year figure")
    scored = score(
        entity(objective("O", ("a", None), ("b", None))),
        [scoring("a", None), scoring("b", "100")],
        indicator_overrides={"a": override},
    )
    assert scored.node("O").computed_percent == 75
    assert scored.node("O").measured_count == 2


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (Override(D(101), "too high"), "outside 0–100"),
        (Override(D(-1), "too low"), "outside 0–100"),
        (Override(D(50), "   "), "needs a justification"),
        (Override(D("NaN"), "not a number"), "must be a Decimal"),
    ],
)
def test_bad_override_raises_with_the_code(override: Override, message: str) -> None:
    with pytest.raises(PlanError, match=message) as raised:
        score(
            entity(objective("O", ("a", None))),
            [scoring("a", "50")],
            node_overrides={"O": override},
        )
    assert raised.value.location == "O"
    with pytest.raises(PlanError, match=message) as raised:
        score(
            entity(objective("O", ("a", None))),
            [scoring("a", "50")],
            indicator_overrides={"a": override},
        )
    assert raised.value.location == "a"


def test_override_of_an_unknown_code_raises() -> None:
    override = Override(D(50), "why")
    with pytest.raises(PlanError, match="unknown node 'ghost'"):
        score(entity(), [], node_overrides={"ghost": override})
    with pytest.raises(PlanError, match="unknown indicator 'ghost'"):
        score(entity(), [], indicator_overrides={"ghost": override})


# -- plan consistency ----------------------------------------------------------------------


def test_duplicate_node_codes_raise() -> None:
    with pytest.raises(PlanError, match="'O' appears twice") as raised:
        score(entity(objective("O"), objective("O")), [])
    assert raised.value.location == "O"


def test_node_and_indicator_sharing_a_code_raise() -> None:
    with pytest.raises(PlanError, match="'O' is both a node and an indicator"):
        score(entity(objective("O", ("O", None))), [scoring("O", "50")])


def test_indicator_filed_under_another_code_raises() -> None:
    from performa.scoring import Plan, score_plan

    plan = Plan(entity(), {"a": scoring("b", "50")})
    with pytest.raises(PlanError, match="filed under code 'a'"):
        score_plan(plan, RuleSet())


def test_target_error_names_the_indicator() -> None:
    broken = Indicator("bad", "bad", Target(Comparator.AT_LEAST), Measurement(D(1)))
    with pytest.raises(TargetError, match="indicator 'bad': >= target needs a number") as raised:
        score(entity(objective("O", ("bad", None))), [broken])
    assert raised.value.location == "bad"


# -- the result ----------------------------------------------------------------------------


def test_scores_stay_unrounded() -> None:
    node = objective("O", ("a", None), ("b", None), ("c", None))
    scored = score(entity(node), [scoring("a", "100"), scoring("b", "100"), scoring("c", "0")])
    assert scored.node("O").computed_percent == D(200) / 3
    assert scored.node("O").computed_percent != D("66.67")


def test_scored_plan_lookups() -> None:
    strategic = Node("S", "S", STRATEGIC, children=(objective("O1", ("a", None)), objective("O2")))
    scored = score(entity(strategic), [scoring("a", "50")])
    assert [node.code for node in scored.nodes()] == ["E", "S", "O1", "O2"]
    assert scored.find("O1") is scored.node("O1")
    assert scored.find("a") is scored.indicator("a")
    assert scored.find("ghost") is None
    with pytest.raises(UnknownCodeError, match="no node has code 'ghost'"):
        scored.node("ghost")
    with pytest.raises(KeyError):
        scored.indicator("ghost")
    assert scored.rules == RuleSet()


def test_unknown_code_error_reads_as_its_message() -> None:
    error = UnknownCodeError("no node has code 'x'", location="x")
    assert str(error) == "no node has code 'x'"
    assert isinstance(error, KeyError)


def test_results_are_frozen_and_slotted() -> None:
    scored = score(entity(objective("O", ("a", None))), [scoring("a", "50")])
    node = scored.node("O")
    with pytest.raises(FrozenInstanceError):
        node.evaluated_percent = D(1)  # type: ignore[misc]
    for result in (node, node.contributions[0], scored.indicators["a"], scored):
        assert not hasattr(result, "__dict__")


def test_contribution_records_indicator_and_node_items() -> None:
    strategic = Node(
        "S", "S", "custom", children=(objective("O", ("a", None)),), links=links(("b", None))
    )
    scored = score(
        entity(Node("X", "X", STRATEGIC, children=(strategic,))),
        [
            scoring("a", "50"),
            scoring("b", "100"),
        ],
    )
    contributions = scored.node("S").contributions
    assert [(item.code, item.is_indicator) for item in contributions] == [
        ("O", False),
        ("b", True),
    ]
    assert (scored.node("S").measured_count, scored.node("S").planned_count) == (1, 1)


@pytest.mark.parametrize("was_enabled", [True, False])
def test_scoring_leaves_the_garbage_collector_as_it_found_it(was_enabled: bool) -> None:
    enabled = gc.isenabled()
    try:
        (gc.enable if was_enabled else gc.disable)()
        score(entity(objective("O", ("a", None))), [scoring("a", "50")])
        assert gc.isenabled() is was_enabled
        with pytest.raises(PlanError):
            score(entity(objective("O", ("ghost", None))), [])
        assert gc.isenabled() is was_enabled
    finally:
        (gc.enable if enabled else gc.disable)()


def test_link_is_the_model_link() -> None:
    assert links(("a", "1")) == (Link("a", D(1)),)
