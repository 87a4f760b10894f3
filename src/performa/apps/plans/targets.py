"""The mapping between an indicator row's target columns and the scoring core's ``Target``."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from performa.apps.plans.models import Indicator
from performa.scoring.model import Comparator, Target


class TargetFields(TypedDict):
    comparator: str
    target_value: Decimal | None
    target_upper: Decimal | None
    target_due_on: object
    target_expected: bool | None


def plain_decimal(number: Decimal | None) -> Decimal | None:
    """A stored decimal without the column's padding zeros (350.000000 -> 350)."""
    return None if number is None else number.normalize() + 0


def target_of(indicator: Indicator) -> Target:
    """The scoring target of a stored indicator."""
    return Target(
        comparator=Comparator(indicator.comparator),
        value=plain_decimal(indicator.target_value),
        upper=plain_decimal(indicator.target_upper),
        due_on=indicator.target_due_on,
        expected=indicator.target_expected,
    )


def target_fields(target: Target) -> TargetFields:
    """The model fields that store ``target``."""
    return TargetFields(
        comparator=target.comparator.value,
        target_value=target.value,
        target_upper=target.upper,
        target_due_on=target.due_on,
        target_expected=target.expected,
    )
