"""Formula indicators in the workbook: the ``formula`` column, the ``base_measures`` and
``base_values`` sheets, their checks, the round trip, scoring from base values and the
comparison of two plans.

The representative plan's IND2 (row 3 of ``indicators``) has the formula
``giorni_lavorazione / pratiche_evase``; ``base_measures`` rows 2-3 hold the two measures and
``base_values`` rows 2-4 their values (FIN: both; S1: pratiche_evase N/D).
"""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.workbook.workbook import Workbook

from performa.scoring.model import Comparator, Measurement, Target
from performa.scoring.rollup import score_plan
from performa.scoring.rules import RuleSet
from performa.workbook.compare import Change, ChangeKind, ChangeSubject, plan_changes
from performa.workbook.convert import scoring_plan_for
from performa.workbook.data import (
    BaseMeasureRow,
    BaseValueRow,
    IndicatorRow,
    LinkRow,
    PlanData,
)
from performa.workbook.layout import BASE_MEASURES, BASE_VALUES, INDICATORS
from performa.workbook.reader import CellError, read_workbook
from tests.conftest import DEMO_WORKBOOK
from tests.workbook.support import (
    Edit,
    append_copy,
    edited,
    put,
    representative_plan,
    round_trip,
    written,
)

NOT_A_NAME = (
    "non può essere il codice di una misura di base: le formule lo userebbero come nome, che "
    "deve iniziare con una lettera o _ e continuare con lettere, cifre o _ (senza spazi, punti "
    "o trattini)"
)
NUMBER = "scrivi ad esempio 350 o 350,5"


# -- layout and writer -------------------------------------------------------------------------


def test_the_formula_column_follows_the_description() -> None:
    keys = INDICATORS.keys
    assert keys[keys.index("description") + 1] == "formula"
    assert INDICATORS.letter("formula") == "H"
    column = INDICATORS.column("formula")
    assert not column.is_required
    assert column.may_be_absent
    assert INDICATORS.column("description").help == "Descrizione."


def test_the_writer_writes_the_formula_and_both_sheets() -> None:
    book = openpyxl.load_workbook(io.BytesIO(written(representative_plan())))
    assert book["indicators"]["H1"].value == "formula"
    assert book["indicators"]["H3"].value == "giorni_lavorazione / pratiche_evase"
    assert book["indicators"]["H2"].value is None
    measures, values = book["base_measures"], book["base_values"]
    assert [cell.value for cell in measures[1]] == list(BASE_MEASURES.keys)
    assert [cell.value for cell in measures[2]] == [
        "giorni_lavorazione",
        "Giorni di lavorazione delle pratiche",
        "gg",
        "Somma dei giorni tra ricezione ed evasione",
        "Priamo",
        "SERV1",
    ]
    assert [cell.value for cell in values[1]] == list(BASE_VALUES.keys)
    assert [[cell.value for cell in row] for row in values.iter_rows(min_row=2)] == [
        ["giorni_lavorazione", "FIN", 4790, None, "Priamo"],
        ["pratiche_evase", "FIN", 1000, "da InfoCamere", None],
        ["pratiche_evase", "S1", None, "non ancora disponibile", None],
    ]


def test_an_empty_plan_still_gets_both_sheets_with_their_headers() -> None:
    plan = replace(representative_plan(), base_measures=(), base_values=())
    plan = replace(plan, indicators=tuple(replace(row, formula="") for row in plan.indicators))
    book = openpyxl.load_workbook(io.BytesIO(written(plan)))
    assert [cell.value for cell in book["base_measures"][1]] == list(BASE_MEASURES.keys)
    assert book["base_measures"].max_row == 1
    assert [cell.value for cell in book["base_values"][1]] == list(BASE_VALUES.keys)
    assert round_trip(plan).plan == plan


# -- reading -----------------------------------------------------------------------------------


def test_round_trip_keeps_formulas_base_measures_and_values() -> None:
    plan = representative_plan()
    result = round_trip(plan)
    assert result.errors == ()
    assert result.plan == plan
    by_code = {row.code: row for row in result.plan.indicators}
    assert by_code["IND2"].formula == "giorni_lavorazione / pratiche_evase"
    assert by_code["IND1"].formula == ""
    assert result.plan.base_values[2] == BaseValueRow(
        "pratiche_evase", "S1", None, comment="non ancora disponibile"
    )


