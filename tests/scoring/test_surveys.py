"""Survey statistics on answer sets whose results are known by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performa.scoring.surveys import (
    OVERALL,
    SurveyScale,
    SurveyStatistic,
    mark_statistics,
    statistic_value,
    survey_statistics,
)


def marks(*values: int | str) -> list[Decimal]:
    return [Decimal(str(value)) for value in values]


def test_mark_statistics_of_a_small_set_counted_by_hand() -> None:
    stats = mark_statistics(marks(1, 4, 5, 6, 7, 10))
    assert stats.count == 6
    assert stats.mean == Decimal("5.5")
    assert stats.satisfied_count == 2  # 7 and 10
    assert stats.dissatisfied_count == 2  # 1 and 4
    assert round(stats.satisfaction_percent or 0, 4) == Decimal("33.3333")
    assert round(stats.dissatisfied_percent or 0, 4) == Decimal("33.3333")


def test_mark_statistics_keep_the_mean_unrounded() -> None:
    stats = mark_statistics(marks(8, 8, 9))
    assert stats.mean is not None
    assert round(stats.mean, 10) == Decimal("8.3333333333")


def test_band_limits_are_inclusive() -> None:
    stats = mark_statistics(marks(4, 7), SurveyScale())
    assert (stats.satisfied_count, stats.dissatisfied_count) == (1, 1)


def test_the_reference_report_shares_from_band_counts() -> None:
    # 1.523 questionnaires: 1.339 in 7-10, 72 in 1-4, 112 in 5-6 -> 87,9 % and 4,7 %.
    answers = [Decimal(9)] * 1339 + [Decimal(3)] * 72 + [Decimal(6)] * 112
    stats = mark_statistics(answers)
    assert stats.count == 1523
    assert round(stats.satisfaction_percent or 0, 1) == Decimal("87.9")
    assert round(stats.dissatisfied_percent or 0, 1) == Decimal("4.7")


def test_a_custom_scale_moves_the_bands() -> None:
    scale = SurveyScale(Decimal(1), Decimal(6), Decimal(5), Decimal(2))
    stats = mark_statistics(marks(1, 2, 3, 4, 5, 6), scale)
    assert (stats.satisfied_count, stats.dissatisfied_count) == (2, 2)
    assert stats.mean == Decimal("3.5")


def test_decimal_marks_are_accepted_within_the_scale() -> None:
    assert mark_statistics(marks("7.5", "8.5")).mean == Decimal(8)


def test_no_marks_give_no_mean_and_no_shares() -> None:
    stats = mark_statistics([])
    assert stats.count == 0
    assert stats.mean is None
    assert stats.satisfaction_percent is None
    assert statistic_value(stats, SurveyStatistic.COUNT) is None


@pytest.mark.parametrize("mark", ["0", "11", "-1", "10.5"])
def test_a_mark_outside_the_scale_is_refused(mark: str) -> None:
    with pytest.raises(ValueError, match="outside the scale"):
        mark_statistics(marks(mark))


@pytest.mark.parametrize(
    ("minimum", "maximum", "satisfied", "dissatisfied"),
    [(10, 1, 7, 4), (1, 10, 4, 4), (1, 10, 11, 4), (1, 10, 7, 0)],
)
def test_inconsistent_scales_are_refused(minimum, maximum, satisfied, dissatisfied) -> None:
    with pytest.raises(ValueError, match="must"):
        SurveyScale(Decimal(minimum), Decimal(maximum), Decimal(satisfied), Decimal(dissatisfied))


def test_survey_statistics_per_service_and_overall() -> None:
    answers = [
        ("Registro imprese", Decimal(6)),
        ("Registro imprese", Decimal(8)),
        ("Front office", Decimal(10)),
        ("Front office", None),  # empty answer: counts nowhere
        ("", Decimal(2)),  # no service: counts overall only
    ]
    stats = survey_statistics(answers)
    assert [name for name, _ in stats.services] == ["Registro imprese", "Front office"]
    registry = stats.of("registro imprese ")
    assert registry is not None
    assert (registry.count, registry.mean) == (2, Decimal(7))
    front = stats.of("Front office")
    assert front is not None
    assert (front.count, front.mean) == (1, Decimal(10))
    assert stats.of(OVERALL) is stats.overall
    assert (stats.overall.count, stats.overall.mean) == (4, Decimal("6.5"))
    assert stats.overall.dissatisfied_count == 1
    assert stats.of("Metrologia") is None


def test_statistic_value_picks_each_statistic() -> None:
    stats = mark_statistics(marks(2, 9))
    assert statistic_value(stats, SurveyStatistic.COUNT) == 2
    assert statistic_value(stats, SurveyStatistic.MEAN) == Decimal("5.5")
    assert statistic_value(stats, SurveyStatistic.SATISFACTION_PERCENT) == 50
    assert statistic_value(stats, SurveyStatistic.DISSATISFIED_PERCENT) == 50
