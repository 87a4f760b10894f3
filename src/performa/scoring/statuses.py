"""Indicator and objective statuses, and the threshold rules that assign them.

Standard library only: no Django, no file formats.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Final

from performa.scoring.rules import RuleSet, Thresholds

__all__ = ["IndicatorStatus", "ObjectiveStatus", "classify_indicator", "classify_objective"]


class IndicatorStatus(StrEnum):
    """An indicator's status; ``label`` is the reference report's Italian wording."""

    ON_TRACK = "on_track"
    CRITICAL = "critical"
    OFF_TARGET = "off_target"
    NOT_AVAILABLE = "not_available"

    @property
    def label(self) -> str:
        """The reference report's wording: IN LINEA, CRITICO, FUORI TARGET, DA VALUTARE."""
        return _INDICATOR_LABELS[self]


class ObjectiveStatus(StrEnum):
    """A node's status (objective, area, entity); ``label`` is the reference report's wording."""

    ACHIEVED = "achieved"
    PARTLY_ACHIEVED = "partly_achieved"
    NOT_ACHIEVED = "not_achieved"
    NOT_AVAILABLE = "not_available"

    @property
    def label(self) -> str:
        """The reference report's wording: RAGGIUNTO, PARZIALMENTE, NON RAGGIUNTO, DA VALUTARE."""
        return _OBJECTIVE_LABELS[self]


_INDICATOR_LABELS: Final = {
    IndicatorStatus.ON_TRACK: "IN LINEA",
    IndicatorStatus.CRITICAL: "CRITICO",
    IndicatorStatus.OFF_TARGET: "FUORI TARGET",
    IndicatorStatus.NOT_AVAILABLE: "DA VALUTARE",
}
_OBJECTIVE_LABELS: Final = {
    ObjectiveStatus.ACHIEVED: "RAGGIUNTO",
    ObjectiveStatus.PARTLY_ACHIEVED: "PARZIALMENTE",
    ObjectiveStatus.NOT_ACHIEVED: "NON RAGGIUNTO",
    ObjectiveStatus.NOT_AVAILABLE: "DA VALUTARE",
}

_DEFAULT_ROUND_PERCENT: Final = RuleSet().round_percent

RoundPercent = Callable[[Decimal], Decimal]
"""Rounds a percent for display, e.g. ``RuleSet.round_percent``."""


def classify_indicator(
    percent: Decimal | None,
    thresholds: Thresholds,
    *,
    round_percent: RoundPercent = _DEFAULT_ROUND_PERCENT,
) -> IndicatorStatus:
    """An indicator's status from its evaluated achievement (percent, 0–100, or ``None``: N/D).

    ``>= thresholds.best`` → ON_TRACK, ``>= thresholds.middle`` → CRITICAL, else OFF_TARGET;
    ``None`` → NOT_AVAILABLE. The percent is first rounded as it will be displayed
    (``round_percent``, by default two decimals half up) so that a status always agrees with the
    figure printed next to it: 79.996 shows as 80,00 and is therefore ON_TRACK, never
    "80,00 % CRITICO". Scores themselves stay unrounded.
    Source: DOMAIN.md "Decisions already taken" (thresholds), §2.7.
    """
    if percent is None:
        return IndicatorStatus.NOT_AVAILABLE
    shown = round_percent(percent)
    if shown >= thresholds.best:
        return IndicatorStatus.ON_TRACK
    if shown >= thresholds.middle:
        return IndicatorStatus.CRITICAL
    return IndicatorStatus.OFF_TARGET


def classify_objective(
    percent: Decimal | None,
    thresholds: Thresholds,
    *,
    round_percent: RoundPercent = _DEFAULT_ROUND_PERCENT,
) -> ObjectiveStatus:
    """A node's status from its evaluated score (percent, 0–100, or ``None``: no valued item).

    ``>= thresholds.best`` → ACHIEVED, ``>= thresholds.middle`` → PARTLY_ACHIEVED, else
    NOT_ACHIEVED; ``None`` → NOT_AVAILABLE ("da valutare", never "non raggiunto"). Classified on
    the display-rounded value for the reason given in ``classify_indicator``: the reference
    report's "Transizione energetica" shows 80,00 % and RAGGIUNTO.
    Source: DOMAIN.md "Decisions already taken" (thresholds), §2.4, §2.7.
    """
    if percent is None:
        return ObjectiveStatus.NOT_AVAILABLE
    shown = round_percent(percent)
    if shown >= thresholds.best:
        return ObjectiveStatus.ACHIEVED
    if shown >= thresholds.middle:
        return ObjectiveStatus.PARTLY_ACHIEVED
    return ObjectiveStatus.NOT_ACHIEVED
