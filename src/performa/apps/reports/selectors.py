"""Reads of the office's texts for the Relazione and of the process phases."""

from __future__ import annotations

from performa.apps.cycles.models import Cycle
from performa.apps.reports.models import Narrative, ProcessStep
from performa.workbook.data import NarrativeRow, ProcessStepRow


def narrative_rows_for(*, cycle: Cycle) -> tuple[NarrativeRow, ...]:
    """The office's texts of ``cycle``, in order."""
    return tuple(
        NarrativeRow(key=narrative.key, title=narrative.title, text=narrative.text)
        for narrative in Narrative.objects.filter(administration=cycle.administration, cycle=cycle)
    )


def process_step_rows_for(*, cycle: Cycle) -> tuple[ProcessStepRow, ...]:
    """The measurement and evaluation process of ``cycle``, in order."""
    return tuple(
        ProcessStepRow(year=step.year, what=step.what, who=step.who, how=step.how, when=step.when)
        for step in ProcessStep.objects.filter(administration=cycle.administration, cycle=cycle)
    )
