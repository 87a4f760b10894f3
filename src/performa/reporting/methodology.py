"""The "Nota metodologica": how the figures were computed, one Italian sentence per rule.

Generated from the ``RuleSet`` and the tree's level names, so the note always states the rules
actually applied; recorded data remarks follow as a table. No ORM, no Django.
"""

from __future__ import annotations

from typing import Final

from performa.reporting.badges import threshold_text
from performa.reporting.document import (
    Align,
    Block,
    BulletList,
    Cell,
    Column,
    Dataset,
    Paragraph,
)
from performa.scoring import (
    ENTITY_LEVEL,
    Aggregation,
    DeadlineConvention,
    IndicatorStatus,
    ObjectiveStatus,
    RuleSet,
)
from performa.workbook.data import LevelRow, NoteRow

__all__ = ["methodology_blocks", "rule_sentences"]

_ROUNDING: Final = {
    "half_up": "arrotondamento commerciale (il 5 arrotonda per eccesso)",
    "half_even": "arrotondamento bancario (il 5 arrotonda alla cifra pari)",
}


def methodology_blocks(
    rules: RuleSet, levels: tuple[LevelRow, ...], notes: tuple[NoteRow, ...]
) -> tuple[Block, ...]:
    """The note's blocks: an introduction, the rules as a list, and where the data remarks are.

    The remarks themselves (often many, and written for the office and the OIV) go to the
    analysts' spreadsheet (``notes_dataset``), not to the printed report.
    """
    blocks: list[Block] = [
        Paragraph(
            "Le cifre di questa Relazione sono calcolate da performa con le regole del Sistema "
            "di misurazione e valutazione della performance (SMVP) dell'amministrazione, "
            "riassunte di seguito."
        ),
        BulletList(rule_sentences(rules, levels)),
    ]
    if notes:
        blocks.append(
            Paragraph(
                f"Durante la raccolta dei dati sono state registrate {len(notes)} osservazioni "
                "(differenze rispetto ai documenti di origine, dati ricostruiti): sono riportate "
                "nella versione XLSX della Relazione, foglio «Osservazioni sui dati»."
            )
        )
    return tuple(blocks)


def rule_sentences(rules: RuleSet, levels: tuple[LevelRow, ...]) -> tuple[str, ...]:
    """Each rule of ``rules`` as one Italian sentence, level names taken from ``levels``.

    Source: DOMAIN.md "Decisions already taken", §2.2–§2.7.
    """
    objective = rules.objective_thresholds
    indicator = rules.indicator_thresholds
    sentences = [
        (
            "Il grado di raggiungimento di un indicatore confronta il consuntivo con il target: "
            "se il target è rispettato il grado è 100 %; altrimenti, per i target «>=» è il "
            "rapporto consuntivo/target e per i target «<=» è 2 − consuntivo/target; il grado è "
            "sempre compreso tra 0 % e 100 %."
        ),
        _strict_sentence(rules),
        _deadline_sentence(rules),
        (
            f"Lo stato di un indicatore è «{IndicatorStatus.ON_TRACK.label}» con un grado pari "
            f"o superiore a {threshold_text(indicator.best)}, "
            f"«{IndicatorStatus.CRITICAL.label}» da {threshold_text(indicator.middle)} a meno di "
            f"{threshold_text(indicator.best)}, «{IndicatorStatus.OFF_TARGET.label}» sotto "
            f"{threshold_text(indicator.middle)} e «{IndicatorStatus.NOT_AVAILABLE.label}» "
            "quando manca il consuntivo (N/D)."
        ),
        (
            f"Un obiettivo è «{ObjectiveStatus.ACHIEVED.label}» con una performance pari o "
            f"superiore a {threshold_text(objective.best)}, "
            f"«{ObjectiveStatus.PARTLY_ACHIEVED.label}» da {threshold_text(objective.middle)} a "
            f"meno di {threshold_text(objective.best)} e "
            f"«{ObjectiveStatus.NOT_ACHIEVED.label}» sotto {threshold_text(objective.middle)}; "
            "le soglie servono alla sola rappresentazione dei risultati."
        ),
        *_aggregation_sentences(rules, levels),
        (
            "Un indicatore non misurato (N/D) conserva il peso programmato ma ha peso effettivo "
            "pari a zero: i pesi degli altri indicatori dell'obiettivo sono riproporzionati; un "
            "obiettivo con tutti gli indicatori N/D non ha una performance (né 0 % né 100 %) ed "
            f"è «{ObjectiveStatus.NOT_AVAILABLE.label}»."
        ),
        (
            "I calcoli usano i valori non arrotondati; le percentuali sono arrotondate a "
            f"{rules.display_decimals} decimali solo per la presentazione, con "
            f"{_ROUNDING.get(rules.rounding, rules.rounding)}, e lo stato è attribuito sul "
            "valore arrotondato mostrato."
        ),
        (
            "Un valutatore può sostituire il grado calcolato con un grado valutato, sempre con "
            "una motivazione: il livello superiore usa il grado valutato e la Relazione riporta "
            "entrambi i valori con la motivazione."
        ),
    ]
    return tuple(sentence for sentence in sentences if sentence)


