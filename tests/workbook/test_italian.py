"""The scoring core's English messages, reworded in Italian for the workbook's errors."""

from __future__ import annotations

import pytest

from performa.scoring.errors import FormulaError
from performa.scoring.formulas import parse_formula
from performa.workbook._italian import formula_message, rules_message


def _refusal(text: str) -> FormulaError:
    with pytest.raises(FormulaError) as raised:
        parse_formula(text)
    return raised.value


@pytest.mark.parametrize(
    ("text", "italian"),
    [
        ("", "la formula è vuota (carattere 1 della formula)"),
        ("(a + b", "«(» non è mai chiusa (carattere 1 della formula)"),
        ("a + b)", "«)» non ha la sua «(» (carattere 6 della formula)"),
        (
            "pagate 30",
            "manca un operatore prima del numero 30: un prodotto richiede «*» "
            "(carattere 8 della formula)",
        ),
        (
            "pratiche evase",
            "manca un operatore prima del nome evase: i nomi non possono contenere spazi (usa «_») "
            "e un prodotto richiede «*» (carattere 10 della formula)",
        ),
        (
            "a / b %",
            "«%» non è un operatore: per una percentuale moltiplica per 100, ad esempio "
            "a / b * 100 (carattere 7 della formula)",
        ),
        (
            "media(a, b)",
            "funzione sconosciuta media; le funzioni sono abs, max, min, round "
            "(carattere 1 della formula)",
        ),
        (
            "Max(a, b)",
            "funzione sconosciuta Max (forse max?); le funzioni sono abs, max, min, round "
            "(carattere 1 della formula)",
        ),
        (
            "1.000.000 * a",
            "un numero ha un solo punto decimale: scrivi le migliaia senza separatori "
            "(1000000, non 1.000.000) (carattere 6 della formula)",
        ),
        ("a # b", "carattere inatteso «#» (carattere 3 della formula)"),
    ],
)
def test_formula_refusals_read_in_italian(text: str, italian: str) -> None:
    assert formula_message(_refusal(text)) == italian


def test_unknown_names_are_listed_in_italian() -> None:
    with pytest.raises(FormulaError) as raised:
        parse_formula("pagate / totali").check({"pagate"})
    assert formula_message(raised.value) == (
        "la formula usa «totali», che non è una misura di base del foglio base_measures "
        "(carattere 10 della formula)"
    )


def test_an_unknown_shape_is_kept_rather_than_lost() -> None:
    error = FormulaError("a brand new problem", text="a", position=0)
    assert formula_message(error) == "a brand new problem (carattere 1 della formula)"
    assert rules_message("a brand new rule problem") == "a brand new rule problem"


@pytest.mark.parametrize(
    ("english", "italian"),
    [
        ("display_decimals must be between 0 and 6", "i decimali mostrati vanno da 0 a 6"),
        ("deadline_decay_days must be positive", "i giorni di ritardo devono essere più di 0"),
        (
            "strict_equality_meets_target must be yes or no",
            "il valore di «strict_equality_meets_target» deve essere yes o no",
        ),
        ("display_decimals: 2.5 is not a whole number", "2,5 non è un numero intero"),
        (
            "aggregate_over.area needs an aggregation.area",
            "«aggregate_over.area» richiede anche la chiave «aggregation.area»",
        ),
    ],
)
def test_rule_set_messages_read_in_italian(english: str, italian: str) -> None:
    assert rules_message(english) == italian
