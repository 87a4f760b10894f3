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
PERCENT = "una percentuale va da 0 a 100"
EMPTY = "la cella è vuota, ma il valore è obbligatorio"


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
        {CellError("links", None, None, "il foglio manca, ed è obbligatorio")},
    ),
    (
        "unknown sheet",
        (add_sheet("Foglio1"),),
        {
            CellError(
                "Foglio1",
                None,
                None,
                (
                    "foglio sconosciuto «Foglio1»; i fogli sono istruzioni, cycle, rules, levels, "
                    "units, people, tree, indicators, base_measures, links, periods, "
                    "measurements, base_values, overrides, assignments, narratives, context, "
                    "process, notes"
                ),
            )
        },
    ),
    (
        "wrong header",
        (put("tree", "C1", "livello"),),
        {CellError("tree", 1, "level", "l'intestazione è «livello», ma qui ci vuole «level»")},
    ),
    (
        "missing column",
        (delete_column("tree", 8),),
        {CellError("tree", 1, "manager", "manca la colonna «manager»")},
    ),
    (
        "extra column",
        (put("tree", "I1", "extra"),),
        {CellError("tree", 1, None, "colonna inattesa «extra» in I")},
    ),
    (
        "header row missing",
        (empty_sheet("people"),),
        {
            CellError(
                "people", 1, None, "manca la riga di intestazione; deve essere code, name, title"
            )
        },
    ),
    # -- cycle
    (
        "year of two digits",
        (put("cycle", "B4", "24"),),
        {
            CellError(
                "cycle", 4, "value", "«24» non è un anno di quattro cifre; scrivi ad esempio 2024"
            )
        },
    ),
    (
        "year with decimals",
        (put("cycle", "B4", 2024.5),),
        {
            CellError(
                "cycle",
                4,
                "value",
                "2024,5 non è un anno di quattro cifre; scrivi ad esempio 2024",
            )
        },
    ),
    (
        "year empty",
        (put("cycle", "B4", None),),
        {CellError("cycle", 4, "value", "manca «year», che è obbligatorio")},
    ),
    (
        "administration code missing",
        (delete_rows("cycle", 2),),
        {CellError("cycle", None, "key", "manca «administration_code», che è obbligatorio")},
    ),
    (
        "unknown cycle key",
        (put("cycle", "A7", "report"),),
        {
            CellError(
                "cycle",
                7,
                "key",
                (
                    "chiave sconosciuta «report»; le chiavi sono administration_code, "
                    "administration_name, year, title, plan_act, report_act"
                ),
            )
        },
    ),
    (
        "duplicate cycle key",
        (put("cycle", "A7", "title"),),
        {CellError("cycle", 7, "key", "la chiave «title» compare già alla riga 5")},
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
        {CellError("rules", 16, "key", "chiave sconosciuta «foo»")},
    ),
    (
        "rules value not a number",
        (put("rules", "B6", "abc"),),
        {CellError("rules", 6, "value", "«abc» non è un numero; scrivi ad esempio 90 o 90,5")},
    ),
    (
        "rules thresholds out of order",
        (put("rules", "B3", "90"),),
        {
            CellError(
                "rules",
                2,
                "value",
                (
                    "le due soglie devono stare tra 0 e 100, e quella più "
                    "bassa non può superare quella più alta"
                ),
            )
        },
    ),
    (
        "rules unknown rounding",
        (put("rules", "B7", "up"),),
        {
            CellError(
                "rules",
                7,
                "value",
                "il valore di «rounding» deve essere uno di questi: half_up, half_even",
            )
        },
    ),
    (
        "rules unknown aggregation",
        (put("rules", "B13", "median"),),
        {
            CellError(
                "rules",
                13,
                "value",
                "«median» non è uno di questi valori: weighted_mean, plain_mean",
            )
        },
    ),
    # -- levels
    (
        "entity level missing",
        (put("levels", "B2", "ente"),),
        {
            CellError("levels", 2, "key", "la profondità 0 è dell'ente, la cui chiave è «entity»"),
            CellError(
                "levels",
                None,
                "key",
                "manca il livello dell'ente (profondità 0, chiave «entity»)",
            ),
        },
    ),
    (
        "entity level below depth 0",
        (put("levels", "A2", 1),),
        {CellError("levels", 2, "depth", "il livello «entity» ha profondità 0, non 1")},
    ),
    (
        "duplicate level",
        (append_copy("levels", 5),),
        {
            CellError(
                "levels", 6, "key", "il livello «operational_objective» compare già alla riga 5"
            )
        },
    ),
    (
        "negative depth",
        (append_copy("levels", 5, key="extra", depth=-1),),
        {
            CellError(
                "levels",
                6,
                "depth",
                "-1 è negativo; l'ente ha profondità 0 e i livelli sotto 1, 2, 3…",
            )
        },
    ),
    # -- units and people
    (
        "duplicate unit",
        (append_copy("units", 3),),
        {CellError("units", 4, "code", "il codice «SERV1» compare già alla riga 3")},
    ),
    (
        "unknown parent unit",
        (put("units", "C3", "AREA9"),),
        {CellError("units", 3, "parent_code", "«AREA9» non è un codice del foglio units")},
    ),
    (
        "cycle in the units",
        (put("units", "C2", "SERV1"),),
        {
            CellError(
                "units",
                2,
                "parent_code",
                "le unità si contengono a vicenda: AREA1 → SERV1 → AREA1",
            )
        },
    ),
    (
        "duplicate person",
        (append_copy("people", 2),),
        {CellError("people", 4, "code", "il codice «SG» compare già alla riga 2")},
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
        {CellError("tree", 7, "code", "il codice «01_01_0502» compare già alla riga 4")},
    ),
    (
        "parent missing",
        (put("tree", "B4", "NOPE"),),
        {CellError("tree", 4, "parent_code", "«NOPE» non è un codice del foglio tree")},
    ),
    (
        "cycle in the tree",
        (put("tree", "B3", "01_01_0502"),),
        {
            CellError(
                "tree",
                3,
                "parent_code",
                "i nodi dell'albero si contengono a vicenda: 01_01 → 01_01_0502 → 01_01",
            ),
            CellError(
                "tree",
                3,
                "level",
                (
                    "il livello «strategic_objective» (profondità 2) non è più profondo del "
                    "livello «operational_objective» del nodo superiore (profondità 3)"
                ),
            ),
        },
    ),
    (
        "unknown level",
        (put("tree", "C2", "area"),),
        {CellError("tree", 2, "level", f"livello sconosciuto «area»; i livelli sono {LEVELS}")},
    ),
    (
        "child level not deeper than its parent",
        (put("tree", "C4", "strategic_objective"),),
        {
            CellError(
                "tree",
                4,
                "level",
                (
                    "il livello «strategic_objective» (profondità 2) non è più profondo del "
                    "livello «strategic_objective» del nodo superiore (profondità 2)"
                ),
            )
        },
    ),
    (
        "top node at the entity level",
        (put("tree", "C2", "entity"),),
        {CellError("tree", 2, "level", "il livello «entity» non è sotto l'ente (profondità 0)")},
    ),
    (
        "negative node weight",
        (put("tree", "F3", -5),),
        {CellError("tree", 3, "weight", f"-5 è negativo; {PERCENT}")},
    ),
    (
        "node weight above 100",
        (put("tree", "F3", 120),),
        {CellError("tree", 3, "weight", f"120 supera 100; {PERCENT}")},
    ),
    (
        "text node weight",
        (put("tree", "F3", "tanto"),),
        {CellError("tree", 3, "weight", "«tanto» non è un numero; scrivi ad esempio 350 o 350,5")},
    ),
    (
        "unknown owner unit",
        (put("tree", "G4", "SERV9"),),
        {CellError("tree", 4, "owner_unit", "«SERV9» non è un codice del foglio units")},
    ),
    (
        "unknown manager",
        (put("tree", "H4", "DIR9"),),
        {CellError("tree", 4, "manager", "«DIR9» non è un codice del foglio people")},
    ),
    ("node without a name", (put("tree", "D5", None),), {CellError("tree", 5, "name", EMPTY)}),
    # -- indicators
    (
        "wrong operator written as a formula",
        (put("indicators", "D2", "=>"),),
        {
            CellError(
                "indicators",
                2,
                "operator",
                f"«=>» non è un operatore; usa uno di questi: {OPERATORS}",
            )
        },
    ),
    (
        "wrong operator",
        (put("indicators", "D2", "almeno"),),
        {
            CellError(
                "indicators",
                2,
                "operator",
                f"«almeno» non è un operatore; usa uno di questi: {OPERATORS}",
            )
        },
    ),
    (
        "text target",
        (put("indicators", "E2", "abc"),),
        {
            CellError(
                "indicators", 2, "target", "«abc» non è un numero; scrivi ad esempio 350 o 350,5"
            )
        },
    ),
    (
        "date target of a numeric operator",
        (put("indicators", "E2", date(2024, 2, 28)),),
        {
            CellError(
                "indicators",
                2,
                "target",
                "28/02/2024 è una data, non un numero; scrivi ad esempio 350 o 350,5",
            )
        },
    ),
    (
        "empty target",
        (put("indicators", "E3", None),),
        {CellError("indicators", 3, "target", EMPTY)},
    ),
    (
        "between with upper below lower",
        (put("indicators", "F4", 5),),
        {
            CellError(
                "indicators", 4, "target_upper", "il limite superiore 5 è minore del target 10"
            )
        },
    ),
    (
        "between without upper",
        (put("indicators", "F4", None),),
        {
            CellError(
                "indicators",
                4,
                "target_upper",
                "l'operatore between richiede un limite superiore",
            )
        },
    ),
    (
        "upper bound on another operator",
        (put("indicators", "F2", 100),),
        {
            CellError(
                "indicators",
                2,
                "target_upper",
                "solo l'operatore between usa un limite superiore, non >=; lascia vuota la cella",
            )
        },
    ),
    (
        "number as a deadline",
        (put("indicators", "E5", 45000, "General"),),
        {
            CellError(
                "indicators",
                5,
                "target",
                "45000 non è una data; scrivila come GG/MM/AAAA, ad esempio 31/12/2024",
            )
        },
    ),
    (
        "impossible date as a deadline",
        (put("indicators", "E5", "31/02/2024"),),
        {
            CellError(
                "indicators",
                5,
                "target",
                "«31/02/2024» non è una data; scrivila come GG/MM/AAAA, ad esempio 31/12/2024",
            )
        },
    ),
    (
        "yes/no target neither SI nor NO",
        (put("indicators", "E6", "forse"),),
        {CellError("indicators", 6, "target", "«forse» non è né SI né NO; scrivi SI o NO")},
    ),
    (
        "baseline year of two digits",
        (put("indicators", "J2", "23"),),
        {
            CellError(
                "indicators",
                2,
                "baseline_year",
                "«23» non è un anno di quattro cifre; scrivi ad esempio 2024",
            )
        },
    ),
    (
        "duplicate indicator",
        (append_copy("indicators", 8),),
        {CellError("indicators", 9, "code", "il codice «IND7» compare già alla riga 8")},
    ),
    # -- links
    (
        "negative link weight",
        (put("links", "C2", -10),),
        {CellError("links", 2, "weight", f"-10 è negativo; {PERCENT}")},
    ),
    (
        "link weight above 100",
        (put("links", "C2", 150),),
        {CellError("links", 2, "weight", f"150 supera 100; {PERCENT}")},
    ),
    (
        "link to a missing objective",
        (put("links", "A5", "99_99"),),
        {CellError("links", 5, "objective_code", "«99_99» non è un codice del foglio tree")},
    ),
    (
        "link to a missing indicator",
        (put("links", "B5", "IND99"),),
        {CellError("links", 5, "indicator_code", "«IND99» non è un codice del foglio indicators")},
    ),
    (
        "duplicate link",
        (append_copy("links", 2),),
        {
            CellError(
                "links",
                10,
                "indicator_code",
                "il collegamento «01_01_0502» → «IND1» compare già alla riga 2",
            )
        },
    ),
    # -- periods
    (
        "duplicate period",
        (append_copy("periods", 2),),
        {CellError("periods", 4, "code", "il codice «S1» compare già alla riga 2")},
    ),
    (
        "period ending before it starts",
        (put("periods", "D2", date(2023, 12, 31)),),
        {
            CellError(
                "periods",
                2,
                "ends_on",
                "la data di fine è precedente a quella di inizio (starts_on)",
            )
        },
    ),
    (
        "two final periods",
        (put("periods", "E2", "SI"),),
        {
            CellError(
                "periods",
                3,
                "is_final",
                "solo una rilevazione può essere finale, e lo è già la riga 2",
            )
        },
    ),
    (
        "final neither SI nor NO",
        (put("periods", "E2", "forse"),),
        {CellError("periods", 2, "is_final", "«forse» non è né SI né NO; scrivi SI o NO")},
    ),
    (
        "text start date",
        (put("periods", "C2", "primo gennaio"),),
        {
            CellError(
                "periods",
                2,
                "starts_on",
                "«primo gennaio» non è una data; scrivila come GG/MM/AAAA, ad esempio 31/12/2024",
            )
        },
    ),
    # -- measurements
    (
        "measurement of an unknown indicator",
        (put("measurements", "A9", "IND99"),),
        {
            CellError(
                "measurements",
                9,
                "indicator_code",
                "«IND99» non è un codice del foglio indicators",
            )
        },
    ),
    (
        "measurement in an unknown period",
        (put("measurements", "B9", "S9"),),
        {CellError("measurements", 9, "period_code", "«S9» non è un codice del foglio periods")},
    ),
    (
        "duplicate measurement",
        (append_copy("measurements", 2),),
        {
            CellError(
                "measurements",
                10,
                "period_code",
                "il valore di «IND1» nella rilevazione «FIN» compare già alla riga 2",
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
                (
                    "26/03/2024 è una data, non un numero; scrivi ad esempio 350 o 350,5 "
                    "(l'indicatore «IND1» usa l'operatore >=)"
                ),
            )
        },
    ),
    (
        "text measured for a numeric indicator",
        (put("measurements", "C2", "abc"),),
        {
            CellError(
                "measurements",
                2,
                "value",
                (
                    "«abc» non è un numero; scrivi ad esempio 350 "
                    "o 350,5 (l'indicatore «IND1» usa l'operatore "
                    ">=)"
                ),
            )
        },
    ),
    (
        "number measured for a deadline",
        (put("measurements", "C5", 12, "General"),),
        {
            CellError(
                "measurements",
                5,
                "value",
                (
                    "12 non è una data; scrivila come GG/MM/AAAA, ad esempio 31/12/2024 "
                    "(l'indicatore «IND4» usa l'operatore entro)"
                ),
            )
        },
    ),
    (
        "number measured for a yes/no indicator",
        (put("measurements", "C6", 1),),
        {
            CellError(
                "measurements",
                6,
                "value",
                "1 non è né SI né NO; scrivi SI o NO (l'indicatore «IND5» usa l'operatore si/no)",
            )
        },
    ),
    (
        "N/D without a reason",
        (put("measurements", "D7", None),),
        {
            CellError(
                "measurements",
                7,
                "not_available_reason",
                "con il valore N/D il motivo è obbligatorio",
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
                "la cella è vuota; scrivi il valore, oppure N/D e il motivo",
            )
        },
    ),
    # -- overrides
    (
        "override of an unknown code",
        (put("overrides", "A3", "IND99"),),
        {
            CellError(
                "overrides",
                3,
                "code",
                "«IND99» non è un codice del foglio tree (o dell'ente) né del foglio indicators",
            )
        },
    ),
    (
        "override above 100",
        (put("overrides", "B2", 120),),
        {CellError("overrides", 2, "evaluated_percent", f"120 supera 100; {PERCENT}")},
    ),
    (
        "negative override",
        (put("overrides", "B2", -1),),
        {CellError("overrides", 2, "evaluated_percent", f"-1 è negativo; {PERCENT}")},
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
        {CellError("overrides", 4, "code", "l'intervento su «IND2» compare già alla riga 3")},
    ),
    # -- assignments and notes
    (
        "assignment to an unknown person",
        (put("assignments", "A2", "DIR9"),),
        {CellError("assignments", 2, "person_code", "«DIR9» non è un codice del foglio people")},
    ),
    (
        "assignment of an unknown objective",
        (put("assignments", "B2", "99"),),
        {CellError("assignments", 2, "objective_code", "«99» non è un codice del foglio tree")},
    ),
    (
        "duplicate assignment",
        (append_copy("assignments", 2),),
        {
            CellError(
                "assignments",
                4,
                "objective_code",
                "l'assegnazione di «01_01_0502» a «DIR1» compare già alla riga 2",
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
                "narratives",
                2,
                "key",
                "«pre messa» non è una chiave valida; usa solo lettere, cifre e _",
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
                "«valutazione_finalità» non è una chiave valida; usa solo lettere, cifre e _",
            )
        },
    ),
    (
        "duplicate narrative key",
        (append_copy("narratives", 2),),
        {CellError("narratives", 4, "key", "la chiave «premessa» compare già alla riga 2")},
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
                "la tabella «POP» ha già «Popolazione residente» nella colonna «title» (riga 2)",
            )
        },
    ),
    (
        "context source given twice, differently",
        (put("context", "D8", "MEF"), put("context", "D11", "Ragioneria")),
        {
            CellError(
                "context",
                11,
                "source",
                "la tabella «BIL» ha già «MEF» nella colonna «source» (riga 8)",
            )
        },
    ),
    (
        "context section changed on a later row",
        (put("context", "C3", "staff"),),
        {
            CellError(
                "context",
                3,
                "section",
                "la tabella «POP» ha già «economy» nella colonna «section» (riga 2)",
            )
        },
    ),
    (
        "context chart changed on a later row",
        (put("context", "E7", "pie"),),
        {
            CellError(
                "context",
                7,
                "chart",
                "la tabella «POP» ha già «column» nella colonna «chart» (riga 2)",
            )
        },
    ),
    (
        "context note changed on a later row",
        (put("context", "J10", "Altro"),),
        {
            CellError(
                "context",
                10,
                "note",
                "la tabella «BIL» ha già «Importi in euro» nella colonna «note» (riga 8)",
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
                (
                    "«economia» non è una sezione; i valori ammessi sono economy, organisation, "
                    "staff, wellbeing, customer_satisfaction, resources"
                ),
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
                (
                    "la tabella «BIL» non ha una sezione; i valori ammessi sono economy, "
                    "organisation, staff, wellbeing, customer_satisfaction, resources"
                ),
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
                (
                    "«torta» non è un grafico; i valori ammessi sono bar, column, pie, line "
                    "(oppure lascia vuota la cella)"
                ),
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
                (
                    "la cella della tabella «POP», riga «Maschi», colonna «2023», compare già "
                    "alla riga 3"
                ),
            )
        },
    ),
    (
        "two units in one context row",
        (put("context", "F3", "%"),),
        {
            CellError(
                "context",
                3,
                "unit",
                "la riga «Maschi» della tabella «POP» ha già l'unità «N.» (riga 2)",
            )
        },
    ),
    # -- process
    (
        "process year neither N nor N+1",
        (put("process", "A2", "N+2"),),
        {
            CellError(
                "process",
                2,
                "year",
                "«N+2» non è un anno del processo; i valori ammessi sono N, N+1",
            )
        },
    ),
    (
        "process year as a calendar year",
        (put("process", "A3", 2025),),
        {
            CellError(
                "process",
                3,
                "year",
                "2025 non è un anno del processo; i valori ammessi sono N, N+1",
            )
        },
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
        "foglio «cycle», riga 4, colonna «value» (B4)",
        "foglio «tree», riga 7, colonna «code» (A7)",
        "foglio «indicators», riga 2, colonna «operator» (D2)",
        "foglio «indicators», riga 3, colonna «target» (E3)",
        "foglio «links», riga 2, colonna «weight» (C2)",
        "foglio «links», riga 5, colonna «objective_code» (A5)",
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
            "overrides",
            3,
            "code",
            "«I» è sia un codice del foglio tree sia un codice del foglio indicators: "
            "non si sa a quale si riferisce",
        ),
    )


