"""Indicator achievement: one named function per rule, and ``achievement_for`` that picks one.

Every rule returns an unrounded ``Decimal`` percent; capping, flooring and rounding happen
afterwards and are recorded. Standard library only: no Django, no file formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from typing import Final

from performa.scoring.errors import TargetError
from performa.scoring.model import ActualValue, Comparator, Measurement, Target
from performa.scoring.rules import DeadlineConvention, RuleSet

__all__ = [
    "FORMULAS",
    "NOT_AVAILABLE_RULE",
    "SCORING_CONTEXT",
    "Achievement",
    "achievement_for",
    "actual_over_target_percent",
    "cap_percent",
    "day_of_year_30_360",
    "day_of_year_calendar",
    "deadline_calendar_days_percent",
    "deadline_commercial_30_360_percent",
    "deadline_linear_decay_percent",
    "deadline_pass_fail_percent",
    "excess_over_absolute_target_percent",
    "floor_percent",
    "shortfall_over_absolute_target_percent",
    "strict_equality_missed_percent",
    "target_met_percent",
    "two_minus_actual_over_target_percent",
    "yes_no_percent",
    "zero_target_missed_percent",
]

SCORING_CONTEXT: Final = Context(prec=28, traps=[InvalidOperation, DivisionByZero, Overflow])
"""The decimal context of every computation, so a caller's context cannot change a score."""

_HUNDRED: Final = Decimal(100)
_ZERO: Final = Decimal(0)

NOT_AVAILABLE_RULE: Final = "not_available"
"""``Achievement.rule`` of an indicator without an actual value (N/D)."""


# -- the rules -----------------------------------------------------------------------------


def target_met_percent() -> Decimal:
    """The target is met: 100 %.

    Applies to ``>=``/``>`` with ``a >= t``, ``<=``/``<`` with ``a <= t``, ``=`` with ``a == t``,
    ``between`` inside the bounds, and a deadline met on or before the due date.
    Source: DOMAIN.md §2.2 (every comparator's first branch), §2.8.
    """
    return _HUNDRED


def actual_over_target_percent(actual: Decimal, target: Decimal) -> Decimal:
    """Higher is better, target not met, positive target: ``a / t × 100``.

    Used by ``>=``, ``>``, by ``=`` below the target and by ``between`` below the lower bound.
    Unrounded and unbounded (a negative actual gives a negative percent, floored later).
    Source: DOMAIN.md §2.2; reference report ">= 80,00 %, 39,50 % → 49,38 %".
    """
    return actual * _HUNDRED / target


def two_minus_actual_over_target_percent(actual: Decimal, target: Decimal) -> Decimal:
    """Lower is better, target not met, positive target: ``(2 − a / t) × 100``.

    The same as ``1 − (a − t) / t``: each point above the target costs its share of the target.
    Used by ``<=``, ``<``, by ``=`` above the target and by ``between`` above the upper bound.
    Unrounded and unbounded (below 0 when ``a > 2t``; floored later).
    Source: DOMAIN.md §2.2; reference report "<= 3,00 N., 4,79 → 40,33 %" (not ``t / a``).
    """
    return (2 * target - actual) * _HUNDRED / target


def shortfall_over_absolute_target_percent(actual: Decimal, target: Decimal) -> Decimal:
    """Higher is better, target not met, negative target: ``(1 − (t − a) / |t|) × 100``.

    ``a / t`` flips sign when ``t < 0``; this form measures the shortfall against the size of
    the target instead (for a positive target it equals ``a / t``). Unrounded, unbounded.
    Source: DOMAIN.md "Decisions already taken" (zero or negative targets) and §2.2.
    """
    size = abs(target)
    return (size - target + actual) * _HUNDRED / size


def excess_over_absolute_target_percent(actual: Decimal, target: Decimal) -> Decimal:
    """Lower is better, target not met, negative target: ``(1 − (a − t) / |t|) × 100``.

    For a positive target it equals ``2 − a / t``. Unrounded, unbounded.
    Source: DOMAIN.md "Decisions already taken" (zero or negative targets) and §2.2.
    """
    size = abs(target)
    return (size - actual + target) * _HUNDRED / size


