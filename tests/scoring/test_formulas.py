"""Formula indicators: grammar, canonical text, errors with positions, hostile input, and
the reference report's ratio indicators rebuilt from their printed base measures."""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import FrozenInstanceError
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from performa.scoring import (
    Comparator,
    IndicatorStatus,
    Measurement,
    RuleSet,
    Target,
    achievement_for,
    classify_indicator,
)
from performa.scoring import formulas as formulas_module
from performa.scoring.errors import FormulaError, ScoringError
from performa.scoring.formulas import (
    MAX_DEPTH,
    MAX_FORMULA_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TOKENS,
    Formula,
    FormulaResult,
    parse_formula,
)

D = Decimal
RULES = RuleSet()
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, database=None)


def value(text: str, **values: str | int) -> Decimal:
    return parse_formula(text).evaluate(
        {name: D(number) if isinstance(number, str) else number for name, number in values.items()}
    )


def error_of(text: str) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        parse_formula(text)
    return caught.value


# -- grammar -------------------------------------------------------------------------------


def test_multiplication_and_division_bind_tighter_than_addition_and_subtraction() -> None:
    assert value("a + b * c", a="1", b="2", c="3") == 7
    assert value("a - b / c", a="1", b="6", c="3") == -1
    assert value("(a + b) * c", a="1", b="2", c="3") == 9


def test_subtraction_associates_to_the_left() -> None:
    assert value("a - b - c", a="10", b="3", c="2") == 5
    assert value("a - (b - c)", a="10", b="3", c="2") == 9


def test_division_associates_to_the_left() -> None:
    assert value("a / b / c", a="24", b="4", c="2") == 3
    assert value("a / (b / c)", a="24", b="4", c="2") == 12
    assert value("a / b * c", a="24", b="4", c="2") == 12


def test_unary_minus_and_plus() -> None:
    assert value("-a", a="5") == -5
    assert value("-a * b", a="2", b="3") == -6
    assert value("-(a - b)", a="2", b="3") == 1
    assert value("- -a", a="5") == 5
    assert value("a - -b", a="5", b="3") == 8
    assert value("a * -b", a="5", b="3") == -15
    assert value("+a", a="5") == 5
    assert value("-2 * 3") == -6


def test_numbers_use_a_decimal_point() -> None:
    assert value("12.5 * 2") == 25
    assert value("0.125 + 0") == D("0.125")
    assert value("007") == 7


def test_a_comma_after_a_name_ending_in_a_digit_separates_arguments() -> None:
    assert value("min(fte2023,5)", fte2023="7") == 5


def test_typographic_operators_stand_for_the_ascii_ones() -> None:
    formula = parse_formula("a × b ÷ c − d")
    assert str(formula) == "a * b / c - d"
    assert formula == parse_formula("a*b/c-d")


def test_names_may_hold_digits_underscores_and_unicode_letters() -> None:
    formula = parse_formula("_x1 + pagate_30gg + quantità + Größe")
    assert formula.names_in_order == ("_x1", "pagate_30gg", "quantità", "Größe")


def test_names_are_case_sensitive() -> None:
    assert parse_formula("Fte + fte").names == frozenset({"Fte", "fte"})


def test_names_are_compared_in_unicode_normal_form() -> None:
    decomposed = unicodedata.normalize("NFD", "quantità")
    assert decomposed != "quantità"
    formula = parse_formula(f"{decomposed} * 2")
    assert formula == parse_formula("quantità * 2")
    assert formula.names == frozenset({"quantità"})
    assert formula.evaluate({"quantità": D(3)}) == 6
    assert parse_formula("quantità * 2").evaluate({decomposed: D(3)}) == 6
    formula.check([decomposed])


def test_names_in_order_lists_each_name_once() -> None:
    formula = parse_formula("b / (a + b) * 100 + max(c, a)")
    assert formula.names_in_order == ("b", "a", "c")
    assert formula.names == frozenset({"a", "b", "c"})
    assert parse_formula("1 + 2").names == frozenset()


def test_whitespace_is_free_tabs_and_newlines_included() -> None:
    assert parse_formula("a\t/\n b") == parse_formula("a/b")


# -- functions -----------------------------------------------------------------------------


def test_min_and_max_take_two_or_more_arguments() -> None:
    assert value("min(a, b)", a="3", b="2") == 2
    assert value("max(a, b, c)", a="3", b="7", c="5") == 7
    assert value("min(1, a - b, 100)", a="3", b="7") == -4
    assert value("max(0, min(100, a))", a="120") == 100


