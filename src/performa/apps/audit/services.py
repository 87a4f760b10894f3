"""The one way to write the audit trail; services call it inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from performa.apps.administrations.access import Actor
from performa.apps.administrations.models import Administration
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle


def audit_record(
    *,
    action: str,
    object_type: str,
    actor_label: str,
    administration: Administration | None = None,
    cycle: Cycle | None = None,
    actor: User | None = None,
    object_code: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Record one action: ``before``/``after`` are JSON-serialisable snapshots of the values.

    ``cycle`` is the cycle the action belongs to, when it belongs to one: the cycle's audit
    list and the objects' histories select entries by it. It must be of ``administration``.
    """
    if (
        cycle is not None
        and administration is not None
        and cycle.administration_id != administration.pk
    ):
        raise ValueError("the audited cycle belongs to another administration")
    return AuditEntry.objects.create(
        administration=administration,
        cycle=cycle,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_code=object_code,
        before=before,
        after=after,
        reason=reason,
    )


def audit_record_by(
    actor: Actor,
    *,
    cycle: Cycle,
    action: str,
    object_type: str,
    object_code: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """``audit_record`` of a change ``actor`` made to ``cycle``: the user, their name as the
    label, and the cycle's administration."""
    return audit_record(
        administration=cycle.administration,
        cycle=cycle,
        actor=actor.user,
        actor_label=actor.user.get_username(),
        action=action,
        object_type=object_type,
        object_code=object_code,
        before=before,
        after=after,
        reason=reason,
    )
