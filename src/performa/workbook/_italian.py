"""Italian wording of the messages the scoring core raises in English, for the workbook's errors.

The scoring core is shared and speaks English; the office reads the workbook's errors in the
upload preview and the command line, in Italian. Each known message shape is rewritten; an
unknown one (a new message of the core) is kept as it is rather than lost.
Standard library and ``performa.scoring`` only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from performa.scoring.errors import FormulaError

__all__ = ["formula_message", "rules_message"]

_Rewrite = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _q(text: str) -> str:
    return f"«{text}»"


def _unquoted(text: str) -> str:
    """A ``repr`` of a string as the core wrote it, back to the text: ``'abc'`` → ``abc``."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _rewrite(message: str, rewrites: tuple[_Rewrite, ...]) -> str:
    for pattern, italian in rewrites:
        if match := pattern.fullmatch(message):
            return italian(match)
    return message


_RULES: tuple[_Rewrite, ...] = (
    (
        re.compile(r"(\w+): thresholds must be finite numbers"),
        lambda m: "le soglie devono essere numeri",
    ),
    (
        re.compile(r"(\w+): need 0 <= middle <= best <= 100"),
        lambda m: (
            "le due soglie devono stare tra 0 e 100, e quella più bassa non può superare "
            "quella più alta"
        ),
    ),
    (
        re.compile(r"display_decimals must be between 0 and 6"),
        lambda m: "i decimali mostrati vanno da 0 a 6",
    ),
    (
        re.compile(r"(\w+) must be one of (.+)"),
        lambda m: f"il valore di {_q(m[1])} deve essere uno di questi: {m[2]}",
    ),
    (
        re.compile(r"deadline_decay_days must be positive"),
        lambda m: "i giorni di ritardo devono essere più di 0",
    ),
    (
        re.compile(r"unknown rule setting (.+)"),
        lambda m: f"chiave sconosciuta {_q(_unquoted(m[1]))}",
    ),
    (
        re.compile(r"[\w.]+: (.+) is not a (?:finite )?number"),
        lambda m: f"{_q(_unquoted(m[1]))} non è un numero; scrivi ad esempio 90 o 90,5",
    ),
    (
        re.compile(r"[\w.]+: (.+) is not a whole number"),
        lambda m: f"{m[1].replace('.', ',')} non è un numero intero",
    ),
    (
        re.compile(r"([\w.]+): the level key is missing"),
        lambda m: f"manca la chiave del livello dopo {_q(m[1])}, ad esempio aggregation.area",
    ),
    (
        re.compile(r"[\w.]+: (.+) is not one of (.+)"),
        lambda m: f"{_q(_unquoted(m[1]))} non è uno di questi valori: {m[2]}",
    ),
    (
        re.compile(r"([\w.]+) needs an (aggregation\.[\w.]+)"),
        lambda m: f"{_q(m[1])} richiede anche la chiave {_q(m[2])}",
    ),
    (
        re.compile(r"(\w+) must be yes or no"),
        lambda m: f"il valore di {_q(m[1])} deve essere yes o no",
    ),
)


def rules_message(message: str) -> str:
    """A ``RuleSetError`` message of the core in Italian (unchanged when not recognised)."""
    return _rewrite(message, _RULES)


_TOKEN = r"(?:the number (\S+)|the name (\S+)|the end of the formula|'(.)')"


def _token(match: re.Match[str], first: int, *, after_di: bool = False) -> str:
    """The token the core names, in Italian; ``after_di`` joins it to a preceding "di"."""
    number, name, symbol = match[first], match[first + 1], match[first + 2]
    if number is not None:
        return f"{'del' if after_di else 'il'} numero {number}"
    if name is not None:
        return f"{'del' if after_di else 'il'} nome {name}"
    if symbol is not None:
        return f"{'di ' if after_di else ''}«{symbol}»"
    return f"{'della' if after_di else 'la'} fine della formula"