def zero_target_missed_percent() -> Decimal:
    """Target 0 not met (any numeric comparator, ``=`` included): 0 %.

    There is no size of the target to measure the gap against.
    Source: DOMAIN.md "Decisions already taken" (target 0 not met: 0 %).
    """
    return _ZERO


def strict_equality_missed_percent() -> Decimal:
    """Strict ``>``/``<`` with ``a == t`` when the rule set says equality misses: 0 %.

    Only with ``RuleSet.strict_equality_meets_target = False``. The ratio rules would give
    100 % at equality, which would make the setting meaningless, so equality scores 0 %.
    Source: DOMAIN.md §2.2 (strict comparators, [INFER]).
    """
    return _ZERO


def yes_no_percent(answer: bool, expected: bool) -> Decimal:
    """Yes/no (``si/no``) indicator: 100 % when the answer is the expected one, else 0 %.

    Source: DOMAIN.md §2.2 (on/off indicators).
    """
    return _HUNDRED if answer is expected else _ZERO


def day_of_year_30_360(on: date, *, from_year: int | None = None) -> int:
    """Days from 1 January of ``from_year`` (default: ``on``'s year) to ``on``, 30/360 calendar.

    Every month has 30 days; the 31st counts as the 30th, and the last days of February
    (28 and 29 alike) count as the 30th, so both are day 60 and 26 March is day 86. Each year
    after ``from_year`` adds 360. 1 January is day 1.
    Source: DOMAIN.md "Decisions already taken" (deadline indicators), §2.3.
    """
    day = min(on.day, 30)
    if on.month == 2 and on.day >= 28:
        day = 30
    years = on.year - (on.year if from_year is None else from_year)
    return years * 360 + (on.month - 1) * 30 + day


def day_of_year_calendar(on: date, *, from_year: int | None = None) -> int:
    """Real days from 1 January of ``from_year`` (default: ``on``'s year) to ``on``, inclusive.

    28/02/2024 is day 59, 26/03/2024 day 86. Source: DOMAIN.md §2.3 (calendar day-of-year).
    """
    start = date(on.year if from_year is None else from_year, 1, 1)
    return (on - start).days + 1


def deadline_commercial_30_360_percent(due_on: date, done_on: date) -> Decimal:
    """Deadline met late, 30/360 convention: ``min(1, T′ / A′) × 100``.

    ``T′`` and ``A′`` are the 30/360 days from 1 January of the due date's year to the due date
    and to the completion (``day_of_year_30_360``). On or before the due date: 100 %.
    Golden: due 28/02/2024, done 26/03/2024 → 60 / 86 = 69.767… % (displayed 69,77 %).
    Source: DOMAIN.md "Decisions already taken" (deadline indicators), §2.3, §2.8.
    """
    if done_on <= due_on:
        return _HUNDRED
    target_days = day_of_year_30_360(due_on)
    actual_days = day_of_year_30_360(done_on, from_year=due_on.year)
    return min(_HUNDRED, target_days * _HUNDRED / actual_days)


def deadline_calendar_days_percent(due_on: date, done_on: date) -> Decimal:
    """Deadline met late, real calendar days: ``min(1, T′ / A′) × 100`` with day-of-year counts.

    Golden: due 28/02/2024, done 26/03/2024 → 59 / 86 = 68.60 %. On time: 100 %.
    Source: DOMAIN.md §2.3 (calendar day-of-year candidate), a rule set setting.
    """
    if done_on <= due_on:
        return _HUNDRED
    target_days = day_of_year_calendar(due_on)
    actual_days = day_of_year_calendar(done_on, from_year=due_on.year)
    return min(_HUNDRED, target_days * _HUNDRED / actual_days)


