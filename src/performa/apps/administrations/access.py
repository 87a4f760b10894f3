"""Who may do what: the single resolver of a request's actor, and the permission policy.

Every interface (web views, API, CLI, jobs) resolves an ``Actor`` here and asks ``can`` (one
object) or ``restrict`` (a list); services ask again inside their transaction. Nothing else
decides permissions. The role × action × state matrix is documented in docs/permissions.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from performa.apps.administrations.models import Administration, Membership, Role

if TYPE_CHECKING:
    from performa.apps.appraisals.models import Sheet
    from performa.apps.cycles.models import Cycle, MonitoringPeriod
    from performa.apps.plans.models import Indicator


class NoAccess(Exception):
    """The user has no role in the administration (interfaces answer 404, not 403)."""


class Action(StrEnum):
    """Everything a user may try; each interface checks one of these."""

    VIEW_CYCLE = "view_cycle"
    DOWNLOAD_REPORT = "download_report"
    ENTER_MEASUREMENT = "enter_measurement"
    """Save or submit a figure of an indicator (object: the indicator; needs an open period)."""
    REVIEW_MEASUREMENT = "review_measurement"
    """Accept a submitted figure or send it back."""
    OVERRIDE_SCORE = "override_score"
    """Intervene on a computed score with a justification ("Intervieni")."""
    MANAGE_PERIODS = "manage_periods"
    """Open and close monitoring periods, set deadlines."""
    VALIDATE_CYCLE = "validate_cycle"
    """Record the OIV's validation, which locks the cycle."""
    VIEW_AUDIT = "view_audit"
    """Read the audit trail and export it."""
    EDIT_PLAN = "edit_plan"
    """Change the tree, the indicators and their links: while the cycle is being planned, or
    afterwards within an open revision (``plans.selectors.is_plan_editable``)."""
    VIEW_APPRAISAL = "view_appraisal"
    """Read one evaluation sheet: the person, their evaluator, the office, the OIV only
    (``can_appraisal``); every reading is audited."""
    MANAGE_APPRAISALS = "manage_appraisals"
    """Create sheets, assign objectives, choose the scheme; record a collegial body's decision."""
    CONDUCT_APPRAISAL = "conduct_appraisal"
    """The evaluator's steps: the mid-year talk and the year-end evaluation."""
    PROPOSE_APPRAISAL = "propose_appraisal"
    """The OIV's proposal for the Segretario Generale and the dirigenti."""
    RESPOND_APPRAISAL = "respond_appraisal"
    """The evaluated person's steps: self-assessment, acknowledgement, request for review."""
    DECIDE_APPRAISAL_REVIEW = "decide_appraisal_review"
    """Record the outcome of a conciliation (request for review)."""
    VIEW_APPRAISAL_SUMMARY = "view_appraisal_summary"
    """The distribution of totals, without names: the office, the OIV, the Segretario Generale."""
    EDIT_CONTEXT = "edit_context"
    """Type or import the cycle's context and resources tables, bodies and staff figures."""
    PUBLISH = "publish"
    """Publish the adopted plan or the validated results in the transparency pages, or
    withdraw them (``publication.services``)."""
    MANAGE_API_TOKENS = "manage_api_tokens"
    """Create and revoke the API tokens of integrations."""


@dataclass(frozen=True, slots=True)
class Actor:
    """A user acting in one administration with one role, and the units they answer for."""

    user: User
    administration: Administration
    role: Role
    unit_ids: frozenset[int]
    person_id: int | None = None

    @property
    def scope_key(self) -> tuple[object, ...]:
        """What decides what this actor sees: for keys of pages cached per viewer."""
        return (
            self.user.pk,
            self.administration.pk,
            self.role.value,
            tuple(sorted(self.unit_ids)),
            self.person_id,
        )


_ROLES_FOR: dict[Action, frozenset[Role]] = {
    Action.VIEW_CYCLE: frozenset(Role),
    Action.DOWNLOAD_REPORT: frozenset(Role),
    Action.ENTER_MEASUREMENT: frozenset({Role.OFFICE, Role.MANAGER, Role.OFFICER}),
    Action.REVIEW_MEASUREMENT: frozenset({Role.OFFICE}),
    Action.OVERRIDE_SCORE: frozenset({Role.OFFICE, Role.OIV}),
    Action.MANAGE_PERIODS: frozenset({Role.OFFICE}),
    Action.VALIDATE_CYCLE: frozenset({Role.OIV}),
    Action.VIEW_AUDIT: frozenset({Role.OFFICE, Role.OIV, Role.SECRETARY_GENERAL}),
    Action.EDIT_PLAN: frozenset({Role.OFFICE}),
    Action.VIEW_APPRAISAL: frozenset(Role),
    Action.MANAGE_APPRAISALS: frozenset({Role.OFFICE}),
    Action.CONDUCT_APPRAISAL: frozenset(Role),
    Action.PROPOSE_APPRAISAL: frozenset({Role.OIV}),
    Action.RESPOND_APPRAISAL: frozenset(Role),
    Action.DECIDE_APPRAISAL_REVIEW: frozenset({Role.OFFICE, Role.OIV}),
    Action.VIEW_APPRAISAL_SUMMARY: frozenset({Role.OFFICE, Role.OIV, Role.SECRETARY_GENERAL}),
    Action.EDIT_CONTEXT: frozenset({Role.OFFICE}),
    Action.PUBLISH: frozenset({Role.OFFICE}),
    Action.MANAGE_API_TOKENS: frozenset({Role.OFFICE}),
}

