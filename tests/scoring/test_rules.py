"""The rule set: defaults, rounding, and the flat settings round trip."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performa.scoring import (
    ENTITY_LEVEL,
    Aggregation,
    DeadlineConvention,
    LevelRule,
    RuleSet,
    RuleSetError,
    Thresholds,
)

D = Decimal

CUSTOM = RuleSet(
    indicator_thresholds=Thresholds(D("85.5"), D(65)),
    objective_thresholds=Thresholds(D(90), D(70)),
    display_decimals=1,
    rounding="half_even",
    deadline_convention=DeadlineConvention.LINEAR_DECAY,
    deadline_decay_days=45,
    strict_equality_meets_target=False,
    level_rules={
        ENTITY_LEVEL: LevelRule(Aggregation.WEIGHTED_MEAN, over_level="strategic_area"),
        "strategic_area": LevelRule(Aggregation.WEIGHTED_MEAN),
    },
)


@pytest.mark.parametrize("rules", [RuleSet(), CUSTOM], ids=["reference", "custom"])
def test_settings_round_trip(rules: RuleSet) -> None:
    assert RuleSet.from_settings(rules.to_settings()) == rules


def test_settings_are_flat_text() -> None:
    settings = RuleSet().to_settings()
    assert settings["deadline_convention"] == "30/360"
    assert settings["aggregation.entity"] == "plain_mean"
    assert settings["aggregate_over.entity"] == "strategic_objective"
    assert settings["strict_equality_meets_target"] == "yes"
    assert all(isinstance(value, str) for value in settings.values())


def test_reference_defaults() -> None:
    rules = RuleSet()
    assert rules.indicator_thresholds == Thresholds(D(80), D(60))
    assert rules.objective_thresholds == Thresholds(D(80), D(60))
    assert rules.deadline_convention is DeadlineConvention.COMMERCIAL_30_360
    assert rules.level_rule(ENTITY_LEVEL) == LevelRule(
        Aggregation.PLAIN_MEAN, over_level="strategic_objective"
    )
    assert rules.level_rule("operational_objective").aggregation is Aggregation.WEIGHTED_MEAN


def test_unconfigured_level_is_a_weighted_mean_of_its_children() -> None:
    assert RuleSet().level_rule("action") == LevelRule(Aggregation.WEIGHTED_MEAN, None)


def test_missing_settings_keep_the_defaults() -> None:
    assert RuleSet.from_settings({}) == RuleSet()
    assert RuleSet.from_settings({"display_decimals": ""}) == RuleSet()


def test_settings_accept_a_decimal_comma() -> None:
    rules = RuleSet.from_settings({"indicator_threshold_on_track": "82,5"})
    assert rules.indicator_thresholds.best == D("82.5")


def test_round_percent_half_up_and_half_even() -> None:
    assert RuleSet().round_percent(D("0.125")) == D("0.13")
    assert RuleSet(rounding="half_even").round_percent(D("0.125")) == D("0.12")
    assert RuleSet(display_decimals=0).round_percent(D("79.5")) == 80


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"colour": "red"}, "unknown rule setting 'colour'"),
        ({"display_decimals": "two"}, "is not a number"),
        ({"display_decimals": "2.5"}, "is not a whole number"),
        ({"display_decimals": "Infinity"}, "not a finite number"),
        ({"indicator_threshold_on_track": "NaN"}, "not a finite number"),
        ({"display_decimals": "9"}, "display_decimals must be between 0 and 6"),
        ({"indicator_threshold_critical": "90"}, "need 0 <= middle <= best <= 100"),
        ({"objective_threshold_achieved": "120"}, "need 0 <= middle <= best <= 100"),
        ({"rounding": "ceiling"}, "rounding must be one of"),
        ({"deadline_convention": "lunar"}, "deadline_convention must be one of"),
        ({"deadline_decay_days": "0"}, "deadline_decay_days must be positive"),
        ({"strict_equality_meets_target": "maybe"}, "must be yes or no"),
        ({"aggregation.entity": "median"}, "is not one of"),
        ({"aggregation.": "plain_mean"}, "the level key is missing"),
        ({"aggregate_over.entity": "area"}, "needs an aggregation.entity"),
    ],
)
def test_bad_settings_raise_rule_set_error(settings: dict[str, str], message: str) -> None:
    with pytest.raises(RuleSetError, match=message):
        RuleSet.from_settings(settings)


def test_bad_setting_error_carries_the_key() -> None:
    with pytest.raises(RuleSetError) as raised:
        RuleSet.from_settings({"deadline_decay_days": "soon"})
    assert raised.value.location == "deadline_decay_days"


def test_non_finite_threshold_in_code_raises_rule_set_error() -> None:
    with pytest.raises(RuleSetError, match="finite numbers"):
        RuleSet(indicator_thresholds=Thresholds(D("NaN"), D(60)))


def test_with_level_rules_replaces_them() -> None:
    rules = RuleSet().with_level_rules({"x": LevelRule(Aggregation.PLAIN_MEAN)})
    assert dict(rules.level_rules) == {"x": LevelRule(Aggregation.PLAIN_MEAN)}
