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
            "i pesi sommano a 99,5 invece di 100: vengono riproporzionati "
            "(indicatori di «01_01_0502»)",
        ),
    )
    assert str(result.warnings[0]) == (
        "foglio «links», riga 2, colonna «weight» (C2): i pesi sommano a 99,5 invece di 100: "
        "vengono riproporzionati (indicatori di «01_01_0502»)"
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
            "il peso è dato per 2 su 3 (indicatori di «01_01_0502»); dallo a tutti o a nessuno: "
            "una media ponderata li richiede tutti",
        ),
    )


def test_child_weights_not_summing_to_100_are_normalised() -> None:
    result = edited(representative_plan(), put("tree", "F5", 49))
    assert result.plan is not None
    assert result.warnings == (
        CellWarning(
            "tree",
            3,
            "weight",
            "i pesi sommano a 99 invece di 100: vengono riproporzionati (nodi figli di «I»)",
        ),
    )


def test_weights_of_the_entitys_children_are_checked_too() -> None:
    result = edited(representative_plan(), put("tree", "F2", 80))
    assert result.warnings == (
        CellWarning(
            "tree",
            2,
            "weight",
            "i pesi sommano a 80 invece di 100: vengono riproporzionati (nodi figli dell'ente)",
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
            "l'indicatore «IND7» non è collegato ad alcun obiettivo, quindi non viene valutato",
        ),
    )


def test_a_rule_for_a_level_the_plan_lacks_is_reported() -> None:
    result = edited(representative_plan(), put("rules", "A13", "aggregation.area"))
    assert result.plan is not None
    assert result.warnings == (
        CellWarning("rules", 13, "key", "il livello «area» non è nel foglio levels"),
    )


def test_a_rule_averaging_over_a_level_the_plan_lacks_is_reported() -> None:
    result = edited(representative_plan(), put("rules", "B12", "obiettivi"))
    assert result.plan is not None
    assert result.warnings == (
        CellWarning("rules", 12, "value", "il livello «obiettivi» non è nel foglio levels"),
    )


def test_warnings_come_with_errors_too() -> None:
    result = edited(representative_plan(), put("links", "C4", 32.9), put("tree", "F3", "tanto"))
    assert result.plan is None
    assert result.errors == (
        CellError("tree", 3, "weight", "«tanto» non è un numero; scrivi ad esempio 350 o 350,5"),
    )
    assert len(result.warnings) == 2
