"""Writes of cycles: monitoring periods (open, close, deadline) and the OIV's validation.

Every service re-checks the permission inside its transaction (``access.can``), refuses any
write on a validated cycle with a ``CycleError`` and records each change in the audit trail.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.administrations.models import Administration
from performa.apps.audit.services import audit_record_by
from performa.apps.cycles.models import (
    Cycle,
    CycleState,
    MonitoringPeriod,
    PlanLevel,
    ValidationAct,
)
from performa.apps.cycles.selectors import cycle_scores
from performa.apps.cycles.snapshots import snapshot_of
from performa.apps.plans.selectors import plan_data_for
from performa.reporting.score_table import score_items


class CycleError(Exception):
    """A change to a cycle was refused; ``message`` tells the user why, in Italian.

    CycleError
    ├── CyclePermissionError   the actor's role or scope does not allow it (views: 403)
    ├── CycleLockedError       the cycle is validated and read-only (views: 400)
    └── CycleStateError        the change makes no sense now, e.g. a period already open (400)
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CyclePermissionError(CycleError):
    """The actor may not perform this change."""


class CycleLockedError(CycleError):
    """The cycle has been validated by the OIV: nothing in it changes any more."""


class CycleStateError(CycleError):
    """The change does not fit the current state of the cycle or period."""


def _check(actor: Actor, action: Action, cycle: Cycle) -> None:
    """Raise unless ``actor`` may perform ``action`` on ``cycle`` (in this order: role, lock)."""
    if not can(actor, action) or cycle.administration_id != actor.administration.pk:
        raise CyclePermissionError(_("Il tuo ruolo non consente questa operazione."))
    if is_cycle_locked(cycle):
        raise CycleLockedError(
            _("Il ciclo %(year)s è stato validato dall'OIV ed è in sola lettura.")
            % {"year": cycle.year}
        )
    if not can(actor, action, cycle=cycle):
        raise CyclePermissionError(_("Il tuo ruolo non consente questa operazione."))


def _locked_period(period: MonitoringPeriod) -> tuple[MonitoringPeriod, Cycle]:
    """The period and its cycle re-read under a row lock, so that concurrent changes queue."""
    cycle = (
        Cycle.objects.select_for_update().select_related("administration").get(pk=period.cycle_id)
    )
    locked = MonitoringPeriod.objects.select_for_update().get(pk=period.pk)
    locked.cycle = cycle
    return locked, cycle


def _period_code(period: MonitoringPeriod, cycle: Cycle) -> str:
    return f"{cycle.administration.code}/{cycle.year}/{period.code}"


def _period_fields(period: MonitoringPeriod) -> dict[str, Any]:
    return {
        "is_open": period.is_open,
        "deadline_on": period.deadline_on.isoformat() if period.deadline_on else None,
    }


def _check_deadline(period: MonitoringPeriod, deadline_on: date) -> None:
    if deadline_on < period.starts_on:
        raise CycleStateError(
            _("La scadenza non può precedere l'inizio della rilevazione «%(name)s».")
            % {"name": period.name}
        )


def _cycle_state_set(*, actor: Actor, cycle: Cycle, state: CycleState, reason: str) -> None:
    if cycle.state == state:
        return
    before = cycle.state
    cycle.state = state
    cycle.save(update_fields=["state"])
    audit_record_by(
        actor,
        cycle=cycle,
        action="cycle_state",
        object_type="cycle",
        object_code=f"{cycle.administration.code}/{cycle.year}",
        before={"state": before},
        after={"state": str(state)},
        reason=reason,
    )


def _audit_period(
    *,
    actor: Actor,
    cycle: Cycle,
    period: MonitoringPeriod,
    action: str,
    before: dict[str, object],
    reason: str,
) -> None:
    """Record a change to ``period``: its fields before, as they are now, and why."""
    audit_record_by(
        actor,
        cycle=cycle,
        action=action,
        object_type="monitoring_period",
        object_code=_period_code(period, cycle),
        before=before,
        after=_period_fields(period),
        reason=reason,
    )


