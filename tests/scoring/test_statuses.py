"""Statuses: thresholds at their boundaries, classified on the displayed value (DOMAIN.md §2.7)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performa.scoring import (
    IndicatorStatus,
    ObjectiveStatus,
    RuleSet,
    Thresholds,
    classify_indicator,
    classify_objective,
)

D = Decimal
THRESHOLDS = RuleSet().indicator_thresholds


@pytest.mark.parametrize(
    ("percent", "status"),
    [
        ("100", IndicatorStatus.ON_TRACK),
        ("83.33", IndicatorStatus.ON_TRACK),
        ("80.00", IndicatorStatus.ON_TRACK),
        ("79.996", IndicatorStatus.ON_TRACK),  # displays 80,00
        ("79.994", IndicatorStatus.CRITICAL),  # displays 79,99
        ("76.36", IndicatorStatus.CRITICAL),
        ("60.00", IndicatorStatus.CRITICAL),
        ("59.995", IndicatorStatus.CRITICAL),  # displays 60,00
        ("59.09", IndicatorStatus.OFF_TARGET),
        ("0", IndicatorStatus.OFF_TARGET),
        (None, IndicatorStatus.NOT_AVAILABLE),
    ],
)
def test_classify_indicator_at_the_boundaries(percent: str | None, status: IndicatorStatus) -> None:
    value = None if percent is None else D(percent)
    assert classify_indicator(value, THRESHOLDS) is status


@pytest.mark.parametrize(
    ("percent", "status"),
    [
        ("80.00", ObjectiveStatus.ACHIEVED),  # "Transizione energetica"
        ("79.996", ObjectiveStatus.ACHIEVED),
        ("75.43", ObjectiveStatus.PARTLY_ACHIEVED),  # Protesti
        ("60.00", ObjectiveStatus.PARTLY_ACHIEVED),
        ("59.09", ObjectiveStatus.NOT_ACHIEVED),
        (None, ObjectiveStatus.NOT_AVAILABLE),
    ],
)
def test_classify_objective_at_the_boundaries(percent: str | None, status: ObjectiveStatus) -> None:
    value = None if percent is None else D(percent)
    assert classify_objective(value, RuleSet().objective_thresholds) is status


def test_classify_without_display_rounding_keeps_79_996_critical() -> None:
    status = classify_indicator(D("79.996"), THRESHOLDS, round_percent=lambda percent: percent)
    assert status is IndicatorStatus.CRITICAL


def test_classify_rounds_as_the_rule_set_displays() -> None:
    rules = RuleSet(display_decimals=0)
    status = classify_objective(
        D("79.5"), rules.objective_thresholds, round_percent=rules.round_percent
    )
    assert status is ObjectiveStatus.ACHIEVED


def test_classify_with_other_thresholds() -> None:
    thresholds = Thresholds(best=D(90), middle=D(70))
    assert classify_indicator(D(85), thresholds) is IndicatorStatus.CRITICAL
    assert classify_objective(D(65), thresholds) is ObjectiveStatus.NOT_ACHIEVED


def test_indicator_status_labels_are_the_reference_report_wording() -> None:
    labels = {status.value: status.label for status in IndicatorStatus}
    assert labels == {
        "on_track": "IN LINEA",
        "critical": "CRITICO",
        "off_target": "FUORI TARGET",
        "not_available": "DA VALUTARE",
    }


def test_objective_status_labels_are_the_reference_report_wording() -> None:
    labels = {status.value: status.label for status in ObjectiveStatus}
    assert labels == {
        "achieved": "RAGGIUNTO",
        "partly_achieved": "PARZIALMENTE",
        "not_achieved": "NON RAGGIUNTO",
        "not_available": "DA VALUTARE",
    }


def test_statuses_are_strings() -> None:
    assert str(IndicatorStatus.ON_TRACK) == "on_track"
    assert isinstance(IndicatorStatus.ON_TRACK, str)
    assert f"{ObjectiveStatus.PARTLY_ACHIEVED}" == "partly_achieved"