_WRITES = frozenset(
    {
        Action.ENTER_MEASUREMENT,
        Action.REVIEW_MEASUREMENT,
        Action.OVERRIDE_SCORE,
        Action.MANAGE_PERIODS,
        Action.VALIDATE_CYCLE,
        Action.EDIT_PLAN,
        Action.EDIT_CONTEXT,
    }
)
"""Actions that change a cycle: refused on a validated cycle, whoever asks. Individual
evaluations are not among them: they are written after the OIV validates the Relazione."""


def actor_for(user: User | AnonymousUser, administration_code: str) -> Actor:
    """The actor of ``user`` in the administration ``administration_code``, or ``NoAccess``."""
    if not user.is_authenticated:
        raise NoAccess(administration_code)
    membership = (
        Membership.objects.select_related("administration")
        .prefetch_related("units")
        .filter(user=user, administration__code=administration_code)
        .first()
    )
    if membership is None:
        raise NoAccess(administration_code)
    return Actor(
        user=user,
        administration=membership.administration,
        role=Role(membership.role),
        unit_ids=frozenset(unit.pk for unit in membership.units.all()),
        person_id=membership.person_id,
    )


def request_actor(request: HttpRequest, administration_code: str) -> Actor:
    """``actor_for`` the request's user, resolved once per request (views and template tags
    of one page ask several times). Raises ``NoAccess`` like ``actor_for``."""
    actors: dict[str, Actor | None] = request.__dict__.setdefault("_performa_actors", {})
    if administration_code not in actors:
        try:
            actors[administration_code] = actor_for(request.user, administration_code)
        except NoAccess:
            actors[administration_code] = None
    actor = actors[administration_code]
    if actor is None:
        raise NoAccess(administration_code)
    return actor


def _owns_indicator_filter(actor: Actor) -> Q:
    """Indicators linked to an objective of the actor's units or managed by the actor."""
    condition = Q(links__node__owner_unit_id__in=actor.unit_ids)
    if actor.person_id is not None:
        condition |= Q(links__node__manager_id=actor.person_id)
    return condition


def is_cycle_locked(cycle: Cycle) -> bool:
    """A validated cycle is read-only for everybody."""
    from performa.apps.cycles.models import CycleState

    return cycle.state == CycleState.VALIDATED


def can(
    actor: Actor,
    action: Action,
    *,
    cycle: Cycle | None = None,
    indicator: Indicator | None = None,
    period: MonitoringPeriod | None = None,
) -> bool:
    """Whether ``actor`` may perform ``action`` (on the objects given, in their state).

    - the role must allow the action;
    - objects must belong to the actor's administration;
    - writes are refused on a validated cycle;
    - entering figures needs an open period and, for managers and officers, an indicator
      of one of their units (or of an objective they manage);
    - editing the plan needs a cycle in planning or an open revision.
    """
    if actor.role not in _ROLES_FOR[action]:
        return False
    for item in (cycle, indicator, period):
        if item is not None and item.administration_id != actor.administration.pk:
            return False
    target_cycle = (
        cycle or (period.cycle if period else None) or (indicator.cycle if indicator else None)
    )
    if action in _WRITES and target_cycle is not None and is_cycle_locked(target_cycle):
        return False
    if action is Action.EDIT_PLAN and target_cycle is not None:
        from performa.apps.plans.selectors import is_plan_editable

        return is_plan_editable(target_cycle)
    if action is Action.ENTER_MEASUREMENT:
        if period is not None and not period.is_open:
            return False
        if indicator is not None and actor.role is not Role.OFFICE:
            from performa.apps.plans.models import Indicator

            return (
                Indicator.objects.filter(pk=indicator.pk)
                .filter(_owns_indicator_filter(actor))
                .exists()
            )
    return True


def can_appraisal(actor: Actor, action: Action, sheet: Sheet) -> bool:
    """Whether ``actor`` may ``action`` on one evaluation sheet (personal data).

    On top of ``can``'s role and administration check: only the person, their evaluator, the
    office and the OIV read a sheet; the evaluator (the office for a collegial body) conducts
    it; the OIV proposes where the sheet says so; only the person responds; nobody conducts,
    proposes or decides the review of their own sheet. Source: DOMAIN.md §3.1, §3.5.
    """
    if not can(actor, action, cycle=sheet.cycle):
        return False
    is_person = actor.person_id is not None and actor.person_id == sheet.person_id
    is_evaluator = actor.person_id is not None and actor.person_id == sheet.evaluator_id
    is_office = actor.role is Role.OFFICE
    if action is Action.VIEW_APPRAISAL:
        return is_person or is_evaluator or is_office or actor.role is Role.OIV
    if action is Action.RESPOND_APPRAISAL:
        return is_person
    if is_person:
        return False
    if action is Action.CONDUCT_APPRAISAL:
        return is_evaluator or (is_office and sheet.evaluator_id is None)
    if action is Action.PROPOSE_APPRAISAL:
        return sheet.is_proposed_by_oiv
    return action in (Action.MANAGE_APPRAISALS, Action.DECIDE_APPRAISAL_REVIEW)


def restrict(queryset: QuerySet[Indicator], actor: Actor, action: Action) -> QuerySet[Indicator]:
    """``queryset`` narrowed to the indicators ``actor`` may ``action`` (netbox's restrict)."""
    if actor.role not in _ROLES_FOR[action]:
        return queryset.none()
    queryset = queryset.filter(administration=actor.administration)
    if action is Action.ENTER_MEASUREMENT and actor.role is not Role.OFFICE:
        queryset = queryset.filter(_owns_indicator_filter(actor)).distinct()
    return queryset


def administrations_for(user: User | AnonymousUser) -> list[Administration]:
    """The administrations where ``user`` has a role, by name."""
    if not user.is_authenticated:
        return []
    return list(Administration.objects.filter(memberships__user=user).order_by("name"))