def test_abs() -> None:
    assert value("abs(a - b)", a="3", b="7") == 4


def test_round_rounds_half_up_away_from_zero() -> None:
    assert value("round(a, 2)", a="2.345") == D("2.35")
    assert value("round(a, 2)", a="-2.345") == D("-2.35")
    assert value("round(a, 0)", a="2.5") == 3
    assert value("round(a / b, 1)", a="70952", b="3.93") == D("18053.9")


def test_round_of_a_value_too_long_for_its_decimals_is_an_error() -> None:
    formula = parse_formula("round(a, 10)")
    with pytest.raises(FormulaError, match="too many digits to keep 10 decimals") as caught:
        formula.evaluate({"a": D("1" * 25)})
    assert caught.value.position == 0


# -- canonical text, equality, immutability ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("pagate_30gg/totali*100", "pagate_30gg / totali * 100"),
        ("(a / b) * 100", "a / b * 100"),
        ("((a - b) + c) - (d - e)", "a - b + c - (d - e)"),
        ("a*(b*c)", "a * (b * c)"),
        ("(a+b)*c", "(a + b) * c"),
        ("a+(b*c)", "a + b * c"),
        ("-(a*b)", "-(a * b)"),
        ("--a", "- -a"),
        ("-(-(+a))", "- - +a"),
        ("-(a)", "-a"),
        ("(((a)))", "a"),
        ("min(a,b,  1.50)", "min(a, b, 1.5)"),
        ("round(x, 2.0)", "round(x, 2)"),
        ("0.000 + 100", "0 + 100"),
        ("abs(-(a-b))", "abs(-(a - b))"),
    ],
)
def test_canonical_text(text: str, canonical: str) -> None:
    formula = parse_formula(text)
    assert str(formula) == canonical
    assert formula.text == text
    assert parse_formula(canonical) == formula


def test_formulas_equal_by_tree_hash_alike() -> None:
    first, second = parse_formula("a/b*100"), parse_formula(" ( a / b ) * 100.0 ")
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second}) == 1
    assert parse_formula("a - b - c") != parse_formula("a - (b - c)")


def test_formula_is_immutable() -> None:
    formula = parse_formula("a / b")
    with pytest.raises(FrozenInstanceError):
        formula.text = "c"  # type: ignore[misc]
    assert repr(formula) == "Formula(text='a / b')"


def test_canonical_text_of_a_formula_at_the_limits_parses_again() -> None:
    # 125 seven-letter names: 999 characters without spaces; the canonical text adds 248.
    text = "+".join(["abcdefg"] * 125)
    formula = parse_formula(text)
    assert len(str(formula)) > MAX_FORMULA_LENGTH
    assert parse_formula(str(formula)) == formula


# -- explanation ---------------------------------------------------------------------------


def test_explain_shows_formula_values_and_result() -> None:
    result = parse_formula("pagate_30gg/totali*100").explain(
        {"pagate_30gg": D(930), "totali": D(1000), "unused": D(1)}
    )
    assert isinstance(result, FormulaResult)
    assert result.value == 93
    assert result.inputs == (("pagate_30gg", D(930)), ("totali", D(1000)))
    assert result.as_text() == "pagate_30gg / totali * 100 = 930 / 1000 * 100 = 93"


def test_explain_cuts_long_results_and_keeps_inputs_as_entered() -> None:
    result = parse_formula("a / b * 1.0").explain({"a": D("2.00"), "b": D(3)})
    assert result.as_text() == "a / b * 1 = 2.00 / 3 * 1 = 0.666666…"
    assert result.value == D(2) / D(3)


def test_explain_puts_negative_values_in_parentheses() -> None:
    result = parse_formula("a - b").explain({"a": D(5), "b": D(-3)})
    assert result.substituted() == "5 - (-3)"
    assert result.value == 8


def test_explain_takes_a_number_format_for_localised_display() -> None:
    result = parse_formula("a / b * 100").explain({"a": D("930.5"), "b": D(1000)})

    def italian(number: Decimal) -> str:
        return format(number, "f").replace(".", ",")

    assert result.substituted(italian) == "930,5 / 1000 * 100"


def test_explain_without_names_skips_the_substitution() -> None:
    assert parse_formula("2*3").explain({}).as_text() == "2 * 3 = 6"


# -- checking names ------------------------------------------------------------------------


def test_check_accepts_known_names() -> None:
    parse_formula("pagate_30gg / totali").check({"pagate_30gg", "totali", "other"})