def test_a_formula_of_spaces_only_is_no_formula() -> None:
    result = edited(representative_plan(), put("indicators", "H2", "   "))
    assert result.errors == ()
    assert result.plan is not None
    assert result.plan.indicators[0].formula == ""


def test_a_base_value_written_n_d_is_not_available() -> None:
    result = edited(representative_plan(), put("base_values", "C3", "n/d"))
    assert result.errors == ()
    assert result.plan is not None
    assert result.plan.base_values[1].value is None


def test_a_base_value_written_as_text_with_a_comma_is_a_number() -> None:
    result = edited(representative_plan(), put("base_values", "C2", "4790,5"))
    assert result.plan is not None
    assert result.plan.base_values[0].value == Decimal("4790.5")


def _without_formula_column(book: Workbook) -> None:
    book["indicators"].delete_cols(8)


def test_a_workbook_written_before_the_formula_column_still_reads() -> None:
    plan = representative_plan()
    plan = replace(plan, indicators=tuple(replace(row, formula="") for row in plan.indicators))
    result = edited(plan, _without_formula_column)
    assert result.errors == ()
    assert result.plan == plan


def test_errors_in_an_older_workbook_name_the_cells_where_they_are() -> None:
    plan = representative_plan()
    plan = replace(plan, indicators=tuple(replace(row, formula="") for row in plan.indicators))
    # Without the formula column, baseline_year is in I, not in J as in the layout.
    result = edited(plan, _without_formula_column, put("indicators", "I2", "23"))
    assert [str(error) for error in result.errors] == [
        "foglio «indicators», riga 2, colonna «baseline_year» (I2): «23» non è un anno di "
        "quattro cifre; scrivi ad esempio 2024"
    ]


def test_the_demo_computes_its_ratio_indicators_from_the_printed_base_figures(
    demo_plan: PlanData,
) -> None:
    """The reference report's 19 "volume per FTE" indicators: formulas over 40 base measures
    whose year-end values are the printed base figures; the actual each formula gives is the
    printed one, rounded to two decimals."""
    formulas = {row.code: row for row in demo_plan.indicators if row.formula}
    assert len(formulas) == 19
    assert len(demo_plan.base_measures) == 40
    values = {
        row.measure_code: row.value for row in demo_plan.base_values if row.period_code == "FY"
    }
    scored = scoring_plan_for(demo_plan, "FY")
    printed = {
        "01_06_CP03_07_2024": Decimal("676.47"),
        "02_01_OP02_I10": Decimal("4724.70"),
        "03_01_OP01_09_2024": Decimal("289.62"),
        "03-01_OPO7_12_2024": Decimal("4433.59"),
    }
    for code, actual in printed.items():
        measurement = scored.indicators[code].measurement
        assert measurement is not None
        assert isinstance(measurement.value, Decimal)
        assert RuleSet().round_percent(measurement.value) == actual
    assert all(value is not None for value in values.values())
    recorded = {row.indicator_code for row in demo_plan.measurements if row.period_code == "FY"}
    assert not recorded & formulas.keys()  # their year-end figures come from the formulas


def test_a_workbook_from_before_formulas_still_reads() -> None:
    """A file written before the formula column and the base measure sheets existed."""
    book = openpyxl.load_workbook(DEMO_WORKBOOK)
    del book[BASE_MEASURES.name], book[BASE_VALUES.name]
    sheet = book[INDICATORS.name]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_cols(header.index("formula") + 1)
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_workbook(io.BytesIO(buffer.getvalue()))
    assert result.plan is not None, result.errors
    assert all(row.formula == "" for row in result.plan.indicators)
    assert (result.plan.base_measures, result.plan.base_values) == ((), ())


