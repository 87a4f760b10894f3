"""An indicator's targets for the years after its cycle's (N+1, N+2): conversions, checks and
the service that sets them.

A strategic objective spans three years: the cycle's own target lives on ``Indicator``, the
following years' in ``IndicatorYearTarget``, with the same shape (``performa.scoring`` Target)
and normally the same operator.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.audit.services import audit_record_by
from performa.apps.cycles.versioning import cycle_touch
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


def year_target_problems(later_targets: Iterable[YearTarget], *, cycle_year: int) -> list[str]:
    """Why ``later_targets`` cannot be an indicator's targets in the cycle of ``cycle_year``,
    in Italian (empty: they can). Each may use its own operator (a deadline project may
    become a recurring activity with a numeric target)."""
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
        problems.extend(where + problem for problem in target_problems(later.target))
    return problems


class YearTargetError(Exception):
    """Later targets were refused; ``message`` tells the user why, in Italian.

    YearTargetError
    └── YearTargetPermissionError   the actor may not edit this plan now (views: 403)
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class YearTargetPermissionError(YearTargetError):
    """The actor's role, administration or the plan's state does not allow the change."""


def indicator_year_targets_set(
    *,
    actor: Actor,
    indicator: Indicator,
    targets: Sequence[YearTarget],
    seen: Sequence[YearTarget] | None = None,
    reason: str = "",
) -> None:
    """Replace ``indicator``'s later targets with ``targets`` (in year order), audited.

    ``seen`` is what the editor showed: when given and no longer current, somebody else has
    changed them meanwhile and nothing is written (no edit is lost silently).
    """
    with transaction.atomic():
        locked = (
            Indicator.objects.select_for_update()
            .select_related("cycle__administration")
            .get(pk=indicator.pk)
        )
        cycle = locked.cycle
        if not can(actor, Action.EDIT_PLAN, cycle=cycle):
            raise YearTargetPermissionError(_("Il tuo ruolo non consente questa operazione."))
        ordered = tuple(sorted(targets, key=lambda later: later.year))
        problems = year_target_problems(ordered, cycle_year=cycle.year)
        if problems:
            raise YearTargetError(" ".join(problems))
        current = tuple(year_target_of(row) for row in locked.year_targets.order_by("year"))
        if seen is not None and tuple(sorted(seen, key=lambda later: later.year)) != current:
            raise YearTargetError(
                _(
                    "I target pluriennali di %(code)s sono stati modificati da altri nel frattempo: "
                    "ricarica la pagina."
                )
                % {"code": locked.code}
            )
        if ordered == current:
            return
        locked.year_targets.all().delete()
        IndicatorYearTarget.objects.bulk_create(year_target_row(locked, later) for later in ordered)
        cycle_touch(cycle_id=cycle.pk)  # bulk writes send no signals
        audit_record_by(
            actor,
            cycle=cycle,
            action="year_targets_set",
            object_type="indicator",
            object_code=f"{cycle.administration.code}/{cycle.year}/{locked.code}",
            before=[_audited(later) for later in current],
            after=[_audited(later) for later in ordered],
            reason=reason,
        )


def _audited(later: YearTarget) -> dict[str, object]:
    target = later.target
    return {
        "year": later.year,
        "comparator": target.comparator.value,
        "value": None if target.value is None else str(target.value),
        "upper": None if target.upper is None else str(target.upper),
        "due_on": None if target.due_on is None else target.due_on.isoformat(),
        "expected": target.expected,
    }


def _shown(number: Decimal) -> str:
    return format(number.normalize(), "f").replace(".", ",")