def period_open(
    *, actor: Actor, period: MonitoringPeriod, deadline_on: date | None = None, reason: str = ""
) -> MonitoringPeriod:
    """Open ``period`` for data entry (optionally setting its deadline); the cycle goes to
    MONITORING.

    One period at a time is open, so that "the open period" of data entry and reminders is
    never ambiguous. Office only (``Action.MANAGE_PERIODS``); refused on a validated cycle.
    Source: DOMAIN.md §5.2 (semester monitoring).
    """
    with transaction.atomic():
        period, cycle = _locked_period(period)
        _check(actor, Action.MANAGE_PERIODS, cycle)
        if period.is_open:
            raise CycleStateError(
                _("La rilevazione «%(name)s» è già aperta.") % {"name": period.name}
            )
        other = cycle.periods.filter(is_open=True).exclude(pk=period.pk).first()
        if other is not None:
            raise CycleStateError(
                _(
                    "Chiudi prima la rilevazione «%(other)s»: si inserisce in una rilevazione "
                    "alla volta."
                )
                % {"other": other.name}
            )
        if deadline_on is not None:
            _check_deadline(period, deadline_on)
        before = _period_fields(period)
        period.is_open = True
        if deadline_on is not None:
            period.deadline_on = deadline_on
        period.save(update_fields=["is_open", "deadline_on"])
        _audit_period(
            actor=actor,
            cycle=cycle,
            period=period,
            action="period_open",
            before=before,
            reason=reason,
        )
        _cycle_state_set(
            actor=actor,
            cycle=cycle,
            state=CycleState.MONITORING,
            reason=_("Apertura della rilevazione «%(name)s».") % {"name": period.name},
        )
    return period


def _period_close(
    *, actor: Actor, period: MonitoringPeriod, cycle: Cycle, reason: str, moves_state: bool
) -> None:
    """Close a locked, checked period; closing the final one may move the cycle on."""
    before = _period_fields(period)
    period.is_open = False
    period.save(update_fields=["is_open"])
    _audit_period(
        actor=actor, cycle=cycle, period=period, action="period_close", before=before, reason=reason
    )
    if moves_state and period.is_final and cycle.state == CycleState.MONITORING:
        _cycle_state_set(
            actor=actor,
            cycle=cycle,
            state=CycleState.EVALUATION,
            reason=_("Chiusura della rilevazione finale «%(name)s».") % {"name": period.name},
        )


def period_close(*, actor: Actor, period: MonitoringPeriod, reason: str = "") -> MonitoringPeriod:
    """Close ``period``: figures can no longer be entered or submitted in it.

    Closing the final period moves a cycle in MONITORING to EVALUATION. Office only;
    refused on a validated cycle.
    """
    with transaction.atomic():
        period, cycle = _locked_period(period)
        _check(actor, Action.MANAGE_PERIODS, cycle)
        if not period.is_open:
            raise CycleStateError(
                _("La rilevazione «%(name)s» è già chiusa.") % {"name": period.name}
            )
        _period_close(actor=actor, period=period, cycle=cycle, reason=reason, moves_state=True)
    return period


def period_set_deadline(
    *, actor: Actor, period: MonitoringPeriod, deadline_on: date | None, reason: str = ""
) -> MonitoringPeriod:
    """Set (or, with ``None``, remove) the date by which figures of ``period`` are due.

    The deadline may fall after the period's end (figures of June are due in July) but not
    before its start. Office only; refused on a validated cycle.
    """
    with transaction.atomic():
        period, cycle = _locked_period(period)
        _check(actor, Action.MANAGE_PERIODS, cycle)
        if deadline_on is not None:
            _check_deadline(period, deadline_on)
        before = _period_fields(period)
        period.deadline_on = deadline_on
        period.save(update_fields=["deadline_on"])
        _audit_period(
            actor=actor,
            cycle=cycle,
            period=period,
            action="period_set_deadline",
            before=before,
            reason=reason,
        )
    return period


