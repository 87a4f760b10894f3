"""A small hand-built ``Report`` using every kind of block, for renderer tests.

Renderers are tested on this sample (every block kind, long tables, statuses, accents) and on
the demo's real report; the sample keeps renderer tests independent of ``compose``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from performa.reporting.document import (
    Align,
    BulletList,
    Cell,
    Column,
    Cover,
    Dataset,
    Figure,
    KeyFigure,
    KeyFigures,
    Legend,
    LegendItem,
    Paragraph,
    ParagraphStyle,
    Report,
    Row,
    RowKind,
    Section,
    StatusBadge,
    Table,
    Tone,
)

ACHIEVED = StatusBadge("RAGGIUNTO", Tone.GOOD, "●")
PARTLY = StatusBadge("PARZIALMENTE", Tone.WARNING, "▲")
NOT_ACHIEVED = StatusBadge("NON RAGGIUNTO", Tone.BAD, "▼")
ON_TRACK = StatusBadge("IN LINEA", Tone.GOOD, "●")
CRITICAL = StatusBadge("CRITICO", Tone.WARNING, "▲")
OFF_TARGET = StatusBadge("FUORI TARGET", Tone.BAD, "▼")
TO_ASSESS = StatusBadge("DA VALUTARE", Tone.NEUTRAL, "?")

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">'
    '<rect x="10" y="20" width="180" height="30" fill="#0066cc"/>'
    '<rect x="10" y="70" width="90" height="30" fill="#a66300"/>'
    '<text x="200" y="40" font-size="12">Donne 53</text>'
    '<text x="110" y="90" font-size="12">Uomini 29</text></svg>'
)

INDICATOR_COLUMNS = (
    Column("Peso", Align.RIGHT, 1, "percent"),
    Column("Codice", Align.LEFT, 2),
    Column("Indicatore", Align.LEFT, 6),
    Column("Target", Align.RIGHT, 2),
    Column("Consuntivo", Align.RIGHT, 2),
    Column("Grado", Align.RIGHT, 2, "percent"),
    Column("Stato", Align.LEFT, 2, "status"),
)


def indicator_row(
    weight: str,
    code: str,
    name: str,
    target: str,
    actual: str,
    percent: str | None,
    status: StatusBadge,
) -> Row:
    return Row(
        (
            Cell(f"{weight} %", Decimal(weight.replace(",", "."))),
            Cell(code, code),
            Cell(name, name),
            Cell(target, target),
            Cell(actual, actual),
            Cell(
                f"{percent} %" if percent else "N/D",
                Decimal(percent.replace(",", ".")) if percent else None,
            ),
            Cell(status.text, status.text, status=status),
        )
    )


def protesti_table() -> Table:
    return Table(
        key="objective-01_01_0P06",
        caption="01_01_0P06 – Protesti",
        columns=INDICATOR_COLUMNS,
        rows=(
            indicator_row(
                "16,50",
                "01_01_0P06_I01",
                "Customer satisfaction protesti 2024",
                ">= 7,10 N.",
                "7,00 N.",
                "98,59",
                ON_TRACK,
            ),
            indicator_row(
                "16,70",
                "01_01_0P06_I02",
                "Pratiche protesti 2024",
                ">= 54,00 N.",
                "54,00 N.",
                "100,00",
                ON_TRACK,
            ),
            indicator_row(
                "16,70",
                "01_01_0P06_I05",
                "Visure 2024",
                ">= 45,00 N.",
                "12,00 N.",
                "26,67",
                OFF_TARGET,
            ),
            indicator_row(
                "16,70",
                "01_01_0P06_I06",
                "Volume medio di attività gestito dal personale addetto alla gestione dei protesti 2024",
                ">= 79,00 N.",
                "21,82 N.",
                "27,62",
                OFF_TARGET,
            ),
            indicator_row(
                "0,00",
                "02_01_0501_I06",
                "Orientamento al lavoro 2024",
                ">= 5,20 %",
                "N/D",
                None,
                TO_ASSESS,
            ),
            indicator_row(
                "7,70",
                "03_01_0505_I04",
                "CUG 2024",
                "Entro 28/02/2024",
                "26/03/2024",
                "69,77",
                CRITICAL,
            ),
            Row(
                (
                    Cell("Grado di raggiungimento dell'obiettivo", colspan=5, is_emphasised=True),
                    Cell("75,43 %", Decimal("75.43"), is_emphasised=True),
                    Cell(PARTLY.text, PARTLY.text, status=PARTLY),
                ),
                RowKind.TOTAL,
            ),
        ),
    )


def long_table(rows: int = 60) -> Table:
    """A table longer than a page, to check repeated headers and row breaks."""
    return Table(
        key="long-table",
        caption="Consiglio camerale (tabella lunga)",
        columns=(
            Column("Nome e cognome", Align.LEFT, 3),
            Column("Settore di appartenenza", Align.LEFT, 3),
        ),
        rows=tuple(
            Row(
                (
                    Cell(f"Consigliere n. {n} — Àccènti ÈÌÒÙ"),
                    Cell("Artigianato" if n % 2 else "Servizi alle imprese"),
                )
            )
            for n in range(1, rows + 1)
        ),
        source="Dati camerali",
    )


def sample_report() -> Report:
    legend = Legend(
        "Legenda",
        (
            LegendItem(NOT_ACHIEVED, "Mancato raggiungimento dell'obiettivo (< 60 %)"),
            LegendItem(PARTLY, "Parziale raggiungimento dell'obiettivo (≥ 60 % e < 80 %)"),
            LegendItem(ACHIEVED, "Raggiungimento dell'obiettivo (≥ 80 %)"),
        ),
    )
    gender = Table(
        key="staff_by_gender",
        caption="Personale per genere",
        columns=(Column("Genere"), Column("Persone", Align.RIGHT, 1, "number")),
        rows=(
            Row((Cell("Donne"), Cell("53", Decimal(53)))),
            Row((Cell("Uomini"), Cell("29", Decimal(29)))),
        ),
        source="Elaborazione su dati del personale",
    )
    dataset = Dataset(
        key="operational_objectives",
        title="Obiettivi operativi",
        level="operational_objective",
        columns=(
            Column("Codice"),
            Column("Obiettivo"),
            Column("Grado", Align.RIGHT, 1, "percent"),
            Column("Stato", Align.LEFT, 1, "status"),
        ),
        rows=(
            (
                Cell("01_01_0502"),
                Cell("Bando per sostegno alle imprese"),
                Cell("91,58 %", Decimal("91.5812")),
                Cell("RAGGIUNTO", "RAGGIUNTO", status=ACHIEVED),
            ),
            (
                Cell("01_01_0P06"),
                Cell("Protesti"),
                Cell("75,43 %", Decimal("75.4335")),
                Cell("PARZIALMENTE", "PARZIALMENTE", status=PARTLY),
            ),
        ),
    )
    return Report(
        cover=Cover(
            "Camera di Commercio di Pistoia-Prato",
            "Relazione sulla performance 2024",
            2024,
            "Adottata con Deliberazione di Giunta n. 45/25 del 14/05/2025",
        ),
        sections=(
            Section(
                "premessa",
                "",
                "Premessa",
                (
                    Paragraph(
                        "La Relazione sulla performance rappresenta lo strumento attraverso il quale la Camera rende conto del proprio operato.",
                        ParagraphStyle.LEAD,
                    ),
                    Paragraph(
                        "Secondo paragrafo, con caratteri accentati: è, à, ù, «virgolette» & simboli < >."
                    ),
                ),
            ),
            Section(
                "principali-risultati",
                "1",
                "Principali risultati raggiunti",
                (
                    legend,
                    KeyFigures(
                        (
                            KeyFigure(
                                "Performance di ente",
                                "96,41 %",
                                ACHIEVED,
                                "media semplice degli 8 obiettivi strategici",
                            ),
                            KeyFigure("Area strategica I", "96,50 %", ACHIEVED),
                        )
                    ),
                    BulletList(("Primo punto", "Secondo punto")),
                ),
            ),
            Section(
                "contesto",
                "2",
                "Analisi del contesto e delle risorse",
                subsections=(
                    Section(
                        "personale",
                        "2.2",
                        "L'organizzazione e il personale",
                        (
                            Figure(
                                "staff_by_gender",
                                "Personale per genere",
                                SVG,
                                "Grafico a barre: donne 53, uomini 29.",
                                gender,
                            ),
                            long_table(),
                        ),
                    ),
                ),
            ),
            Section(
                "rendicontazione",
                "3",
                "Rendicontazione della performance organizzativa",
                subsections=(
                    Section(
                        "obiettivi", "3.1", "Rendicontazione degli obiettivi", (protesti_table(),)
                    ),
                ),
            ),
        ),
        datasets=(dataset,),
        generated_at=datetime(2025, 5, 14, 10, 0),
        keywords=("performance", "relazione", "2024"),
    )


SAMPLE_DATE = date(2025, 5, 14)
