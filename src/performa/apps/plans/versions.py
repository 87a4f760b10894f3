"""Versions of a cycle's plan: the adoption (version 1) and each revision (variazione).

Services adopt the plan, open a revision, record or cancel it; selectors read a version's plan
back from its stored workbook and compare two versions. The rule of when the plan may change is
``plans.selectors.is_plan_editable``; the role rule is ``access.can`` (``Action.EDIT_PLAN``).
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.audit.services import audit_record_by
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.versioning import cycle_touch
from performa.apps.plans.models import PlanVersion, PlanVersionStatus
from performa.apps.plans.selectors import plan_data_for
from performa.reporting.document import PlanVersionRef
from performa.workbook.compare import Change, ChangeKind, PlanChanges, plan_changes
from performa.workbook.data import PlanData
from performa.workbook.reader import read_workbook
from performa.workbook.writer import write_workbook

CURRENT: Final = "corrente"
"""The reference of the live plan in comparisons (``?a=corrente``)."""


class PlanVersionError(Exception):
    """A change to the plan's versions was refused; ``message`` tells the user why, in Italian.

    PlanVersionError
    ├── PlanVersionPermissionError   the actor's role does not allow it (views: 403)
    ├── PlanVersionLockedError       the cycle is validated and read-only (views: 400)
    └── PlanVersionStateError        not now: already adopted, a revision already open... (400)
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PlanVersionPermissionError(PlanVersionError):
    """The actor may not change the plan's versions."""


class PlanVersionLockedError(PlanVersionError):
    """The cycle has been validated: its plan never changes again."""


class PlanVersionStateError(PlanVersionError):
    """The change does not fit the versions as they stand."""


# -- selectors -------------------------------------------------------------------------------


def plan_structure_of(plan: PlanData) -> PlanData:
    """``plan`` without what is not the plan's structure, as a version keeps it.

    Kept: the cycle and its acts, the rules, levels, tree, indicators with their targets,
    links, monitoring periods, units, people and assignments. Left out: figures and
    overrides (they change every period, not by revision), notes on the data, and the
    Relazione's texts and context tables (the report's content, not the plan's).
    """
    return dataclasses.replace(
        plan,
        measurements=(),
        base_values=(),
        overrides=(),
        notes=(),
        narratives=(),
        context_tables=(),
        process_steps=(),
    )


def plan_structure_for(*, cycle: Cycle) -> PlanData:
    """The live plan of ``cycle`` as it now stands, structure only (``plan_structure_of``)."""
    return plan_structure_of(plan_data_for(cycle=cycle))


def plan_workbook_of(plan: PlanData) -> bytes:
    """The plan workbook (``performa.workbook``) of ``plan``'s structure: a version's snapshot."""
    buffer = io.BytesIO()
    write_workbook(plan_structure_of(plan), buffer)
    return buffer.getvalue()


def plan_of_version(*, version: PlanVersion) -> PlanData:
    """The plan as ``version`` recorded it, read back from its workbook.

    Raises ``PlanVersionStateError`` for a version without a snapshot (an open revision).
    """
    if version.snapshot is None:
        raise PlanVersionStateError(
            _("La versione %(number)s non è ancora registrata: non ha un piano salvato.")
            % {"number": version.number}
        )
    result = read_workbook(io.BytesIO(bytes(version.snapshot)))
    if result.plan is None:  # written by performa itself: a broken one is a bug, not input
        raise ValueError(f"the snapshot of plan version {version.pk} does not read back")
    return result.plan


def plan_version_last_recorded(*, cycle: Cycle) -> PlanVersion | None:
    """The plan version in force: the last recorded one, or ``None`` before the adoption."""
    return (
        PlanVersion.objects.filter(cycle=cycle, status=PlanVersionStatus.RECORDED)
        .select_related("opened_by")
        .order_by("-number")
        .first()
    )