def test_check_lists_every_unknown_name_with_its_column() -> None:
    formula = parse_formula("pagate / totali + pagate * fte")
    with pytest.raises(FormulaError) as caught:
        formula.check(["totali"])
    error = caught.value
    assert error.message == "unknown base measures: pagate (column 1), fte (column 28)"
    assert error.position == 0
    assert error.names == ("pagate", "fte")


def test_check_names_a_single_unknown_name() -> None:
    with pytest.raises(FormulaError, match=r"^unknown base measure: b \(column 5\)") as caught:
        parse_formula("a / b").check(["a"])
    assert caught.value.position == 4


# -- evaluation errors ---------------------------------------------------------------------


def test_division_by_zero_names_the_divisor() -> None:
    formula = parse_formula("pagate_30gg * 100 / fatture_totali")
    with pytest.raises(FormulaError) as caught:
        formula.evaluate({"pagate_30gg": D(5), "fatture_totali": D(0)})
    error = caught.value
    assert error.message == "division by zero: fatture_totali is 0"
    assert error.position == 18
    assert error.names == ("fatture_totali",)


def test_division_by_zero_names_a_sub_expression() -> None:
    with pytest.raises(FormulaError, match=r"^division by zero: b - c is 0") as caught:
        parse_formula("a / (b - c)").evaluate({"a": D(1), "b": D(2), "c": D("2.0")})
    assert caught.value.position == 2
    with pytest.raises(FormulaError, match=r"^division by zero: the divisor is 0"):
        parse_formula("a / 0").evaluate({"a": D(1)})
    with pytest.raises(FormulaError, match=r"^division by zero: b is 0"):
        parse_formula("0 / b").evaluate({"b": D(0)})


def test_missing_inputs_are_all_listed() -> None:
    formula = parse_formula("a / b + c")
    with pytest.raises(FormulaError) as caught:
        formula.evaluate({"b": D(1)})
    assert caught.value.message == "no value for base measures: a (column 1), c (column 9)"
    assert caught.value.names == ("a", "c")


def test_a_none_value_is_missing() -> None:
    with pytest.raises(FormulaError, match=r"^no value for base measure: b \(column 5\)"):
        parse_formula("a / b").evaluate({"a": D(1), "b": None})


