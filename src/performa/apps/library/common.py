"""The common library: the Unioncamere "obiettivi comuni di sistema" indicators whose codes and
names the reference report prints (Relazione 2024 CCIAA Pistoia-Prato, objectives 01_01_UIC01
and 03_01_UIC01; DOMAIN.md §2.1). No targets: each administration sets them when adopting."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CommonIndicator:
    code: str
    name: str
    unit: str
    value_type: str
    polarity: str
    description: str
    notes: str


_DOUBLE_TRANSITION = (
    "Obiettivo comune di sistema Unioncamere «Favorire la doppia transizione» "
    "(digitale ed ecologica)."
)
_HUMAN_CAPITAL = (
    "Obiettivo comune di sistema Unioncamere «Consolidare il capitale umano e orientarlo verso "
    "i processi primari di servizio alle imprese e utenti»."
)
_SOURCE = "Relazione sulla performance 2024 della CCIAA di Pistoia-Prato, obiettivo %s."

COMMON_INDICATORS: tuple[CommonIndicator, ...] = (
    CommonIndicator(
        code="OC_TD_01",
        name="Livelli di attività di valutazione della maturità digitale delle imprese",
        unit="N.",
        value_type="number",
        polarity="higher",
        description=_DOUBLE_TRANSITION,
        notes=_SOURCE % "01_01_UIC01",
    ),
    CommonIndicator(
        code="OC_TD_02",
        name="Azioni di diffusione della cultura digitale realizzate dal PID",
        unit="N.",
        value_type="number",
        polarity="higher",
        description=_DOUBLE_TRANSITION,
        notes=_SOURCE % "01_01_UIC01",
    ),
    CommonIndicator(
        code="DC_CCU_01",
        name="Grado di utilizzo del modello di recruitment «per competenze»",
        unit="%",
        value_type="percent",
        polarity="higher",
        description=_HUMAN_CAPITAL,
        notes=_SOURCE % "03_01_UIC01",
    ),
    CommonIndicator(
        code="S13",
        name="Indice di struttura demografica del personale",
        unit="%",
        value_type="percent",
        polarity="higher",
        description=_HUMAN_CAPITAL,
        notes=_SOURCE % "03_01_UIC01",
    ),
    CommonIndicator(
        code="S14",
        name="Tasso di sostituzione (unità)",
        unit="%",
        value_type="percent",
        polarity="higher",
        description=_HUMAN_CAPITAL,
        notes=_SOURCE % "03_01_UIC01",
    ),
)