def _strict_sentence(rules: RuleSet) -> str:
    if rules.strict_equality_meets_target:
        return "Con i target «>» e «<» un consuntivo pari al target è considerato raggiunto."
    return "Con i target «>» e «<» un consuntivo pari al target non è considerato raggiunto."


def _deadline_sentence(rules: RuleSet) -> str:
    start = (
        "Per gli indicatori a scadenza («Entro gg/mm/aaaa») il grado è 100 % se l'attività è "
        "completata entro la data; in caso di ritardo "
    )
    convention = rules.deadline_convention
    if convention is DeadlineConvention.COMMERCIAL_30_360:
        return start + (
            "è il rapporto tra i giorni dal 1° gennaio alla scadenza e quelli dal 1° gennaio "
            "al completamento, contati con l'anno commerciale (mesi di 30 giorni, 30/360)."
        )
    if convention is DeadlineConvention.CALENDAR_DAYS:
        return start + (
            "è il rapporto tra i giorni dal 1° gennaio alla scadenza e quelli dal 1° gennaio "
            "al completamento, contati in giorni di calendario."
        )
    if convention is DeadlineConvention.PASS_FAIL:
        return start + "il grado è 0 %."
    return start + (
        "il grado diminuisce in proporzione ai giorni di ritardo e si annulla dopo "
        f"{rules.deadline_decay_days} giorni."
    )


def _aggregation_sentences(rules: RuleSet, levels: tuple[LevelRow, ...]) -> list[str]:
    ordered = sorted(levels, key=lambda level: level.depth)
    names = {level.key: level.name for level in ordered}
    deepest = ordered[-1].key if ordered else ""
    sentences = []
    for level in ordered:
        rule = rules.level_rule(level.key)
        method = (
            "la media ponderata, con i pesi programmati,"
            if rule.aggregation is Aggregation.WEIGHTED_MEAN
            else "la media semplice"
        )
        if rule.over_level is not None:
            items = (
                f"di tutti gli elementi di livello «{names.get(rule.over_level, rule.over_level)}»"
            )
            items += " che ne dipendono"
        elif level.key == deepest:
            items = "dei gradi degli indicatori collegati"
        else:
            below = next((other.name for other in ordered if other.depth == level.depth + 1), "")
            items = (
                f"delle performance degli elementi del livello «{below}»"
                if below
                else ("delle performance degli elementi sottostanti")
            )
        subject = "dell'ente" if level.key == ENTITY_LEVEL else f"di ogni «{level.name}»"
        sentences.append(f"La performance {subject} è {method} {items}.")
    return sentences


def notes_dataset(notes: tuple[NoteRow, ...]) -> Dataset:
    """The data remarks as a spreadsheet sheet for the office and the OIV."""
    columns = (
        Column("Riferimento", Align.LEFT, 2),
        Column("Valore nel documento", Align.LEFT, 2),
        Column("Valore in performa", Align.LEFT, 2),
        Column("Nota", Align.LEFT, 5),
    )
    rows = tuple(
        (
            Cell(note.location, note.location),
            Cell(note.reference_value, note.reference_value),
            Cell(note.performa_value, note.performa_value),
            Cell(note.note, note.note),
        )
        for note in notes
    )
    return Dataset("note-sui-dati", "Osservazioni sui dati", columns, rows)