def cycle_validate(
    *, actor: Actor, cycle: Cycle, act_reference: str, act_on: date, text: str
) -> ValidationAct:
    """Record the OIV's validation of ``cycle``, freeze its results and lock it, atomically.

    Closes any open period, stores a ``ValidationAct`` whose ``snapshot`` is the scored tree
    of the final period with the rule settings in force (see ``snapshots``), and sets the
    state VALIDATED, after which ``access.can`` refuses every write. OIV only
    (``Action.VALIDATE_CYCLE``). Source: D.Lgs. 150/2009 art. 14 c. 4 lett. c (validation of
    the Relazione), DOMAIN.md §1.
    """
    act_reference, text = act_reference.strip(), text.strip()
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().select_related("administration").get(pk=cycle.pk)
        _check(actor, Action.VALIDATE_CYCLE, cycle)
        if ValidationAct.objects.filter(cycle=cycle).exists():
            raise CycleLockedError(_("Il ciclo %(year)s è già validato.") % {"year": cycle.year})
        if not act_reference or not text:
            raise CycleStateError(_("Indica gli estremi dell'atto e il testo della validazione."))
        if act_on > timezone.localdate():
            raise CycleStateError(_("La data dell'atto non può essere futura."))
        for period in cycle.periods.select_for_update().filter(is_open=True):
            _period_close(
                actor=actor,
                period=period,
                cycle=cycle,
                reason=_("Chiusura per la validazione dell'OIV."),
                moves_state=False,
            )
        plan = plan_data_for(cycle=cycle)
        root = score_items(plan, cycle_scores(cycle=cycle, plan=plan))
        final = cycle.periods.filter(is_final=True).order_by("position").first()
        snapshot = snapshot_of(
            root=root,
            rules=plan.rules.to_settings(),
            taken_at=timezone.now(),
            period_code=final.code if final is not None else None,
        )
        act = ValidationAct.objects.create(
            administration=cycle.administration,
            cycle=cycle,
            act_reference=act_reference,
            act_on=act_on,
            text=text,
            validated_by=actor.user,
            snapshot=snapshot,
        )
        before_state = cycle.state
        cycle.state = CycleState.VALIDATED
        cycle.save(update_fields=["state"])
        audit_record_by(
            actor,
            cycle=cycle,
            action="cycle_validate",
            object_type="cycle",
            object_code=f"{cycle.administration.code}/{cycle.year}",
            before={"state": before_state},
            after={
                "state": str(CycleState.VALIDATED),
                "act_reference": act_reference,
                "act_on": act_on.isoformat(),
                "entity_percent": snapshot["tree"]["evaluated_percent"],
            },
            reason=text,
        )
    return act


# -- a new, empty cycle ---------------------------------------------------------------------

_DEFAULT_LEVELS: tuple[tuple[int, str, str], ...] = (
    (0, "entity", "Ente"),
    (1, "strategic_area", "Area strategica"),
    (2, "strategic_objective", "Obiettivo strategico"),
    (3, "operational_objective", "Obiettivo operativo"),
)
"""The reference report's tree, for an administration's first cycle."""


def cycle_create(*, actor: Actor, year: int, title: str = "") -> Cycle:
    """An empty cycle of the actor's administration for ``year``, in planning, ready for the
    plan editor: the levels and measurement rules of its latest cycle (or the reference
    report's levels and the default rules), a first half and a year-end period, all closed.

    Refused for any role but the office, for an implausible year and for a year that already
    has a cycle (copying an earlier cycle is the other way to start one).
    """
    if not can(actor, Action.EDIT_PLAN):
        raise CyclePermissionError(_("Il tuo ruolo non consente di creare un ciclo."))
    if not 2000 <= year <= 2100:
        raise CycleStateError(_("Indica un anno tra il 2000 e il 2100."))
    with transaction.atomic():
        administration = Administration.objects.select_for_update().get(pk=actor.administration.pk)
        if Cycle.objects.filter(administration=administration, year=year).exists():
            raise CycleStateError(_("Il ciclo %(year)s esiste già.") % {"year": year})
        latest = Cycle.objects.filter(administration=administration).order_by("-year").first()
        cycle = Cycle.objects.create(
            administration=administration,
            year=year,
            title=title.strip() or _("Piano della performance %(year)s") % {"year": year},
            rules=latest.rules if latest is not None else {},
        )
        levels = (
            [(level.depth, level.key, level.name) for level in latest.levels.order_by("depth")]
            if latest is not None
            else list(_DEFAULT_LEVELS)
        )
        PlanLevel.objects.bulk_create(
            PlanLevel(administration=administration, cycle=cycle, depth=d, key=k, name=n)
            for d, k, n in levels
        )
        MonitoringPeriod.objects.bulk_create(
            [
                MonitoringPeriod(
                    administration=administration,
                    cycle=cycle,
                    code="S1",
                    name=_("Primo semestre %(year)s") % {"year": year},
                    starts_on=date(year, 1, 1),
                    ends_on=date(year, 6, 30),
                    position=0,
                ),
                MonitoringPeriod(
                    administration=administration,
                    cycle=cycle,
                    code="FY",
                    name=_("Anno %(year)s") % {"year": year},
                    starts_on=date(year, 1, 1),
                    ends_on=date(year, 12, 31),
                    is_final=True,
                    position=1,
                ),
            ]
        )
        audit_record_by(
            actor,
            cycle=cycle,
            action="cycle_create",
            object_type="cycle",
            object_code=f"{administration.code}/{year}",
            before=None,
            after={"title": cycle.title, "levels": [key for _d, key, _n in levels]},
        )
    return cycle
