"""The one way to write the audit trail; services call it inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from performa.apps.administrations.models import Administration
from performa.apps.audit.models import AuditEntry


def audit_record(
    *,
    action: str,
    object_type: str,
    actor_label: str,
    administration: Administration | None = None,
    actor: User | None = None,
    object_code: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Record one action: ``before``/``after`` are JSON-serialisable snapshots of the values."""
    return AuditEntry.objects.create(
        administration=administration,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_code=object_code,
        before=before,
        after=after,
        reason=reason,
    )
