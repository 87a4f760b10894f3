"""Every error the reader reports, with its exact sheet, row and column.

Bad workbooks are made by writing the representative plan and editing cells with openpyxl;
see ``support.representative_plan`` for which row holds what.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl.workbook.workbook import Workbook

from performa.workbook.reader import CellError, read_workbook
from tests.workbook.support import (
    Edit,
    append_copy,
    delete_rows,
    edited,
    put,
    representative_plan,
)

OPERATORS = ">=, >, <=, <, =, between, entro, si/no"
LEVELS = "entity, strategic_area, strategic_objective, operational_objective"
PERCENT = "a percentage goes from 0 to 100"
EMPTY = "the cell is empty; a value is required"


def remove_sheet(name: str) -> Edit:
    def edit(book: Workbook) -> None:
        book.remove(book[name])

    return edit


def add_sheet(name: str) -> Edit:
    def edit(book: Workbook) -> None:
        book.create_sheet(name)

    return edit


def delete_column(sheet: str, index: int) -> Edit:
    def edit(book: Workbook) -> None:
        book[sheet].delete_cols(index)

    return edit


def empty_sheet(name: str) -> Edit:
    def edit(book: Workbook) -> None:
        index = book.sheetnames.index(name)
        book.remove(book[name])
        book.create_sheet(name, index)

    return edit


CASES: list[tuple[str, tuple[Edit, ...], set[CellError]]] = [
    # -- whole sheets and headers
    (
        "missing required sheet",
        (remove_sheet("links"),),
        {CellError("links", None, None, "the sheet is missing")},
    ),
    (
        "unknown sheet",
        (add_sheet("Foglio1"),),
        {
            CellError(
                "Foglio1",
                None,
                None,
                "unknown sheet 'Foglio1'; the sheets are cycle, rules, levels, units, people, "
                "tree, indicators, links, periods, measurements, overrides, assignments, "
                "narratives, context, process, notes",
            )
        },
    ),
    (
        "wrong header",
        (put("tree", "C1", "livello"),),
        {CellError("tree", 1, "level", "the header is 'livello', expected 'level'")},
    ),
    (
        "missing column",
        (delete_column("tree", 8),),
        {CellError("tree", 1, "manager", "the column 'manager' is missing")},
    ),
    (
        "extra column",
        (put("tree", "I1", "extra"),),
        {CellError("tree", 1, None, "unexpected column 'extra' in I")},
    ),
    (
        "header row missing",
        (empty_sheet("people"),),
        {CellError("people", 1, None, "the header row is missing; it is code, name, title")},
    ),
    # -- cycle
    (
        "year of two digits",
        (put("cycle", "B4", "24"),),
        {CellError("cycle", 4, "value", "'24' is not a 4-digit year")},
    ),
    (
        "year with decimals",
        (put("cycle", "B4", 2024.5),),
        {CellError("cycle", 4, "value", "2024.5 is not a 4-digit year")},
    ),
    (
        "year empty",
        (put("cycle", "B4", None),),
        {CellError("cycle", 4, "value", "year is required")},
    ),
    (
        "administration code missing",
        (delete_rows("cycle", 2),),
        {CellError("cycle", None, "key", "administration_code is required")},
    ),
    (
        "unknown cycle key",
        (put("cycle", "A7", "report"),),
        {
            CellError(
                "cycle",
                7,
                "key",
                "unknown key 'report'; the keys are administration_code, administration_name, "
                "year, title, plan_act, report_act",
            )
        },
    ),
    (
        "duplicate cycle key",
        (put("cycle", "A7", "title"),),
        {CellError("cycle", 7, "key", "duplicate key 'title' (first on row 5)")},
    ),
    (
        "cycle row without a key",
        (put("cycle", "A6", None),),
        {CellError("cycle", 6, "key", EMPTY)},
    ),
    # -- rules
    (
        "unknown rules key",
        (put("rules", "A16", "foo"), put("rules", "B16", "1")),
        {CellError("rules", 16, "key", "unknown rule setting 'foo'")},
    ),
    (
        "rules value not a number",
        (put("rules", "B6", "abc"),),
        {CellError("rules", 6, "value", "display_decimals: 'abc' is not a number")},
    ),
    (
        "rules thresholds out of order",
        (put("rules", "B3", "90"),),
        {CellError("rules", 2, "value", "indicator_thresholds: need 0 <= middle <= best <= 100")},
    ),
    (
        "rules unknown rounding",
        (put("rules", "B7", "up"),),
        {CellError("rules", 7, "value", "rounding must be one of half_up, half_even")},
    ),
    (
        "rules unknown aggregation",
        (put("rules", "B13", "median"),),
        {
            CellError(
                "rules",
                13,
                "value",
                "aggregation.strategic_area: 'median' is not one of weighted_mean, plain_mean",
            )
        },
    ),
    # -- levels
    (
        "entity level missing",
        (put("levels", "B2", "ente"),),
        {
            CellError("levels", 2, "key", "depth 0 is the entity; its key is 'entity'"),
            CellError("levels", None, "key", "the entity level (depth 0, key 'entity') is missing"),
        },
    ),
    (
        "entity level below depth 0",
        (put("levels", "A2", 1),),
        {CellError("levels", 2, "depth", "the 'entity' level has depth 0, not 1")},
    ),
    (
        "duplicate level",
        (append_copy("levels", 5),),
        {CellError("levels", 6, "key", "duplicate level 'operational_objective' (first on row 5)")},
    ),
    (
        "negative depth",
        (append_copy("levels", 5, key="extra", depth=-1),),
        {CellError("levels", 6, "depth", "-1 is negative; the entity is 0 and levels go down")},
    ),
    # -- units and people
    (
        "duplicate unit",
        (append_copy("units", 3),),
        {CellError("units", 4, "code", "duplicate code 'SERV1' (first on row 3)")},
    ),
    (
        "unknown parent unit",
        (put("units", "C3", "AREA9"),),
        {CellError("units", 3, "parent_code", "'AREA9' is not a code of the units sheet")},
    ),
    (
        "cycle in the units",
        (put("units", "C2", "SERV1"),),
        {CellError("units", 2, "parent_code", "cycle in the units: AREA1 → SERV1 → AREA1")},
    ),
    (
        "duplicate person",
        (append_copy("people", 2),),
        {CellError("people", 4, "code", "duplicate code 'SG' (first on row 2)")},
    ),
    (
        "person without a name",
        (put("people", "B3", None),),
        {CellError("people", 3, "name", EMPTY)},
    ),
    # -- tree
    (
        "duplicate tree code",
        (append_copy("tree", 4),),
        {CellError("tree", 7, "code", "duplicate code '01_01_0502' (first on row 4)")},
    ),
    (
        "parent missing",
        (put("tree", "B4", "NOPE"),),
        {CellError("tree", 4, "parent_code", "parent 'NOPE' is not a code of the tree")},
    ),
    (
        "cycle in the tree",
        (put("tree", "B3", "01_01_0502"),),
        {
            CellError("tree", 3, "parent_code", "cycle in the tree: 01_01 → 01_01_0502 → 01_01"),
            CellError(
                "tree",
                3,
                "level",
                "level 'strategic_objective' (depth 2) is not deeper than its parent's level "
                "'operational_objective' (depth 3)",
            ),
        },
    ),
    (
        "unknown level",
        (put("tree", "C2", "area"),),
        {CellError("tree", 2, "level", f"unknown level 'area'; the levels are {LEVELS}")},
    ),
    (
        "child level not deeper than its parent",
        (put("tree", "C4", "strategic_objective"),),
        {
            CellError(
                "tree",
                4,
                "level",
                "level 'strategic_objective' (depth 2) is not deeper than its parent's level "
                "'strategic_objective' (depth 2)",
            )
        },
    ),
    (
        "top node at the entity level",
        (put("tree", "C2", "entity"),),
        {CellError("tree", 2, "level", "level 'entity' is not below the entity")},
    ),
    (
        "negative node weight",
        (put("tree", "F3", -5),),
        {CellError("tree", 3, "weight", f"-5 is negative; {PERCENT}")},
    ),
    (
        "node weight above 100",
        (put("tree", "F3", 120),),
        {CellError("tree", 3, "weight", f"120 is above 100; {PERCENT}")},
    ),
    (
        "text node weight",
        (put("tree", "F3", "tanto"),),
        {CellError("tree", 3, "weight", "'tanto' is not a number")},
    ),
    (
        "unknown owner unit",
        (put("tree", "G4", "SERV9"),),
        {CellError("tree", 4, "owner_unit", "'SERV9' is not a code of the units sheet")},
    ),
    (
        "unknown manager",
        (put("tree", "H4", "DIR9"),),
        {CellError("tree", 4, "manager", "'DIR9' is not a code of the people sheet")},
    ),
    ("node without a name", (put("tree", "D5", None),), {CellError("tree", 5, "name", EMPTY)}),
    # -- indicators
    (
        "wrong operator written as a formula",
        (put("indicators", "D2", "=>"),),
        {
            CellError(
                "indicators", 2, "operator", f"'=>' is not an operator; use one of {OPERATORS}"
            )
        },
    ),
    (
        "wrong operator",
        (put("indicators", "D2", "almeno"),),
        {
            CellError(
                "indicators", 2, "operator", f"'almeno' is not an operator; use one of {OPERATORS}"
            )
        },
    ),
    (
        "text target",
        (put("indicators", "E2", "abc"),),
        {CellError("indicators", 2, "target", "'abc' is not a number")},
    ),
    (
        "date target of a numeric operator",
        (put("indicators", "E2", date(2024, 2, 28)),),
        {CellError("indicators", 2, "target", "28/02/2024 is a date, not a number")},
    ),
    (
        "empty target",
        (put("indicators", "E3", None),),
        {CellError("indicators", 3, "target", EMPTY)},
    ),
    (
        "between with upper below lower",
        (put("indicators", "F4", 5),),
        {CellError("indicators", 4, "target_upper", "the upper bound 5 is below the target 10")},
    ),
    (
        "between without upper",
        (put("indicators", "F4", None),),
        {CellError("indicators", 4, "target_upper", "the between operator needs an upper bound")},
    ),
    (
        "upper bound on another operator",
        (put("indicators", "F2", 100),),
        {CellError("indicators", 2, "target_upper", "only between uses an upper bound, not >=")},
    ),
    (
        "number as a deadline",
        (put("indicators", "E5", 45000, "General"),),
        {CellError("indicators", 5, "target", "45000 is not a date (DD/MM/YYYY)")},
    ),
    (
        "impossible date as a deadline",
        (put("indicators", "E5", "31/02/2024"),),
        {CellError("indicators", 5, "target", "'31/02/2024' is not a date (DD/MM/YYYY)")},
    ),
    (
        "yes/no target neither SI nor NO",
        (put("indicators", "E6", "forse"),),
        {CellError("indicators", 6, "target", "'forse' is not SI or NO")},
    ),
    (
        "baseline year of two digits",
        (put("indicators", "I2", "23"),),
        {CellError("indicators", 2, "baseline_year", "'23' is not a 4-digit year")},
    ),
    (
        "duplicate indicator",
        (append_copy("indicators", 8),),
        {CellError("indicators", 9, "code", "duplicate code 'IND7' (first on row 8)")},
    ),
    # -- links
    (
        "negative link weight",
        (put("links", "C2", -10),),
        {CellError("links", 2, "weight", f"-10 is negative; {PERCENT}")},
    ),
    (
        "link weight above 100",
        (put("links", "C2", 150),),
        {CellError("links", 2, "weight", f"150 is above 100; {PERCENT}")},
    ),
    (
        "link to a missing objective",
        (put("links", "A5", "99_99"),),
        {CellError("links", 5, "objective_code", "'99_99' is not a code of the tree")},
    ),
    (
        "link to a missing indicator",
        (put("links", "B5", "IND99"),),
        {CellError("links", 5, "indicator_code", "'IND99' is not a code of the indicators")},
    ),
    (
        "duplicate link",
        (append_copy("links", 2),),
        {
            CellError(
                "links",
                10,
                "indicator_code",
                "duplicate link '01_01_0502' → 'IND1' (first on row 2)",
            )
        },
    ),
    # -- periods
    (
        "duplicate period",
        (append_copy("periods", 2),),
        {CellError("periods", 4, "code", "duplicate code 'S1' (first on row 2)")},
    ),
    (
        "period ending before it starts",
        (put("periods", "D2", date(2023, 12, 31)),),
        {CellError("periods", 2, "ends_on", "the period ends before it starts")},
    ),
    (
        "two final periods",
        (put("periods", "E2", "SI"),),
        {CellError("periods", 3, "is_final", "only one period can be final, and row 2 is")},
    ),
    (
        "final neither SI nor NO",
        (put("periods", "E2", "forse"),),
        {CellError("periods", 2, "is_final", "'forse' is not SI or NO")},
    ),
    (
        "text start date",
        (put("periods", "C2", "primo gennaio"),),
        {CellError("periods", 2, "starts_on", "'primo gennaio' is not a date (DD/MM/YYYY)")},
    ),
    # -- measurements
    (
        "measurement of an unknown indicator",
        (put("measurements", "A9", "IND99"),),
        {CellError("measurements", 9, "indicator_code", "'IND99' is not a code of the indicators")},
    ),
    (
        "measurement in an unknown period",
        (put("measurements", "B9", "S9"),),
        {CellError("measurements", 9, "period_code", "'S9' is not a code of the periods")},
    ),
    (
        "duplicate measurement",
        (append_copy("measurements", 2),),
        {
            CellError(
                "measurements",
                10,
                "period_code",
                "duplicate measurement of 'IND1' in 'FIN' (first on row 2)",
            )
        },
    ),
    (
        "date measured for a numeric indicator",
        (put("measurements", "C2", date(2024, 3, 26)),),
        {
            CellError(
                "measurements",
                2,
                "value",
                "26/03/2024 is a date, not a number; indicator 'IND1' uses >=",
            )
        },
    ),
    (
        "text measured for a numeric indicator",
        (put("measurements", "C2", "abc"),),
        {CellError("measurements", 2, "value", "'abc' is not a number; indicator 'IND1' uses >=")},
    ),
    (
        "number measured for a deadline",
        (put("measurements", "C5", 12, "General"),),
        {
            CellError(
                "measurements",
                5,
                "value",
                "12 is not a date (DD/MM/YYYY); indicator 'IND4' uses entro",
            )
        },
    ),
    (
        "number measured for a yes/no indicator",
        (put("measurements", "C6", 1),),
        {CellError("measurements", 6, "value", "1 is not SI or NO; indicator 'IND5' uses si/no")},
    ),
    (
        "N/D without a reason",
        (put("measurements", "D7", None),),
        {
            CellError(
                "measurements",
                7,
                "not_available_reason",
                "a reason is required when the value is N/D",
            )
        },
    ),
    (
        "empty measured value",
        (put("measurements", "C8", None),),
        {
            CellError(
                "measurements",
                8,
                "value",
                "the cell is empty; write the value, or N/D and a reason",
            )
        },
    ),
    # -- overrides
    (
        "override of an unknown code",
        (put("overrides", "A3", "IND99"),),
        {CellError("overrides", 3, "code", "'IND99' is not a code of the tree or the indicators")},
    ),
    (
        "override above 100",
        (put("overrides", "B2", 120),),
        {CellError("overrides", 2, "evaluated_percent", f"120 is above 100; {PERCENT}")},
    ),
    (
        "negative override",
        (put("overrides", "B2", -1),),
        {CellError("overrides", 2, "evaluated_percent", f"-1 is negative; {PERCENT}")},
    ),
    (
        "override without justification",
        (put("overrides", "C2", None),),
        {CellError("overrides", 2, "justification", EMPTY)},
    ),
    (
        "override with a blank justification",
        (put("overrides", "C2", "   "),),
        {CellError("overrides", 2, "justification", EMPTY)},
    ),
    (
        "duplicate override",
        (append_copy("overrides", 3),),
        {CellError("overrides", 4, "code", "duplicate override of 'IND2' (first on row 3)")},
    ),
    # -- assignments and notes
    (
        "assignment to an unknown person",
        (put("assignments", "A2", "DIR9"),),
        {CellError("assignments", 2, "person_code", "'DIR9' is not a code of the people sheet")},
    ),
    (
        "assignment of an unknown objective",
        (put("assignments", "B2", "99"),),
        {CellError("assignments", 2, "objective_code", "'99' is not a code of the tree")},
    ),
    (
        "duplicate assignment",
        (append_copy("assignments", 2),),
        {
            CellError(
                "assignments",
                4,
                "objective_code",
                "duplicate assignment of '01_01_0502' to 'DIR1' (first on row 2)",
            )
        },
    ),
    ("note without text", (put("notes", "D2", None),), {CellError("notes", 2, "note", EMPTY)}),
    # -- narratives
    (
        "narrative key with a space",
        (put("narratives", "A2", "pre messa"),),
        {
            CellError(
                "narratives", 2, "key", "'pre messa' is not a key; use only letters, digits and _"
            )
        },
    ),
    (
        "narrative key with an accent",
        (put("narratives", "A3", "valutazione_finalità"),),
        {
            CellError(
                "narratives",
                3,
                "key",
                "'valutazione_finalità' is not a key; use only letters, digits and _",
            )
        },
    ),
    (
        "duplicate narrative key",
        (append_copy("narratives", 2),),
        {CellError("narratives", 4, "key", "duplicate key 'premessa' (first on row 2)")},
    ),
    (
        "narrative without a key",
        (put("narratives", "A3", None),),
        {CellError("narratives", 3, "key", EMPTY)},
    ),
    # -- context tables
    (
        "context cell without a table code",
        (put("context", "A9", None),),
        {CellError("context", 9, "table_code", EMPTY)},
    ),
    (
        "context cell without a row label",
        (put("context", "G4", "  "),),
        {CellError("context", 4, "row_label", EMPTY)},
    ),
    (
        "context cell without a column label",
        (put("context", "H4", None),),
        {CellError("context", 4, "column_label", EMPTY)},
    ),
    (
        "context title changed on a later row",
        (put("context", "B5", "Abitanti"),),
        {
            CellError(
                "context",
                5,
                "title",
                "table 'POP' already has title 'Popolazione residente' (row 2)",
            )
        },
    ),
    (
        "context source given twice, differently",
        (put("context", "D8", "MEF"), put("context", "D11", "Ragioneria")),
        {CellError("context", 11, "source", "table 'BIL' already has source 'MEF' (row 8)")},
    ),
    (
        "context section changed on a later row",
        (put("context", "C3", "staff"),),
        {CellError("context", 3, "section", "table 'POP' already has section 'economy' (row 2)")},
    ),
    (
        "context chart changed on a later row",
        (put("context", "E7", "pie"),),
        {CellError("context", 7, "chart", "table 'POP' already has chart 'column' (row 2)")},
    ),
    (
        "context note changed on a later row",
        (put("context", "J10", "Altro"),),
        {
            CellError(
                "context", 10, "note", "table 'BIL' already has note 'Importi in euro' (row 8)"
            )
        },
    ),
    (
        "unknown context section",
        (put("context", "C2", "economia"),),
        {
            CellError(
                "context",
                2,
                "section",
                "'economia' is not a section; use one of economy, organisation, staff, "
                "wellbeing, customer_satisfaction, resources",
            )
        },
    ),
    (
        "context table without a section",
        (put("context", "C8", None),),
        {
            CellError(
                "context",
                8,
                "section",
                "table 'BIL' has no section; use one of economy, organisation, staff, "
                "wellbeing, customer_satisfaction, resources",
            )
        },
    ),
    (
        "unknown context chart",
        (put("context", "E2", "torta"),),
        {
            CellError(
                "context",
                2,
                "chart",
                "'torta' is not a chart; use one of bar, column, pie, line "
                "(or leave the cell empty)",
            )
        },
    ),
    (
        "duplicate context cell",
        (append_copy("context", 3, value=7),),
        {
            CellError(
                "context",
                12,
                "column_label",
                "duplicate cell of table 'POP', row 'Maschi', column '2023' (first on row 3)",
            )
        },
    ),
    (
        "two units in one context row",
        (put("context", "F3", "%"),),
        {
            CellError(
                "context", 3, "unit", "row 'Maschi' of table 'POP' already has unit 'N.' (row 2)"
            )
        },
    ),
    # -- process
    (
        "process year neither N nor N+1",
        (put("process", "A2", "N+2"),),
        {CellError("process", 2, "year", "'N+2' is not a year of the process; use one of N, N+1")},
    ),
    (
        "process year as a calendar year",
        (put("process", "A3", 2025),),
        {CellError("process", 3, "year", "2025 is not a year of the process; use one of N, N+1")},
    ),
    (
        "process without a year",
        (put("process", "A3", None),),
        {CellError("process", 3, "year", EMPTY)},
    ),
    (
        "process without what",
        (put("process", "B2", None),),
        {CellError("process", 2, "what", EMPTY)},
    ),
]


@pytest.mark.parametrize(
    ("edits", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_error_is_reported_at_its_cell(edits: tuple[Edit, ...], expected: set[CellError]) -> None:
    result = edited(representative_plan(), *edits)
    assert result.plan is None
    assert set(result.errors) == expected
    assert len(result.errors) == len(expected)


def test_every_error_is_collected_not_only_the_first() -> None:
    result = edited(
        representative_plan(),
        put("indicators", "D2", "=>"),
        put("indicators", "E3", "tanti"),
        put("links", "C2", -10),
        put("links", "A5", "99_99_NOPE"),
        append_copy("tree", 4),
        put("cycle", "B4", "duemila"),
    )
    assert result.plan is None
    assert [error.location for error in result.errors] == [
        "cycle!B4 (value)",
        "tree!A7 (code)",
        "indicators!D2 (operator)",
        "indicators!E3 (target)",
        "links!C2 (weight)",
        "links!A5 (objective_code)",
    ]


def test_override_code_shared_by_a_node_and_an_indicator_is_ambiguous() -> None:
    plan = representative_plan()
    indicators = (*plan.indicators[:6], replace(plan.indicators[6], code="I"))
    links = tuple(
        replace(link, indicator_code="I") if link.indicator_code == "IND7" else link
        for link in plan.links
    )
    measurements = tuple(
        replace(row, indicator_code="I") if row.indicator_code == "IND7" else row
        for row in plan.measurements
    )
    plan = replace(plan, indicators=indicators, links=links, measurements=measurements)
    result = edited(plan, put("overrides", "A3", "I"))
    assert result.errors == (
        CellError(
            "overrides", 3, "code", "'I' is both a tree code and an indicator code: ambiguous"
        ),
    )


def test_a_file_that_is_not_a_workbook_is_one_error() -> None:
    result = read_workbook(io.BytesIO(b"code;name\n01;Protesti\n"))
    assert result.plan is None
    assert len(result.errors) == 1
    assert result.errors[0].sheet == ""
    assert result.errors[0].reason.startswith("not a readable .xlsx workbook")
    assert str(result.errors[0]) == result.errors[0].reason


def test_a_zip_that_is_not_a_workbook_is_one_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a spreadsheet")
    result = read_workbook(io.BytesIO(buffer.getvalue()))
    assert len(result.errors) == 1
    assert result.errors[0].reason.startswith("not a readable .xlsx workbook")


def test_a_missing_file_is_one_error(tmp_path: Path) -> None:
    result = read_workbook(tmp_path / "assente.xlsx")
    assert result.plan is None
    assert len(result.errors) == 1
    assert result.errors[0].reason.startswith(f"cannot open {tmp_path / 'assente.xlsx'}")


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (
            CellError("indicators", 12, "target", "'abc' is not a number"),
            "indicators!E12 (target): 'abc' is not a number",
        ),
        (CellError("links", None, None, "the sheet is missing"), "links: the sheet is missing"),
        (CellError("cycle", None, "key", "year is required"), "cycle (key): year is required"),
        (
            CellError("context", 5, "title", "table 'POP' already has title 'X' (row 2)"),
            "context!B5 (title): table 'POP' already has title 'X' (row 2)",
        ),
        (CellError("Foglio1", 3, None, "odd"), "Foglio1 row 3: odd"),
        (CellError("Foglio1", 3, "x", "odd"), "Foglio1 row 3 (x): odd"),
        (
            CellError("", None, None, "not a readable .xlsx workbook"),
            "not a readable .xlsx workbook",
        ),
    ],
)
def test_error_text_names_the_cell(error: CellError, text: str) -> None:
    assert str(error) == text
