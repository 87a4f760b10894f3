"""The plan workbook: one XLSX layout for a cycle's plan and figures, read and written.

``read_workbook`` gives typed ``PlanData`` or located ``CellError``s, ``write_workbook`` writes
``PlanData`` back (an identity with the reader), ``scoring_plan_for`` feeds the scoring core.
No Django here: openpyxl and ``performa.scoring`` only (see docs/workbook.md).
"""

from performa.workbook._italian import formula_message
from performa.workbook.convert import formula_measurement, period_for, scoring_plan_for
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
    YearTarget,
)
from performa.workbook.reader import CellError, CellWarning, ReadResult, read_workbook
from performa.workbook.writer import write_workbook

__all__ = [
    "AssignmentRow",
    "BaseMeasureRow",
    "BaseValueRow",
    "CellError",
    "CellWarning",
    "ContextTable",
    "ContextTableRow",
    "CycleInfo",
    "IndicatorRow",
    "LevelRow",
    "LinkRow",
    "MeasurementRow",
    "NarrativeRow",
    "NodeRow",
    "NoteRow",
    "OverrideRow",
    "PeriodRow",
    "PersonRow",
    "PlanData",
    "ProcessStepRow",
    "ReadResult",
    "UnitRow",
    "YearTarget",
    "formula_measurement",
    "formula_message",
    "period_for",
    "read_workbook",
    "scoring_plan_for",
    "write_workbook",
]