def deadline_pass_fail_percent(due_on: date, done_on: date) -> Decimal:
    """Deadline, pass/fail: 100 % on or before the due date, 0 % when late.

    Source: DOMAIN.md §2.3 ("binary" rule), a rule set setting.
    """
    return _HUNDRED if done_on <= due_on else _ZERO


def deadline_linear_decay_percent(due_on: date, done_on: date, decay_days: int) -> Decimal:
    """Deadline, linear decay: ``max(0, 1 − delay / decay_days) × 100``.

    ``delay`` is the real number of days late; the score reaches 0 % after ``decay_days``.
    On time: 100 %. Source: DOMAIN.md §2.3 ("linear-decay" rule), a rule set setting.
    """
    delay = (done_on - due_on).days
    if delay <= 0:
        return _HUNDRED
    return max(_ZERO, (decay_days - delay) * _HUNDRED / decay_days)


def cap_percent(percent: Decimal) -> Decimal:
    """Achievement never exceeds 100 %: ``min(percent, 100)``.

    Source: DOMAIN.md §2.2 (Cap: ">= 80 %, 115 % → 100 %").
    """
    return min(percent, _HUNDRED)


def floor_percent(percent: Decimal) -> Decimal:
    """Achievement never goes below 0 %: ``max(percent, 0)``.

    Source: DOMAIN.md §2.2 (Floor; "2 − a/t floored at 0").
    """
    return max(percent, _ZERO)


FORMULAS: Final[dict[str, str]] = {
    "target_met_percent": "target met → 100",
    "actual_over_target_percent": "a / t × 100",
    "two_minus_actual_over_target_percent": "(2 − a / t) × 100",
    "shortfall_over_absolute_target_percent": "(1 − (t − a) / |t|) × 100",
    "excess_over_absolute_target_percent": "(1 − (a − t) / |t|) × 100",
    "zero_target_missed_percent": "target 0 not met → 0",
    "strict_equality_missed_percent": "a = t misses a strict target (rule set) → 0",
    "yes_no_percent": "answer = expected → 100, else 0",
    "deadline_commercial_30_360_percent": "min(1, T′ / A′) × 100, days from 1 January, 30/360",
    "deadline_calendar_days_percent": "min(1, T′ / A′) × 100, days from 1 January, calendar",
    "deadline_pass_fail_percent": "late → 0",
    "deadline_linear_decay_percent": "max(0, 1 − delay / decay days) × 100",
    NOT_AVAILABLE_RULE: "no actual value (N/D): no score",
}
"""Each rule's formula in words, keyed by ``Achievement.rule``; read by ``explain``."""


# -- choosing the rule ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Achievement:
    """How far an indicator reached its target, and how that was worked out.

    ``percent`` is the unrounded achievement in [0, 100] (``None``: N/D); ``raw_percent`` is
    the rule's value before cap and floor; ``rule`` names the rule function applied (a key of
    ``FORMULAS``). Deadlines also record ``delay_days`` (real days from the due date to the
    completion, negative when early) and, when late under a day-ratio convention,
    ``target_days`` (T′) and ``actual_days`` (A′) counted from 1 January in its calendar.
    """

    percent: Decimal | None
    raw_percent: Decimal | None
    rule: str
    is_met: bool | None
    target_days: int | None = None
    actual_days: int | None = None
    delay_days: int | None = None

    @property
    def is_available(self) -> bool:
        """Whether there is a score (an actual value was measured)."""
        return self.percent is not None

    @property
    def is_capped(self) -> bool:
        """Whether the rule gave more than 100 % and ``cap_percent`` brought it down."""
        return self.raw_percent is not None and self.raw_percent > _HUNDRED

    @property
    def is_floored(self) -> bool:
        """Whether the rule gave less than 0 % and ``floor_percent`` brought it up."""
        return self.raw_percent is not None and self.raw_percent < _ZERO


_NOT_AVAILABLE: Final = Achievement(None, None, NOT_AVAILABLE_RULE, None)


