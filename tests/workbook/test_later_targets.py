"""The indicators' targets of the years after the cycle's (N+1, N+2): read, written, checked."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from performa.scoring.model import Comparator, Target
from performa.workbook.data import PlanData, YearTarget
from performa.workbook.layout import INDICATORS, LATER_TARGET_KEYS
from performa.workbook.reader import CellError, read_workbook
from tests.workbook.support import Edit, edited, put, representative_plan, round_trip, written

OPERATORS = ">=, >, <=, <, =, between, entro, si/no"

# Indicator rows: 2 IND1 (>=), 4 IND3 (between), 5 IND4 (entro), 6 IND5 (si/no).
# Columns M..R: target_second_year, its upper bound and operator, then target_third_year's.


def plan_with_later_targets() -> PlanData:
    plan = representative_plan()
    later = {
        "IND1": (
            YearTarget(2025, Target(Comparator.AT_LEAST, value=Decimal(85))),
            YearTarget(2026, Target(Comparator.AT_LEAST, value=Decimal("90.5"))),
        ),
        "IND3": (
            YearTarget(2026, Target(Comparator.BETWEEN, value=Decimal(12), upper=Decimal(18))),
        ),
        "IND4": (YearTarget(2025, Target(Comparator.DEADLINE, due_on=date(2025, 2, 28))),),
        "IND5": (YearTarget(2025, Target(Comparator.YES_NO, expected=False)),),
    }
    indicators = tuple(
        replace(row, later_targets=later.get(row.code, ())) for row in plan.indicators
    )
    return replace(plan, indicators=indicators)


def test_the_columns_follow_notes_at_the_end_of_the_sheet() -> None:
    keys = INDICATORS.keys
    assert keys[keys.index("notes") + 1 :] == (
        "target_second_year",
        "target_second_year_upper",
        "target_second_year_operator",
        "target_third_year",
        "target_third_year_upper",
        "target_third_year_operator",
    )
    assert LATER_TARGET_KEYS == ("target_second_year", "target_third_year")
    assert INDICATORS.letter("target_second_year") == "M"


def test_round_trip_keeps_the_later_targets_exactly() -> None:
    plan = plan_with_later_targets()
    result = round_trip(plan)
    assert result.errors == ()
    assert result.plan == plan
    by_code = {row.code: row for row in result.plan.indicators}
    assert by_code["IND3"].later_targets == (
        YearTarget(2026, Target(Comparator.BETWEEN, value=Decimal(12), upper=Decimal(18))),
    )
    assert by_code["IND2"].later_targets == ()


def test_the_cells_hold_the_targets_as_written() -> None:
    book = openpyxl.load_workbook(io.BytesIO(written(plan_with_later_targets())))
    sheet = book["indicators"]
    assert [sheet[f"{c}1"].value for c in "MNOPQR"] == list(INDICATORS.keys[12:])
    assert (sheet["M2"].value, sheet["P2"].value) == (85, 90.5)
    assert (sheet["M4"].value, sheet["P4"].value, sheet["Q4"].value) == (None, 12, 18)
    assert sheet["M5"].value.date() == date(2025, 2, 28)
    assert sheet["M6"].value == "NO"


def _without_later_columns(book: Workbook) -> None:
    book["indicators"].delete_cols(13, 6)


def test_a_later_target_may_use_another_operator() -> None:
    plan = representative_plan()
    deadline = plan.indicators[3]
    assert deadline.target.comparator is Comparator.DEADLINE
    later = YearTarget(2025, Target(Comparator.AT_LEAST, value=Decimal(95)))
    changed = replace(
        plan,
        indicators=(
            *plan.indicators[:3],
            replace(deadline, later_targets=(later,)),
            *plan.indicators[4:],
        ),
    )
    book = openpyxl.load_workbook(io.BytesIO(written(changed)))
    assert (book["indicators"]["M5"].value, book["indicators"]["O5"].value) == (95, ">=")
    assert book["indicators"]["O2"].value is None
    assert round_trip(changed).plan == changed


def test_a_workbook_written_before_the_columns_still_reads() -> None:
    plan = plan_with_later_targets()
    result = edited(plan, _without_later_columns)
    assert result.errors == ()
    assert result.plan == representative_plan()


def test_the_demo_workbook_reads_without_later_targets(demo_plan: PlanData) -> None:
    assert demo_plan.indicators
    assert all(row.later_targets == () for row in demo_plan.indicators)


def _header_only_removed(book: Workbook) -> None:
    for column in "MNOPQR":
        book["indicators"][f"{column}1"] = None


CASES: list[tuple[str, tuple[Edit, ...], set[CellError]]] = [
    (
        "not a number",
        (put("indicators", "M2", "tanti"),),
        {
            CellError(
                "indicators",
                2,
                "target_second_year",
                "«tanti» non è un numero; scrivi ad esempio 350 o 350,5",
            )
        },
    ),
    (
        "not a date for entro",
        (put("indicators", "P5", "presto"),),
        {
            CellError(
                "indicators",
                5,
                "target_third_year",
                "«presto» non è una data; scrivila come GG/MM/AAAA, ad esempio 31/12/2024",
            )
        },
    ),
    (
        "between without its upper bound",
        (put("indicators", "Q4", None),),
        {
            CellError(
                "indicators",
                4,
                "target_third_year_upper",
                "l'operatore between richiede un limite superiore",
            )
        },
    ),
    (
        "between with the upper bound below",
        (put("indicators", "Q4", 5),),
        {
            CellError(
                "indicators",
                4,
                "target_third_year_upper",
                "il limite superiore 5 è minore del target 12",
            )
        },
    ),
    (
        "an upper bound for another operator",
        (put("indicators", "N2", 99),),
        {
            CellError(
                "indicators",
                2,
                "target_second_year_upper",
                "solo l'operatore between usa un limite superiore, non >=; lascia vuota la cella",
            )
        },
    ),
    (
        "an upper bound without its target",
        (put("indicators", "N3", 5),),
        {
            CellError(
                "indicators",
                3,
                "target_second_year",
                "la cella è vuota ma «target_second_year_upper» no; scrivi il target dell'anno",
            )
        },
    ),
    (
        "an operator without its target",
        (put("indicators", "O3", ">="),),
        {
            CellError(
                "indicators",
                3,
                "target_second_year",
                "la cella è vuota ma «target_second_year_operator» no; scrivi il target dell'anno",
            )
        },
    ),
    (
        "an unknown operator",
        (put("indicators", "O2", "=>"),),
        {
            CellError(
                "indicators",
                2,
                "target_second_year_operator",
                f"«=>» non è un operatore; usa uno di questi: {OPERATORS}",
            )
        },
    ),
    (
        "a target that does not fit its own operator",
        (put("indicators", "O2", "entro"),),
        {
            CellError(
                "indicators",
                2,
                "target_second_year",
                "85 non è una data; scrivila come GG/MM/AAAA, ad esempio 31/12/2024",
            )
        },
    ),
    (
        "a value under a missing header",
        (_header_only_removed,),
        {
            CellError(
                "indicators", row, key, f"c'è un valore in {letter}, una colonna senza intestazione"
            )
            for row, key, letter in (
                (2, "target_second_year", "M"),
                (2, "target_third_year", "P"),
                (4, "target_third_year", "P"),
                (4, "target_third_year_upper", "Q"),
                (5, "target_second_year", "M"),
                (6, "target_second_year", "M"),
            )
        },
    ),
    (
        "a wrong header",
        (put("indicators", "M1", "target_2025"),),
        {
            CellError(
                "indicators",
                1,
                "target_second_year",
                "l'intestazione è «target_2025», ma qui ci vuole «target_second_year»",
            )
        },
    ),
]


@pytest.mark.parametrize(
    ("edits", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_a_bad_later_target_is_reported_at_its_cell(
    edits: tuple[Edit, ...], expected: set[CellError]
) -> None:
    result = edited(plan_with_later_targets(), *edits)
    assert result.plan is None
    assert set(result.errors) == expected
    assert len(result.errors) == len(expected)


def test_the_located_error_names_the_cell() -> None:
    result = edited(plan_with_later_targets(), put("indicators", "M2", "tanti"))
    assert str(result.errors[0]) == (
        "foglio «indicators», riga 2, colonna «target_second_year» (M2): «tanti» non è un numero; "
        "scrivi ad esempio 350 o 350,5"
    )


@pytest.mark.parametrize(
    ("later", "message"),
    [
        (
            YearTarget(2027, Target(Comparator.AT_LEAST, value=Decimal(1))),
            "un target per il 2027, ma la cartella di lavoro contiene solo quelli dal 2025 al 2026",
        ),
        (
            YearTarget(2024, Target(Comparator.AT_LEAST, value=Decimal(1))),
            "un target per il 2024",
        ),
    ],
)
def test_the_writer_refuses_what_the_columns_cannot_hold(later: YearTarget, message: str) -> None:
    plan = representative_plan()
    first = replace(plan.indicators[0], later_targets=(later,))
    with pytest.raises(ValueError, match=message):
        written(replace(plan, indicators=(first, *plan.indicators[1:])))


def test_a_stream_read_twice_gives_the_same_plan() -> None:
    content = written(plan_with_later_targets())
    assert read_workbook(io.BytesIO(content)).plan == read_workbook(io.BytesIO(content)).plan