def test_a_file_that_is_not_a_workbook_is_one_error() -> None:
    result = read_workbook(io.BytesIO(b"code;name\n01;Protesti\n"))
    assert result.plan is None
    assert len(result.errors) == 1
    assert result.errors[0].sheet == ""
    assert result.errors[0].reason.startswith(
        "il file non è una cartella di lavoro .xlsx leggibile"
    )
    assert str(result.errors[0]) == result.errors[0].reason


def test_a_zip_that_is_not_a_workbook_is_one_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a spreadsheet")
    result = read_workbook(io.BytesIO(buffer.getvalue()))
    assert len(result.errors) == 1
    assert result.errors[0].reason.startswith(
        "il file non è una cartella di lavoro .xlsx leggibile"
    )


def test_a_missing_file_is_one_error(tmp_path: Path) -> None:
    result = read_workbook(tmp_path / "assente.xlsx")
    assert result.plan is None
    assert len(result.errors) == 1
    assert result.errors[0].reason == (
        f"impossibile aprire il file {tmp_path / 'assente.xlsx'}: il file non esiste"
    )


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (
            CellError(
                "indicators", 12, "target", "«abc» non è un numero; scrivi ad esempio 350 o 350,5"
            ),
            "foglio «indicators», riga 12, colonna «target» (E12): «abc» non è un numero; "
            "scrivi ad esempio 350 o 350,5",
        ),
        (
            CellError("links", None, None, "il foglio manca, ed è obbligatorio"),
            "foglio «links»: il foglio manca, ed è obbligatorio",
        ),
        (
            CellError("cycle", None, "key", "manca «year», che è obbligatorio"),
            "foglio «cycle», colonna «key»: manca «year», che è obbligatorio",
        ),
        (
            CellError("context", 5, "title", "la tabella «POP» ha già «X»"),
            "foglio «context», riga 5, colonna «title» (B5): la tabella «POP» ha già «X»",
        ),
        (CellError("Foglio1", 3, None, "strano"), "foglio «Foglio1», riga 3: strano"),
        (CellError("Foglio1", 3, "x", "strano"), "foglio «Foglio1», riga 3, colonna «x»: strano"),
        (
            CellError("", None, None, "il file non è una cartella di lavoro .xlsx leggibile"),
            "il file non è una cartella di lavoro .xlsx leggibile",
        ),
    ],
)
def test_error_text_names_the_cell(error: CellError, text: str) -> None:
    assert str(error) == text


def test_the_place_is_the_location_without_the_sheet() -> None:
    error = CellError("indicators", 12, "target", "«abc» non è un numero")
    assert error.place == "riga 12, colonna «target» (E12)"
    assert CellError("links", None, None, "il foglio manca, ed è obbligatorio").place == ""
    assert CellError("Foglio1", 3, None, "strano").place == "riga 3"
    assert CellError("", None, None, "il file non è leggibile").place == ""
