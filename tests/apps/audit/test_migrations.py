"""The data migration that gives older audit entries their cycle, where the code names it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from performa.apps.administrations.models import Administration
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle

pytestmark = pytest.mark.django_db

fill = importlib.import_module("performa.apps.audit.migrations.0003_auditentry_cycle_fill")


def test_entries_whose_code_names_the_cycle_get_it_and_bare_ones_stay_without() -> None:
    administration = Administration.objects.create(code="ente", name="Ente")
    other = Administration.objects.create(code="altro", name="Altro")
    cycles = {
        year: Cycle.objects.create(administration=administration, year=year)
        for year in (2024, 2025)
    }
    other_cycle = Cycle.objects.create(administration=other, year=2024)
    codes = {
        "ente/2024": cycles[2024],
        "ente/2024/S1": cycles[2024],
        "ente/2025/01_01": cycles[2025],
        "ente/20245/01_01": None,  # no such cycle: the year is not 2024
        "ente/2023/01_01": None,  # a cycle no longer there
        "01_01_I01 @ S1": None,  # a bare code names no year
    }
    for code in codes:
        AuditEntry.objects.create(
            administration=administration,
            actor_label="x",
            action="a",
            object_type="t",
            object_code=code,
        )
    AuditEntry.objects.create(
        administration=other,
        actor_label="x",
        action="a",
        object_type="t",
        object_code="ente/2024/01_01",  # another administration's entry is never moved
    )
    fill.fill_cycles(apps, None)
    assert {
        entry.object_code: entry.cycle
        for entry in AuditEntry.objects.filter(administration=administration)
    } == codes
    assert AuditEntry.objects.get(administration=other).cycle is None
    assert other_cycle.pk not in AuditEntry.objects.values_list("cycle", flat=True)
