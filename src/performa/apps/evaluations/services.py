"""Writes of evaluators' overrides: the workbook import's bulk replacement, and the
"Intervieni" of the office and the OIV (set or remove one evaluated score, audited)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.audit.services import audit_record_by
from performa.apps.cycles.models import Cycle
from performa.apps.evaluations.models import Override
from performa.apps.plans.models import Indicator, PlanNode
from performa.workbook.data import OverrideRow


def overrides_replace(
    *,
    cycle: Cycle,
    rows: Iterable[OverrideRow],
    nodes: Mapping[str, PlanNode],
    indicators: Mapping[str, Indicator],
) -> int:
    """Replace every override of ``cycle`` with ``rows`` (node codes win over indicator codes)."""
    Override.objects.filter(administration=cycle.administration, cycle=cycle).delete()
    overrides = [
        Override(
            administration=cycle.administration,
            cycle=cycle,
            node=nodes.get(row.code),
            indicator=None if row.code in nodes else indicators[row.code],
            evaluated_percent=row.evaluated_percent,
            justification=row.justification,
            evaluator=row.evaluator,
        )
        for row in rows
    ]
    Override.objects.bulk_create(overrides)
    return len(overrides)


class OverrideError(Exception):
    """An intervention was refused; ``message`` tells the user why, in Italian.

    OverrideError
    ├── OverridePermissionError   the actor's role or administration does not allow it (403)
    ├── OverrideLockedError       the cycle is validated and read-only (400)
    ├── OverrideNotFoundError     no objective or indicator of the cycle has the code (404)
    └── OverrideInputError        a score outside 0–100, or no justification (400)
    """

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class OverridePermissionError(OverrideError):
    """The actor may not intervene on scores."""


class OverrideLockedError(OverrideError):
    """The cycle has been validated: its scores no longer change."""


class OverrideNotFoundError(OverrideError):
    """No node or indicator of the cycle has the code."""


class OverrideInputError(OverrideError):
    """The score or the justification is not acceptable."""


_HUNDRED = Decimal(100)
_STORED = Decimal("0.0001")
"""The column keeps four decimals of a percent."""


def _locked_cycle(actor: Actor, cycle: Cycle, code: str) -> Cycle:
    """The cycle re-read under a row lock, after checking role, administration and lock."""
    if not can(actor, Action.OVERRIDE_SCORE) or cycle.administration_id != actor.administration.pk:
        raise OverridePermissionError(
            _("Il tuo ruolo non consente di intervenire sui punteggi."), code=code
        )
    locked = Cycle.objects.select_for_update().select_related("administration").get(pk=cycle.pk)
    if is_cycle_locked(locked):
        raise OverrideLockedError(
            _("Il ciclo %(year)s è stato validato dall'OIV ed è in sola lettura.")
            % {"year": locked.year},
            code=code,
        )
    if not can(actor, Action.OVERRIDE_SCORE, cycle=locked):
        raise OverridePermissionError(
            _("Il tuo ruolo non consente di intervenire sui punteggi."), code=code
        )
    return locked


def _target_of(cycle: Cycle, code: str) -> tuple[PlanNode | None, Indicator | None]:
    node = PlanNode.objects.filter(administration=cycle.administration, cycle=cycle, code=code)
    found_node = node.first()
    if found_node is not None:
        return found_node, None
    indicator = Indicator.objects.filter(
        administration=cycle.administration, cycle=cycle, code=code
    ).first()
    if indicator is None:
        raise OverrideNotFoundError(
            _("Nessun obiettivo o indicatore del ciclo ha il codice «%(code)s».") % {"code": code},
            code=code,
        )
    return None, indicator


def _existing(node: PlanNode | None, indicator: Indicator | None) -> Override | None:
    overrides = Override.objects.select_for_update()
    if node is not None:
        return overrides.filter(node=node).first()
    return overrides.filter(indicator=indicator).first()


def _fields(override: Override | None) -> dict[str, str] | None:
    if override is None:
        return None
    return {
        "evaluated_percent": format(Decimal(override.evaluated_percent).normalize(), "f"),
        "justification": override.justification,
        "evaluator": override.evaluator,
    }


def _object_code(cycle: Cycle, code: str) -> str:
    return f"{cycle.administration.code}/{cycle.year}/{code}"


def _clean_justification(justification: str, code: str) -> str:
    text = justification.strip()
    if not text:
        raise OverrideInputError(
            _("La motivazione è obbligatoria: spiega perché il punteggio cambia."), code=code
        )
    return text


def override_set(
    *,
    actor: Actor,
    cycle: Cycle,
    code: str,
    evaluated_percent: Decimal,
    justification: str,
) -> Override:
    """Set the evaluated score of the objective or indicator ``code`` ("Intervieni").

    ``evaluated_percent`` is a percent from 0 to 100, kept to four decimals (half up); the
    justification is mandatory. The computed score is never touched: the scoring core shows
    both and rolls the evaluated one up. The evaluator recorded is the actor's name. Office and
    OIV only (``Action.OVERRIDE_SCORE``), re-checked with the cycle's lock inside the
    transaction; refused on a validated cycle. Audited with the values before and after and
    the justification as reason. Source: DOMAIN.md §2.6 (override with mandatory reason).
    """
    with transaction.atomic():
        locked = _locked_cycle(actor, cycle, code)
        text = _clean_justification(justification, code)
        if not evaluated_percent.is_finite() or not 0 <= evaluated_percent <= _HUNDRED:
            raise OverrideInputError(
                _("Il punteggio valutato deve essere compreso tra 0 e 100."), code=code
            )
        node, indicator = _target_of(locked, code)
        override = _existing(node, indicator)
        before = _fields(override)
        if override is None:
            override = Override(
                administration=locked.administration, cycle=locked, node=node, indicator=indicator
            )
        override.evaluated_percent = evaluated_percent.quantize(_STORED, rounding=ROUND_HALF_UP)
        override.justification = text
        override.evaluator = actor.user.get_full_name() or actor.user.get_username()
        override.created_by = actor.user
        override.save()
        audit_record_by(
            actor,
            cycle=locked,
            action="override_set",
            object_type="node" if node is not None else "indicator",
            object_code=_object_code(locked, code),
            before=before,
            after=_fields(override),
            reason=text,
        )
    return override


def override_remove(*, actor: Actor, cycle: Cycle, code: str, justification: str) -> None:
    """Remove the evaluator's score on ``code``: the computed score counts again.

    Same permission, lock and audit as ``override_set``; the justification (why the
    intervention is withdrawn) is mandatory. Removing where there is no intervention is an
    ``OverrideInputError``.
    """
    with transaction.atomic():
        locked = _locked_cycle(actor, cycle, code)
        text = _clean_justification(justification, code)
        node, indicator = _target_of(locked, code)
        override = _existing(node, indicator)
        if override is None:
            raise OverrideInputError(
                _("Su «%(code)s» non c'è un intervento da rimuovere.") % {"code": code},
                code=code,
            )
        before = _fields(override)
        override.delete()
        audit_record_by(
            actor,
            cycle=locked,
            action="override_remove",
            object_type="node" if node is not None else "indicator",
            object_code=_object_code(locked, code),
            before=before,
            after=None,
            reason=text,
        )
