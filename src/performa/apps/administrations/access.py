"""Who may do what: the single resolver of a request's actor, and the permission policy.

Every interface (web views, API, CLI, jobs) resolves an ``Actor`` here and asks ``can``;
nothing else decides permissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User

from performa.apps.administrations.models import Administration, Membership, Role


class NoAccess(Exception):
    """The user has no role in the administration (interfaces answer 404, not 403)."""


class Action(StrEnum):
    VIEW_CYCLE = "view_cycle"
    DOWNLOAD_REPORT = "download_report"


@dataclass(frozen=True, slots=True)
class Actor:
    """A user acting in one administration with one role, and the units they answer for."""

    user: User
    administration: Administration
    role: Role
    unit_ids: frozenset[int]


_ALLOWED: dict[Action, frozenset[Role]] = {
    Action.VIEW_CYCLE: frozenset(Role),
    Action.DOWNLOAD_REPORT: frozenset(Role),
}


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
    )


def can(actor: Actor, action: Action) -> bool:
    """Whether ``actor`` may perform ``action`` in their administration."""
    return actor.role in _ALLOWED[action]


def administrations_for(user: User | AnonymousUser) -> list[Administration]:
    """The administrations where ``user`` has a role, by name."""
    if not user.is_authenticated:
        return []
    return list(Administration.objects.filter(memberships__user=user).order_by("name"))
