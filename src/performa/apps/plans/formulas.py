"""Formula indicators in the plan: checking a formula against the cycle's base measures and
finding which indicators read a measure. The engine is ``performa.scoring.formulas``."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from performa.apps.plans.models import BaseMeasure, Indicator
from performa.scoring.errors import FormulaError
from performa.scoring.formulas import Formula, parse_formula
from performa.workbook import formula_message


def formula_problem(text: str, known: Iterable[str] | None = None) -> str | None:
    """Why ``text`` is not a usable formula (Italian, with the column), or ``None``.

    With ``known`` (the cycle's base measure codes) every name must be one of them; without,
    only the syntax and the engine's limits are checked (a library entry, defined before any
    cycle has its measures).
    """
    if not text.strip():
        return None
    try:
        formula = parse_formula(text)
    except FormulaError as error:
        return _("Formula non valida: %(message)s.") % {"message": formula_message(error)}
    if known is None:
        return None
    names = set(known)
    unknown = [name for name in formula.names_in_order if name not in names]
    if unknown:
        return _(
            "La formula usa %(names)s, che non è tra le misure di base del ciclo: definiscila "
            "prima nella pagina «Misure di base»."
        ) % {"names": ", ".join(f"«{name}»" for name in unknown)}
    return None


def formula_of(indicator: Indicator) -> Formula | None:
    """The parsed formula of ``indicator``, or ``None`` when its figures are typed in."""
    return parse_formula(indicator.formula) if indicator.formula.strip() else None


def indicators_using(measure: BaseMeasure) -> list[Indicator]:
    """The indicators of the measure's cycle whose formula reads it, in plan order."""
    candidates = Indicator.objects.filter(cycle_id=measure.cycle_id).exclude(formula="")
    return [
        indicator
        for indicator in candidates.order_by("position")
        if measure.code in parse_formula(indicator.formula).names
    ]
