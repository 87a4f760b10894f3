"""The workbook layout: every sheet, column and key, with its kind and its Italian help text.

The one definition that both the reader and the writer use, so export then import is an identity.
No Django, no openpyxl: plain data only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from performa.scoring.model import ENTITY_LEVEL, Comparator

__all__ = [
    "ASSIGNMENTS",
    "BASE_MEASURES",
    "BASE_VALUES",
    "CONTEXT",
    "CONTEXT_CHARTS",
    "CONTEXT_SECTIONS",
    "CYCLE",
    "CYCLE_KEYS",
    "DATE_FORMAT",
    "INDICATORS",
    "INSTRUCTIONS_SHEET",
    "LATER_TARGET_KEYS",
    "LEVELS",
    "LINKS",
    "MEASUREMENTS",
    "NARRATIVES",
    "NO",
    "NOTES",
    "NOT_AVAILABLE",
    "OVERRIDES",
    "PEOPLE",
    "PERCENT_FORMAT",
    "PERIODS",
    "PROCESS",
    "PROCESS_YEARS",
    "RULES",
    "RULE_HELP",
    "SHEETS",
    "TREE",
    "UNITS",
    "WEIGHT_TOLERANCE",
    "YES",
    "Column",
    "ColumnKind",
    "KeyField",
    "Sheet",
    "column_letter",
    "sheet_named",
]

INSTRUCTIONS_SHEET = "istruzioni"
"""Written first by the writer, ignored by the reader."""

NOT_AVAILABLE = "N/D"
YES = "SI"
NO = "NO"
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "#,##0.00"
WEIGHT_TOLERANCE = "0.1"
"""Weights that are all given must sum to 100 within this many points (DOMAIN.md §2.5)."""
CONTEXT_SECTIONS = (
    "economy",
    "organisation",
    "staff",
    "wellbeing",
    "customer_satisfaction",
    "resources",
)
"""Where the Relazione shows a context table (``ContextTable.section``)."""
CONTEXT_CHARTS = ("bar", "column", "pie", "line")
"""The charts a context table may ask for; an empty cell asks for none."""
PROCESS_YEARS = ("N", "N+1")
"""A process step's year: the year measured, or the year of reporting."""
LATER_TARGET_KEYS = ("target_second_year", "target_third_year")
"""The indicators sheet's columns for the targets of the years N+1 and N+2 (each followed by
its ``_upper`` and ``_operator`` columns); the n-th key is the target of the cycle's year plus
n."""


class ColumnKind(StrEnum):
    """What a cell holds; the reader parses and the writer formats by kind."""

    TEXT = "text"
    """Free text, kept exactly as written."""
    CODE = "code"
    """An identifier or a reference to one; surrounding spaces are dropped."""
    INTEGER = "integer"
    YEAR = "year"
    """A four-digit year."""
    NUMBER = "number"
    """A decimal number: a numeric cell, or text such as ``350,5`` or ``350.5``."""
    PERCENT = "percent"
    """A decimal number from 0 to 100 (weights, evaluated scores)."""
    DATE = "date"
    YES_NO = "yes_no"
    """``SI`` or ``NO``."""
    OPERATOR = "operator"
    """A ``Comparator`` value."""
    TARGET = "target"
    """A number, a date or SI/NO, according to the indicator's operator."""
    VALUE = "value"
    """Like ``TARGET``, or ``N/D``."""
    CHOICE = "choice"
    """One of the column's ``choices``, in any case."""
    NUMBER_OR_TEXT = "number_or_text"
    """A number when it reads as one (like ``NUMBER``), otherwise free text."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header key, its kind, whether a row needs it, its help and width.

    ``choices`` lists the values of a ``CHOICE`` column; ``is_wrapped`` wraps long text;
    ``may_be_absent`` lets a workbook written before the column existed leave it out (only at
    the end of the sheet: its header and the following ones all blank).
    """

    key: str
    kind: ColumnKind
    is_required: bool
    help: str
    width: int = 16
    choices: tuple[str, ...] = ()
    is_wrapped: bool = False
    may_be_absent: bool = False


