"""A cycle's data version: bumped by every change to the cycle's data, it keys the score cache.

Saves and deletes through the ORM bump it via signals (so admin edits count too); services
that write with ``bulk_create`` or ``update()`` call ``cycle_touch`` themselves.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from performa.apps.cycles.models import Cycle, initial_data_version


def cycle_touch(*, cycle_id: int) -> None:
    """Mark the cycle's data as changed (cached scores of earlier versions become unused).

    The new version is time-based rather than a counter: a counter would come back to the
    same number after a rolled-back transaction and meet scores cached from the lost data.
    """
    Cycle.objects.filter(pk=cycle_id).update(data_version=initial_data_version())


def _cycle_id_of(instance: Model) -> int | None:
    if isinstance(instance, Cycle):
        return instance.pk
    for path in ("cycle_id", "period__cycle_id", "node__cycle_id", "table__cycle_id"):
        owner: Any = instance
        for part in path.split("__")[:-1]:
            try:
                owner = getattr(owner, part, None)
            except ObjectDoesNotExist:  # a parent deleted in the same cascade
                owner = None
            if owner is None:
                break
        else:
            value = getattr(owner, path.split("__")[-1], None)
            if value is not None:
                return int(value)
    return None


def _bump(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures
        return
    cycle_id = _cycle_id_of(instance)
    if cycle_id is not None:
        cycle_touch(cycle_id=cycle_id)


def connect_cycle_signals() -> None:
    """Bump the version on saves and deletes of every model that holds a cycle's data."""
    from django.apps import apps

    labels = (
        "cycles.Cycle",
        "cycles.PlanLevel",
        "cycles.MonitoringPeriod",
        "plans.PlanNode",
        "plans.Indicator",
        "plans.IndicatorLink",
        "plans.Assignment",
        "plans.PlanNote",
        "plans.BaseMeasure",
        "measurements.Measurement",
        "measurements.BaseMeasureValue",
        "evaluations.Override",
        "reports.Narrative",
        "reports.ProcessStep",
        "contexts.ContextTable",
        "contexts.ContextTableRow",
    )
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(_bump, sender=model, dispatch_uid=f"cycle-version-save-{label}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"cycle-version-delete-{label}")
