"""A cycle's plan and figures as plain data: what a workbook holds, independent of any storage.

The workbook reader produces a ``PlanData``, the writer consumes one, and the Django services
turn one into rows and back. No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from performa.scoring.model import ActualValue, Target
from performa.scoring.rules import RuleSet

__all__ = [
    "AssignmentRow",
    "BaseMeasureRow",
    "BaseValueRow",
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
    "UnitRow",
    "YearTarget",
]


@dataclass(frozen=True, slots=True)
class CycleInfo:
    """The administration and the year the plan belongs to, with its approving acts."""

    administration_code: str
    administration_name: str
    year: int
    title: str = ""
    plan_act: str = ""
    report_act: str = ""


@dataclass(frozen=True, slots=True)
class LevelRow:
    """One level of the tree. Depth 0 is the entity; the key is what nodes refer to."""

    depth: int
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class UnitRow:
    """An organisational unit (area, servizio)."""

    code: str
    name: str
    parent_code: str | None = None


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A person who answers for objectives: Segretario Generale, dirigenti."""

    code: str
    name: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class NodeRow:
    """A node of the tree below the entity; ``parent_code=None`` hangs it on the entity."""

    code: str
    parent_code: str | None
    level: str
    name: str
    description: str = ""
    weight: Decimal | None = None
    owner_unit: str | None = None
    manager: str | None = None


@dataclass(frozen=True, slots=True)
class YearTarget:
    """An indicator's target for a year after the cycle's (N+1, N+2), with the same operator."""

    year: int
    target: Target


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """An indicator's definition; its figures are ``MeasurementRow``s.

    ``target`` is the cycle year's target; ``later_targets`` those planned for the following
    years, in year order (a strategic objective spans three years). ``formula``, when not
    empty, computes the actual from base measures (``BaseMeasureRow`` codes), as the formula
    engine ``performa.scoring.formulas`` reads it.
    """

    code: str
    name: str
    target: Target
    unit: str = ""
    description: str = ""
    baseline: Decimal | None = None
    baseline_year: int | None = None
    data_source: str = ""
    notes: str = ""
    later_targets: tuple[YearTarget, ...] = ()
    formula: str = ""


@dataclass(frozen=True, slots=True)
class BaseMeasureRow:
    """A figure the office collects to compute formula indicators (pratiche totali...).

    ``code`` is the name formulas use for it, so it follows the formula engine's name rules.
    """

    code: str
    name: str
    unit: str = ""
    description: str = ""
    data_source: str = ""
    responsible_unit: str | None = None


@dataclass(frozen=True, slots=True)
class BaseValueRow:
    """A base measure's value in a monitoring period; ``value=None`` when not available."""

    measure_code: str
    period_code: str
    value: Decimal | None
    comment: str = ""
    data_source: str = ""


@dataclass(frozen=True, slots=True)
class LinkRow:
    """An indicator linked to an objective with its planned weight there (percent)."""

    objective_code: str
    indicator_code: str
    weight: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """A monitoring period (first half, year end...); the final one feeds the Relazione."""

    code: str
    name: str
    starts_on: date
    ends_on: date
    is_final: bool = False


@dataclass(frozen=True, slots=True)
class MeasurementRow:
    """An actual value of an indicator in a period; ``value=None`` is N/D with a reason."""

    indicator_code: str
    period_code: str
    value: ActualValue | None
    not_available_reason: str = ""
    comment: str = ""
    data_source: str = ""


@dataclass(frozen=True, slots=True)
class OverrideRow:
    """An evaluator's score on a node or indicator (by code), with its justification."""

    code: str
    evaluated_percent: Decimal
    justification: str
    evaluator: str = ""


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    """A person answering for an objective (the Relazione's individual objectives)."""

    person_code: str
    objective_code: str


@dataclass(frozen=True, slots=True)
class NoteRow:
    """A recorded discrepancy or remark about the data (the workbook's NOTES sheet)."""

    location: str
    note: str
    reference_value: str = ""
    performa_value: str = ""


@dataclass(frozen=True, slots=True)
class NarrativeRow:
    """Text the office writes for one place of the Relazione (``premessa``, ``overall_evaluation``...).

    ``text`` is plain text; a blank line separates paragraphs.
    """

    key: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ContextTableRow:
    """One row of a context table: its label, one value per column (number, text or empty).

    ``unit`` is the row's own unit of measure (rows of one table may differ: ``N.``, ``%``).
    """

    label: str
    values: tuple[Decimal | str | None, ...]
    unit: str = ""


@dataclass(frozen=True, slots=True)
class ContextTable:
    """A table of context or resources data (economy, organs, staff, surveys, finances).

    ``section`` says where the Relazione shows it (``economy``, ``organisation``, ``staff``,
    ``wellbeing``, ``customer_satisfaction``, ``resources``); ``chart`` asks for a chart of it
    (``bar``, ``column``, ``pie``, ``line``, or empty for none). ``unit`` is the table's unit:
    the first non-blank unit of its rows.
    """

    code: str
    title: str
    section: str
    columns: tuple[str, ...]
    rows: tuple[ContextTableRow, ...]
    source: str = ""
    chart: str = ""
    unit: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class ProcessStepRow:
    """A phase of the measurement and evaluation process (the report's section 5 table).

    ``year`` is ``N`` (the year measured) or ``N+1`` (the year of reporting).
    """

    year: str
    what: str
    who: str
    how: str
    when: str


@dataclass(frozen=True, slots=True)
class PlanData:
    """A whole cycle: its plan, rules and figures. Row order is tree order and is kept."""

    cycle: CycleInfo
    rules: RuleSet
    levels: tuple[LevelRow, ...]
    nodes: tuple[NodeRow, ...]
    indicators: tuple[IndicatorRow, ...]
    links: tuple[LinkRow, ...]
    periods: tuple[PeriodRow, ...] = ()
    measurements: tuple[MeasurementRow, ...] = ()
    units: tuple[UnitRow, ...] = ()
    people: tuple[PersonRow, ...] = ()
    overrides: tuple[OverrideRow, ...] = ()
    assignments: tuple[AssignmentRow, ...] = ()
    notes: tuple[NoteRow, ...] = field(default=())
    narratives: tuple[NarrativeRow, ...] = ()
    context_tables: tuple[ContextTable, ...] = ()
    process_steps: tuple[ProcessStepRow, ...] = ()
    base_measures: tuple[BaseMeasureRow, ...] = ()
    base_values: tuple[BaseValueRow, ...] = ()