def plan_version_open(*, cycle: Cycle) -> PlanVersion | None:
    """The revision in progress of ``cycle``, if any (at most one)."""
    return (
        PlanVersion.objects.filter(cycle=cycle, status=PlanVersionStatus.OPEN)
        .select_related("opened_by")
        .first()
    )


def plan_version_numbered(*, cycle: Cycle, number: int) -> PlanVersion | None:
    """Version ``number`` of ``cycle``'s plan, if it exists."""
    return PlanVersion.objects.filter(cycle=cycle, number=number).first()


def plan_version_reference_for(*, cycle: Cycle) -> PlanVersionRef | None:
    """The plan version a Relazione of ``cycle`` accounts for: the last recorded one (number,
    act, date), with the number of a revision still open; ``None`` before the adoption."""
    current = plan_version_last_recorded(cycle=cycle)
    if current is None:
        return None
    opened = plan_version_open(cycle=cycle)
    return PlanVersionRef(
        number=current.number,
        act_reference=current.act_reference,
        act_on=current.act_on,
        open_revision=opened.number if opened else None,
    )


@dataclass(frozen=True, slots=True)
class PlanComparison:
    """Two plans compared: what each side is (a version number or the live plan) and the
    changes from the first to the second."""

    before_label: str
    after_label: str
    changes: PlanChanges


def _side(cycle: Cycle, reference: str) -> tuple[str, PlanData]:
    if reference == CURRENT:
        return _("piano attuale"), plan_structure_for(cycle=cycle)
    version = plan_version_numbered(cycle=cycle, number=int(reference))
    if version is None:
        raise PlanVersionStateError(
            _("La versione %(number)s del piano non esiste.") % {"number": reference}
        )
    return _("versione %(number)s") % {"number": version.number}, plan_of_version(version=version)


def plan_versions_compare(*, cycle: Cycle, before: str, after: str) -> PlanComparison:
    """What changed in ``cycle``'s plan from ``before`` to ``after``.

    Each side is a recorded version's number (as text) or ``CURRENT``, the live plan.
    Raises ``PlanVersionStateError`` for an unknown or unrecorded version, and ``ValueError``
    for a reference that is neither a number nor ``CURRENT``.
    """
    before_label, before_plan = _side(cycle, before)
    after_label, after_plan = _side(cycle, after)
    return PlanComparison(before_label, after_label, plan_changes(before_plan, after_plan))


# -- services --------------------------------------------------------------------------------


def _locked_cycle(cycle: Cycle) -> Cycle:
    """``cycle`` re-read under a row lock, so that concurrent version changes queue."""
    return Cycle.objects.select_for_update().select_related("administration").get(pk=cycle.pk)


def _check(actor: Actor, cycle: Cycle) -> None:
    """Raise unless ``actor`` is the office of ``cycle``'s administration and it is not
    validated. Whether the plan is editable is each service's own rule, checked after."""
    if not can(actor, Action.EDIT_PLAN) or cycle.administration_id != actor.administration.pk:
        raise PlanVersionPermissionError(_("Il tuo ruolo non consente di modificare il piano."))
    if is_cycle_locked(cycle):
        raise PlanVersionLockedError(
            _("Il ciclo %(year)s è stato validato dall'OIV: il piano non cambia più.")
            % {"year": cycle.year}
        )


def _act(act_reference: str, act_on: date | None) -> tuple[str, date]:
    """The act's reference (trimmed) and date, both required."""
    reference = act_reference.strip()
    if not reference:
        raise PlanVersionStateError(_("Indica gli estremi dell'atto."))
    if act_on is None:
        raise PlanVersionStateError(_("Indica la data dell'atto."))
    return reference, act_on


def _fields(version: PlanVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "status": version.status,
        "act_reference": version.act_reference,
        "act_on": version.act_on.isoformat(),
        "reason": version.reason,
        "recorded_at": version.recorded_at.isoformat() if version.recorded_at else None,
    }


