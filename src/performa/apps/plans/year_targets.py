"""An indicator's targets for the years after its cycle's (N+1, N+2): conversions and checks.

A strategic objective spans three years: the cycle's own target lives on ``Indicator``, the
following years' in ``IndicatorYearTarget``, with the same shape (``performa.scoring`` Target).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from performa.apps.plans.models import Indicator, IndicatorYearTarget
from performa.apps.plans.targets import plain_decimal
from performa.scoring.model import Comparator, Target
from performa.workbook.data import YearTarget

YEARS_AHEAD = 2
"""How many years after the cycle's a target may be planned for: three years in all."""


def year_target_of(row: IndicatorYearTarget) -> YearTarget:
    """The plain ``YearTarget`` of a stored row."""
    return YearTarget(
        year=row.year,
        target=Target(
            comparator=Comparator(row.comparator),
            value=plain_decimal(row.value),
            upper=plain_decimal(row.upper),
            due_on=row.due_on,
            expected=row.expected,
        ),
    )


def year_target_row(indicator: Indicator, later: YearTarget) -> IndicatorYearTarget:
    """An unsaved row storing ``later`` for ``indicator``."""
    target = later.target
    return IndicatorYearTarget(
        administration_id=indicator.administration_id,
        indicator=indicator,
        year=later.year,
        comparator=target.comparator.value,
        value=target.value,
        upper=target.upper,
        due_on=target.due_on,
        expected=target.expected,
    )


def target_problems(target: Target) -> list[str]:
    """What is missing or wrong in ``target`` for its operator, in Italian (empty: fine)."""
    comparator = target.comparator
    if comparator is Comparator.BETWEEN:
        if target.value is None or target.upper is None:
            return [_("Un target «tra» richiede il limite inferiore e quello superiore.")]
        if target.upper < target.value:
            return [
                _("Il limite superiore %(upper)s è minore di quello inferiore %(lower)s.")
                % {"upper": _shown(target.upper), "lower": _shown(target.value)}
            ]
        return []
    if target.upper is not None:
        return [_("Solo un target «tra» ha un limite superiore.")]
    if comparator is Comparator.DEADLINE:
        return [] if target.due_on is not None else [_("Un target «entro» richiede una data.")]
    if comparator is Comparator.YES_NO:
        if target.expected is None:
            return [_("Un target «sì/no» richiede la risposta attesa.")]
        return []
    return [] if target.value is not None else [_("Il target richiede un valore numerico.")]


def year_target_problems(
    later_targets: Iterable[YearTarget], *, cycle_year: int, comparator: Comparator
) -> list[str]:
    """Why ``later_targets`` cannot be an indicator's targets in the cycle of ``cycle_year``
    whose operator is ``comparator``, in Italian (empty: they can)."""
    problems: list[str] = []
    seen: set[int] = set()
    for later in later_targets:
        year = later.year
        where = _("Target %(year)s: ") % {"year": year}
        if year <= cycle_year:
            problems.append(
                where
                + _("l'anno deve seguire quello del ciclo (%(cycle)s).") % {"cycle": cycle_year}
            )
        elif year > cycle_year + YEARS_AHEAD:
            problems.append(
                where
                + _("si pianificano al più i target fino al %(last)s.")
                % {"last": cycle_year + YEARS_AHEAD}
            )
        if year in seen:
            problems.append(where + _("l'anno è indicato due volte."))
        seen.add(year)
        if later.target.comparator is not comparator:
            problems.append(
                where
                + _("usa l'operatore «%(used)s», l'indicatore «%(own)s».")
                % {"used": later.target.comparator.value, "own": comparator.value}
            )
        problems.extend(where + problem for problem in target_problems(later.target))
    return problems


def _shown(number: Decimal) -> str:
    return format(number.normalize(), "f").replace(".", ",")
