"""Helpers for the workbook tests: a representative plan, and bad workbooks made by editing a good one."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

from performa.scoring.model import Comparator, Target
from performa.scoring.rules import RuleSet
from performa.workbook.data import (
    AssignmentRow,
    BaseMeasureRow,
    BaseValueRow,
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
from performa.workbook.reader import ReadResult, read_workbook
from performa.workbook.writer import write_workbook

Edit = Callable[[Workbook], None]


def representative_plan() -> PlanData:
    """Every sheet filled, every kind of value: numbers, dates, SI/NO, N/D, between, overrides.

    Tree rows: 2 ``I``, 3 ``01_01``, 4 ``01_01_0502``, 5 ``01_02``, 6 ``01_02_OP04``.
    Indicator rows: 2 IND1 (>=) … 8 IND7 (>). Link rows 2-4 on 01_01_0502, 5-9 on 01_02_OP04.
    Narrative rows: 2 ``premessa``, 3 ``overall_evaluation``. Context rows: 2-7 table ``POP``
    (Maschi, Femmine, Variazione × 2022, 2023), 8-11 table ``BIL`` (Entrate, Uscite ×
    Previsione, Consuntivo). Process rows: 2 N, 3 N+1.
    """
    return PlanData(
        cycle=CycleInfo(
            administration_code="CCIAA-PTPO",
            administration_name="Camera di Commercio di Pistoia-Prato",
            year=2024,
            title="Piano della performance 2024-2026",
            plan_act="Delibera di Giunta n. 5 del 30/01/2024",
        ),
        rules=RuleSet(),
        levels=(
            LevelRow(0, "entity", "Ente"),
            LevelRow(1, "strategic_area", "Ambito strategico"),
            LevelRow(2, "strategic_objective", "Obiettivo strategico"),
            LevelRow(3, "operational_objective", "Obiettivo operativo"),
        ),
        units=(
            UnitRow("AREA1", "Area 1 - Servizi di supporto"),
            UnitRow("SERV1", "Servizio Registro imprese", parent_code="AREA1"),
        ),
        people=(
            PersonRow("SG", "Mario Rossi", "Segretario Generale"),
            PersonRow("DIR1", "Anna Bianchi", "Dirigente"),
        ),
        nodes=(
            NodeRow("I", None, "strategic_area", "Competitività delle imprese"),
            NodeRow("01_01", "I", "strategic_objective", "Semplificazione", weight=Decimal(50)),
            NodeRow(
                "01_01_0502",
                "01_01",
                "operational_objective",
                "Protesti",
                description="=tempi medi di cancellazione\nsu due righe",
                weight=Decimal(100),
                owner_unit="SERV1",
                manager="DIR1",
            ),
            NodeRow("01_02", "I", "strategic_objective", "Digitalizzazione", weight=Decimal(50)),
            NodeRow("01_02_OP04", "01_02", "operational_objective", "Cassetto digitale"),
        ),
        indicators=(
            IndicatorRow(
                "IND1",
                "Grado di adesione al cassetto digitale",
                Target(Comparator.AT_LEAST, value=Decimal(80)),
                unit="%",
                baseline=Decimal("75.5"),
                baseline_year=2023,
                data_source="InfoCamere",
            ),
            IndicatorRow(
                "IND2",
                "Tempo medio di lavorazione",
                Target(Comparator.AT_MOST, value=Decimal(3)),
                formula="giorni_lavorazione / pratiche_evase",
            ),
            IndicatorRow(
                "IND3",
                "Pratiche evase",
                Target(Comparator.BETWEEN, value=Decimal(10), upper=Decimal(20)),
                unit="N.",
            ),
            IndicatorRow(
                "IND4",
                "Invio del format al CUG",
                Target(Comparator.DEADLINE, due_on=date(2024, 2, 28)),
                notes="Direttiva 2/2019",
            ),
            IndicatorRow(
                "IND5", "Adozione del regolamento", Target(Comparator.YES_NO, expected=True)
            ),
            IndicatorRow(
                "IND6", "Indice di gradimento", Target(Comparator.EQUAL, value=Decimal(100))
            ),
            IndicatorRow(
                "IND7",
                "Eventi organizzati",
                Target(Comparator.MORE_THAN, value=Decimal("33.3")),
                description="#N/A non è un errore",
            ),
        ),
        links=(
            LinkRow("01_01_0502", "IND1", Decimal("33.3")),
            LinkRow("01_01_0502", "IND2", Decimal("33.3")),
            LinkRow("01_01_0502", "IND3", Decimal("33.4")),
            LinkRow("01_02_OP04", "IND1"),
            LinkRow("01_02_OP04", "IND4"),
            LinkRow("01_02_OP04", "IND5"),
            LinkRow("01_02_OP04", "IND6"),
            LinkRow("01_02_OP04", "IND7"),
        ),
        periods=(
            PeriodRow("S1", "Monitoraggio semestrale", date(2024, 1, 1), date(2024, 6, 30)),
            PeriodRow("FIN", "Rilevazione finale", date(2024, 1, 1), date(2024, 12, 31), True),
        ),
        measurements=(
            MeasurementRow("IND1", "FIN", Decimal("39.5"), data_source="InfoCamere"),
            MeasurementRow("IND2", "FIN", Decimal("4.79")),
            MeasurementRow("IND3", "FIN", Decimal(15)),
            MeasurementRow("IND4", "FIN", date(2024, 3, 26), comment="in ritardo"),
            MeasurementRow("IND5", "FIN", True),
            MeasurementRow("IND6", "FIN", None, not_available_reason="Indagine non svolta"),
            MeasurementRow("IND7", "FIN", Decimal("8.4")),
            MeasurementRow("IND1", "S1", Decimal(20)),
        ),
        base_measures=(
            BaseMeasureRow(
                "giorni_lavorazione",
                "Giorni di lavorazione delle pratiche",
                unit="gg",
                description="Somma dei giorni tra ricezione ed evasione",
                data_source="Priamo",
                responsible_unit="SERV1",
            ),
            BaseMeasureRow("pratiche_evase", "Pratiche evase", unit="N."),
        ),
        base_values=(
            BaseValueRow("giorni_lavorazione", "FIN", Decimal(4790), data_source="Priamo"),
            BaseValueRow("pratiche_evase", "FIN", Decimal(1000), comment="da InfoCamere"),
            BaseValueRow("pratiche_evase", "S1", None, comment="non ancora disponibile"),
        ),
        overrides=(
            OverrideRow("01_01_0502", Decimal(95), "Rettifica dopo la verifica OIV", "OIV"),
            OverrideRow("IND2", Decimal(100), "Dato corretto dopo la verifica"),
        ),
        assignments=(AssignmentRow("DIR1", "01_01_0502"), AssignmentRow("SG", "01_01")),
        narratives=(
            NarrativeRow(
                "premessa",
                "Premessa",
                "La Relazione è redatta ai sensi dell'art. 10 del d.lgs. 150/2009.\n\n"
                "Il secondo paragrafo: più righe,\nqui a capo, e caratteri àèéìòù €.",
            ),
            NarrativeRow("overall_evaluation", "", "Giudizio complessivo positivo."),
        ),
        context_tables=(
            ContextTable(
                code="POP",
                title="Popolazione residente",
                section="economy",
                columns=("2022", "2023"),
                rows=(
                    ContextTableRow("Maschi", (Decimal(1000), Decimal("1010.5")), "N."),
                    ContextTableRow("Femmine", (Decimal(1100), None), "N."),
                    ContextTableRow("Variazione", ("n.d.", Decimal("-0.5")), "%"),
                ),
                source="ISTAT",
                chart="column",
                unit="N.",
            ),
            ContextTable(
                code="BIL",
                title="Bilancio",
                section="resources",
                columns=("Previsione", "Consuntivo"),
                rows=(
                    ContextTableRow("Entrate", (Decimal("1234567.89"), "in corso")),
                    ContextTableRow("Uscite", (None, None), "€"),
                ),
                unit="€",
                note="Importi in euro",
            ),
        ),
        process_steps=(
            ProcessStepRow("N", "Monitoraggio intermedio", "Dirigenti", "Schede", "Luglio"),
            ProcessStepRow("N+1", "Validazione della Relazione", "OIV", "", "Entro giugno"),
        ),
        notes=(
            NoteRow(
                "Relazione, p. 12",
                "Media ponderata diversa dalla semplice",
                reference_value="98,37",
                performa_value="98,35",
            ),
        ),
    )


def written(plan: PlanData) -> bytes:
    """``plan`` written to bytes."""
    buffer = io.BytesIO()
    write_workbook(plan, buffer)
    return buffer.getvalue()


def round_trip(plan: PlanData) -> ReadResult:
    """``plan`` written then read back, in memory."""
    return read_workbook(io.BytesIO(written(plan)))


def edited(plan: PlanData, *edits: Edit) -> ReadResult:
    """``plan`` written, changed with openpyxl by ``edits``, saved and read back."""
    book = openpyxl.load_workbook(io.BytesIO(written(plan)))
    for edit in edits:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return read_workbook(buffer)


def put(sheet: str, cell: str, value: Any, number_format: str | None = None) -> Edit:
    """An edit writing ``value`` into ``sheet!cell`` (``None`` empties it)."""

    def edit(book: Workbook) -> None:
        book[sheet][cell] = value
        if number_format is not None:
            book[sheet][cell].number_format = number_format

    return edit


def append_copy(sheet: str, row: int, **changes: Any) -> Edit:
    """An edit appending a copy of ``row`` to ``sheet``, with some columns (by key) changed."""

    def edit(book: Workbook) -> None:
        worksheet = book[sheet]
        header = [cell.value for cell in worksheet[1]]
        values = [cell.value for cell in worksheet[row]]
        for key, value in changes.items():
            values[header.index(key)] = value
        worksheet.append(values)

    return edit


def delete_rows(sheet: str, row: int, amount: int = 1) -> Edit:
    """An edit deleting ``amount`` rows of ``sheet`` from ``row``."""

    def edit(book: Workbook) -> None:
        book[sheet].delete_rows(row, amount)

    return edit