def achievement_for(target: Target, measurement: Measurement | None, rules: RuleSet) -> Achievement:
    """Score one actual against one target with the rule set's conventions.

    Inputs: ``target`` (comparator and value, bounds, due date or expected answer);
    ``measurement`` (``None`` or ``value=None``: N/D); ``rules`` (deadline convention and decay
    days, strict-equality setting). Returns the unrounded percent, capped to 100 and floored
    at 0, with the rule applied; rounding is left to display (``RuleSet.round_percent``).
    Raises ``TargetError`` when the target is incomplete or the actual is the wrong kind
    (a date for a numeric target, a number for a deadline, a float anywhere).
    Source: DOMAIN.md "Decisions already taken", §2.2, §2.3, §2.4, §2.8.
    """
    with localcontext(SCORING_CONTEXT):
        return score_target(target, measurement, rules)


def score_target(target: Target, measurement: Measurement | None, rules: RuleSet) -> Achievement:
    """``achievement_for`` without entering ``SCORING_CONTEXT``, for loops that entered it once.

    Same inputs, result and errors as ``achievement_for``; the caller must hold the context.
    """
    comparator = target.comparator
    if comparator.__class__ is not Comparator:
        comparator = _comparator(comparator)
    value = None if measurement is None else measurement.value
    if comparator is Comparator.DEADLINE:
        return _deadline(target, value, rules)
    if comparator is Comparator.YES_NO:
        return _yes_no(target, value)
    if comparator is Comparator.BETWEEN:
        return _between(target, value)
    reference = _target_number(target.value, comparator, "value")
    if value is None:
        return _NOT_AVAILABLE
    actual = _actual_number(value, comparator)
    if comparator is Comparator.AT_LEAST:
        if actual >= reference:
            return _MET
        return _missed_low(actual, reference)
    if comparator is Comparator.AT_MOST:
        if actual <= reference:
            return _MET
        return _missed_high(actual, reference)
    if comparator is Comparator.MORE_THAN:
        if actual > reference:
            return _MET
        if actual == reference:
            return _strict_equality(rules)
        return _missed_low(actual, reference)
    if comparator is Comparator.LESS_THAN:
        if actual < reference:
            return _MET
        if actual == reference:
            return _strict_equality(rules)
        return _missed_high(actual, reference)
    # Comparator.EQUAL: below the target it is a shortfall, above it an excess.
    if actual == reference:
        return _MET
    if actual < reference:
        return _missed_low(actual, reference)
    return _missed_high(actual, reference)


_MET: Final = Achievement(_HUNDRED, _HUNDRED, "target_met_percent", True)
_ZERO_TARGET_MISSED: Final = Achievement(_ZERO, _ZERO, "zero_target_missed_percent", False)


def _bounded(raw: Decimal, rule: str, is_met: bool) -> Achievement:
    percent = raw
    if percent > _HUNDRED:
        percent = cap_percent(percent)
    elif percent < _ZERO:
        percent = floor_percent(percent)
    return Achievement(percent, raw, rule, is_met)


def _missed_low(actual: Decimal, target: Decimal) -> Achievement:
    if target > _ZERO:
        raw = actual_over_target_percent(actual, target)
        return _bounded(raw, "actual_over_target_percent", False)
    if target < _ZERO:
        raw = shortfall_over_absolute_target_percent(actual, target)
        return _bounded(raw, "shortfall_over_absolute_target_percent", False)
    return _ZERO_TARGET_MISSED


def _missed_high(actual: Decimal, target: Decimal) -> Achievement:
    if target > _ZERO:
        raw = two_minus_actual_over_target_percent(actual, target)
        return _bounded(raw, "two_minus_actual_over_target_percent", False)
    if target < _ZERO:
        raw = excess_over_absolute_target_percent(actual, target)
        return _bounded(raw, "excess_over_absolute_target_percent", False)
    return _ZERO_TARGET_MISSED


def _strict_equality(rules: RuleSet) -> Achievement:
    if rules.strict_equality_meets_target:
        return _MET
    return Achievement(_ZERO, _ZERO, "strict_equality_missed_percent", False)


