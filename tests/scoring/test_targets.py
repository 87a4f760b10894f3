"""Achievement rules: the reference report's golden fixtures (DOMAIN.md §2.8) and edge cases."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date, datetime
from decimal import Decimal, localcontext

import pytest

from performa.scoring import (
    Achievement,
    Comparator,
    DeadlineConvention,
    IndicatorStatus,
    Measurement,
    RuleSet,
    Target,
    TargetError,
    achievement_for,
    classify_indicator,
)
from performa.scoring import targets as rules_module
from performa.scoring.model import ActualValue
from performa.scoring.targets import (
    FORMULAS,
    cap_percent,
    day_of_year_30_360,
    day_of_year_calendar,
    deadline_calendar_days_percent,
    deadline_commercial_30_360_percent,
    deadline_linear_decay_percent,
    deadline_pass_fail_percent,
    floor_percent,
)

D = Decimal
RULES = RuleSet()


def numeric(comparator: str, target: str, actual: str, rules: RuleSet = RULES) -> Achievement:
    return achievement_for(Target(Comparator(comparator), D(target)), Measurement(D(actual)), rules)


def deadline(due_on: date, done_on: date, rules: RuleSet = RULES) -> Achievement:
    return achievement_for(Target(Comparator.DEADLINE, due_on=due_on), Measurement(done_on), rules)


def shown(achievement: Achievement) -> Decimal | None:
    return None if achievement.percent is None else RULES.round_percent(achievement.percent)


# -- golden fixtures -----------------------------------------------------------------------

GOLDEN_NUMERIC = [
    # comparator, target, actual, displayed percent, status (None: not shown in the report)
    (">=", "80.00", "39.50", "49.38", IndicatorStatus.OFF_TARGET),
    (">=", "80.00", "56.23", "70.29", IndicatorStatus.CRITICAL),
    (">=", "350", "349", "99.71", IndicatorStatus.ON_TRACK),
    (">=", "80.00", "115.00", "100.00", IndicatorStatus.ON_TRACK),
    (">=", "-5.05", "2.39", "100.00", IndicatorStatus.ON_TRACK),
    ("<=", "3.00", "4.79", "40.33", IndicatorStatus.OFF_TARGET),
    ("<=", "27.50", "34.00", "76.36", IndicatorStatus.CRITICAL),
    ("<=", "10.00", "11.75", "82.50", IndicatorStatus.ON_TRACK),
    ("<=", "0.00", "-21.77", "100.00", IndicatorStatus.ON_TRACK),
    ("=", "100.00", "99.60", "99.60", IndicatorStatus.ON_TRACK),
    ("=", "0.00", "0.00", "100.00", IndicatorStatus.ON_TRACK),
    (">", "8.00", "8.40", "100.00", IndicatorStatus.ON_TRACK),
    ("<", "1.40", "1.31", "100.00", IndicatorStatus.ON_TRACK),
    # further rows quoted in DOMAIN.md §2.2
    (">=", "5.40", "4.50", "83.33", IndicatorStatus.ON_TRACK),
    ("<=", "0.20", "0.23", "85.00", IndicatorStatus.ON_TRACK),
    ("<=", "5450", "5708", "95.27", IndicatorStatus.ON_TRACK),
    ("<=", "-20.00", "-21.77", "100.00", IndicatorStatus.ON_TRACK),
    (">=", "0.00", "100", "100.00", IndicatorStatus.ON_TRACK),
    (">=", "7500", "14356", "100.00", IndicatorStatus.ON_TRACK),
    (">=", "80.00", "0.00", "0.00", IndicatorStatus.OFF_TARGET),
]


@pytest.mark.parametrize(
    ("comparator", "target", "actual", "expected", "status"),
    GOLDEN_NUMERIC,
    ids=[f"{row[0]}{row[1]}:{row[2]}" for row in GOLDEN_NUMERIC],
)
def test_golden_numeric_fixture_reproduces_the_reference_report(
    comparator: str, target: str, actual: str, expected: str, status: IndicatorStatus
) -> None:
    achievement = numeric(comparator, target, actual)
    assert shown(achievement) == D(expected)
    assert classify_indicator(achievement.percent, RULES.indicator_thresholds) is status


def test_golden_deadline_late_is_60_over_86() -> None:
    achievement = deadline(date(2024, 2, 28), date(2024, 3, 26))
    assert shown(achievement) == D("69.77")
    assert (achievement.target_days, achievement.actual_days) == (60, 86)
    assert achievement.delay_days == 27
    assert achievement.rule == "deadline_commercial_30_360_percent"
    assert achievement.is_met is False
    status = classify_indicator(achievement.percent, RULES.indicator_thresholds)
    assert status is IndicatorStatus.CRITICAL


def test_golden_deadline_on_time_is_100() -> None:
    achievement = deadline(date(2024, 12, 31), date(2024, 12, 11))
    assert achievement.percent == 100
    assert achievement.rule == "target_met_percent"
    assert achievement.is_met is True
    assert achievement.delay_days == -20


def test_golden_not_available_has_no_percent() -> None:
    target = Target(Comparator.AT_LEAST, D("5.20"))
    for measurement in (None, Measurement(None, "data not published")):
        achievement = achievement_for(target, measurement, RULES)
        assert achievement.percent is None
        assert achievement.raw_percent is None
        assert achievement.rule == "not_available"
        assert achievement.is_met is None
        assert not achievement.is_available
    status = classify_indicator(None, RULES.indicator_thresholds)
    assert status is IndicatorStatus.NOT_AVAILABLE


def test_golden_rounded_actual_differs_by_two_hundredths_as_documented() -> None:
    # "Capacità di generare proventi": the report printed 75,93 from an unrounded actual.
    assert shown(numeric(">=", "19.50", "14.81")) == D("75.95")


# -- the numeric rules ---------------------------------------------------------------------


def test_at_least_missed_is_unrounded_ratio() -> None:
    achievement = numeric(">=", "80", "56.23")
    assert achievement.percent == D("70.2875")
    assert achievement.rule == "actual_over_target_percent"
    assert achievement.is_met is False


def test_at_least_met_records_the_met_rule() -> None:
    achievement = numeric(">=", "80", "115")
    assert achievement.rule == "target_met_percent"
    assert (achievement.percent, achievement.raw_percent, achievement.is_met) == (
        D(100),
        D(100),
        True,
    )


def test_at_least_negative_actual_for_positive_target_floors_at_zero() -> None:
    achievement = numeric(">=", "80", "-8")
    assert achievement.raw_percent == -10
    assert achievement.percent == 0
    assert achievement.is_floored


def test_at_most_missed_is_two_minus_ratio_not_target_over_actual() -> None:
    achievement = numeric("<=", "3", "4.79")
    assert achievement.rule == "two_minus_actual_over_target_percent"
    assert shown(achievement) == D("40.33")  # t / a would give 62.63


def test_at_most_far_above_target_floors_at_zero() -> None:
    achievement = numeric("<=", "3", "7")
    assert achievement.raw_percent is not None
    assert achievement.raw_percent < 0
    assert achievement.percent == 0
    assert achievement.is_floored


def test_at_least_negative_target_missed_measures_shortfall_against_size() -> None:
    achievement = numeric(">=", "-10", "-15")
    assert achievement.rule == "shortfall_over_absolute_target_percent"
    assert achievement.percent == 50  # 1 − (−10 − −15) / 10


def test_at_least_negative_target_far_missed_floors_at_zero() -> None:
    achievement = numeric(">=", "-10", "-30")
    assert achievement.raw_percent == -100
    assert achievement.percent == 0


def test_at_most_negative_target_missed_measures_excess_against_size() -> None:
    achievement = numeric("<=", "-20", "-15")
    assert achievement.rule == "excess_over_absolute_target_percent"
    assert achievement.percent == 75  # 1 − (−15 − −20) / 20


@pytest.mark.parametrize(
    ("comparator", "actual"),
    [(">=", "-1"), ("<=", "3"), (">", "-0.5"), ("<", "0.5"), ("=", "1"), ("=", "-1")],
)
def test_zero_target_missed_scores_zero(comparator: str, actual: str) -> None:
    achievement = numeric(comparator, "0", actual)
    assert achievement.rule == "zero_target_missed_percent"
    assert achievement.percent == 0
    assert achievement.is_met is False


def test_equal_below_target_is_ratio() -> None:
    assert numeric("=", "100", "99.60").percent == D("99.60")


def test_equal_above_target_mirrors_the_at_most_rule() -> None:
    achievement = numeric("=", "100", "110")
    assert achievement.rule == "two_minus_actual_over_target_percent"
    assert achievement.percent == 90


def test_equal_far_above_target_floors_at_zero() -> None:
    assert numeric("=", "10", "25").percent == 0


def test_equal_negative_target_below_and_above() -> None:
    assert numeric("=", "-10", "-12").percent == 80
    assert numeric("=", "-10", "-8").percent == 80


def test_strict_more_than_equality_meets_target_by_default() -> None:
    achievement = numeric(">", "8", "8")
    assert (achievement.percent, achievement.is_met) == (D(100), True)


def test_strict_less_than_equality_meets_target_by_default() -> None:
    assert numeric("<", "1.40", "1.40").percent == 100


@pytest.mark.parametrize("comparator", [">", "<"])
def test_strict_equality_is_a_zero_miss_when_the_rule_set_says_so(comparator: str) -> None:
    rules = RuleSet(strict_equality_meets_target=False)
    achievement = numeric(comparator, "8", "8", rules)
    assert achievement.rule == "strict_equality_missed_percent"
    assert (achievement.percent, achievement.is_met) == (D(0), False)


def test_strict_comparators_missed_use_the_ratio_rules() -> None:
    assert numeric(">", "8", "7").percent == D("87.5")
    assert numeric("<", "1.4", "1.5").rule == "two_minus_actual_over_target_percent"


def test_comparator_given_as_text_is_accepted() -> None:
    target = Target(">=", D(80))  # type: ignore[arg-type]
    assert achievement_for(target, Measurement(D(40)), RULES).percent == 50


def test_unknown_comparator_raises() -> None:
    target = Target("≥", D(80))  # type: ignore[arg-type]
    with pytest.raises(TargetError, match="unknown comparator '≥'"):
        achievement_for(target, Measurement(D(40)), RULES)


def test_whole_number_actual_is_accepted() -> None:
    target = Target(Comparator.AT_LEAST, D(50))
    assert achievement_for(target, Measurement(25), RULES).percent == 50  # type: ignore[arg-type]


def test_caller_decimal_context_does_not_change_the_score() -> None:
    expected = numeric("<=", "3", "4.79").percent
    with localcontext(prec=3):
        assert numeric("<=", "3", "4.79").percent == expected


# -- between -------------------------------------------------------------------------------


def between(lower: str, upper: str, actual: str) -> Achievement:
    target = Target(Comparator.BETWEEN, D(lower), upper=D(upper))
    return achievement_for(target, Measurement(D(actual)), RULES)


@pytest.mark.parametrize("actual", ["10", "15", "20"])
def test_between_inside_or_on_a_bound_is_100(actual: str) -> None:
    assert between("10", "20", actual).percent == 100


def test_between_below_uses_the_at_least_rule_on_the_lower_bound() -> None:
    achievement = between("10", "20", "8")
    assert achievement.rule == "actual_over_target_percent"
    assert achievement.percent == 80


def test_between_above_uses_the_at_most_rule_on_the_upper_bound() -> None:
    achievement = between("10", "20", "25")
    assert achievement.rule == "two_minus_actual_over_target_percent"
    assert achievement.percent == 75


def test_between_zero_lower_bound_missed_scores_zero() -> None:
    assert between("0", "5", "-1").rule == "zero_target_missed_percent"


def test_between_negative_upper_bound_missed_measures_excess() -> None:
    assert between("-20", "-10", "-5").percent == 50


def test_between_with_lower_above_upper_raises() -> None:
    with pytest.raises(TargetError, match="lower bound 20 is above upper bound 10"):
        between("20", "10", "15")


def test_between_without_upper_bound_raises() -> None:
    target = Target(Comparator.BETWEEN, D(10))
    with pytest.raises(TargetError, match="upper"):
        achievement_for(target, Measurement(D(12)), RULES)


# -- yes/no --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "answer", "percent"),
    [(True, True, 100), (True, False, 0), (False, False, 100), (False, True, 0), (None, True, 100)],
)
def test_yes_no_scores_100_for_the_expected_answer(
    expected: bool | None, answer: bool, percent: int
) -> None:
    target = Target(Comparator.YES_NO, expected=expected)
    achievement = achievement_for(target, Measurement(answer), RULES)
    assert achievement.percent == percent
    assert achievement.rule == "yes_no_percent"
    assert achievement.is_met is (percent == 100)


def test_yes_no_with_a_number_raises() -> None:
    target = Target(Comparator.YES_NO)
    with pytest.raises(TargetError, match=r"si/no target needs a yes/no \(bool\) actual"):
        achievement_for(target, Measurement(D(1)), RULES)


# -- deadlines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "day"),
    [
        (date(2024, 1, 1), 1),
        (date(2024, 1, 31), 30),
        (date(2024, 2, 27), 57),
        (date(2024, 2, 28), 60),
        (date(2024, 2, 29), 60),
        (date(2023, 2, 28), 60),
        (date(2024, 3, 26), 86),
        (date(2024, 3, 31), 90),
        (date(2024, 12, 31), 360),
    ],
)
def test_day_of_year_30_360(on: date, day: int) -> None:
    assert day_of_year_30_360(on) == day


def test_day_of_year_30_360_adds_360_per_later_year() -> None:
    assert day_of_year_30_360(date(2025, 1, 10), from_year=2024) == 370


def test_day_of_year_calendar() -> None:
    assert day_of_year_calendar(date(2024, 2, 28)) == 59
    assert day_of_year_calendar(date(2024, 3, 26)) == 86
    assert day_of_year_calendar(date(2025, 1, 10), from_year=2024) == 376


def test_deadline_calendar_days_convention_gives_59_over_86() -> None:
    rules = RuleSet(deadline_convention=DeadlineConvention.CALENDAR_DAYS)
    achievement = deadline(date(2024, 2, 28), date(2024, 3, 26), rules)
    assert shown(achievement) == D("68.60")
    assert (achievement.target_days, achievement.actual_days) == (59, 86)
    assert achievement.rule == "deadline_calendar_days_percent"


def test_deadline_pass_fail_convention_late_is_zero() -> None:
    rules = RuleSet(deadline_convention=DeadlineConvention.PASS_FAIL)
    achievement = deadline(date(2024, 2, 28), date(2024, 3, 26), rules)
    assert (achievement.percent, achievement.rule) == (D(0), "deadline_pass_fail_percent")
    assert achievement.target_days is None


def test_deadline_linear_decay_convention_loses_by_real_days_late() -> None:
    rules = RuleSet(deadline_convention=DeadlineConvention.LINEAR_DECAY, deadline_decay_days=30)
    achievement = deadline(date(2024, 2, 28), date(2024, 3, 26), rules)
    assert achievement.percent == 10  # 1 − 27 / 30
    assert achievement.rule == "deadline_linear_decay_percent"


def test_deadline_linear_decay_past_the_decay_days_is_zero() -> None:
    rules = RuleSet(deadline_convention=DeadlineConvention.LINEAR_DECAY, deadline_decay_days=20)
    assert deadline(date(2024, 2, 28), date(2024, 3, 26), rules).percent == 0


@pytest.mark.parametrize("convention", list(DeadlineConvention))
def test_deadline_on_the_due_date_is_100_with_every_convention(
    convention: DeadlineConvention,
) -> None:
    rules = RuleSet(deadline_convention=convention)
    achievement = deadline(date(2024, 2, 28), date(2024, 2, 28), rules)
    assert (achievement.percent, achievement.is_met, achievement.delay_days) == (D(100), True, 0)


def test_deadline_completed_in_a_later_year_counts_360_per_year() -> None:
    achievement = deadline(date(2024, 12, 15), date(2025, 1, 10))
    assert (achievement.target_days, achievement.actual_days) == (345, 370)
    assert shown(achievement) == D("93.24")


def test_deadline_calendar_days_completed_in_a_later_year() -> None:
    rules = RuleSet(deadline_convention=DeadlineConvention.CALENDAR_DAYS)
    achievement = deadline(date(2024, 12, 15), date(2025, 1, 10), rules)
    assert (achievement.target_days, achievement.actual_days) == (350, 376)


def test_deadline_30_360_one_day_late_at_february_end_still_scores_100() -> None:
    # 28 and 29 February are both day 60, so the ratio is 1: late, yet 100 %.
    achievement = deadline(date(2024, 2, 28), date(2024, 2, 29))
    assert (achievement.percent, achievement.is_met, achievement.delay_days) == (D(100), False, 1)


def test_deadline_rule_functions_on_time_return_100() -> None:
    due, done = date(2024, 6, 30), date(2024, 6, 1)
    assert deadline_commercial_30_360_percent(due, done) == 100
    assert deadline_calendar_days_percent(due, done) == 100
    assert deadline_pass_fail_percent(due, done) == 100
    assert deadline_linear_decay_percent(due, done, 30) == 100


def test_deadline_without_due_date_raises() -> None:
    target = Target(Comparator.DEADLINE)
    with pytest.raises(TargetError, match="needs a due date"):
        achievement_for(target, Measurement(date(2024, 1, 1)), RULES)


# -- wrong kinds of value ------------------------------------------------------------------

WRONG_ACTUALS: list[tuple[Target, object, str]] = [
    (Target(Comparator.AT_LEAST, D(5)), date(2024, 1, 1), "needs a finite Decimal actual"),
    (Target(Comparator.AT_MOST, D(5)), True, "needs a finite Decimal actual, got bool"),
    (Target(Comparator.EQUAL, D(5)), 0.5, "got float"),
    (Target(Comparator.AT_LEAST, D(5)), D("NaN"), "finite"),
    (Target(Comparator.BETWEEN, D(1), upper=D(2)), date(2024, 1, 1), "needs a finite Decimal"),
    (Target(Comparator.DEADLINE, due_on=date(2024, 1, 1)), D(5), "needs a completion date"),
    (
        Target(Comparator.DEADLINE, due_on=date(2024, 1, 1)),
        datetime(2024, 1, 1, 12),
        "got datetime",
    ),
    (Target(Comparator.YES_NO), "yes", "got str"),
]


@pytest.mark.parametrize(("target", "actual", "message"), WRONG_ACTUALS)
def test_wrong_kind_of_actual_raises_target_error(
    target: Target, actual: object, message: str
) -> None:
    measurement = Measurement(actual)  # type: ignore[arg-type]
    with pytest.raises(TargetError, match=message):
        achievement_for(target, measurement, RULES)


@pytest.mark.parametrize(
    "target",
    [Target(Comparator.AT_LEAST), Target(Comparator.AT_MOST, 5.0)],  # type: ignore[arg-type]
)
def test_target_without_a_decimal_value_raises_even_when_not_available(target: Target) -> None:
    with pytest.raises(TargetError, match="target needs a"):
        achievement_for(target, None, RULES)


# -- cap, floor, the record ----------------------------------------------------------------


def test_cap_and_floor() -> None:
    assert cap_percent(D("115")) == 100
    assert cap_percent(D("99.5")) == D("99.5")
    assert floor_percent(D("-3")) == 0
    assert floor_percent(D("0.1")) == D("0.1")


def test_achievement_is_frozen() -> None:
    achievement = numeric(">=", "80", "40")
    with pytest.raises(FrozenInstanceError):
        achievement.percent = D(1)  # type: ignore[misc]


def test_every_rule_function_has_a_formula() -> None:
    rule_functions = {
        name
        for name in rules_module.__all__
        if name.endswith("_percent") and name not in ("cap_percent", "floor_percent")
    }
    assert rule_functions <= set(FORMULAS)


ACTUALS_BY_RULE: list[tuple[Target, ActualValue]] = [
    (Target(Comparator.AT_LEAST, D(10)), D(20)),
    (Target(Comparator.AT_LEAST, D(10)), D(5)),
    (Target(Comparator.AT_MOST, D(10)), D(15)),
    (Target(Comparator.AT_LEAST, D(-10)), D(-15)),
    (Target(Comparator.AT_MOST, D(-10)), D(-5)),
    (Target(Comparator.AT_MOST, D(0)), D(5)),
    (Target(Comparator.YES_NO), True),
    (Target(Comparator.DEADLINE, due_on=date(2024, 2, 28)), date(2024, 3, 26)),
]


@pytest.mark.parametrize(("target", "actual"), ACTUALS_BY_RULE)
def test_achievement_rule_names_a_formula(target: Target, actual: ActualValue) -> None:
    assert achievement_for(target, Measurement(actual), RULES).rule in FORMULAS
