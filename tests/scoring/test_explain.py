"""Explanations: the inputs, the formula with its numbers, weights, rounding, statuses."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from performa.scoring import (
    Comparator,
    Indicator,
    Measurement,
    Node,
    Override,
    Target,
    UnknownCodeError,
    explain,
)
from tests.scoring.helpers import entity, links, score, scoring

D = Decimal


def indicator(code: str, comparator: str, target: str, actual: str, unit: str = "N.") -> Indicator:
    return Indicator(
        code,
        f"Indicator {code}",
        Target(Comparator(comparator), D(target)),
        Measurement(D(actual)),
        unit,
    )


def test_explain_indicator_shows_target_actual_formula_and_status() -> None:
    absences = indicator("absences", "<=", "3.00", "4.79")
    scored = score(
        entity(Node("O", "Staff", "operational_objective", links=links(("absences", "8.3")))),
        [absences],
    )
    explanation = explain(scored, "absences")
    text = explanation.as_text()
    assert explanation.kind == "indicator"
    assert text.startswith("Indicator absences: Indicator absences")
    assert "<= 3.00 N." in text
    assert "4.79 N." in text
    assert "two_minus_actual_over_target_percent: (2 − a / t) × 100" in text
    assert "(2 − 4.79 / 3.00) × 100 = 40.333333…" in text
    assert "→ 40.33 for display (2 decimals, half_up)" in text
    assert "off_target (FUORI TARGET)" in text
    assert "on_track >= 80, critical >= 60" in text
    assert "O Staff: planned weight 8.3, effective weight 100 %" in text


def test_explain_deadline_shows_the_day_counts() -> None:
    cug = Indicator(
        "CUG",
        "CUG 2024",
        Target(Comparator.DEADLINE, due_on=date(2024, 2, 28)),
        Measurement(date(2024, 3, 26)),
    )
    scored = score(
        entity(Node("O", "O", "operational_objective", links=links(("CUG", None)))), [cug]
    )
    text = explain(scored, "CUG").as_text()
    assert "entro 2024-02-28" in text
    assert "2024-03-26 (27 days late)" in text
    assert "T′ = 60" in text
    assert "A′ = 86" in text
    assert "min(1, 60 / 86) × 100 = 69.767441…" in text
    assert "critical (CRITICO)" in text


def test_explain_not_available_indicator_gives_the_reason() -> None:
    scored = score(entity(), [scoring("nd", None, reason="source not published")])
    text = explain(scored, "nd").as_text()
    assert "N/D (source not published)" in text
    assert "not_available (DA VALUTARE): no score" in text
    assert "linked to  no node" in text


def test_explain_floored_indicator_says_so() -> None:
    scored = score(entity(), [indicator("x", "<=", "3", "7")])
    assert "floored at 0" in explain(scored, "x").as_text()


def test_explain_indicator_override_shows_justification() -> None:
    override = Override(D(90), "Source changed mid-year", "OIV")
    scored = score(entity(), [scoring("a", "40")], indicator_overrides={"a": override})
    text = explain(scored, "a").as_text()
    assert "computed 40, evaluated 90 by OIV: Source changed mid-year" in text
    assert "on_track (IN LINEA): displayed 90.00" in text


def test_explain_shared_indicator_lists_each_objective_and_weight() -> None:
    first = Node("O1", "First", "operational_objective", links=links(("s", "50"), ("x", "50")))
    second = Node("O2", "Second", "operational_objective", links=links(("s", "20"), ("y", "80")))
    strategic = Node("S", "S", "strategic_objective", children=(first, second))
    scored = score(
        entity(strategic), [scoring("s", "40"), scoring("x", "100"), scoring("y", "100")]
    )
    steps = [step.text for step in explain(scored, "s").steps if step.label == "linked to"]
    assert steps == [
        "O1 First: planned weight 50, effective weight 50 %",
        "O2 Second: planned weight 20, effective weight 20 %",
    ]


def test_explain_node_lists_items_weights_sum_and_status() -> None:
    node = Node(
        "P",
        "Protesti",
        "operational_objective",
        links=links(("a", "16.5"), ("b", "16.7"), ("c", "16.7")),
    )
    scored = score(entity(node), [scoring("a", "98.59"), scoring("b", "26.67"), scoring("c", None)])
    explanation = explain(scored, "P")
    text = explanation.as_text()
    assert explanation.kind == "node"
    assert "weighted mean (weighted_mean) of its child nodes and linked indicators" in text
    assert "indicator a: planned weight 16.5, score 98.59, effective weight 49.698795…" in text
    assert (
        "indicator c: planned weight 16.7, no score (N/D): excluded, effective weight 0 %" in text
    )
    assert "valued 2 of 3 linked" in text
    assert "(16.5 × 98.59 + 16.7 × 26.67) / 33.2 = 62.413373…" in text
    assert "not_achieved" not in text.split("status")[0]
    assert "partly_achieved (PARZIALMENTE): displayed 62.41" in text


def test_explain_entity_names_the_level_it_averages() -> None:
    strategic = Node("S", "S", "strategic_objective", links=links(("a", None)))
    scored = score(
        entity(Node("A", "Area", "strategic_area", children=(strategic,))), [scoring("a", "90")]
    )
    text = explain(scored, "E").as_text()
    assert "plain mean (plain_mean) of its descendants at level 'strategic_objective'" in text
    assert "(90) / 1 = 90" in text


def test_explain_node_override_shows_computed_and_evaluated() -> None:
    node = Node("O", "O", "operational_objective", links=links(("a", None)))
    override = Override(D(80), "Objective revised by the board", "Giunta")
    scored = score(entity(node), [scoring("a", "40")], node_overrides={"O": override})
    text = explain(scored, "O").as_text()
    assert "computed 40, evaluated 80 by Giunta: Objective revised by the board" in text
    assert "equal shares: no weights given" in text


def test_explain_all_not_available_node_has_no_score() -> None:
    node = Node("O", "O", "operational_objective", links=links(("a", None)))
    scored = score(entity(node), [scoring("a", None)])
    text = explain(scored, "O").as_text()
    assert "no item has a value: no score (not 0)" in text
    assert "not_available (DA VALUTARE)" in text


def test_explain_as_dict_is_json_ready() -> None:
    scored = score(entity(), [scoring("a", "40")])
    data = explain(scored, "a").as_dict()
    assert data["code"] == "a"
    assert data["kind"] == "indicator"
    assert json.loads(json.dumps(data)) == data
    steps = data["steps"]
    assert isinstance(steps, list)
    assert {"label", "text"} <= set(steps[0])


def test_explain_unknown_code_raises_a_key_error() -> None:
    scored = score(entity(), [])
    with pytest.raises(UnknownCodeError, match="no node or indicator has code 'ghost'"):
        explain(scored, "ghost")
    with pytest.raises(KeyError):
        explain(scored, "ghost")


# -- in Italian: what the OIV reads on the web pages --------------------------------------


def test_explain_in_italian_uses_decimal_commas_italian_dates_and_the_reports_words() -> None:
    absences = indicator("absences", "<=", "3.00", "4.79")
    scored = score(
        entity(Node("O", "Staff", "operational_objective", links=links(("absences", "8.3")))),
        [absences],
    )
    text = explain(scored, "absences", language="it").as_text()
    assert text.startswith("Indicatore absences: Indicator absences")
    assert "<= 3,00 N." in text
    assert "(2 − 4,79 / 3,00) × 100 = 40,333333…" in text
    assert "→ 40,33 come visualizzato (2 decimali, half_up)" in text
    assert "FUORI TARGET: 40,33 visualizzato" in text
    assert "IN LINEA >= 80, CRITICO >= 60, altrimenti FUORI TARGET" in text
    assert "O Staff: peso previsto 8,3, peso effettivo 100 %" in text
    assert "." not in text.replace("N.", "").split("\n", 1)[1].replace("…", "")


def test_explain_a_late_deadline_in_italian() -> None:
    cug = Indicator(
        "CUG",
        "CUG 2024",
        Target(Comparator.DEADLINE, due_on=date(2024, 2, 28)),
        Measurement(date(2024, 3, 26)),
    )
    scored = score(
        entity(Node("O", "O", "operational_objective", links=links(("CUG", None)))), [cug]
    )
    text = explain(scored, "CUG", language="it").as_text()
    assert "entro 28/02/2024" in text
    assert "26/03/2024 (27 giorni di ritardo)" in text
    assert "giorni commerciali 30/360 dal 1° gennaio al 28/02/2024" in text
    assert "min(1, 60 / 86) × 100 = 69,767441…" in text


def test_explain_a_node_with_an_override_in_italian() -> None:
    override = Override(D(80), "Obiettivo rivisto dalla Giunta", "Giunta")
    scored = score(
        entity(
            Node("O", "Obiettivo", "operational_objective", links=links(("a", "50"), ("b", "50")))
        ),
        [scoring("a", "40"), scoring("b", None, reason="dato non pubblicato")],
        node_overrides={"O": override},
    )
    text = explain(scored, "O", language="it").as_text()
    assert "media ponderata (weighted_mean) degli obiettivi che contiene" in text
    assert "indicatore a: peso previsto 50, punteggio 40, peso effettivo 100 %" in text
    assert "indicatore b: peso previsto 50, senza punteggio (N/D)" in text
    assert "calcolato 40, valutato 80 da Giunta: Obiettivo rivisto dalla Giunta" in text
    assert "il livello superiore usa il valore valutato" in text


def test_every_rule_has_a_formula_in_each_language() -> None:
    from performa.scoring.explain import _WORDINGS
    from performa.scoring.targets import FORMULAS

    for wording in _WORDINGS.values():
        assert wording.formulas.keys() == FORMULAS.keys()


def test_an_unknown_language_is_refused() -> None:
    scored = score(entity(), [scoring("a", "40")])
    with pytest.raises(ValueError, match="en, it"):
        explain(scored, "a", language="fr")