_FORMULA: tuple[_Rewrite, ...] = (
    (re.compile(r"the formula is empty"), lambda m: "la formula è vuota"),
    (
        re.compile(r"the formula is longer than (\d+) characters(, spaces not counted)?"),
        lambda m: f"la formula supera {m[1]} caratteri" + (", spazi esclusi" if m[2] else ""),
    ),
    (
        re.compile(r"the formula has more than (\d+) numbers, names, operators and parentheses"),
        lambda m: f"la formula ha più di {m[1]} elementi tra numeri, nomi, operatori e parentesi",
    ),
    (
        re.compile(r"there is no power operator: multiply instead, e\.g\. (.+)"),
        lambda m: f"non esiste l'elevamento a potenza: moltiplica, ad esempio {m[1]}",
    ),
    (
        re.compile(r"'%' is not an operator: .*"),
        lambda m: (
            "«%» non è un operatore: per una percentuale moltiplica per 100, ad esempio a / b * 100"
        ),
    ),
    (
        re.compile(r"comparisons are not allowed: .*"),
        lambda m: "i confronti non sono ammessi: una formula calcola un numero",
    ),
    (
        re.compile(r"text in quotes is not allowed: .*"),
        lambda m: (
            "il testo tra virgolette non è ammesso: una formula contiene numeri e nomi di "
            "misure di base"
        ),
    ),
    (
        re.compile(r"'([\[\]])' is not allowed: .*"),
        lambda m: f"«{m[1]}» non è ammesso: raggruppa con «(» e «)»",
    ),
    (
        re.compile(r"'([{}])' is not allowed: .*"),
        lambda m: f"«{m[1]}» non è ammesso: raggruppa con «(» e «)»",
    ),
    (
        re.compile(r"'\.' is only the decimal point of a number: .*"),
        lambda m: "«.» è solo il separatore decimale di un numero: i nomi non possono contenerlo",
    ),
    (
        re.compile(r"';' is not allowed: .*"),
        lambda m: "«;» non è ammesso: separa gli argomenti di una funzione con «,»",
    ),
    (
        re.compile(r"'=' is not allowed: .*"),
        lambda m: "«=» non è ammesso: scrivi solo il calcolo, ad esempio a / b * 100",
    ),
    (
        re.compile(r"write a digit before the decimal point, e\.g\. 0\.5"),
        lambda m: "scrivi una cifra prima del punto decimale, ad esempio 0.5",
    ),
    (
        re.compile(r"unexpected character (.+)"),
        lambda m: f"carattere inatteso {_q(_unquoted(m[1]))}",
    ),
    (
        re.compile(r"use '\.' as the decimal separator .*"),
        lambda m: (
            "nelle formule il separatore decimale è il punto (12.5, non 12,5); tra gli "
            "argomenti di una funzione metti uno spazio dopo la virgola: min(1, 5)"
        ),
    ),
    (
        re.compile(r"a digit must follow the decimal point"),
        lambda m: "dopo il punto decimale ci vuole una cifra",
    ),
    (
        re.compile(r"a number has one decimal point: .*"),
        lambda m: (
            "un numero ha un solo punto decimale: scrivi le migliaia senza separatori "
            "(1000000, non 1.000.000)"
        ),
    ),
    (
        re.compile(r"a number may have at most (\d+) digits"),
        lambda m: f"un numero può avere al più {m[1]} cifre",
    ),
    (
        re.compile(r"write numbers without '_' or other separators"),
        lambda m: "scrivi i numeri senza «_» o altri separatori",
    ),
    (
        re.compile(r"unexpected '(.+)' right after the number (\S+): .*"),
        lambda m: (
            f"«{m[1]}» subito dopo il numero {m[2]}: metti un operatore tra i due, "
            f"ad esempio {m[2]} * {m[1]}"
        ),
    ),
    (
        re.compile(r"'\)' has no matching '\('"),
        lambda m: "«)» non ha la sua «(»",
    ),
    (
        re.compile(r"',' only separates the arguments of a function: .*"),
        lambda m: "«,» separa solo gli argomenti di una funzione: min(a, b)",
    ),
    (
        re.compile(rf"missing operator before {_TOKEN}: names cannot contain spaces .*"),
        lambda m: (
            f"manca un operatore prima {_token(m, 1, after_di=True)}: i nomi non possono contenere "
            "spazi (usa «_») e un prodotto richiede «*»"
        ),
    ),
    (
        re.compile(rf"missing operator before {_TOKEN}: a product needs '\*'"),
        lambda m: (
            f"manca un operatore prima {_token(m, 1, after_di=True)}: un prodotto richiede «*»"
        ),
    ),
    (
        re.compile(r"the formula nests parentheses, functions and signs more than (\d+) .*"),
        lambda m: f"la formula annida parentesi, funzioni e segni per più di {m[1]} livelli",
    ),
    (
        re.compile(r"(\w+) is a function: write (.+)"),
        lambda m: f"{m[1]} è una funzione: scrivi {m[2]}",
    ),
    (
        re.compile(rf"expected a number, a name or '\(', found {_TOKEN}"),
        lambda m: f"qui ci vuole un numero, un nome o «(», e invece c'è {_token(m, 1)}",
    ),
    (
        re.compile(r"'(.+)' is never closed"),
        lambda m: f"«{m[1]}» non è mai chiusa",
    ),
    (
        re.compile(r"unknown function (\w+)(?:: did you mean (\w+)\?)? \(the functions are (.+)\)"),
        lambda m: (
            f"funzione sconosciuta {m[1]}"
            + (f" (forse {m[2]}?)" if m[2] else "")
            + f"; le funzioni sono {m[3]}"
        ),
    ),
    (
        re.compile(r"(\w+) takes (?:at least )?(.+?) arguments?, got (\d+): write (.+)"),
        lambda m: (
            f"{m[1]} richiede {'almeno ' if 'at least' in m[0] else ''}"
            f"{m[2].replace(' arguments', '').replace(' argument', '')} argomenti, "
            f"ne ha {m[3]}: scrivi {m[4]}"
        ),
    ),
    (
        re.compile(r"the digits of round\(x, digits\) must be a whole number from 0 to (\d+), .*"),
        lambda m: f"le cifre di round(x, cifre) devono essere un numero intero da 0 a {m[1]}",
    ),
    (
        re.compile(r"unknown base measures?: (.+)"),
        lambda m: (
            f"la formula usa {_names(m[1])}, che non "
            + ("sono misure di base" if "," in m[1] else "è una misura di base")
            + " del foglio base_measures"
        ),
    ),
    (
        re.compile(r"no value for base measures?: (.+)"),
        lambda m: f"manca il valore di {_names(m[1])}",
    ),
    (
        re.compile(r"division by zero: (.+) is 0"),
        lambda m: f"divisione per zero: {m[1].replace('the divisor', 'il divisore')} vale 0",
    ),
)


def _names(listed: str) -> str:
    """``a (column 1), b (column 5)`` → ``«a», «b»``."""
    names = re.findall(r"(\S+) \(column \d+\)", listed)
    return ", ".join(_q(name) for name in names) if names else listed


def formula_message(error: FormulaError) -> str:
    """A ``FormulaError`` in Italian with the character at fault (unchanged text when the
    message shape is not recognised)."""
    return f"{_rewrite(error.message, _FORMULA)} (carattere {error.column} della formula)"
