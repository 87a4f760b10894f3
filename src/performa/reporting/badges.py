"""Statuses as the report shows them: a badge of colour tone, Italian label and symbol.

One mapping for every section and format, so a status never appears as colour alone and never
with two different looks. No ORM, no Django.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from performa.reporting.document import Legend, LegendItem, StatusBadge, Tone
from performa.reporting.formatting import NO_BREAK_SPACE, format_number
from performa.scoring import IndicatorStatus, ObjectiveStatus, RuleSet

__all__ = ["SYMBOLS", "badge_for", "legend_for", "threshold_text"]

SYMBOLS: Final = {
    Tone.GOOD: "●",
    Tone.WARNING: "▲",
    Tone.BAD: "▼",
    Tone.NEUTRAL: "?",
}
"""The symbol of each tone, so the status reads without colour (print, colour blindness)."""

_TONES: Final[dict[IndicatorStatus | ObjectiveStatus, Tone]] = {
    ObjectiveStatus.ACHIEVED: Tone.GOOD,
    ObjectiveStatus.PARTLY_ACHIEVED: Tone.WARNING,
    ObjectiveStatus.NOT_ACHIEVED: Tone.BAD,
    ObjectiveStatus.NOT_AVAILABLE: Tone.NEUTRAL,
    IndicatorStatus.ON_TRACK: Tone.GOOD,
    IndicatorStatus.CRITICAL: Tone.WARNING,
    IndicatorStatus.OFF_TARGET: Tone.BAD,
    IndicatorStatus.NOT_AVAILABLE: Tone.NEUTRAL,
}


def badge_for(status: IndicatorStatus | ObjectiveStatus) -> StatusBadge:
    """The badge of ``status``: its Italian label ("RAGGIUNTO"), tone and symbol (●, ▲, ▼, ?)."""
    tone = _TONES[status]
    return StatusBadge(status.label, tone, SYMBOLS[tone])


def threshold_text(percent: Decimal) -> str:
    """A threshold as the report states it: ``80`` → "80 %", ``72.5`` → "72,50 %"."""
    decimals = 0 if percent == percent.to_integral_value() else 2
    return f"{format_number(percent, decimals)}{NO_BREAK_SPACE}%"


def legend_for(rules: RuleSet, *, has_not_available: bool = False) -> Legend:
    """The three-colour legend of section 1, worded as the reference report, from the rule set.

    Thresholds are ``rules.objective_thresholds``; the grey "da valutare" item is added only
    when some objective has no score. Source: reference report §1, DOMAIN.md §2.7.
    """
    best = threshold_text(rules.objective_thresholds.best)
    middle = threshold_text(rules.objective_thresholds.middle)
    items = [
        LegendItem(
            badge_for(ObjectiveStatus.NOT_ACHIEVED),
            f"Mancato raggiungimento dell'obiettivo (< {middle})",
        ),
        LegendItem(
            badge_for(ObjectiveStatus.PARTLY_ACHIEVED),
            f"Parziale raggiungimento dell'obiettivo (≥ {middle} e < {best})",
        ),
        LegendItem(
            badge_for(ObjectiveStatus.ACHIEVED), f"Raggiungimento dell'obiettivo (≥ {best})"
        ),
    ]
    if has_not_available:
        items.append(
            LegendItem(
                badge_for(ObjectiveStatus.NOT_AVAILABLE),
                "Obiettivo da valutare (nessun indicatore misurato)",
            )
        )
    return Legend("Legenda", tuple(items))
