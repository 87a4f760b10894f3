"""Writes of the office's texts for the Relazione and of the process phases."""

from __future__ import annotations

from collections.abc import Iterable

from performa.apps.cycles.models import Cycle
from performa.apps.reports.models import Narrative, ProcessStep
from performa.workbook.data import NarrativeRow, ProcessStepRow


def narratives_replace(*, cycle: Cycle, rows: Iterable[NarrativeRow]) -> int:
    """Replace the office's texts of ``cycle``; call inside the import's transaction."""
    Narrative.objects.filter(administration=cycle.administration, cycle=cycle).delete()
    created = Narrative.objects.bulk_create(
        Narrative(
            administration=cycle.administration,
            cycle=cycle,
            key=row.key,
            title=row.title,
            text=row.text,
            position=position,
        )
        for position, row in enumerate(rows)
    )
    return len(created)


def process_steps_replace(*, cycle: Cycle, rows: Iterable[ProcessStepRow]) -> int:
    """Replace the process phases of ``cycle``; call inside the import's transaction."""
    ProcessStep.objects.filter(administration=cycle.administration, cycle=cycle).delete()
    created = ProcessStep.objects.bulk_create(
        ProcessStep(
            administration=cycle.administration,
            cycle=cycle,
            year=row.year,
            what=row.what,
            who=row.who,
            how=row.how,
            when=row.when,
            position=position,
        )
        for position, row in enumerate(rows)
    )
    return len(created)