@dataclass(frozen=True, slots=True)
class KeyField:
    """One row of a key/value sheet (``cycle``)."""

    key: str
    kind: ColumnKind
    is_required: bool
    help: str


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet: its name, columns in order, whether it may be absent, and its help text."""

    name: str
    columns: tuple[Column, ...]
    is_optional: bool
    help: str

    @property
    def keys(self) -> tuple[str, ...]:
        """The header row, in order."""
        return tuple(column.key for column in self.columns)

    def column(self, key: str) -> Column:
        """The column with header ``key`` (``KeyError`` if there is none)."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def letter(self, key: str) -> str:
        """The spreadsheet letter of column ``key`` (``A`` for the first)."""
        return column_letter(self.keys.index(key) + 1)


def column_letter(index: int) -> str:
    """The spreadsheet letters of the 1-based column ``index``: 1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _text(
    key: str, help: str, *, required: bool = False, width: int = 30, wrapped: bool = False
) -> Column:
    return Column(key, ColumnKind.TEXT, required, help, width, is_wrapped=wrapped)


def _code(key: str, help: str, *, required: bool = True, width: int = 16) -> Column:
    return Column(key, ColumnKind.CODE, required, help, width)


_OPERATORS = ", ".join(comparator.value for comparator in Comparator)


def _later_target_columns(key: str, year: str) -> tuple[Column, Column, Column]:
    """A following year's target, its upper bound and its operator: columns older workbooks
    do not have."""
    return (
        Column(
            key,
            ColumnKind.TARGET,
            False,
            f"Target dell'anno {year}, scritto come il target secondo l'operatore; vuoto: non "
            "fissato.",
            may_be_absent=True,
        ),
        Column(
            f"{key}_upper",
            ColumnKind.NUMBER,
            False,
            f"Solo per 'between': il limite superiore del target dell'anno {year}.",
            may_be_absent=True,
        ),
        Column(
            f"{key}_operator",
            ColumnKind.OPERATOR,
            False,
            f"Operatore del target dell'anno {year} se diverso da quello dell'indicatore; "
            "vuoto: lo stesso.",
            10,
            may_be_absent=True,
        ),
    )


_KEY_VALUE_COLUMNS = (
    _code("key", "Chiave (non modificare)", width=34),
    _text("value", "Valore", width=50),
)

CYCLE = Sheet(
    "cycle",
    _KEY_VALUE_COLUMNS,
    is_optional=False,
    help="Dati del ciclo della performance: una riga per chiave.",
)

CYCLE_KEYS = (
    KeyField(
        "administration_code",
        ColumnKind.CODE,
        True,
        "Codice dell'ente, radice dell'albero della performance.",
    ),
    KeyField("administration_name", ColumnKind.TEXT, True, "Denominazione dell'ente."),
    KeyField("year", ColumnKind.YEAR, True, "Anno del ciclo, quattro cifre (es. 2024)."),
    KeyField("title", ColumnKind.TEXT, False, "Titolo del piano."),
    KeyField(
        "plan_act", ColumnKind.TEXT, False, "Atto di approvazione del piano (es. delibera n. …)."
    ),
    KeyField("report_act", ColumnKind.TEXT, False, "Atto di approvazione della Relazione."),
)

RULES = Sheet(
    "rules",
    _KEY_VALUE_COLUMNS,
    is_optional=False,
    help=(
        "Regole del Sistema di misurazione e valutazione (SMVP): una riga per chiave. "
        "Le chiavi assenti prendono il valore predefinito."
    ),
)

RULE_HELP: Mapping[str, str] = {
    "indicator_threshold_on_track": "Soglia (%) da cui un indicatore è IN LINEA.",
    "indicator_threshold_critical": "Soglia (%) da cui un indicatore è CRITICO.",
    "objective_threshold_achieved": "Soglia (%) da cui un obiettivo è RAGGIUNTO.",
    "objective_threshold_partly": "Soglia (%) da cui un obiettivo è PARZIALMENTE raggiunto.",
    "display_decimals": "Decimali mostrati (da 0 a 6).",
    "rounding": "Arrotondamento: half_up o half_even.",
    "deadline_convention": "Scadenze rispettate in ritardo: 30/360, calendar, pass_fail o "
    "linear_decay.",
    "deadline_decay_days": "Giorni di ritardo per perdere il 100 % (con linear_decay).",
    "strict_equality_meets_target": "yes se per > e < l'uguaglianza raggiunge il target, "
    "altrimenti no.",
    "aggregation.<livello>": "Come si aggrega il livello: weighted_mean o plain_mean.",
    "aggregate_over.<livello>": "Facoltativo: media sui discendenti di questo livello invece "
    "che sui figli diretti.",
}

LEVELS = Sheet(
    "levels",
    (
        Column("depth", ColumnKind.INTEGER, True, "Profondità: 0 è l'ente, poi 1, 2, 3…", 8),
        _code(
            "key",
            f"Chiave del livello, usata nel foglio tree; a profondità 0 è '{ENTITY_LEVEL}'.",
            width=26,
        ),
        _text("name", "Nome del livello (es. Ambito strategico).", required=True),
    ),
    is_optional=False,
    help="Livelli dell'albero della performance, dall'ente agli obiettivi operativi.",
)

UNITS = Sheet(
    "units",
    (
        _code("code", "Codice dell'unità organizzativa."),
        _text("name", "Nome dell'unità organizzativa.", required=True, width=40),
        _code("parent_code", "Codice dell'unità superiore (vuoto: nessuna).", required=False),
    ),
    is_optional=True,
    help="Unità organizzative (aree, servizi).",
)

PEOPLE = Sheet(
    "people",
    (
        _code("code", "Codice della persona."),
        _text("name", "Nome e cognome.", required=True),
        _text("title", "Ruolo (es. Segretario Generale, Dirigente)."),
    ),
    is_optional=True,
    help="Persone responsabili di obiettivi: Segretario Generale, dirigenti.",
)

TREE = Sheet(
    "tree",
    (
        _code("code", "Codice del nodo (ambito, obiettivo…), unico."),
        _code(
            "parent_code", "Codice del nodo superiore (vuoto: figlio dell'ente).", required=False
        ),
        _code("level", "Chiave di un livello del foglio levels, più profondo del padre.", width=24),
        _text("name", "Denominazione.", required=True, width=50),
        _text("description", "Descrizione.", width=40),
        Column("weight", ColumnKind.PERCENT, False, "Peso nel nodo superiore (%).", 10),
        _code("owner_unit", "Codice dell'unità organizzativa responsabile.", required=False),
        _code("manager", "Codice della persona responsabile.", required=False),
    ),
    is_optional=False,
    help="Albero della performance, in ordine: ogni riga è un nodo sotto l'ente.",
)

INDICATORS = Sheet(
    "indicators",
    (
        _code("code", "Codice dell'indicatore, unico."),
        _text("name", "Denominazione.", required=True, width=50),
        _text("unit", "Unità di misura (N., %, gg, €…).", width=10),
        Column("operator", ColumnKind.OPERATOR, True, f"Operatore: {_OPERATORS}.", 10),
        Column(
            "target",
            ColumnKind.TARGET,
            True,
            "Target: un numero; per 'between' il limite inferiore; per 'entro' una data "
            "(GG/MM/AAAA); per 'si/no' la risposta attesa, SI o NO.",
        ),
        Column(
            "target_upper",
            ColumnKind.NUMBER,
            False,
            "Solo per 'between': il limite superiore, non minore del target.",
        ),
        _text("description", "Descrizione.", width=40),
        Column(
            "formula",
            ColumnKind.TEXT,
            False,
            "Formula che calcola il valore dalle misure di base del foglio base_measures, con "
            "i loro codici, + - * / e parentesi (es. pagate_30gg / totali * 100; decimali con il "
            "punto); vuoto: il valore si rileva direttamente.",
            40,
            may_be_absent=True,
        ),
        Column("baseline", ColumnKind.NUMBER, False, "Valore di partenza (baseline)."),
        Column("baseline_year", ColumnKind.YEAR, False, "Anno della baseline.", 10),
        _text("data_source", "Fonte del dato."),
        _text("notes", "Note."),
        *_later_target_columns(LATER_TARGET_KEYS[0], "N+1 (l'anno dopo quello del ciclo)"),
        *_later_target_columns(LATER_TARGET_KEYS[1], "N+2"),
    ),
    is_optional=False,
    help="Indicatori con operatore e target: quello dell'anno del ciclo e, facoltativi, quelli "
    "dei due anni seguenti (un obiettivo strategico è triennale).",
)

BASE_MEASURES = Sheet(
    "base_measures",
    (
        _code(
            "code",
            "Codice della misura di base, unico, usato nelle formule: lettere, cifre e _, "
            "iniziando con una lettera (es. pratiche_totali).",
            width=24,
        ),
        _text("name", "Denominazione.", required=True, width=40),
        _text("unit", "Unità di misura (N., €, gg…).", width=10),
        _text("description", "Descrizione.", width=40),
        _text("data_source", "Fonte del dato."),
        _code(
            "responsible_unit",
            "Codice dell'unità organizzativa che fornisce il dato (foglio units).",
            required=False,
        ),
    ),
    is_optional=True,
    help="Misure di base: i dati rilevati da cui le formule degli indicatori calcolano il valore.",
)

LINKS = Sheet(
    "links",
    (
        _code("objective_code", "Codice di un nodo del foglio tree."),
        _code("indicator_code", "Codice di un indicatore."),
        Column(
            "weight",
            ColumnKind.PERCENT,
            False,
            "Peso dell'indicatore nell'obiettivo (%); vuoto: quote uguali.",
            10,
        ),
    ),
    is_optional=False,
    help="Collegamenti tra obiettivi e indicatori, con il peso (un indicatore può servire più "
    "obiettivi).",
)

PERIODS = Sheet(
    "periods",
    (
        _code("code", "Codice della rilevazione, unico."),
        _text("name", "Nome (es. Monitoraggio semestrale).", required=True),
        Column("starts_on", ColumnKind.DATE, True, "Inizio (GG/MM/AAAA).", 12),
        Column("ends_on", ColumnKind.DATE, True, "Fine (GG/MM/AAAA), non prima dell'inizio.", 12),
        Column(
            "is_final", ColumnKind.YES_NO, False, "SI per la rilevazione finale (al più una).", 9
        ),
    ),
    is_optional=True,
    help="Rilevazioni (monitoraggi); quella finale alimenta la Relazione.",
)

MEASUREMENTS = Sheet(
    "measurements",
    (
        _code("indicator_code", "Codice dell'indicatore."),
        _code("period_code", "Codice della rilevazione."),
        Column(
            "value",
            ColumnKind.VALUE,
            True,
            "Valore rilevato: numero, data o SI/NO secondo l'operatore; N/D se non disponibile.",
        ),
        _text("not_available_reason", "Motivo, obbligatorio con N/D."),
        _text("comment", "Commento."),
        _text("data_source", "Fonte del dato."),
    ),
    is_optional=True,
    help="Valori rilevati: una riga per indicatore e rilevazione.",
)

BASE_VALUES = Sheet(
    "base_values",
    (
        _code("measure_code", "Codice di una misura di base del foglio base_measures.", width=24),
        _code("period_code", "Codice della rilevazione."),
        Column(
            "value",
            ColumnKind.NUMBER,
            False,
            "Valore rilevato, un numero (es. 350 o 350,5); vuoto o N/D: non disponibile.",
        ),
        _text("comment", "Commento."),
        _text("data_source", "Fonte del dato."),
    ),
    is_optional=True,
    help="Valori delle misure di base: una riga per misura e rilevazione. Con tutti i valori "
    "di una formula, performa calcola il valore dell'indicatore.",
)

OVERRIDES = Sheet(
    "overrides",
    (
        _code("code", "Codice di un nodo dell'albero (o dell'ente) o di un indicatore."),
        Column("evaluated_percent", ColumnKind.PERCENT, True, "Grado valutato (0-100).", 12),
        _text("justification", "Motivazione, obbligatoria.", required=True, width=50),
        _text("evaluator", "Chi ha valutato."),
    ),
    is_optional=True,
    help="Interventi del valutatore che sostituiscono il grado calcolato.",
)

ASSIGNMENTS = Sheet(
    "assignments",
    (
        _code("person_code", "Codice di una persona del foglio people."),
        _code("objective_code", "Codice di un nodo del foglio tree."),
    ),
    is_optional=True,
    help="Obiettivi assegnati alle persone (obiettivi individuali).",
)

NOTES = Sheet(
    "notes",
    (
        _text("location", "Dove (es. pagina o tabella del documento di origine)."),
        _text("reference_value", "Valore nel documento di origine."),
        _text("performa_value", "Valore calcolato da performa."),
        _text("note", "Osservazione.", required=True, width=60),
    ),
    is_optional=True,
    help="Osservazioni libere, per esempio discrepanze trovate in un documento di origine.",
)

NARRATIVES = Sheet(
    "narratives",
    (
        _code(
            "key",
            "Chiave del testo, unica: lettere, cifre e _ (es. premessa, overall_evaluation).",
            width=26,
        ),
        _text("title", "Titolo del testo."),
        _text(
            "text",
            "Testo; una riga vuota separa i paragrafi (a capo nella cella: Alt+Invio).",
            width=100,
            wrapped=True,
        ),
    ),
    is_optional=True,
    help="Testi della Relazione scritti dall'ufficio (premessa, valutazione complessiva…): "
    "una riga per testo.",
)

CONTEXT = Sheet(
    "context",
    (
        _code("table_code", "Codice della tabella; le righe con lo stesso codice la formano."),
        _text("title", "Titolo della tabella: basta nella sua prima riga."),
        Column(
            "section",
            ColumnKind.CHOICE,
            False,
            "Sezione della Relazione: " + ", ".join(CONTEXT_SECTIONS) + ". Obbligatoria per "
            "ogni tabella: basta nella sua prima riga.",
            22,
            choices=CONTEXT_SECTIONS,
        ),
        _text("source", "Fonte dei dati: basta nella prima riga della tabella."),
        Column(
            "chart",
            ColumnKind.CHOICE,
            False,
            "Grafico: " + ", ".join(CONTEXT_CHARTS) + "; vuoto: nessuno. Basta nella prima "
            "riga della tabella.",
            10,
            choices=CONTEXT_CHARTS,
        ),
        _text("unit", "Unità di misura della riga della tabella (N., %, €…).", width=10),
        _text("row_label", "Intestazione della riga della tabella.", required=True),
        _text("column_label", "Intestazione della colonna della tabella.", required=True),
        Column(
            "value",
            ColumnKind.NUMBER_OR_TEXT,
            False,
            "Valore della cella: un numero (es. 350,5) o un testo; vuoto: nessun valore.",
        ),
        _text("note", "Nota alla tabella: basta nella sua prima riga."),
    ),
    is_optional=True,
    help="Tabelle di contesto e di risorse, una riga per cella: table_code, row_label e "
    "column_label dicono di quale tabella, riga e colonna. Righe e colonne seguono l'ordine in "
    "cui compaiono per la prima volta.",
)

PROCESS = Sheet(
    "process",
    (
        Column(
            "year",
            ColumnKind.CHOICE,
            True,
            "N (l'anno misurato) o N+1 (l'anno della Relazione).",
            8,
            choices=PROCESS_YEARS,
        ),
        _text("what", "Fase del processo (cosa).", required=True, width=40, wrapped=True),
        _text("who", "Chi la svolge.", wrapped=True),
        _text("how", "Come.", width=40, wrapped=True),
        _text("when", "Quando.", width=20),
    ),
    is_optional=True,
    help="Fasi del processo di misurazione e valutazione, in ordine.",
)

SHEETS = (
    CYCLE,
    RULES,
    LEVELS,
    UNITS,
    PEOPLE,
    TREE,
    INDICATORS,
    BASE_MEASURES,
    LINKS,
    PERIODS,
    MEASUREMENTS,
    BASE_VALUES,
    OVERRIDES,
    ASSIGNMENTS,
    NARRATIVES,
    CONTEXT,
    PROCESS,
    NOTES,
)
"""Every data sheet, in the order the writer writes them (after ``istruzioni``)."""

_SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def sheet_named(name: str) -> Sheet | None:
    """The layout of the data sheet called ``name``, or ``None``."""
    return _SHEETS_BY_NAME.get(name)
