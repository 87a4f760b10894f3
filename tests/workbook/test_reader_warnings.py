"""Warnings: the plan is still read, but something deserves a look."""

from __future__ import annotations

from performa.workbook.reader import CellError, CellWarning
from tests.workbook.support import delete_rows, edited, put, representative_plan


def test_link_weights_not_summing_to_100_are_normalised() -> None:
    result = edited(representative_plan(), put("links", "C4", 32.9))
    assert result.plan is not None
    assert result.warnings == (
        CellWarning(
            "links",
            2,
            "weight",
            "weights sum to 99.5, they are normalised (indicators of '01_01_0502')",
        ),
    )
    assert str(result.warnings[0]) == (
        "links!C2 (weight): weights sum to 99.5, they are normalised (indicators of '01_01_0502')"
    )


def test_link_weights_within_a_tenth_of_100_are_fine() -> None:
    result = edited(representative_plan(), put("links", "C4", 33.3))
    assert result.warnings == ()


def test_link_weights_partly_empty_are_reported() -> None:
    result = edited(representative_plan(), put("links", "C4", None))
    assert result.plan is not None
    assert result.warnings == (
        CellWarning(
            "links",
            2,
            "weight",
            "weights are given for 2 of 3 (indicators of '01_01_0502'); give all or none, "
            "a weighted mean needs them all",
        ),
    )


def test_child_weights_not_summing_to_100_are_normalised() -> None:
    result = edited(representative_plan(), put("tree", "F5", 49))
    assert result.plan is not None
    assert result.warnings == (
        CellWarning(
            "tree", 3, "weight", "weights sum to 99, they are normalised (children of 'I')"
        ),
    )


def test_weights_of_the_entitys_children_are_checked_too() -> None:
    result = edited(representative_plan(), put("tree", "F2", 80))
    assert result.warnings == (
        CellWarning(
            "tree", 2, "weight", "weights sum to 80, they are normalised (children of the entity)"
        ),
    )


def test_an_indicator_linked_to_no_objective_is_reported() -> None:
    result = edited(representative_plan(), delete_rows("links", 9))
    assert result.plan is not None
    assert result.warnings == (
        CellWarning(
            "indicators",
            8,
            "code",
            "indicator 'IND7' is linked to no objective, so it is not scored",
        ),
    )


def test_a_rule_for_a_level_the_plan_lacks_is_reported() -> None:
    result = edited(representative_plan(), put("rules", "A13", "aggregation.area"))
    assert result.plan is not None
    assert result.warnings == (
        CellWarning("rules", 13, "key", "level 'area' is not in the levels sheet"),
    )


def test_a_rule_averaging_over_a_level_the_plan_lacks_is_reported() -> None:
    result = edited(representative_plan(), put("rules", "B12", "obiettivi"))
    assert result.plan is not None
    assert result.warnings == (
        CellWarning("rules", 12, "value", "level 'obiettivi' is not in the levels sheet"),
    )


def test_warnings_come_with_errors_too() -> None:
    result = edited(representative_plan(), put("links", "C4", 32.9), put("tree", "F3", "tanto"))
    assert result.plan is None
    assert result.errors == (CellError("tree", 3, "weight", "'tanto' is not a number"),)
    assert len(result.warnings) == 2
