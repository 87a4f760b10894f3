"""Write the demo's synthetic customer-satisfaction answers (deterministic: same file each run).

The answers reproduce the reference report's published results: 1.523 questionnaires, overall
mean 8,2, satisfaction index (marks 7-10) 87,9 %, dissatisfied (marks 1-4) 4,7 % ("poco meno
del 5 %"), and each service's mean equal to the customer-satisfaction actual printed for it.
Run: ``.venv/bin/python scripts/make_demo_survey.py``.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

OUTPUT = (
    Path(__file__).resolve().parents[1] / "src/performa/demo/surveys/customer-satisfaction-2024.csv"
)
TOTAL = 1523
LOW_MARKS = (3, 4, 2, 4, 3, 1)
MID_MARKS = (6, 5)

# service, answers, mean (the reference report's actual), marks 1-4, marks 5-6
SERVICES: list[tuple[str, int, str, int, int]] = [
    ("Registro imprese", 80, "7.30", 6, 10),
    ("Front office", 1200, "8.40", 54, 79),
    ("Servizi per l'estero", 40, "7.70", 2, 4),
    ("Firma digitale e carte tachigrafiche", 40, "8.10", 1, 3),
    ("Diritto annuale", 30, "8.10", 1, 2),
    ("Protesti", 10, "7.00", 1, 1),
    ("Comunicazione", 10, "7.50", 0, 1),
    ("Proprietà industriale", 10, "7.30", 1, 1),
    ("Ambiente e produzioni tipiche", 10, "7.30", 0, 1),
    ("Studi e ricerche", 10, "7.10", 1, 1),
    ("ADR - mediazione e arbitrato", 10, "7.30", 0, 1),
    ("Vigilanza e sanzioni", 10, "7.00", 1, 1),
    ("Metrologia legale", 10, "7.20", 0, 1),
    ("Tutela del consumatore", 10, "6.90", 1, 2),
    ("OCC - crisi da sovraindebitamento", 10, "7.00", 1, 1),
]
OTHERS = "Altri servizi"
OTHERS_LOW, OTHERS_MID = 2, 3


def marks_for(count: int, total: int, low: int, mid: int) -> list[int]:
    """``count`` marks summing to ``total``: ``low`` in 1-4, ``mid`` in 5-6, the rest 7-10."""
    marks = [LOW_MARKS[i % len(LOW_MARKS)] for i in range(low)]
    marks += [MID_MARKS[i % len(MID_MARKS)] for i in range(mid)]
    high = count - low - mid
    rest = total - sum(marks)
    base, extra = divmod(rest, high)
    assert base >= 7, (count, total, base)
    assert base < 10 or (base == 10 and extra == 0), (count, total, base)
    marks += [base + 1] * extra + [base] * (high - extra)
    assert len(marks) == count
    assert sum(marks) == total
    return marks


def plan() -> list[tuple[str, list[int]]]:
    groups = []
    for name, count, mean, low, mid in SERVICES:
        total = Decimal(mean) * count
        assert total == int(total), name
        groups.append((name, marks_for(count, int(total), low, mid)))
    others = TOTAL - sum(count for _, count, *_rest in SERVICES)
    wanted = round(Decimal("8.2") * TOTAL)
    groups.append(
        (OTHERS, marks_for(others, wanted - sum(sum(m) for _, m in groups), OTHERS_LOW, OTHERS_MID))
    )
    every = [mark for _, marks in groups for mark in marks]
    assert len(every) == TOTAL
    assert round(Decimal(sum(every)) / TOTAL, 1) == Decimal("8.2")
    assert round(Decimal(100 * sum(m >= 7 for m in every)) / TOTAL, 1) == Decimal("87.9")
    assert sum(m <= 4 for m in every) * 100 < 5 * TOTAL
    return groups


def near(rng: random.Random, mark: int) -> int | str:
    if rng.random() < 0.05:
        return ""  # the question left unanswered
    return min(10, max(1, mark + rng.choice((-1, 0, 0, 1))))


def main() -> None:
    rng = random.Random(2024)
    rows = [(name, mark) for name, marks in plan() for mark in marks]
    rng.shuffle(rows)
    start = datetime(2024, 9, 25, 8, 30)
    step = timedelta(days=21) / TOTAL
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "Informazioni cronologiche",
            "Tipo di utente",
            "Canale",
            "Servizio utilizzato",
            "Cortesia e competenza del personale",
            "Chiarezza delle informazioni",
            "Tempi di attesa",
            "Giudizio complessivo sul servizio (1-10)",
        ]
    )
    for index, (service, mark) in enumerate(rows):
        moment = start + step * index
        writer.writerow(
            [
                moment.strftime("%d/%m/%Y %H.%M.%S"),
                rng.choice(("Impresa", "Impresa", "Libero professionista")),
                rng.choice(("Web (CAWI)", "Web (CAWI)", "Sportello (PAPI)")),
                service,
                near(rng, mark),
                near(rng, mark),
                near(rng, mark),
                mark,
            ]
        )
    OUTPUT.write_bytes("\ufeff".encode() + buffer.getvalue().encode("utf-8"))
    print(f"{OUTPUT}: {TOTAL} answers")


if __name__ == "__main__":
    main()