def test_whole_numbers_are_accepted_as_inputs() -> None:
    assert parse_formula("a / b").evaluate({"a": 3, "b": D(2)}) == D("1.5")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (1.5, "the value of b must be a Decimal, not float"),
        (True, "the value of b must be a Decimal, not bool"),
        ("2", "the value of b must be a Decimal, not str"),
        (D("NaN"), "the value of b is not a finite number: NaN"),
        (D("-Infinity"), "the value of b is not a finite number: -Infinity"),
        (D("1E+28"), "the value of b is too large: values must stay below 10^28"),
    ],
)
def test_bad_input_values_are_refused(given: object, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        parse_formula("a + b").evaluate({"a": D(1), "b": given})  # type: ignore[dict-item]
    assert caught.value.message == message
    assert caught.value.position == 4


def test_a_result_overflowing_the_context_is_an_error() -> None:
    big = "9" * 20
    with pytest.raises(FormulaError) as caught:
        parse_formula(f"{big} * {big}").evaluate({})
    assert caught.value.message == f"{big} * {big} is too large: results must stay below 10^28"
    assert caught.value.position == 21
    with pytest.raises(FormulaError, match="too large"):
        parse_formula("a / 0.0000000001").evaluate({"a": D("1E+20")})


def test_tiny_results_lose_digits_and_reach_zero_rather_than_fail() -> None:
    assert parse_formula("a * a").evaluate({"a": D("1E-20")}) == D("1E-40")
    assert parse_formula("a * a").evaluate({"a": D("1E-30")}).is_zero()


def test_evaluation_ignores_the_callers_decimal_context() -> None:
    formula = parse_formula("a / b")
    expected = formula.evaluate({"a": D(2), "b": D(3)})
    with localcontext() as context:
        context.prec = 3
        assert formula.evaluate({"a": D(2), "b": D(3)}) == expected
    assert len(str(expected)) > 20


# -- parse errors, each with its position --------------------------------------------------

PARSE_ERRORS = [
    # text, position, start of the message
    ("", 0, "the formula is empty"),
    ("   ", 0, "the formula is empty"),
    ("12,5 * a", 2, "use '.' as the decimal separator (write 12.5, not 12,5)"),
    ("min(1,5)", 5, "use '.' as the decimal separator"),
    ("a b", 2, "missing operator before the name b: names cannot contain spaces"),
    ("2 (a + b)", 2, "missing operator before '(': a product needs '*'"),
    ("(a) 3", 4, "missing operator before the number 3"),
    ("2a", 1, "unexpected 'a' right after the number 2: put an operator between them"),
    ("10_000", 2, "write numbers without '_' or other separators"),
    ("a +", 3, "expected a number, a name or '(', found the end of the formula"),
    ("a * / b", 4, "expected a number, a name or '(', found '/'"),
    ("min(a,, b)", 6, "expected a number, a name or '(', found ','"),
    ("(a + b", 0, "'(' is never closed"),
    ("a)", 1, "')' has no matching '('"),
    ("()", 1, "expected a number, a name or '(', found ')'"),
    ("min(a, b", 0, "'min(' is never closed"),
    ("min(a b)", 6, "missing operator before the name b"),
    ("a, b", 1, "',' only separates the arguments of a function"),
    ("(a, b)", 2, "',' only separates the arguments of a function"),
    ("min(a)", 0, "min takes at least 2 arguments, got 1: write min(a, b, ...)"),
    ("max()", 0, "max takes at least 2 arguments, got 0"),
    ("abs(a, b)", 0, "abs takes 1 argument, got 2: write abs(x)"),
    ("round(a)", 0, "round takes 2 arguments, got 1: write round(x, digits)"),
    ("round(a, b)", 9, "the digits of round(x, digits) must be a whole number from 0 to 10"),
    ("round(a, -1)", 9, "the digits of round(x, digits) must be"),
    ("round(a, 1.5)", 9, "the digits of round(x, digits) must be"),
    ("round(a, 11)", 9, "the digits of round(x, digits) must be"),
    ("round(a, (1 + 1))", 10, "the digits of round(x, digits) must be"),
    (
        "MIN(a, b)",
        0,
        "unknown function MIN: did you mean min? (the functions are abs, max, min, round)",
    ),
    ("foo(a)", 0, "unknown function foo (the functions are abs, max, min, round)"),
    ("a + min", 4, "min is a function: write min(a, b, ...)"),
    ("a = b", 2, "'=' is not allowed: write only the right-hand side"),
    ("a == b", 2, "comparisons are not allowed"),
    ("a <= b", 2, "comparisons are not allowed"),
    ("a > b", 2, "comparisons are not allowed"),
    ("a != b", 2, "comparisons are not allowed"),
    ("a % b", 2, "'%' is not an operator: multiply by 100 for a percentage"),
    ("a ** 2", 2, "there is no power operator"),
    ("a ^ 2", 2, "there is no power operator"),
    ("x²", 1, "there is no power operator"),
    ("1.000.000", 5, "a number has one decimal point: write thousands without separators"),
    ("1. + a", 1, "a digit must follow the decimal point"),
    ("a + .5", 4, "write a digit before the decimal point, e.g. 0.5"),
    ("a.b", 1, "'.' is only the decimal point of a number"),
    ("x.5", 1, "'.' is only the decimal point of a number"),
    ("a + . + b", 4, "'.' is only the decimal point of a number"),
    ("'a'", 0, "text in quotes is not allowed"),
    ('"a"', 0, "text in quotes is not allowed"),
    ("x[0]", 1, "'[' is not allowed: there is no indexing"),
    ("x]", 1, "']' is not allowed"),
    ("{a}", 0, "'{' is not allowed"),
    ("a}", 1, "'}' is not allowed"),
    ("a; b", 1, "';' is not allowed"),
    ("a € b", 2, "unexpected character '€'"),
    ("a\x00", 1, "unexpected character '\\x00'"),
    ("9" * 29, 0, "a number may have at most 28 digits"),
    ("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1), MAX_DEPTH, "the formula nests"),
    ("-" * (MAX_DEPTH + 1) + "a", MAX_DEPTH, "the formula nests"),
    ("abs(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1), 4 * MAX_DEPTH, "the formula nests"),
    ("a+" * MAX_TOKENS + "a", MAX_TOKENS, f"the formula has more than {MAX_TOKENS} numbers"),
    (
        "a" * (MAX_FORMULA_LENGTH + 1),
        MAX_FORMULA_LENGTH,
        "the formula is longer than 1000 characters, spaces not counted",
    ),
    (" " * (MAX_TEXT_LENGTH + 1), MAX_TEXT_LENGTH, "the formula is longer than 4000 characters"),
]


@pytest.mark.parametrize(
    ("text", "position", "message"), PARSE_ERRORS, ids=range(len(PARSE_ERRORS))
)
def test_parse_errors_are_located(text: str, position: int, message: str) -> None:
    error = error_of(text)
    assert error.message.startswith(message), error.message
    assert error.position == position
    assert error.column == position + 1
    assert error.text == text
    assert isinstance(error, ScoringError)


def test_nesting_up_to_the_limit_is_accepted() -> None:
    text = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert parse_formula(text) == parse_formula("a")
    assert value("-" * MAX_DEPTH + "a", a="1") == 1


def test_error_text_shows_the_column_and_a_caret() -> None:
    error = error_of("a +\tb * % 2")
    assert str(error) == (
        "'%' is not an operator: multiply by 100 for a percentage, e.g. a / b * 100\n"
        "    a + b * % 2\n"
        "            ^ column 9"
    )


def test_error_text_of_a_long_formula_shows_a_window() -> None:
    text = "a + " * 100 + "$" + " + b" * 100
    error = error_of(text)
    lines = str(error).splitlines()
    assert lines[0] == "unexpected character '$'"
    assert lines[2].endswith("^ column 401")
    assert lines[1].startswith("    …")
    assert lines[1].endswith("…")
    assert len(lines[1]) < 90
    assert lines[2].index("^") == lines[1].index("$")


def test_error_at_the_end_points_just_past_the_text() -> None:
    lines = str(error_of("a +")).splitlines()
    assert lines[1:] == ["    a +", "       ^ column 4"]


# -- hostile input -------------------------------------------------------------------------

HOSTILE = [
    "__import__('os').system('true')",
    "__import__(os)",
    "().__class__.__bases__[0]",
    "a.b",
    "x[0]",
    "lambda: 0",
    "open('/etc/passwd')",
    "exec(a)",
    "eval(a)",
    "9**9**9",
    "2^1000000",
    "(" * 10_000 + "a" + ")" * 10_000,
    "a" * 100_000,
    "1+" * 50_000 + "1",
    "9" * 400,
    "-" * 10_000 + "1",
    "abs(" * 10_000 + "1" + ")" * 10_000,
    "a if b else c",
    "a and b",
    "\\u0061",
    "f'{a}'",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_formulas_are_refused_cleanly_and_quickly(text: str) -> None:
    started = time.perf_counter()
    error = error_of(text)
    assert time.perf_counter() - started < 0.5
    assert 0 <= error.position <= len(text)
    assert str(error)


def test_the_module_never_evaluates_text_as_python() -> None:
    source = Path(formulas_module.__file__).read_text(encoding="utf-8")
    assert not re.search(r"\b(eval|exec|compile|literal_eval|__import__)\s*\(", source)


# -- properties (hypothesis) ---------------------------------------------------------------

NAMES = st.sampled_from(["a", "b", "fte", "pagate_30gg", "quantità", "_x1"])
SPACES = st.sampled_from(["", "", " ", "  ", "\t", "\n"])
AFTER_COMMA = st.sampled_from([" ", "  ", "\n"])  # "min(1,5)" would read as a decimal comma
NUMBERS = st.decimals(min_value=0, max_value=10**6, places=3).map(
    lambda number: format(number, "f")
)


def _expression_text(draw: st.DrawFn, depth: int) -> str:
    kinds = ["name", "number"]
    if depth < 4:
        kinds += ["operation", "operation", "sign", "group", "call"]
    kind = draw(st.sampled_from(kinds))
    if kind == "name":
        return draw(NAMES)
    if kind == "number":
        return draw(NUMBERS)
    if kind == "sign":
        return (
            draw(st.sampled_from(["-", "+", "−"]))
            + draw(SPACES)
            + _expression_text(draw, depth + 1)
        )
    if kind == "group":
        return f"({draw(SPACES)}{_expression_text(draw, depth + 1)}{draw(SPACES)})"
    if kind == "operation":
        operator = draw(st.sampled_from(["+", "-", "*", "/", "×", "÷"]))
        left = _expression_text(draw, depth + 1)
        right = _expression_text(draw, depth + 1)
        # A sign right after "-" or "+" still parses ("a - -b"); keep spaces optional.
        return f"{left}{draw(SPACES)}{operator}{draw(SPACES)}{right}"
    function = draw(st.sampled_from(["min", "max", "abs", "round"]))
    first = _expression_text(draw, depth + 1)
    if function == "abs":
        return f"abs({first})"
    if function == "round":
        return f"round({first},{draw(AFTER_COMMA)}{draw(st.integers(0, 10))})"
    second = _expression_text(draw, depth + 1)
    return f"{function}({first},{draw(AFTER_COMMA)}{second})"


@st.composite
def formula_texts(draw: st.DrawFn) -> str:
    """A valid formula text, up to four levels deep, with random spacing and redundant groups."""
    return _expression_text(draw, 0)


VALUES = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(st.none(), st.decimals(), st.integers(-(10**30), 10**30))
        for name in ["a", "b", "fte", "pagate_30gg", "quantità", "_x1"]
    },
)


@PROPERTY_SETTINGS
@given(formula_texts())
def test_canonical_text_parses_to_the_same_formula(text: str) -> None:
    formula = parse_formula(text)
    again = parse_formula(str(formula))
    assert again == formula
    assert hash(again) == hash(formula)
    assert str(again) == str(formula)
    assert again.names_in_order == formula.names_in_order


def _parsed_or_error(text: str) -> Formula | FormulaError:
    try:
        return parse_formula(text)
    except FormulaError as error:
        return error


def _explained_or_error(
    formula: Formula, values: dict[str, Decimal | int | None]
) -> FormulaResult | FormulaError:
    try:
        return formula.explain(values)
    except FormulaError as error:
        return error


FORMULA_LIKE = st.text(
    alphabet=st.sampled_from(list("ab_19.,+-*/()^ ×àmnix[]'=<%\t\n")), max_size=80
)


@PROPERTY_SETTINGS
@given(st.one_of(FORMULA_LIKE, st.text(max_size=80)))
def test_any_text_parses_or_raises_a_located_formula_error(text: str) -> None:
    outcome = _parsed_or_error(text)
    if isinstance(outcome, FormulaError):
        assert 0 <= outcome.position <= len(text)
        assert str(outcome).startswith(outcome.message)
    else:
        assert parse_formula(str(outcome)) == outcome


@PROPERTY_SETTINGS
@given(formula_texts(), VALUES)
def test_evaluation_gives_a_decimal_or_a_formula_error(
    text: str, values: dict[str, Decimal | int | None]
) -> None:
    formula = parse_formula(text)
    outcome = _explained_or_error(formula, values)
    if isinstance(outcome, FormulaError):
        assert 0 <= outcome.position <= len(text)
    else:
        result = outcome
        assert result.value.is_finite()
        assert abs(result.value) < D("1E+28")
        assert result.as_text().startswith(str(formula))
        assert formula.evaluate(values) == result.value


# -- the reference report's ratio indicators -----------------------------------------------

VOLUMES_PER_FTE = [
    # (operational objective: indicator, formula, base measures as printed, actual as printed)
    (
        "Vigilanza: Efficienza procedimento sanzionatorio 2024",
        "procedimenti_sanzionatori / fte_vigilanza",
        {"procedimenti_sanzionatori": "1150", "fte_vigilanza": "1.70"},
        "676.47",
    ),
    (
        "Vigilanza: Gestione attività di controllo 2024",
        "controllo_prodotti / fte_vigilanza",
        {"controllo_prodotti": "28", "fte_vigilanza": "1.70"},
        "16.47",
    ),
    (
        "Risoluzione alternativa delle controversie: Volume medio di conciliazioni/mediazioni",
        "mediazioni_avviate / fte_adr",
        {"mediazioni_avviate": "254", "fte_adr": "4.81"},
        "52.81",
    ),
    (
        "Risoluzione alternativa delle controversie: Volume medio di arbitrati",
        "arbitrati / fte_adr",
        {"arbitrati": "3", "fte_adr": "4.81"},
        "0.62",
    ),
    (
        "Composizione crisi da sovraindebitamento: Volume medio dei servizi",
        "procedure_avviate / fte_occ",
        {"procedure_avviate": "58", "fte_occ": "0.80"},
        "72.50",
    ),
    (
        "Studi e informazione economica: Efficienza studi e ricerche 2024",
        "studi_e_ricerche / fte_studi",
        {"studi_e_ricerche": "9", "fte_studi": "1.53"},
        "5.88",
    ),
    (
        "Front Office: Volume medio di attività gestito dal personale addetto allo sportello",
        "(attivita_sportello + bollatura_vidimazione) / fte_front_office",
        {"attivita_sportello": "5708", "bollatura_vidimazione": "9789", "fte_front_office": "3.28"},
        "4724.70",
    ),
    (
        "Firma digitale: Volume medio di attività (dispositivi e carte tachigrafiche)",
        "(dispositivi_firma_digitale + carte_tachigrafiche) / fte_firma_digitale",
        {
            "dispositivi_firma_digitale": "8135",
            "carte_tachigrafiche": "1358",
            "fte_firma_digitale": "3.21",
        },
        "2957.32",
    ),
    (
        "Sanzioni RI e REA: Volume medio di attività al procedimento sanzionatorio",
        "procedimento_sanzionatorio / fte_sanzioni",
        {"procedimento_sanzionatorio": "1630", "fte_sanzioni": "1.59"},
        "1025.16",
    ),
    (
        "Protesti: Volume medio di attività gestito dal personale addetto ai protesti",
        "visure / fte_protesti",
        {"visure": "12", "fte_protesti": "0.55"},
        "21.82",
    ),
    (
        "Supporto agli organi: Volume di attività gestito dal personale 2024",
        "(delibere + determinazioni_presidenziali + determinazioni_dirigenziali) / fte_organi",
        {
            "delibere": "131",
            "determinazioni_presidenziali": "9",
            "determinazioni_dirigenziali": "613",
            "fte_organi": "2.60",
        },
        "289.62",
    ),
    (
        "Pianificazione, monitoraggio e controllo: Volume di attività gestito dal personale",
        "(reportistica_dirigenti + reportistica_organi) / fte_pianificazione",
        {"reportistica_dirigenti": "11", "reportistica_organi": "13", "fte_pianificazione": "0.96"},
        "25.00",
    ),
    (
        "Gestione della contabilità: Efficienza gestione mandati e reversali 2024",
        "mandati_e_reversali / fte_contabilità",
        {"mandati_e_reversali": "2879", "fte_contabilità": "3.28"},
        "877.74",
    ),
    (
        "Gestione del personale: Efficienza della gestione economica del personale 2024",
        "posizioni_economiche / fte_personale",
        {"posizioni_economiche": "1062", "fte_personale": "2.66"},
        "399.25",
    ),
    (
        "Gestione del personale: Efficienza della gestione previdenziale del personale 2024",
        "gestione_previdenziale / fte_personale",
        {"gestione_previdenziale": "20", "fte_personale": "2.66"},
        "7.52",
    ),
    (
        "Gestione del personale: Efficienza della formazione del personale 2024",
        "ore_formazione / fte_personale",
        {"ore_formazione": "36", "fte_personale": "2.66"},
        "13.53",
    ),
    (
        "Diritto annuale: Efficienza gestione procedura di sollecito 2024",
        "solleciti / fte_diritto_annuale",
        {"solleciti": "17424", "fte_diritto_annuale": "3.93"},
        "4433.59",
    ),
    (
        "Gestione del patrimonio immobiliare: Gestione degli interventi di manutenzione periodica",
        "manutenzioni / fte_patrimonio",
        {"manutenzioni": "208", "fte_patrimonio": "1.63"},
        "127.61",
    ),
    (
        "Servizi informatici: Efficiente gestione dei servizi informatici (2024)",
        "(sito_internet + aggiornamento_intranet) / fte_informatica",
        {"sito_internet": "904", "aggiornamento_intranet": "156", "fte_informatica": "2.47"},
        "429.15",
    ),
]


@pytest.mark.parametrize(
    ("indicator", "text", "base_measures", "printed"),
    VOLUMES_PER_FTE,
    ids=[row[1] for row in VOLUMES_PER_FTE],
)
def test_reference_volume_per_fte_indicators(
    indicator: str, text: str, base_measures: dict[str, str], printed: str
) -> None:
    """Section 3.1 prints, in one operational objective, the counts, the FTE and the ratio.

    The report prints every number used here but not the formulas: each formula is the one
    that the printed figures fit (count, or sum of counts, of the same objective over the
    objective's "Risorse umane dedicate … (fte)"), which the indicator's name describes.
    """
    formula = parse_formula(text)
    formula.check(base_measures)
    actual = formula.evaluate({name: D(number) for name, number in base_measures.items()})
    assert RULES.round_percent(actual) == D(printed)


PRINTED_TO_ONE_DECIMAL = [
    (
        "Diritto annuale: Efficienza gestione diritto annuale 2024",
        {"volume": "70952", "fte": "3.93"},
        "18053.94",
        "18053.90",
    ),
    (
        "Gestione del patrimonio immobiliare: Gestione spazi camerali 2024",
        {"volume": "58477", "fte": "1.63"},
        "35875.46",
        "35875.50",
    ),
    (
        "Gestione documentale: Volume medio di attività al protocollo in entrata 2024",
        {"volume": "32339", "fte": "1.48"},
        "21850.68",
        "21850.70",
    ),
]


@pytest.mark.parametrize(("indicator", "base_measures", "ratio", "printed"), PRINTED_TO_ONE_DECIMAL)
def test_reference_ratios_printed_with_one_decimal(
    indicator: str, base_measures: dict[str, str], ratio: str, printed: str
) -> None:
    """Three ratios of printed figures miss the printed actual by a few hundredths.

    Each printed actual is the ratio rounded to one decimal ("18.053,90" for 18053.94), so the
    chamber's platform apparently rounds these to one decimal; ``round(…, 1)`` reproduces them.
    That rounding is inferred from the three figures, not stated by the report.
    """
    values = {name: D(number) for name, number in base_measures.items()}
    assert RULES.round_percent(parse_formula("volume / fte").evaluate(values)) == D(ratio)
    rounded = parse_formula("round(volume / fte, 1)").evaluate(values)
    assert RULES.round_percent(rounded) == D(printed)


@pytest.mark.parametrize(
    ("text", "base_measures", "target", "printed_actual", "printed_percent", "status"),
    [
        # Protesti: ">= 79,00 N.  21,82 N.  27,62 %  FUORI TARGET"
        (
            "visure / fte_protesti",
            {"visure": "12", "fte_protesti": "0.55"},
            "79",
            "21.82",
            "27.62",
            IndicatorStatus.OFF_TARGET,
        ),
        # Vigilanza: ">= 17,50 N.  16,47 N.  94,12 %  IN LINEA"
        (
            "controllo_prodotti / fte_vigilanza",
            {"controllo_prodotti": "28", "fte_vigilanza": "1.70"},
            "17.50",
            "16.47",
            "94.12",
            IndicatorStatus.ON_TRACK,
        ),
    ],
)
def test_reference_formula_actuals_score_as_printed(
    text: str,
    base_measures: dict[str, str],
    target: str,
    printed_actual: str,
    printed_percent: str,
    status: IndicatorStatus,
) -> None:
    """A formula's unrounded value feeds the achievement rules like any actual value."""
    actual = parse_formula(text).evaluate(
        {name: D(number) for name, number in base_measures.items()}
    )
    achievement = achievement_for(
        Target(Comparator.AT_LEAST, D(target)), Measurement(actual), RULES
    )
    assert RULES.round_percent(actual) == D(printed_actual)
    assert achievement.percent is not None
    assert RULES.round_percent(achievement.percent) == D(printed_percent)
    assert classify_indicator(achievement.percent, RULES.indicator_thresholds) is status


def test_reference_capacity_to_generate_income_needs_the_unrounded_ratio() -> None:
    """ "Capacità di generare proventi 2024  >= 19,50 %  14,81 %  75,93 %  CRITICO".

    The report prints neither this formula nor its base measures: both are constructed here,
    with a plausible shape (current income net of the annual fee and the secretariat fees,
    over current income). They are chosen to fit the printed figures, and they show why the
    engine computes on the unrounded ratio: the printed 14,81 % gives 75,95 %, while the
    ratio it was rounded from gives the published 75,93 % (DOMAIN.md §2.2).
    """
    formula = parse_formula(
        "(proventi_correnti - diritto_annuale - diritti_segreteria) / proventi_correnti * 100"
    )
    actual = formula.evaluate(
        {
            "proventi_correnti": D(10_000_000),
            "diritto_annuale": D(6_900_000),
            "diritti_segreteria": D(1_619_400),
        }
    )
    target = Target(Comparator.AT_LEAST, D("19.50"))
    achievement = achievement_for(target, Measurement(actual), RULES)
    rounded_first = achievement_for(target, Measurement(RULES.round_percent(actual)), RULES)
    assert RULES.round_percent(actual) == D("14.81")
    assert achievement.percent is not None
    assert rounded_first.percent is not None
    assert RULES.round_percent(achievement.percent) == D("75.93")
    assert RULES.round_percent(rounded_first.percent) == D("75.95")
    assert classify_indicator(achievement.percent, RULES.indicator_thresholds) is (
        IndicatorStatus.CRITICAL
    )


def test_formula_is_a_frozen_value_usable_as_a_key() -> None:
    formulas = {parse_formula("a / b"): "ratio"}
    assert formulas[parse_formula("(a)/(b)")] == "ratio"
    assert isinstance(next(iter(formulas)), Formula)
