"""Comparing two plans: each kind of change, its Italian description, and a stable order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from performa.scoring.model import Comparator, Target
from performa.workbook.compare import (
    Change,
    ChangeKind,
    ChangeSubject,
    PlanChanges,
    plan_changes,
)
from performa.workbook.data import (
    AssignmentRow,
    IndicatorRow,
    LinkRow,
    NodeRow,
    PersonRow,
    PlanData,
    UnitRow,
    YearTarget,
)


def _with_node(plan: PlanData, code: str, **changes: object) -> PlanData:
    nodes = tuple(replace(node, **changes) if node.code == code else node for node in plan.nodes)  # type: ignore[arg-type]
    return replace(plan, nodes=nodes)


def _with_indicator(plan: PlanData, code: str, **changes: object) -> PlanData:
    indicators = tuple(
        replace(indicator, **changes) if indicator.code == code else indicator  # type: ignore[arg-type]
        for indicator in plan.indicators
    )
    return replace(plan, indicators=indicators)


def _without_links(plan: PlanData, keep: Callable[[LinkRow], bool]) -> PlanData:
    return replace(plan, links=tuple(link for link in plan.links if keep(link)))


def _descriptions(changes: PlanChanges) -> list[str]:
    return [change.description for change in changes]


def test_identical_plans_have_no_changes(demo_plan: PlanData) -> None:
    changes = plan_changes(demo_plan, demo_plan)
    assert changes.is_empty
    assert len(changes) == 0
    assert set(changes.counts_by_kind.values()) == {0}


def test_a_copy_with_decimals_written_differently_has_no_changes(demo_plan: PlanData) -> None:
    links = tuple(
        replace(link, weight=link.weight.quantize(Decimal("0.001")))
        if link.weight is not None
        else link
        for link in demo_plan.links
    )
    assert plan_changes(demo_plan, replace(demo_plan, links=links)).is_empty


def test_a_node_weight_change_is_one_changed_weight(demo_plan: PlanData) -> None:
    before = _with_node(demo_plan, "01_01_0501", weight=Decimal("20"))
    after = _with_node(demo_plan, "01_01_0501", weight=Decimal("25.00"))
    changes = plan_changes(before, after)
    assert changes.changes == (
        Change(
            ChangeKind.CHANGED,
            ChangeSubject.NODE,
            "01_01_0501",
            "weight",
            Decimal("20"),
            Decimal("25.00"),
        ),
    )
    assert _descriptions(changes) == ["Obiettivo 01_01_0501: peso da 20 a 25"]
    assert changes.counts_by_kind[ChangeKind.CHANGED] == 1
    assert changes.counts_by_subject[ChangeSubject.NODE] == 1


def test_a_weight_set_where_there_was_none_shows_a_dash(demo_plan: PlanData) -> None:
    after = _with_node(demo_plan, "01_01_0501", weight=Decimal("33.3"))
    assert _descriptions(plan_changes(demo_plan, after)) == [
        "Obiettivo 01_01_0501: peso da — a 33,3"
    ]


def test_a_renamed_indicator_is_one_changed_name(demo_plan: PlanData) -> None:
    after = _with_indicator(demo_plan, "01_01_0501_I02", name="Nuovo nome")
    (change,) = plan_changes(demo_plan, after)
    assert (change.kind, change.subject, change.code, change.field) == (
        ChangeKind.CHANGED,
        ChangeSubject.INDICATOR,
        "01_01_0501_I02",
        "name",
    )
    assert change.after == "Nuovo nome"
    assert change.description.startswith("Indicatore 01_01_0501_I02: nome da ")
    assert change.description.endswith(' a "Nuovo nome"')


def test_a_new_indicator_with_its_link_is_added_indicator_then_added_link(
    demo_plan: PlanData,
) -> None:
    indicator = IndicatorRow(
        code="01_01_0501_I09",
        name="Imprese accompagnate",
        target=Target(Comparator.AT_LEAST, Decimal("10")),
        unit="N.",
    )
    after = replace(
        demo_plan,
        indicators=(*demo_plan.indicators, indicator),
        links=(*demo_plan.links, LinkRow("01_01_0501", "01_01_0501_I09", Decimal("10"))),
    )
    changes = plan_changes(demo_plan, after)
    assert [(change.kind, change.subject) for change in changes] == [
        (ChangeKind.ADDED, ChangeSubject.INDICATOR),
        (ChangeKind.ADDED, ChangeSubject.LINK),
    ]
    assert changes.changes[0].after == "Imprese accompagnate"
    assert _descriptions(changes) == [
        "Indicatore 01_01_0501_I09 aggiunto",
        "Collegamento 01_01_0501 → 01_01_0501_I09 aggiunto",
    ]
    assert changes.counts_by_kind == {
        ChangeKind.ADDED: 2,
        ChangeKind.REMOVED: 0,
        ChangeKind.CHANGED: 0,
        ChangeKind.MOVED: 0,
    }


def test_a_removed_link_is_one_removed_link(demo_plan: PlanData) -> None:
    after = _without_links(
        demo_plan,
        lambda link: (link.objective_code, link.indicator_code) != ("01_01_0501", "01_01_0501_I02"),
    )
    changes = plan_changes(demo_plan, after)
    assert changes.changes == (
        Change(ChangeKind.REMOVED, ChangeSubject.LINK, "01_01_0501 → 01_01_0501_I02"),
    )
    assert _descriptions(changes) == ["Collegamento 01_01_0501 → 01_01_0501_I02 rimosso"]


def test_a_link_weight_change_is_a_changed_link(demo_plan: PlanData) -> None:
    links = tuple(
        replace(link, weight=Decimal("50"))
        if (link.objective_code, link.indicator_code) == ("01_01_UIC01", "OC_TD_02")
        else link
        for link in demo_plan.links
    )
    changes = plan_changes(demo_plan, replace(demo_plan, links=links))
    assert _descriptions(changes) == ["Collegamento 01_01_UIC01 → OC_TD_02: peso da 33,3 a 50"]


def test_a_removed_objective_comes_last_with_its_links_and_indicators(
    demo_plan: PlanData,
) -> None:
    linked = {
        link.indicator_code for link in demo_plan.links if link.objective_code == "01_01_0503"
    }
    renamed = _with_node(demo_plan, "01_01_0501", name="Rinominato")
    after = replace(
        renamed,
        nodes=tuple(node for node in renamed.nodes if node.code != "01_01_0503"),
        links=tuple(link for link in demo_plan.links if link.objective_code != "01_01_0503"),
        indicators=tuple(
            indicator for indicator in demo_plan.indicators if indicator.code not in linked
        ),
        assignments=tuple(
            assignment
            for assignment in demo_plan.assignments
            if assignment.objective_code != "01_01_0503"
        ),
    )
    changes = list(plan_changes(demo_plan, after))
    assert changes[0].description.startswith("Obiettivo 01_01_0501: nome da ")
    assert changes[1] == Change(
        ChangeKind.REMOVED, ChangeSubject.NODE, "01_01_0503", before=changes[1].before
    )
    assert changes[1].description == "Obiettivo 01_01_0503 rimosso"
    removed_indicators = [
        change.code for change in changes if change.subject is ChangeSubject.INDICATOR
    ]
    assert set(removed_indicators) == linked
    assert all(change.kind is ChangeKind.REMOVED for change in changes[1:])
    # Each removed indicator comes just before its removed link.
    for position, change in enumerate(changes):
        if change.subject is ChangeSubject.INDICATOR:
            assert changes[position + 1].subject is ChangeSubject.LINK
            assert changes[position + 1].code.endswith(f"→ {change.code}")


def test_a_moved_node_is_one_moved_change(demo_plan: PlanData) -> None:
    after = _with_node(demo_plan, "01_02", parent_code="02")
    changes = plan_changes(demo_plan, after)
    assert changes.changes == (
        Change(ChangeKind.MOVED, ChangeSubject.NODE, "01_02", "parent", "01", "02"),
    )
    assert _descriptions(changes) == ["Obiettivo 01_02: spostato sotto 02 (prima 01)"]
    assert changes.counts_by_kind[ChangeKind.MOVED] == 1


def test_a_node_moved_to_the_entity_says_so(demo_plan: PlanData) -> None:
    after = _with_node(demo_plan, "01_02", parent_code=None)
    assert _descriptions(plan_changes(demo_plan, after)) == [
        "Obiettivo 01_02: spostato sotto l'ente (prima 01)"
    ]


def test_a_node_moved_and_renamed_gives_the_move_then_the_rename(demo_plan: PlanData) -> None:
    after = _with_node(demo_plan, "01_02", parent_code="02", name="Internazionalizzazione")
    changes = plan_changes(demo_plan, after)
    assert [(change.kind, change.field) for change in changes] == [
        (ChangeKind.MOVED, "parent"),
        (ChangeKind.CHANGED, "name"),
    ]
    assert _descriptions(changes) == [
        "Obiettivo 01_02: spostato sotto 02 (prima 01)",
        "Obiettivo 01_02: nome da "
        '"Sostegno al sistema delle imprese con politiche di internazionalizzazione" '
        'a "Internazionalizzazione"',
    ]


def test_a_changed_target_gives_operator_target_and_unit(demo_plan: PlanData) -> None:
    after = _with_indicator(
        demo_plan,
        "01_01_0502_I03",
        target=Target(Comparator.AT_LEAST, Decimal("90")),
        unit="N.",
    )
    changes = plan_changes(demo_plan, after)
    assert [(change.field, change.before, change.after) for change in changes] == [
        ("unit", "%", "N."),
        ("operator", "=", ">="),
        ("target", Decimal("100"), Decimal("90")),
    ]
    assert _descriptions(changes) == [
        'Indicatore 01_01_0502_I03: unità di misura da "%" a "N."',
        "Indicatore 01_01_0502_I03: operatore da = a >=",
        "Indicatore 01_01_0502_I03: target da 100 a 90",
    ]


def test_a_changed_deadline_shows_italian_dates(demo_plan: PlanData) -> None:
    after = _with_indicator(
        demo_plan, "01_01_0502_I01", target=Target(Comparator.DEADLINE, due_on=date(2024, 2, 29))
    )
    assert _descriptions(plan_changes(demo_plan, after)) == [
        "Indicatore 01_01_0502_I01: target da 31/01/2024 a 29/02/2024"
    ]


def test_a_yes_no_target_is_not_equal_to_the_number_one(demo_plan: PlanData) -> None:
    before = _with_indicator(
        demo_plan, "01_01_0502_I06", target=Target(Comparator.YES_NO, expected=True)
    )
    changes = plan_changes(before, demo_plan)
    assert [(change.field, change.before, change.after) for change in changes] == [
        ("operator", "si/no", "="),
        ("target", True, Decimal("1")),
    ]
    assert changes.changes[1].description == "Indicatore 01_01_0502_I06: target da sì a 1"


def test_later_year_targets_changed_added_and_removed(demo_plan: PlanData) -> None:
    before = _with_indicator(
        demo_plan,
        "01_01_0502_I03",
        later_targets=(
            YearTarget(2025, Target(Comparator.AT_LEAST, Decimal("90"))),
            YearTarget(2026, Target(Comparator.DEADLINE, due_on=date(2026, 6, 30))),
        ),
    )
    after = _with_indicator(
        demo_plan,
        "01_01_0502_I03",
        later_targets=(
            YearTarget(2025, Target(Comparator.AT_LEAST, Decimal("95.50"))),
            YearTarget(2027, Target(Comparator.BETWEEN, Decimal("10"), upper=Decimal("20"))),
        ),
    )
    changes = plan_changes(before, after)
    assert {(change.kind, change.subject, change.code) for change in changes} == {
        (ChangeKind.CHANGED, ChangeSubject.INDICATOR, "01_01_0502_I03")
    }
    assert [(change.field, change.before, change.after) for change in changes] == [
        ("target 2025", Decimal("90"), Decimal("95.50")),
        ("operator 2027", None, "between"),
        ("target 2027", None, Decimal("10")),
        ("target_upper 2027", None, Decimal("20")),
        ("operator 2026", "entro", None),
        ("target 2026", date(2026, 6, 30), None),
    ]
    assert _descriptions(changes) == [
        "Indicatore 01_01_0502_I03: target 2025 da 90 a 95,5",
        "Indicatore 01_01_0502_I03: operatore 2027 da — a between",
        "Indicatore 01_01_0502_I03: target 2027 da — a 10",
        "Indicatore 01_01_0502_I03: limite superiore del target 2027 da — a 20",
        "Indicatore 01_01_0502_I03: operatore 2026 da entro a —",
        "Indicatore 01_01_0502_I03: target 2026 da 30/06/2026 a —",
    ]


def test_later_year_targets_equal_by_value_and_in_any_order_are_no_change(
    demo_plan: PlanData,
) -> None:
    first = YearTarget(2025, Target(Comparator.AT_MOST, Decimal("3")))
    second = YearTarget(2026, Target(Comparator.YES_NO, expected=True))
    before = _with_indicator(demo_plan, "01_01_0502_I03", later_targets=(first, second))
    after = _with_indicator(
        demo_plan,
        "01_01_0502_I03",
        later_targets=(second, replace(first, target=Target(Comparator.AT_MOST, Decimal("3.0")))),
    )
    assert plan_changes(before, after).is_empty


def test_a_later_target_operator_change_is_reported_with_its_year(demo_plan: PlanData) -> None:
    before = _with_indicator(
        demo_plan,
        "01_01_0502_I03",
        later_targets=(YearTarget(2025, Target(Comparator.AT_LEAST, Decimal("90"))),),
    )
    after = _with_indicator(
        demo_plan,
        "01_01_0502_I03",
        later_targets=(YearTarget(2025, Target(Comparator.AT_MOST, Decimal("90"))),),
    )
    assert _descriptions(plan_changes(before, after)) == [
        "Indicatore 01_01_0502_I03: operatore 2025 da >= a <="
    ]


def test_owner_unit_and_manager_changes_show_bare_codes(demo_plan: PlanData) -> None:
    after = _with_node(demo_plan, "01_01_0501", owner_unit="TUTELA", manager=None)
    assert _descriptions(plan_changes(demo_plan, after)) == [
        "Obiettivo 01_01_0501: unità responsabile da PROMOZIONE a TUTELA",
        "Obiettivo 01_01_0501: responsabile da DIR-PROM a —",
    ]


def test_units_people_and_assignments_agree_in_the_feminine(demo_plan: PlanData) -> None:
    after = replace(
        demo_plan,
        units=(*demo_plan.units, UnitRow("NUOVA", "Nuova unità", parent_code="STAFF")),
        people=tuple(person for person in demo_plan.people if person.code != "DIR-TUT"),
        assignments=(*demo_plan.assignments, AssignmentRow("SG", "01_01_0501")),
    )
    removed_people = [person for person in demo_plan.people if person.code == "DIR-TUT"]
    assert removed_people == [PersonRow("DIR-TUT", removed_people[0].name, removed_people[0].title)]
    assert _descriptions(plan_changes(demo_plan, after)) == [
        "Unità organizzativa NUOVA aggiunta",
        "Persona DIR-TUT rimossa",
        "Assegnazione SG → 01_01_0501 aggiunta",
    ]


def test_a_unit_moved_is_a_moved_change(demo_plan: PlanData) -> None:
    units = tuple(
        replace(unit, parent_code="STAFF") if unit.code == "RISORSE" else unit
        for unit in demo_plan.units
    )
    assert _descriptions(plan_changes(demo_plan, replace(demo_plan, units=units))) == [
        "Unità organizzativa RISORSE: spostata sotto STAFF (prima sotto l'ente)"
    ]


def test_measurements_narratives_and_notes_are_not_compared(demo_plan: PlanData) -> None:
    after = replace(demo_plan, measurements=(), narratives=(), notes=(), overrides=())
    assert plan_changes(demo_plan, after).is_empty


def test_changes_follow_the_tree_of_the_after_plan(demo_plan: PlanData) -> None:
    after = _with_node(
        _with_node(
            _with_indicator(demo_plan, "01_01_0501_I01", name="Nuovo"),
            "01_01_0501",
            name="Nuovo",
        ),
        "01",
        name="Nuovo",
    )
    after = _with_node(after, "02", name="Nuovo")
    assert [change.code for change in plan_changes(demo_plan, after)] == [
        "01",
        "01_01_0501",
        "01_01_0501_I01",
        "02",
    ]


def test_the_same_plans_give_the_same_changes_in_the_same_order(demo_plan: PlanData) -> None:
    after = _with_node(
        _without_links(demo_plan, lambda link: link.objective_code != "02_01_LUC01"),
        "01_02",
        parent_code="03",
        weight=Decimal("10"),
    )
    first = plan_changes(demo_plan, after)
    assert first == plan_changes(demo_plan, after)
    assert len(first) > 3


@given(st.data())
def test_swapping_the_plans_swaps_added_and_removed(
    demo_plan: PlanData, data: st.DataObject
) -> None:
    dropped = data.draw(st.sets(st.sampled_from([node.code for node in demo_plan.nodes])))
    kept: tuple[NodeRow, ...] = tuple(node for node in demo_plan.nodes if node.code not in dropped)
    after = replace(demo_plan, nodes=kept)
    forward = plan_changes(demo_plan, after).counts_by_kind
    backward = plan_changes(after, demo_plan).counts_by_kind
    assert forward[ChangeKind.REMOVED] == backward[ChangeKind.ADDED] == len(dropped)
    assert forward[ChangeKind.ADDED] == backward[ChangeKind.REMOVED] == 0


def test_an_unlinked_indicator_comes_after_the_tree(demo_plan: PlanData) -> None:
    indicator = IndicatorRow("SPARE", "Di riserva", Target(Comparator.YES_NO, expected=True))
    after = _with_node(
        replace(demo_plan, indicators=(indicator, *demo_plan.indicators)), "03", name="Nuovo"
    )
    assert [change.code for change in plan_changes(demo_plan, after)] == ["03", "SPARE"]
