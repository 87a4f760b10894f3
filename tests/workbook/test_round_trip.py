"""Writing a plan and reading it back gives the same plan: by example and over generated plans."""

from __future__ import annotations

import io
import operator
import zipfile
from dataclasses import fields, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from performa.scoring.model import Comparator, Target
from performa.scoring.rules import Aggregation, DeadlineConvention, LevelRule, RuleSet, Thresholds
from performa.workbook._cells import CellValueError, decimal_of
from performa.workbook.data import (
    AssignmentRow,
    ContextTable,
    ContextTableRow,
    CycleInfo,
    IndicatorRow,
    LevelRow,
    LinkRow,
    MeasurementRow,
    NarrativeRow,
    NodeRow,
    NoteRow,
    OverrideRow,
    PeriodRow,
    PersonRow,
    PlanData,
    ProcessStepRow,
    UnitRow,
)
from performa.workbook.layout import CONTEXT_CHARTS, CONTEXT_SECTIONS, PROCESS_YEARS
from performa.workbook.reader import read_workbook
from performa.workbook.writer import write_workbook
from tests.workbook.support import representative_plan, round_trip, written


def test_round_trip_of_the_representative_plan_is_an_identity() -> None:
    plan = representative_plan()
    result = round_trip(plan)
    assert result.errors == ()
    assert result.warnings == ()
    assert result.is_valid
    assert result.plan == plan


def test_the_representative_plan_fills_every_field() -> None:
    """So that its identity test covers every sheet and column, new ones included."""
    plan = representative_plan()
    for plan_field in fields(PlanData):
        assert getattr(plan, plan_field.name), plan_field.name
    groups: dict[str, tuple[object, ...]] = {
        "narratives": plan.narratives,
        "context_tables": plan.context_tables,
        "context rows": tuple(row for table in plan.context_tables for row in table.rows),
        "process_steps": plan.process_steps,
    }
    for name, rows in groups.items():
        for row_field in fields(rows[0]):  # type: ignore[arg-type]
            assert any(getattr(row, row_field.name) for row in rows), f"{name}.{row_field.name}"
    values = [value for table in plan.context_tables for row in table.rows for value in row.values]
    assert {type(value) for value in values} == {Decimal, str, type(None)}


def test_round_trip_keeps_narratives_and_context_tables_exactly() -> None:
    result = round_trip(representative_plan())
    assert result.plan is not None
    premessa = result.plan.narratives[0].text
    assert premessa.split("\n\n")[1] == (
        "Il secondo paragrafo: più righe,\nqui a capo, e caratteri àèéìòù €."
    )
    population, budget = result.plan.context_tables
    assert population.columns == ("2022", "2023")
    assert [row.unit for row in population.rows] == ["N.", "N.", "%"]
    assert population.rows[2].values == ("n.d.", Decimal("-0.5"))
    assert budget.rows[1] == ContextTableRow("Uscite", (None, None), "€")
    assert (budget.unit, budget.rows[0].unit) == ("€", "")


def test_round_trip_through_a_file_path(tmp_path: Path) -> None:
    plan = representative_plan()
    path = tmp_path / "piano.xlsx"
    write_workbook(plan, path)
    assert read_workbook(path).plan == plan


def test_round_trip_keeps_33_3_as_written() -> None:
    result = round_trip(representative_plan())
    assert result.plan is not None
    assert str(result.plan.links[0].weight) == "33.3"
    assert str(result.plan.indicators[6].target.value) == "33.3"


def test_round_trip_of_a_minimal_plan_with_empty_optional_sheets() -> None:
    plan = replace(
        representative_plan(),
        periods=(),
        measurements=(),
        units=(),
        people=(),
        overrides=(),
        assignments=(),
        notes=(),
        narratives=(),
        context_tables=(),
        process_steps=(),
        base_values=(),
        base_measures=tuple(
            replace(measure, responsible_unit=None)
            for measure in representative_plan().base_measures
        ),
        nodes=tuple(
            replace(node, owner_unit=None, manager=None) for node in representative_plan().nodes
        ),
    )
    assert round_trip(plan).plan == plan


def test_round_trip_keeps_numbers_a_float_cannot_hold() -> None:
    precise = Decimal("0.12345678901234567890123")
    huge = Decimal(2**60)
    plan = representative_plan()
    indicators = (
        replace(plan.indicators[0], target=Target(Comparator.AT_LEAST, value=precise)),
        replace(plan.indicators[1], baseline=huge),
        *plan.indicators[2:],
    )
    plan = replace(plan, indicators=indicators)
    result = round_trip(plan)
    assert result.plan == plan


def test_round_trip_keeps_dates_before_excel_dates_begin() -> None:
    plan = representative_plan()
    early = PeriodRow("OLD", "Storico", date(1899, 12, 1), date(1900, 2, 28))
    plan = replace(plan, periods=(early, *plan.periods))
    assert round_trip(plan).plan == plan


