"""The weighting rules of individual evaluations: components, behaviour scales, bands."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from performa.scoring import (
    AppraisalError,
    Band,
    BehaviourScale,
    ComponentKind,
    ComponentScore,
    ScaleConversion,
    WeightedScore,
    appraisal_total,
    band_for,
    behaviours_percent,
    check_component_weights,
    rating_to_percent,
    weighted_mean,
)

D = Decimal
BANDS = (
    Band(D(90), "Eccellente"),
    Band(D(75), "Buono"),
    Band(D(60), "Adeguato"),
    Band(D(0), "Non adeguato"),
)


def components(organisational: str | None, objectives: str | None, behaviours: str | None):
    return (
        ComponentScore(
            ComponentKind.ORGANISATIONAL,
            D(40),
            None if organisational is None else D(organisational),
        ),
        ComponentScore(
            ComponentKind.OBJECTIVES, D(30), None if objectives is None else D(objectives)
        ),
        ComponentScore(
            ComponentKind.BEHAVIOURS, D(30), None if behaviours is None else D(behaviours)
        ),
    )


def test_total_is_the_weighted_sum_of_the_components_unrounded() -> None:
    result = appraisal_total(components("96.41", "95.5", "80"), BANDS)
    # 0.4 × 96.41 + 0.3 × 95.5 + 0.3 × 80 = 38.564 + 28.65 + 24
    assert result.total_percent == D("91.214")
    assert result.band == BANDS[0]
    assert result.missing == ()


def test_total_is_missing_while_a_weighted_component_has_no_score() -> None:
    result = appraisal_total(components("96.41", "95.5", None), BANDS)
    assert result.total_percent is None
    assert result.band is None
    assert result.missing == (ComponentKind.BEHAVIOURS,)


def test_a_component_of_weight_zero_is_ignored_even_without_a_score() -> None:
    result = appraisal_total(
        (
            ComponentScore(ComponentKind.ORGANISATIONAL, D(50), D(80)),
            ComponentScore(ComponentKind.OBJECTIVES, D(0), None),
            ComponentScore(ComponentKind.BEHAVIOURS, D(50), D(60)),
        ),
        BANDS,
    )
    assert result.total_percent == D(70)
    assert result.band == Band(D(60), "Adeguato")


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ((D(40), D(30), D(20)), "add up to 90"),
        ((D(40), D(70), D(-10)), "must be >= 0"),
    ],
)
def test_component_weights_must_be_non_negative_and_add_up_to_100(weights, message) -> None:
    kinds = list(ComponentKind)
    with pytest.raises(AppraisalError, match=message):
        check_component_weights(dict(zip(kinds, weights, strict=True)))


def test_component_weights_tolerate_a_tenth_of_a_point() -> None:
    check_component_weights(
        {
            ComponentKind.ORGANISATIONAL: D("33.3"),
            ComponentKind.OBJECTIVES: D("33.3"),
            ComponentKind.BEHAVIOURS: D("33.3"),
        }
    )


def test_a_component_score_outside_0_100_is_refused() -> None:
    with pytest.raises(AppraisalError, match="outside 0–100") as raised:
        appraisal_total(components("101", "90", "90"))
    assert raised.value.location == "organisational"


@pytest.mark.parametrize(
    ("rating", "conversion", "expected"),
    [
        (5, ScaleConversion.PROPORTIONAL, D(100)),
        (4, ScaleConversion.PROPORTIONAL, D(80)),
        (1, ScaleConversion.PROPORTIONAL, D(20)),
        (5, ScaleConversion.LINEAR, D(100)),
        (4, ScaleConversion.LINEAR, D(75)),
        (1, ScaleConversion.LINEAR, D(0)),
    ],
)
def test_rating_to_percent_on_a_1_to_5_scale(rating, conversion, expected) -> None:
    assert rating_to_percent(rating, BehaviourScale(1, 5, conversion)) == expected


@pytest.mark.parametrize("rating", [0, 6, True])
def test_a_rating_outside_the_scale_is_refused(rating) -> None:
    with pytest.raises(AppraisalError, match="outside the scale"):
        rating_to_percent(rating, BehaviourScale(1, 5))


def test_a_scale_needs_a_minimum_below_its_maximum() -> None:
    with pytest.raises(AppraisalError, match="minimum < maximum"):
        BehaviourScale(5, 5)


def test_behaviours_are_a_weighted_mean_of_the_converted_ratings() -> None:
    weights = {"A": D(50), "B": D(25), "C": D(25)}
    # 0.5 × 80 + 0.25 × 100 + 0.25 × 60
    assert behaviours_percent({"A": 4, "B": 5, "C": 3}, weights, BehaviourScale()) == D(80)


def test_behaviours_are_missing_until_every_behaviour_is_rated() -> None:
    weights = {"A": D(1), "B": D(1)}
    assert behaviours_percent({"A": 4}, weights, BehaviourScale()) is None


def test_a_rating_of_an_unknown_behaviour_is_refused() -> None:
    with pytest.raises(AppraisalError, match="no behaviour 'Z'") as raised:
        behaviours_percent({"Z": 4}, {"A": D(1)}, BehaviourScale())
    assert raised.value.location == "Z"


def test_weighted_mean_renormalises_over_the_available_items() -> None:
    items = [
        WeightedScore("a", D(1), D(100)),
        WeightedScore("b", D(1), None),
        WeightedScore("c", D(2), D(70)),
    ]
    # b is N/D: (1 × 100 + 2 × 70) / 3
    assert weighted_mean(items) == D(240) / D(3)


def test_weighted_mean_of_only_not_available_items_is_none_not_zero() -> None:
    assert weighted_mean([WeightedScore("a", D(1), None)]) is None
    assert weighted_mean([]) is None


def test_weighted_mean_with_zero_weights_counts_items_equally() -> None:
    items = [WeightedScore("a", D(0), D(100)), WeightedScore("b", D(0), D(50))]
    assert weighted_mean(items) == D(75)


def test_weighted_mean_refuses_a_negative_weight() -> None:
    with pytest.raises(AppraisalError, match="weight of a"):
        weighted_mean([WeightedScore("a", D(-1), D(100))])


@pytest.mark.parametrize(
    ("total", "label"),
    [
        ("89.994", "Buono"),
        ("89.995", "Eccellente"),  # shown as 90,00: the band of what is shown
        ("75", "Buono"),
        ("59.99", "Non adeguato"),
        ("0", "Non adeguato"),
    ],
)
def test_band_is_chosen_on_the_display_rounded_total(total, label) -> None:
    band = band_for(D(total), BANDS)
    assert band is not None
    assert band.label == label


def test_no_band_below_every_band_or_without_a_total() -> None:
    assert band_for(D(10), (Band(D(60), "Adeguato"),)) is None
    assert band_for(None, BANDS) is None


_PERCENTS = st.decimals(min_value=0, max_value=100, places=4, allow_nan=False)
_WEIGHTS = st.integers(min_value=0, max_value=100)


@given(
    organisational=_PERCENTS,
    objectives=_PERCENTS,
    behaviours=_PERCENTS,
    first=_WEIGHTS,
    second=_WEIGHTS,
)
def test_the_total_lies_between_the_weighted_components_lowest_and_highest(
    organisational: Decimal, objectives: Decimal, behaviours: Decimal, first: int, second: int
) -> None:
    low, high = sorted((first, second))
    weights = (D(low), D(high - low), D(100 - high))
    scores = (organisational, objectives, behaviours)
    result = appraisal_total(
        [
            ComponentScore(kind, weight, score)
            for kind, weight, score in zip(ComponentKind, weights, scores, strict=True)
        ]
    )
    counted = [score for weight, score in zip(weights, scores, strict=True) if weight > 0]
    assert result.total_percent is not None
    assert min(counted) <= result.total_percent <= max(counted)