CASES: list[tuple[str, tuple[Edit, ...], set[CellError]]] = [
    (
        "a formula that does not parse",
        (put("indicators", "H3", "giorni_lavorazione /"),),
        {
            CellError(
                "indicators",
                3,
                "formula",
                "la formula non è valida: qui ci vuole un numero, un nome o «(», e invece c'è la "
                "fine della formula (carattere 21 della formula)",
            )
        },
    ),
    (
        "a formula with a decimal comma",
        (put("indicators", "H3", "giorni_lavorazione * 0,5"),),
        {
            CellError(
                "indicators",
                3,
                "formula",
                "la formula non è valida: nelle formule il separatore decimale è il punto (12.5, "
                "non 12,5); tra gli argomenti di una funzione metti uno spazio dopo la virgola: "
                "min(1, 5) (carattere 23 della formula)",
            )
        },
    ),
    (
        "a formula Excel computed as its own",
        (put("indicators", "H3", "#NAME?"),),
        {
            CellError(
                "indicators",
                3,
                "formula",
                "la cella contiene l'errore di Excel «#NAME?»: scrivi la formula senza il segno = "
                "iniziale, ad esempio a / b * 100",
            )
        },
    ),
    (
        "a formula written with an equals sign by a script",
        (put("indicators", "H3", "=giorni_lavorazione / pratiche_evase"),),
        {
            CellError(
                "indicators",
                3,
                "formula",
                "la formula non è valida: «=» non è ammesso: scrivi solo il calcolo, ad esempio "
                "a / b * 100 (carattere 1 della formula)",
            )
        },
    ),
    (
        "a formula reading a measure that is not a base measure",
        (put("indicators", "H3", "giorni_lavorazione / totali"),),
        {
            CellError(
                "indicators",
                3,
                "formula",
                "la formula usa «totali», che non è una misura di base del foglio base_measures",
            )
        },
    ),
    (
        "a formula reading two unknown measures",
        (put("indicators", "H2", "pagate / totali * 100"),),
        {
            CellError(
                "indicators",
                2,
                "formula",
                "la formula usa «pagate», «totali», che non sono misure di base del foglio "
                "base_measures",
            )
        },
    ),
    (
        "a base measure code that is no formula name",
        (put("base_measures", "A3", "pratiche evase"),),
        {
            CellError("base_measures", 3, "code", f"«pratiche evase» {NOT_A_NAME}"),
            CellError(
                "base_values",
                3,
                "measure_code",
                "«pratiche_evase» non è un codice del foglio base_measures",
            ),
            CellError(
                "base_values",
                4,
                "measure_code",
                "«pratiche_evase» non è un codice del foglio base_measures",
            ),
            CellError(
                "indicators",
                3,
                "formula",
                "la formula usa «pratiche_evase», che non è una misura di base del foglio "
                "base_measures",
            ),
        },
    ),
    (
        "a base measure code starting with a digit",
        (put("base_measures", "A2", "01_giorni"), put("indicators", "H3", None)),
        {
            CellError("base_measures", 2, "code", f"«01_giorni» {NOT_A_NAME}"),
            CellError(
                "base_values",
                2,
                "measure_code",
                "«giorni_lavorazione» non è un codice del foglio base_measures",
            ),
        },
    ),
    (
        "a base measure named like a function",
        (put("base_measures", "A3", "max"), put("indicators", "H3", None)),
        {
            CellError(
                "base_measures",
                3,
                "code",
                "«max» non può essere il codice di una misura di base: è il nome di una "
                "funzione delle formule (abs, max, min, round)",
            ),
            CellError(
                "base_values",
                3,
                "measure_code",
                "«pratiche_evase» non è un codice del foglio base_measures",
            ),
            CellError(
                "base_values",
                4,
                "measure_code",
                "«pratiche_evase» non è un codice del foglio base_measures",
            ),
        },
    ),
    (
        "a duplicate base measure",
        (append_copy("base_measures", 3),),
        {
            CellError(
                "base_measures", 4, "code", "il codice «pratiche_evase» compare già alla riga 3"
            )
        },
    ),
    (
        "a base measure without a name",
        (put("base_measures", "B3", None),),
        {CellError("base_measures", 3, "name", "la cella è vuota, ma il valore è obbligatorio")},
    ),
    (
        "a base measure of an unknown unit",
        (put("base_measures", "F2", "SERV9"),),
        {
            CellError(
                "base_measures", 2, "responsible_unit", "«SERV9» non è un codice del foglio units"
            )
        },
    ),
    (
        "a value of an unknown base measure",
        (put("base_values", "A2", "totali"),),
        {
            CellError(
                "base_values",
                2,
                "measure_code",
                "«totali» non è un codice del foglio base_measures",
            )
        },
    ),
    (
        "a value in an unknown period",
        (put("base_values", "B2", "S9"),),
        {CellError("base_values", 2, "period_code", "«S9» non è un codice del foglio periods")},
    ),
    (
        "a base value given twice",
        (append_copy("base_values", 2),),
        {
            CellError(
                "base_values",
                5,
                "period_code",
                "il valore di «giorni_lavorazione» nella rilevazione «FIN» compare già alla riga 2",
            )
        },
    ),
    (
        "a base value that is not a number",
        (put("base_values", "C2", "tanti"),),
        {CellError("base_values", 2, "value", f"«tanti» non è un numero; {NUMBER}")},
    ),
    (
        "a base value without its measure",
        (put("base_values", "A3", None),),
        {
            CellError(
                "base_values", 3, "measure_code", "la cella è vuota, ma il valore è obbligatorio"
            )
        },
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


def test_the_formula_error_names_its_cell() -> None:
    result = edited(representative_plan(), put("indicators", "H3", "giorni_lavorazione / totali"))
    assert [str(error) for error in result.errors] == [
        "foglio «indicators», riga 3, colonna «formula» (H3): la formula usa «totali», che non "
        "è una misura di base del foglio base_measures"
    ]


def test_an_unreadable_base_measures_sheet_does_not_flag_every_formula() -> None:
    result = edited(representative_plan(), put("base_measures", "B1", "nome"))
    assert [(error.sheet, error.row, error.column) for error in result.errors] == [
        ("base_measures", 1, "name")
    ]


# -- scoring from base values ------------------------------------------------------------------


def _vigilanza(values: dict[str, str | None], *, measured: Decimal | None = None) -> PlanData:
    """The reference report's "Efficienza procedimento sanzionatorio 2024": procedimenti
    sanzionatori per FTE of the Vigilanza office, 1150 / 1,70, printed 676,47."""
    plan = representative_plan()
    indicator = IndicatorRow(
        "VIG1",
        "Efficienza procedimento sanzionatorio",
        Target(Comparator.AT_LEAST, value=Decimal(600)),
        unit="N.",
        formula="procedimenti_sanzionatori / fte_vigilanza",
    )
    measurements = plan.measurements
    if measured is not None:
        measurements = (
            *measurements,
            replace(measurements[0], indicator_code="VIG1", value=measured),
        )
    return replace(
        plan,
        indicators=(*plan.indicators, indicator),
        links=(*plan.links, LinkRow("01_02_OP04", "VIG1")),
        measurements=measurements,
        base_measures=(
            *plan.base_measures,
            BaseMeasureRow("procedimenti_sanzionatori", "Procedimenti sanzionatori", "N."),
            BaseMeasureRow("fte_vigilanza", "FTE dell'ufficio Vigilanza", "FTE"),
        ),
        base_values=(
            *plan.base_values,
            *(
                BaseValueRow(code, "FIN", None if value is None else Decimal(value))
                for code, value in values.items()
            ),
        ),
    )


def test_an_unmeasured_formula_indicator_is_computed_from_its_base_values() -> None:
    plan = _vigilanza({"procedimenti_sanzionatori": "1150", "fte_vigilanza": "1.70"})
    measurement = scoring_plan_for(plan).indicators["VIG1"].measurement
    assert measurement == Measurement(Decimal("676.470588"))  # the stored precision
    assert measurement is not None
    assert isinstance(measurement.value, Decimal)
    assert RuleSet().round_percent(measurement.value) == Decimal("676.47")
    scored = score_plan(scoring_plan_for(plan), plan.rules).indicator("VIG1")
    assert scored.computed_percent == Decimal(100)


def test_the_computed_actual_survives_the_workbook() -> None:
    plan = _vigilanza({"procedimenti_sanzionatori": "1150", "fte_vigilanza": "1.70"})
    result = round_trip(plan)
    assert result.plan == plan
    assert scoring_plan_for(result.plan).indicators["VIG1"].measurement == Measurement(
        Decimal("676.470588")
    )


@pytest.mark.parametrize(
    "values",
    [
        {"procedimenti_sanzionatori": "1150"},
        {"procedimenti_sanzionatori": "1150", "fte_vigilanza": None},
    ],
    ids=["a value missing", "a value not available"],
)
def test_without_every_base_value_the_indicator_is_unmeasured(
    values: dict[str, str | None],
) -> None:
    plan = _vigilanza(values)
    assert scoring_plan_for(plan).indicators["VIG1"].measurement is None


def test_base_values_of_another_period_do_not_count() -> None:
    plan = _vigilanza({"procedimenti_sanzionatori": "1150", "fte_vigilanza": "1.70"})
    assert scoring_plan_for(plan, "S1").indicators["VIG1"].measurement is None


def test_a_measured_value_wins_over_the_formula() -> None:
    plan = _vigilanza(
        {"procedimenti_sanzionatori": "1150", "fte_vigilanza": "1.70"}, measured=Decimal(700)
    )
    assert scoring_plan_for(plan).indicators["VIG1"].measurement == Measurement(Decimal(700))


def test_a_division_by_zero_is_not_available_with_its_reason() -> None:
    plan = _vigilanza({"procedimenti_sanzionatori": "1150", "fte_vigilanza": "0"})
    measurement = scoring_plan_for(plan).indicators["VIG1"].measurement
    assert measurement == Measurement(
        None,
        "formula non calcolabile: divisione per zero: fte_vigilanza vale 0 (carattere 27 della "
        "formula)",
    )


def test_the_representative_plan_computes_ind2_only_where_it_is_not_measured() -> None:
    plan = representative_plan()
    plan = replace(
        plan, measurements=tuple(m for m in plan.measurements if m.indicator_code != "IND2")
    )
    assert scoring_plan_for(plan).indicators["IND2"].measurement == Measurement(Decimal("4.79"))
    assert scoring_plan_for(plan, "S1").indicators["IND2"].measurement is None


# -- comparing plans ---------------------------------------------------------------------------


def test_a_changed_formula_is_reported_in_italian() -> None:
    before = representative_plan()
    after = replace(
        before,
        indicators=tuple(
            replace(row, formula="giorni_lavorazione / pratiche_evase * 100")
            if row.code == "IND2"
            else row
            for row in before.indicators
        ),
    )
    changes = list(plan_changes(before, after))
    assert changes == [
        Change(
            ChangeKind.CHANGED,
            ChangeSubject.INDICATOR,
            "IND2",
            "formula",
            "giorni_lavorazione / pratiche_evase",
            "giorni_lavorazione / pratiche_evase * 100",
        )
    ]
    assert changes[0].description == (
        'Indicatore IND2: formula da "giorni_lavorazione / pratiche_evase" a '
        '"giorni_lavorazione / pratiche_evase * 100"'
    )


def test_base_measures_added_removed_and_changed_are_reported() -> None:
    before = representative_plan()
    giorni, pratiche = before.base_measures
    added = BaseMeasureRow("fte_registro", "FTE del Registro imprese", "FTE")
    after = replace(
        before, base_measures=(replace(giorni, unit="giorni", responsible_unit="AREA1"), added)
    )
    descriptions = [change.description for change in plan_changes(before, after)]
    assert descriptions == [
        'Misura di base giorni_lavorazione: unità di misura da "gg" a "giorni"',
        "Misura di base giorni_lavorazione: unità che fornisce il dato da SERV1 a AREA1",
        "Misura di base fte_registro aggiunta",
        "Misura di base pratiche_evase rimossa",
    ]


def test_base_values_are_figures_not_plan_structure() -> None:
    before = representative_plan()
    after = replace(before, base_values=())
    assert plan_changes(before, after).is_empty


# -- round trip, for any measures, formula and values (hypothesis) ------------------------------

_CODES = st.from_regex(r"[a-zà_][a-z0-9à_]{0,11}", fullmatch=True).filter(
    lambda code: code not in ("abs", "min", "max", "round")
)
_VALUES = st.none() | st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4, allow_nan=False
)


@settings(max_examples=25, deadline=None, database=None)
@given(
    codes=st.lists(_CODES, min_size=1, max_size=4, unique=True),
    operators=st.lists(st.sampled_from(["+", "-", "*", "/"]), min_size=3, max_size=3),
    values=st.lists(_VALUES, min_size=4, max_size=4),
)
def test_any_formula_and_base_values_round_trip(
    codes: list[str], operators: list[str], values: list[Decimal | None]
) -> None:
    plan = representative_plan()
    formula = codes[0]
    for operator, code in zip(operators, codes[1:], strict=False):
        formula = f"({formula} {operator} {code})"
    indicators = tuple(
        replace(row, formula=formula) if row.code == "IND2" else row for row in plan.indicators
    )
    plan = replace(
        plan,
        indicators=indicators,
        base_measures=tuple(BaseMeasureRow(code, f"Misura {code}") for code in codes),
        base_values=tuple(
            BaseValueRow(code, "FIN", value) for code, value in zip(codes, values, strict=False)
        ),
    )
    result = round_trip(plan)
    assert result.errors == ()
    assert result.plan == plan