def test_same_plan_gives_the_same_bytes_at_different_times() -> None:
    plan = representative_plan()
    with time_machine.travel(datetime(2030, 5, 6, 7, 8, 9), tick=False):
        first = written(plan)
    with time_machine.travel(datetime(2031, 1, 2, 3, 4, 5), tick=False):
        second = written(plan)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "2024-01-01T00:00:00Z" in core


# -- generated plans ---------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn"), include_characters="\n\t"
    ),
    max_size=12,
)
_NAME = st.builds(operator.add, st.characters(categories=("L", "N", "P", "S")), _TEXT)
_CODE_PART = st.text(st.sampled_from("ABCXYZ_0123456789-./"), min_size=1, max_size=5)
_DECIMAL = st.decimals(
    min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False
) | st.decimals(places=2, min_value=-1000, max_value=1000)
_PERCENT = st.decimals(min_value=0, max_value=100, places=2)
_DATE = st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 31))
_YEAR = st.integers(min_value=1000, max_value=9999)
_UNIT = st.sampled_from(["", "N.", "%", "€", "gg"])


def _reads_as_text(text: str) -> bool:
    try:
        decimal_of(text)
    except CellValueError:
        return True
    return False


_CONTEXT_VALUE = st.none() | _DECIMAL | _NAME.filter(_reads_as_text)


@st.composite
def _context_tables(draw: st.DrawFn) -> tuple[ContextTable, ...]:
    tables = []
    for index in range(draw(st.integers(0, 3))):
        columns = tuple(draw(st.lists(_NAME, min_size=1, max_size=3, unique=True)))
        rows = tuple(
            ContextTableRow(label, tuple(draw(_CONTEXT_VALUE) for _ in columns), draw(_UNIT))
            for label in draw(st.lists(_NAME, min_size=1, max_size=3, unique=True))
        )
        tables.append(
            ContextTable(
                code=f"T{index}{draw(_CODE_PART)}",
                title=draw(st.just("") | _NAME),
                section=draw(st.sampled_from(CONTEXT_SECTIONS)),
                columns=columns,
                rows=rows,
                source=draw(st.just("") | _NAME),
                chart=draw(st.sampled_from(("", *CONTEXT_CHARTS))),
                unit=next((row.unit for row in rows if row.unit), ""),
                note=draw(st.just("") | _NAME),
            )
        )
    return tuple(tables)


@st.composite
def _targets(draw: st.DrawFn) -> Target:
    comparator = draw(st.sampled_from(Comparator))
    if comparator is Comparator.BETWEEN:
        lower = draw(_DECIMAL)
        return Target(comparator, value=lower, upper=lower + abs(draw(_DECIMAL)))
    if comparator is Comparator.DEADLINE:
        return Target(comparator, due_on=draw(_DATE))
    if comparator is Comparator.YES_NO:
        return Target(comparator, expected=draw(st.booleans()))
    return Target(comparator, value=draw(_DECIMAL))


def _measured(draw: st.DrawFn, target: Target) -> object:
    if target.comparator is Comparator.DEADLINE:
        return draw(_DATE)
    if target.comparator is Comparator.YES_NO:
        return draw(st.booleans())
    return draw(_DECIMAL)


@st.composite
def _rules(draw: st.DrawFn) -> RuleSet:
    def thresholds() -> Thresholds:
        middle, best = sorted((draw(_PERCENT), draw(_PERCENT)))
        return Thresholds(best=best, middle=middle)

    levels = draw(
        st.dictionaries(
            st.sampled_from(["entity", "strategic_area", "area_2", "obiettivo"]),
            st.builds(
                LevelRule,
                st.sampled_from(Aggregation),
                st.none() | st.sampled_from(["strategic_area", "obiettivo"]),
            ),
            min_size=1,
        )
    )
    return RuleSet(
        indicator_thresholds=thresholds(),
        objective_thresholds=thresholds(),
        display_decimals=draw(st.integers(0, 6)),
        rounding=draw(st.sampled_from(["half_up", "half_even"])),
        deadline_convention=draw(st.sampled_from(DeadlineConvention)),
        deadline_decay_days=draw(st.integers(1, 400)),
        strict_equality_meets_target=draw(st.booleans()),
        level_rules=levels,
    )