def _between(target: Target, value: ActualValue | None) -> Achievement:
    lower = _target_number(target.value, Comparator.BETWEEN, "value (the lower bound)")
    upper = _target_number(target.upper, Comparator.BETWEEN, "upper")
    if lower > upper:
        raise TargetError(f"between target: lower bound {lower} is above upper bound {upper}")
    if value is None:
        return _NOT_AVAILABLE
    actual = _actual_number(value, Comparator.BETWEEN)
    if actual < lower:
        return _missed_low(actual, lower)
    if actual > upper:
        return _missed_high(actual, upper)
    return _MET


def _yes_no(target: Target, value: ActualValue | None) -> Achievement:
    expected = True if target.expected is None else target.expected
    if value is None:
        return _NOT_AVAILABLE
    if not isinstance(value, bool):
        raise TargetError(
            f"si/no target needs a yes/no (bool) actual, got {type(value).__name__} {value!r}"
        )
    percent = yes_no_percent(value, expected)
    return Achievement(percent, percent, "yes_no_percent", value is expected)


_DEADLINE_RULES: Final[dict[DeadlineConvention, str]] = {
    DeadlineConvention.COMMERCIAL_30_360: "deadline_commercial_30_360_percent",
    DeadlineConvention.CALENDAR_DAYS: "deadline_calendar_days_percent",
    DeadlineConvention.PASS_FAIL: "deadline_pass_fail_percent",
    DeadlineConvention.LINEAR_DECAY: "deadline_linear_decay_percent",
}


def _deadline(target: Target, value: ActualValue | None, rules: RuleSet) -> Achievement:
    due_on = target.due_on
    if not isinstance(due_on, date) or isinstance(due_on, datetime):
        raise TargetError(f"entro target needs a due date (due_on), got {due_on!r}")
    if value is None:
        return _NOT_AVAILABLE
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TargetError(
            f"entro target needs a completion date as actual, got {type(value).__name__} {value!r}"
        )
    delay = (value - due_on).days
    if delay <= 0:
        return Achievement(_HUNDRED, _HUNDRED, "target_met_percent", True, delay_days=delay)
    convention = rules.deadline_convention
    target_days: int | None = None
    actual_days: int | None = None
    if convention is DeadlineConvention.COMMERCIAL_30_360:
        target_days = day_of_year_30_360(due_on)
        actual_days = day_of_year_30_360(value, from_year=due_on.year)
        raw = deadline_commercial_30_360_percent(due_on, value)
    elif convention is DeadlineConvention.CALENDAR_DAYS:
        target_days = day_of_year_calendar(due_on)
        actual_days = day_of_year_calendar(value, from_year=due_on.year)
        raw = deadline_calendar_days_percent(due_on, value)
    elif convention is DeadlineConvention.PASS_FAIL:
        raw = deadline_pass_fail_percent(due_on, value)
    else:
        raw = deadline_linear_decay_percent(due_on, value, rules.deadline_decay_days)
    return Achievement(
        raw, raw, _DEADLINE_RULES[convention], False, target_days, actual_days, delay
    )


def _comparator(text: str) -> Comparator:
    # A plain ">=" string would fail every identity test below and be scored as "=".
    try:
        return Comparator(text)
    except ValueError:
        choices = ", ".join(comparator.value for comparator in Comparator)
        raise TargetError(f"unknown comparator {text!r}; use one of {choices}") from None


def _target_number(number: object, comparator: Comparator, field: str) -> Decimal:
    if isinstance(number, Decimal) and number.is_finite():
        return number
    if isinstance(number, int) and not isinstance(number, bool):
        return Decimal(number)
    if number is None:
        raise TargetError(f"{comparator.value} target needs a number in {field}, got none")
    raise TargetError(
        f"{comparator.value} target needs a finite Decimal in {field}, "
        f"got {type(number).__name__} {number!r}"
    )


def _actual_number(value: object, comparator: Comparator) -> Decimal:
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise TargetError(
        f"{comparator.value} target needs a finite Decimal actual, "
        f"got {type(value).__name__} {value!r}"
    )
