"""Table cells of scores, weights, targets and actuals, each formatted in one place only.

Every percent the report prints goes through ``ScoreCells``: rounded by the rule set, written
the Italian way by ``formatting``, with its unrounded value kept for spreadsheets. An override
always shows the evaluated and the computed figure side by side. No ORM, no Django.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from performa.reporting.badges import badge_for
from performa.reporting.document import Cell
from performa.reporting.formatting import format_date, format_percent, format_value
from performa.scoring import (
    ActualValue,
    Comparator,
    IndicatorScore,
    IndicatorStatus,
    NodeScore,
    ObjectiveStatus,
    Override,
    RuleSet,
    Target,
)

__all__ = ["ScoreCells", "actual_text", "raw_value", "target_text"]


class ScoreCells:
    """Formats the figures of one scored plan with its rule set's display rounding."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def percent(self, percent: Decimal | None) -> str:
        """A score for display: ``96.4059…`` → "96,41 %" (rule-set rounding); ``None`` → "N/D"."""
        if percent is None:
            return "N/D"
        decimals = self.rules.display_decimals
        return format_percent(self.rules.round_percent(percent), decimals)

    def score_text(
        self, computed: Decimal | None, evaluated: Decimal | None, override: Override | None
    ) -> str:
        """The evaluated score, followed by the computed one when an evaluator overrode it."""
        text = self.percent(evaluated)
        if override is not None:
            text = f"{text} (calcolato {self.percent(computed)})"
        return text

    def node_score(self, node: NodeScore, *, is_emphasised: bool = False) -> Cell:
        """A node's evaluated score (value unrounded), computed too if overridden."""
        return Cell(
            self.score_text(node.computed_percent, node.evaluated_percent, node.override),
            node.evaluated_percent,
            is_emphasised=is_emphasised,
        )

    def indicator_score(self, indicator: IndicatorScore) -> Cell:
        """An indicator's evaluated achievement (value unrounded), computed too if overridden."""
        return Cell(
            self.score_text(
                indicator.computed_percent, indicator.evaluated_percent, indicator.override
            ),
            indicator.evaluated_percent,
        )

    def computed(self, percent: Decimal | None) -> Cell:
        """A computed score on its own ("Grado calcolato")."""
        return Cell(self.percent(percent), percent)

    @staticmethod
    def status(status: IndicatorStatus | ObjectiveStatus, *, is_emphasised: bool = False) -> Cell:
        """A status cell: the Italian label as text and value, with its badge."""
        badge = badge_for(status)
        return Cell(badge.text, badge.text, status=badge, is_emphasised=is_emphasised)

    @staticmethod
    def weight(weight: Decimal | None) -> Cell:
        """A weight in percent, two decimals ("16,70 %"); ``None`` → empty."""
        if weight is None:
            return Cell("", None)
        return Cell(format_percent(weight, 2), weight)


def target_text(target: Target, unit: str) -> str:
    """A target as the reference report prints it: ">= 350,00 N.", "Entro 31/01/2024"."""
    comparator = Comparator(target.comparator)
    if comparator is Comparator.DEADLINE:
        return f"Entro {format_date(target.due_on)}" if target.due_on else "Entro N/D"
    if comparator is Comparator.YES_NO:
        return f"= {format_value(target.expected is not False)}"
    if comparator is Comparator.BETWEEN:
        return f"tra {format_value(target.value, unit)} e {format_value(target.upper, unit)}"
    return f"{comparator.value} {format_value(target.value, unit)}"


def actual_text(value: ActualValue | None, unit: str) -> str:
    """An actual value with its unit ("349,00 N."), a date ("24/01/2024") or "N/D"."""
    if isinstance(value, date | bool):
        return format_value(value)
    return format_value(value, unit)


def raw_value(value: ActualValue | None) -> Decimal | date | str | None:
    """A value as a spreadsheet cell holds it: numbers and dates as they are, yes/no as text."""
    if isinstance(value, bool):
        return "SI" if value else "NO"
    return value
