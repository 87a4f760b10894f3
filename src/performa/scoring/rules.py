"""The administration's rule set (its SMVP in numbers): thresholds, rounding, deadlines, roll-up.

A ``RuleSet`` is a frozen value object with the reference report's rules as defaults, so another
administration with other rules is configuration, not code. It serialises to a flat mapping of
strings (``to_settings``/``from_settings``) for storage in a database row or a workbook sheet.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from performa.scoring.errors import RuleSetError
from performa.scoring.model import ENTITY_LEVEL

__all__ = [
    "Aggregation",
    "DeadlineConvention",
    "LevelRule",
    "RuleSet",
    "Thresholds",
]


class Aggregation(StrEnum):
    """How a node's score is made from the scores below it."""

    WEIGHTED_MEAN = "weighted_mean"
    PLAIN_MEAN = "plain_mean"


class DeadlineConvention(StrEnum):
    """How a deadline met late is scored (DOMAIN.md, "Decisions already taken")."""

    COMMERCIAL_30_360 = "30/360"
    """Days from 1 January in the 30/360 commercial calendar: 28/02/2024 -> 60, 26/03 -> 86."""
    CALENDAR_DAYS = "calendar"
    """Real days from 1 January (day of year)."""
    PASS_FAIL = "pass_fail"
    """Late is 0 %."""
    LINEAR_DECAY = "linear_decay"
    """Lose 100 % linearly over ``deadline_decay_days`` days of delay."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Lower bounds (percent) of the best and middle statuses; below ``middle`` is the worst."""

    best: Decimal = Decimal(80)
    middle: Decimal = Decimal(60)


@dataclass(frozen=True, slots=True)
class LevelRule:
    """The roll-up of one level: the method, and which descendants it averages.

    ``over_level=None`` averages the direct children (and the node's own indicator links);
    a level key averages every descendant at that level instead, e.g. the reference report's
    entity score is the plain mean of the eight strategic objectives, not of the three areas.
    """

    aggregation: Aggregation = Aggregation.WEIGHTED_MEAN
    over_level: str | None = None


def _reference_level_rules() -> dict[str, LevelRule]:
    return {
        ENTITY_LEVEL: LevelRule(Aggregation.PLAIN_MEAN, over_level="strategic_objective"),
        "strategic_area": LevelRule(Aggregation.PLAIN_MEAN),
        "strategic_objective": LevelRule(Aggregation.PLAIN_MEAN),
        "operational_objective": LevelRule(Aggregation.WEIGHTED_MEAN),
    }


def _is_finite_number(value: object) -> bool:
    # A NaN threshold would raise InvalidOperation in the comparisons below instead.
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int) and not isinstance(value, bool)


_ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
# round_percent runs once per score; building the quantum each time shows in the benchmark.
_QUANTA = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(7)}


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every setting the scoring core reads. Defaults reproduce the reference report.

    Levels missing from ``level_rules`` use a weighted mean of their children.
    """

    indicator_thresholds: Thresholds = field(default_factory=Thresholds)
    objective_thresholds: Thresholds = field(default_factory=Thresholds)
    display_decimals: int = 2
    rounding: str = "half_up"
    deadline_convention: DeadlineConvention = DeadlineConvention.COMMERCIAL_30_360
    deadline_decay_days: int = 30
    strict_equality_meets_target: bool = True
    level_rules: Mapping[str, LevelRule] = field(default_factory=_reference_level_rules)

    def __post_init__(self) -> None:
        for name, thresholds in (
            ("indicator_thresholds", self.indicator_thresholds),
            ("objective_thresholds", self.objective_thresholds),
        ):
            bounds = (thresholds.middle, thresholds.best)
            if not all(_is_finite_number(bound) for bound in bounds):
                raise RuleSetError(f"{name}: thresholds must be finite numbers", location=name)
            if not Decimal(0) <= thresholds.middle <= thresholds.best <= Decimal(100):
                raise RuleSetError(f"{name}: need 0 <= middle <= best <= 100", location=name)
        if not 0 <= self.display_decimals <= 6:
            raise RuleSetError(
                "display_decimals must be between 0 and 6", location="display_decimals"
            )
        if self.rounding not in _ROUNDING_MODES:
            raise RuleSetError(
                f"rounding must be one of {', '.join(_ROUNDING_MODES)}", location="rounding"
            )
        if self.deadline_decay_days <= 0:
            raise RuleSetError(
                "deadline_decay_days must be positive", location="deadline_decay_days"
            )

    def level_rule(self, level: str) -> LevelRule:
        """The roll-up rule of ``level`` (weighted mean of the children when not configured)."""
        return self.level_rules.get(level, LevelRule())

    def round_percent(self, percent: Decimal) -> Decimal:
        """``percent`` rounded for display, with the configured decimals and rounding mode.

        Display only: scores are computed and rolled up unrounded (DOMAIN.md, "Decisions
        already taken"). 79.995 → 80.00 with the default two decimals, half up.
        """
        return percent.quantize(
            _QUANTA[self.display_decimals], rounding=_ROUNDING_MODES[self.rounding]
        )

    def with_level_rules(self, level_rules: Mapping[str, LevelRule]) -> RuleSet:
        """A copy with ``level_rules`` replacing every level rule (DOMAIN.md §2.6)."""
        return replace(self, level_rules=dict(level_rules))

    # -- serialisation -------------------------------------------------------------------

    def to_settings(self) -> dict[str, str]:
        """A flat ``{key: text}`` mapping; ``from_settings`` reads it back exactly."""
        settings = {
            "indicator_threshold_on_track": str(self.indicator_thresholds.best),
            "indicator_threshold_critical": str(self.indicator_thresholds.middle),
            "objective_threshold_achieved": str(self.objective_thresholds.best),
            "objective_threshold_partly": str(self.objective_thresholds.middle),
            "display_decimals": str(self.display_decimals),
            "rounding": self.rounding,
            "deadline_convention": self.deadline_convention.value,
            "deadline_decay_days": str(self.deadline_decay_days),
            "strict_equality_meets_target": "yes" if self.strict_equality_meets_target else "no",
        }
        for level, rule in self.level_rules.items():
            settings[f"aggregation.{level}"] = rule.aggregation.value
            if rule.over_level:
                settings[f"aggregate_over.{level}"] = rule.over_level
        return settings

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> RuleSet:
        """Parse ``to_settings`` output; missing keys keep the defaults, unknown keys raise."""
        default = cls()
        known = set(default.to_settings()) - {
            key for key in default.to_settings() if key.startswith("aggregat")
        }
        levels: dict[str, LevelRule] = (
            dict(default.level_rules)
            if not any(key.startswith("aggregation.") for key in settings)
            else {}
        )
        for key in settings:
            if key not in known and not key.startswith(("aggregation.", "aggregate_over.")):
                raise RuleSetError(f"unknown rule setting {key!r}", location=key)

        def number(key: str, fallback: Decimal) -> Decimal:
            text = settings.get(key)
            if text is None or text == "":
                return fallback
            try:
                value = Decimal(str(text).strip().replace(",", "."))
            except InvalidOperation:
                raise RuleSetError(f"{key}: {text!r} is not a number", location=key) from None
            if not value.is_finite():
                raise RuleSetError(f"{key}: {text!r} is not a finite number", location=key)
            return value

        def integer(key: str, fallback: int) -> int:
            value = number(key, Decimal(fallback))
            if value != value.to_integral_value():
                raise RuleSetError(f"{key}: {value} is not a whole number", location=key)
            return int(value)

        for key, text in settings.items():
            if key.startswith("aggregation."):
                level = key.removeprefix("aggregation.")
                if not level:
                    raise RuleSetError(f"{key}: the level key is missing", location=key)
                try:
                    aggregation = Aggregation(text)
                except ValueError:
                    choices = ", ".join(a.value for a in Aggregation)
                    raise RuleSetError(
                        f"{key}: {text!r} is not one of {choices}", location=key
                    ) from None
                over = settings.get(f"aggregate_over.{level}") or None
                levels[level] = LevelRule(aggregation, over)
            elif key.startswith("aggregate_over.") and (
                f"aggregation.{key.removeprefix('aggregate_over.')}" not in settings
            ):
                raise RuleSetError(
                    f"{key} needs an aggregation.{key.removeprefix('aggregate_over.')}",
                    location=key,
                )
        try:
            convention = DeadlineConvention(
                settings.get("deadline_convention") or default.deadline_convention.value
            )
        except ValueError:
            choices = ", ".join(c.value for c in DeadlineConvention)
            raise RuleSetError(
                f"deadline_convention must be one of {choices}", location="deadline_convention"
            ) from None
        strict = (settings.get("strict_equality_meets_target") or "yes").strip().lower()
        if strict not in ("yes", "no"):
            raise RuleSetError(
                "strict_equality_meets_target must be yes or no",
                location="strict_equality_meets_target",
            )
        return cls(
            indicator_thresholds=Thresholds(
                number("indicator_threshold_on_track", default.indicator_thresholds.best),
                number("indicator_threshold_critical", default.indicator_thresholds.middle),
            ),
            objective_thresholds=Thresholds(
                number("objective_threshold_achieved", default.objective_thresholds.best),
                number("objective_threshold_partly", default.objective_thresholds.middle),
            ),
            display_decimals=integer("display_decimals", default.display_decimals),
            rounding=settings.get("rounding") or default.rounding,
            deadline_convention=convention,
            deadline_decay_days=integer("deadline_decay_days", default.deadline_decay_days),
            strict_equality_meets_target=strict == "yes",
            level_rules=levels,
        )
