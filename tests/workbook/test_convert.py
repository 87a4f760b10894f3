"""PlanData → the scoring core's Plan: the tree, one period's figures, the overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from performa.scoring.errors import PlanError
from performa.scoring.model import ENTITY_LEVEL, Link, Measurement, Override
from performa.scoring.rollup import ScoredPlan, score_plan
from performa.workbook.convert import period_for, scoring_plan_for
from performa.workbook.data import NodeRow
from tests.workbook.support import representative_plan


def test_the_root_is_the_entity_with_its_children_in_row_order() -> None:
    root = scoring_plan_for(representative_plan()).root
    assert (root.code, root.name, root.level) == (
        "CCIAA-PTPO",
        "Camera di Commercio di Pistoia-Prato",
        ENTITY_LEVEL,
    )
    assert [node.code for node in root.walk()] == [
        "CCIAA-PTPO",
        "I",
        "01_01",
        "01_01_0502",
        "01_02",
        "01_02_OP04",
    ]
    area = root.children[0]
    assert [child.weight for child in area.children] == [Decimal(50), Decimal(50)]


def test_links_sit_on_their_objectives_in_row_order() -> None:
    root = scoring_plan_for(representative_plan()).root
    protesti = root.children[0].children[0].children[0]
    assert protesti.links == (
        Link("IND1", Decimal("33.3")),
        Link("IND2", Decimal("33.3")),
        Link("IND3", Decimal("33.4")),
    )
    cassetto = root.children[0].children[1].children[0]
    assert [link.indicator_code for link in cassetto.links] == [
        "IND1",
        "IND4",
        "IND5",
        "IND6",
        "IND7",
    ]
    assert all(link.weight is None for link in cassetto.links)


def test_the_final_period_is_used_by_default() -> None:
    indicators = scoring_plan_for(representative_plan()).indicators
    assert indicators["IND1"].measurement == Measurement(Decimal("39.5"))
    assert indicators["IND4"].measurement == Measurement(date(2024, 3, 26))
    assert indicators["IND5"].measurement == Measurement(True)
    assert indicators["IND6"].measurement == Measurement(None, "Indagine non svolta")
    assert indicators["IND3"].target.upper == Decimal(20)


def test_another_period_can_be_asked_for_and_missing_figures_are_not_available() -> None:
    indicators = scoring_plan_for(representative_plan(), "S1").indicators
    assert indicators["IND1"].measurement == Measurement(Decimal(20))
    assert indicators["IND2"].measurement is None


def test_without_a_final_period_the_last_one_is_used() -> None:
    plan = representative_plan()
    plan = replace(plan, periods=tuple(replace(period, is_final=False) for period in plan.periods))
    assert period_for(plan) == plan.periods[-1]


def test_without_periods_every_indicator_is_not_available() -> None:
    plan = replace(representative_plan(), periods=(), measurements=())
    assert period_for(plan) is None
    indicators = scoring_plan_for(plan).indicators
    assert all(indicator.measurement is None for indicator in indicators.values())


def test_an_unknown_period_is_a_plan_error() -> None:
    with pytest.raises(PlanError, match="la rilevazione «S9» non esiste nel piano"):
        scoring_plan_for(representative_plan(), "S9")


def test_overrides_are_split_between_nodes_and_indicators() -> None:
    plan = representative_plan()
    extra = replace(plan.overrides[0], code="CCIAA-PTPO", evaluated_percent=Decimal(90))
    scoring = scoring_plan_for(replace(plan, overrides=(*plan.overrides, extra)))
    assert scoring.node_overrides == {
        "01_01_0502": Override(Decimal(95), "Rettifica dopo la verifica OIV", "OIV"),
        "CCIAA-PTPO": Override(Decimal(90), "Rettifica dopo la verifica OIV", "OIV"),
    }
    assert scoring.indicator_overrides == {
        "IND2": Override(Decimal(100), "Dato corretto dopo la verifica"),
    }


def test_a_node_the_tree_cannot_place_is_a_plan_error() -> None:
    plan = representative_plan()
    orphan = NodeRow("X", "NOPE", "operational_objective", "Orfano")
    with pytest.raises(PlanError, match="il nodo «X» non è sotto l'ente"):
        scoring_plan_for(replace(plan, nodes=(*plan.nodes, orphan)))


def test_duplicate_node_codes_are_a_plan_error() -> None:
    plan = representative_plan()
    with pytest.raises(PlanError, match="l'albero ha codici ripetuti"):
        scoring_plan_for(replace(plan, nodes=(*plan.nodes, plan.nodes[-1])))


def test_a_link_to_an_unknown_objective_is_a_plan_error() -> None:
    plan = representative_plan()
    link = replace(plan.links[0], objective_code="NOPE")
    with pytest.raises(PlanError, match="collegamento a un obiettivo che non esiste: «NOPE»"):
        scoring_plan_for(replace(plan, links=(link,)))


def test_the_scoring_core_accepts_the_converted_plan() -> None:
    plan = representative_plan()
    scored = score_plan(scoring_plan_for(plan), plan.rules)
    assert isinstance(scored, ScoredPlan)