def _audit(
    *,
    actor: Actor,
    cycle: Cycle,
    version: PlanVersion,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> None:
    audit_record_by(
        actor,
        cycle=cycle,
        action=action,
        object_type="plan_version",
        object_code=f"{cycle.administration.code}/{cycle.year}/v{version.number}",
        before=before,
        after=after,
        reason=reason,
    )


def _record(version: PlanVersion, cycle: Cycle) -> None:
    version.snapshot = plan_workbook_of(plan_data_for(cycle=cycle))
    version.status = PlanVersionStatus.RECORDED
    version.recorded_at = timezone.now()
    version.save(
        update_fields=None if version.pk is None else ["snapshot", "status", "recorded_at"]
    )


def plan_version_adopt(
    *, actor: Actor, cycle: Cycle, act_reference: str, act_on: date | None
) -> PlanVersion:
    """Record version 1 of ``cycle``'s plan: the plan as adopted by ``act_reference`` of
    ``act_on`` (e.g. "Delibera di Giunta n. 5", 30/01/2024), stored as it now stands.

    From then on the plan changes only through a revision (``plan_revision_open``). Office
    only; refused on a validated cycle and once adopted. Allowed in any state before
    validation, so that a cycle which left planning before its act was entered (an imported
    one) can still have its plan adopted and then revised. Source: DOMAIN.md (PIAO, §3).
    """
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        _check(actor, cycle)
        reference, act_on = _act(act_reference, act_on)
        if PlanVersion.objects.filter(cycle=cycle).exists():
            raise PlanVersionStateError(
                _(
                    "Il piano del ciclo %(year)s è già stato adottato: ora cambia solo con una variazione."
                )
                % {"year": cycle.year}
            )
        version = PlanVersion(
            administration=cycle.administration,
            cycle=cycle,
            number=1,
            act_reference=reference,
            act_on=act_on,
            opened_by=actor.user,
        )
        _record(version, cycle)
        cycle_touch(cycle_id=cycle.pk)  # the Relazione's cover names the version
        _audit(
            actor=actor,
            cycle=cycle,
            version=version,
            action="plan_version_adopt",
            before=None,
            after=_fields(version),
        )
    return version


def plan_revision_open(
    *, actor: Actor, cycle: Cycle, act_reference: str, act_on: date | None, reason: str
) -> PlanVersion:
    """Open the next version of ``cycle``'s plan: a revision (variazione) approved by
    ``act_reference`` of ``act_on`` for ``reason``; the plan is editable until it is recorded.

    Allowed exactly when the plan is not editable yet: after the adoption, with no revision
    open, before validation. The act may not be dated before the version in force. Office
    only. Source: DOMAIN.md (revisions of the plan during the year).
    """
    with transaction.atomic():
        cycle = _locked_cycle(cycle)
        _check(actor, cycle)
        reference, act_on = _act(act_reference, act_on)
        if not reason.strip():
            raise PlanVersionStateError(_("Indica il motivo della variazione."))
        current = plan_version_last_recorded(cycle=cycle)
        if current is None:
            raise PlanVersionStateError(
                _("Il piano non è ancora stato adottato: registra prima la versione adottata.")
            )
        opened = plan_version_open(cycle=cycle)
        if opened is not None:
            raise PlanVersionStateError(
                _(
                    "È già in corso la variazione n. %(number)s: registrala o annullala prima "
                    "di aprirne un'altra."
                )
                % {"number": opened.number}
            )
        if act_on < current.act_on:
            raise PlanVersionStateError(
                _("L'atto della variazione non può precedere quello della versione %(number)s.")
                % {"number": current.number}
            )
        last = PlanVersion.objects.filter(cycle=cycle).order_by("-number").first()
        version = PlanVersion.objects.create(
            administration=cycle.administration,
            cycle=cycle,
            number=(last.number if last else 0) + 1,
            status=PlanVersionStatus.OPEN,
            act_reference=reference,
            act_on=act_on,
            reason=reason.strip(),
            opened_by=actor.user,
        )
        cycle_touch(cycle_id=cycle.pk)  # the plan becomes editable: cached pages must know
        _audit(
            actor=actor,
            cycle=cycle,
            version=version,
            action="plan_revision_open",
            before=None,
            after=_fields(version),
            reason=version.reason,
        )
    return version


def _locked_open_version(actor: Actor, version: PlanVersion) -> tuple[PlanVersion, Cycle]:
    cycle = _locked_cycle(version.cycle)
    _check(actor, cycle)
    locked = PlanVersion.objects.select_for_update().filter(pk=version.pk, cycle=cycle).first()
    if locked is None or locked.status != PlanVersionStatus.OPEN:
        raise PlanVersionStateError(
            _("La variazione n. %(number)s non è in corso: nulla da registrare o annullare.")
            % {"number": version.number}
        )
    return locked, cycle


def plan_revision_record(*, actor: Actor, version: PlanVersion) -> PlanVersion:
    """Record the open revision ``version``: keep the plan as it now stands as its snapshot.

    The plan is closed to editing again until the next revision. Office only; refused on a
    validated cycle and for a version that is not open (already recorded, or cancelled).
    """
    with transaction.atomic():
        version, cycle = _locked_open_version(actor, version)
        before = _fields(version)
        _record(version, cycle)
        cycle_touch(cycle_id=cycle.pk)
        _audit(
            actor=actor,
            cycle=cycle,
            version=version,
            action="plan_revision_record",
            before=before,
            after=_fields(version),
            reason=version.reason,
        )
    return version


def plan_revision_cancel(*, actor: Actor, version: PlanVersion, reason: str = "") -> None:
    """Withdraw the open revision ``version``, which is deleted (its number is free again).

    Only while the plan is still the version in force: otherwise the edits made within the
    revision would stay in the plan with no act behind them, so they must be undone first (or
    the revision recorded). Office only; refused on a validated cycle.
    """
    with transaction.atomic():
        version, cycle = _locked_open_version(actor, version)
        current = plan_version_last_recorded(cycle=cycle)
        if current is not None:
            changes = plan_changes(
                plan_of_version(version=current), plan_structure_for(cycle=cycle)
            )
            if not changes.is_empty:
                raise PlanVersionStateError(
                    ngettext(
                        "La variazione n. %(number)s ha già modificato il piano (%(count)s "
                        "modifica): annullala prima, oppure registra la variazione.",
                        "La variazione n. %(number)s ha già modificato il piano (%(count)s "
                        "modifiche): annullale prima, oppure registra la variazione.",
                        len(changes),
                    )
                    % {"number": version.number, "count": len(changes)}
                )
        before = _fields(version)
        version.delete()
        cycle_touch(cycle_id=cycle.pk)
        _audit(
            actor=actor,
            cycle=cycle,
            version=version,
            action="plan_revision_cancel",
            before=before,
            after=None,
            reason=reason,
        )


# -- presentation helpers --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeGroup:
    """The changes of one kind, with the kind's Italian heading, for the comparison table."""

    kind: ChangeKind
    label: str
    changes: tuple[Change, ...]


def changes_by_kind(changes: PlanChanges) -> list[ChangeGroup]:
    """``changes`` grouped by kind (added, removed, changed, moved), empty groups left out;
    each group keeps the comparison's order (tree order)."""
    labels = {
        ChangeKind.ADDED: _("Aggiunte"),
        ChangeKind.REMOVED: _("Rimozioni"),
        ChangeKind.CHANGED: _("Modifiche"),
        ChangeKind.MOVED: _("Spostamenti"),
    }
    groups = []
    for kind in ChangeKind:
        of_kind = tuple(change for change in changes if change.kind is kind)
        if of_kind:
            groups.append(ChangeGroup(kind, labels[kind], of_kind))
    return groups