@st.composite
def _plans(draw: st.DrawFn) -> PlanData:
    levels = (
        LevelRow(0, "entity", draw(_NAME)),
        LevelRow(1, "area", draw(_NAME)),
        LevelRow(2, "objective", draw(_NAME)),
        LevelRow(3, "action", draw(_NAME)),
    )
    units = tuple(
        UnitRow(f"U{index}{draw(_CODE_PART)}", draw(_NAME))
        for index in range(draw(st.integers(0, 2)))
    )
    units = tuple(
        replace(unit, parent_code=units[0].code) if index and draw(st.booleans()) else unit
        for index, unit in enumerate(units)
    )
    people = tuple(
        PersonRow(f"P{index}", draw(_NAME), draw(_TEXT)) for index in range(draw(st.integers(0, 2)))
    )
    nodes: list[NodeRow] = []
    depth_of: dict[str, int] = {}
    for index in range(draw(st.integers(1, 6))):
        candidates = [node.code for node in nodes if depth_of[node.code] < 3]
        has_parent = bool(candidates) and draw(st.booleans())
        parent = draw(st.sampled_from(candidates)) if has_parent else None
        depth = 1 if parent is None else depth_of[parent] + 1
        code = f"N{index}.{draw(_CODE_PART)}"
        depth_of[code] = depth
        nodes.append(
            NodeRow(
                code=code,
                parent_code=parent,
                level=levels[depth].key,
                name=draw(_NAME),
                description=draw(_TEXT),
                weight=draw(st.none() | _PERCENT),
                owner_unit=draw(st.none() | st.sampled_from([u.code for u in units]))
                if units
                else None,
                manager=draw(st.none() | st.sampled_from([p.code for p in people]))
                if people
                else None,
            )
        )
    indicators = tuple(
        IndicatorRow(
            code=f"I{index}",
            name=draw(_NAME),
            target=draw(_targets()),
            unit=draw(_TEXT),
            description=draw(_TEXT),
            baseline=draw(st.none() | _DECIMAL),
            baseline_year=draw(st.none() | _YEAR),
            data_source=draw(_TEXT),
            notes=draw(_TEXT),
        )
        for index in range(draw(st.integers(0, 4)))
    )
    pairs = [(node.code, indicator.code) for node in nodes for indicator in indicators]
    links = (
        tuple(
            LinkRow(objective, indicator, draw(st.none() | _PERCENT))
            for objective, indicator in draw(st.lists(st.sampled_from(pairs), unique=True))
        )
        if pairs
        else ()
    )
    periods = []
    for index in range(draw(st.integers(0, 2))):
        starts_on = draw(_DATE)
        ends_on = min(starts_on + timedelta(days=draw(st.integers(0, 400))), date.max)
        periods.append(PeriodRow(f"T{index}", draw(_NAME), starts_on, ends_on, False))
    has_final = bool(periods) and draw(st.booleans())
    if has_final:
        periods[-1] = replace(periods[-1], is_final=True)
    measurements = []
    for indicator in indicators:
        for period in periods:
            if draw(st.booleans()):
                continue
            if draw(st.booleans()):
                measurements.append(
                    MeasurementRow(indicator.code, period.code, None, draw(_NAME), draw(_TEXT))
                )
            else:
                value = _measured(draw, indicator.target)
                measurements.append(
                    MeasurementRow(indicator.code, period.code, value, "", draw(_TEXT), draw(_TEXT))  # type: ignore[arg-type]
                )
    scored = [node.code for node in nodes] + [indicator.code for indicator in indicators]
    overrides = tuple(
        OverrideRow(code, draw(_PERCENT), draw(_NAME), draw(_TEXT))
        for code in draw(st.lists(st.sampled_from(scored), unique=True, max_size=3))
    )
    assignments = (
        tuple(
            AssignmentRow(person, objective)
            for person, objective in draw(
                st.lists(
                    st.tuples(
                        st.sampled_from([p.code for p in people]),
                        st.sampled_from([n.code for n in nodes]),
                    ),
                    unique=True,
                    max_size=3,
                )
            )
        )
        if people
        else ()
    )
    notes = tuple(
        NoteRow(draw(_TEXT), draw(_NAME), draw(_TEXT), draw(_TEXT))
        for _ in range(draw(st.integers(0, 2)))
    )
    narrative_keys = st.from_regex(r"[A-Za-z0-9_]{1,10}", fullmatch=True)
    narratives = tuple(
        NarrativeRow(key, draw(_TEXT), draw(st.lists(_NAME, max_size=3).map("\n\n".join)))
        for key in draw(st.lists(narrative_keys, max_size=3, unique=True))
    )
    process_steps = tuple(
        ProcessStepRow(
            draw(st.sampled_from(PROCESS_YEARS)), draw(_NAME), draw(_TEXT), draw(_TEXT), draw(_TEXT)
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    return PlanData(
        cycle=CycleInfo(
            administration_code=f"ENTE{draw(_CODE_PART)}",
            administration_name=draw(_NAME),
            year=draw(_YEAR),
            title=draw(_TEXT),
            plan_act=draw(_TEXT),
            report_act=draw(_TEXT),
        ),
        rules=draw(_rules()),
        levels=levels,
        nodes=tuple(nodes),
        indicators=indicators,
        links=links,
        periods=tuple(periods),
        measurements=tuple(measurements),
        units=units,
        people=people,
        overrides=overrides,
        assignments=assignments,
        notes=notes,
        narratives=narratives,
        context_tables=draw(_context_tables()),
        process_steps=process_steps,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plans())
def test_round_trip_of_generated_plans_is_an_identity(plan: PlanData) -> None:
    result = round_trip(plan)
    assert result.errors == ()
    assert result.plan == plan
