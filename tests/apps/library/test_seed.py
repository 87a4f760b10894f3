"""The common library: loaded by the migration, brought up to date by the command."""

from __future__ import annotations

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from performa.apps.audit.models import AuditEntry
from performa.apps.library.common import COMMON_INDICATORS
from performa.apps.library.models import LibraryIndicator

pytestmark = pytest.mark.django_db

REPORT_NAMES = {
    "OC_TD_01": "Livelli di attività di valutazione della maturità digitale delle imprese",
    "OC_TD_02": "Azioni di diffusione della cultura digitale realizzate dal PID",
    "DC_CCU_01": "Grado di utilizzo del modello di recruitment «per competenze»",
    "S13": "Indice di struttura demografica del personale",
    "S14": "Tasso di sostituzione (unità)",
}
"""As the reference report prints them (lines 521, 523, 904, 906, 907)."""


def _common() -> dict[str, str]:
    return dict(LibraryIndicator.objects.filter(owner=None).values_list("code", "name"))


def test_the_migration_loads_the_common_library() -> None:
    # Run the migration's function itself: a transactional test earlier in the session may
    # have flushed what the migration loaded.
    LibraryIndicator.objects.filter(owner=None).delete()
    import_module("performa.apps.library.migrations.0002_common_indicators").seed(apps, None)
    assert _common() == REPORT_NAMES
    assert {row.code: row.name for row in COMMON_INDICATORS} == REPORT_NAMES
    for row in COMMON_INDICATORS:
        entry = LibraryIndicator.objects.get(owner=None, code=row.code)
        assert (entry.unit, entry.value_type, entry.polarity, entry.notes) == (
            row.unit,
            row.value_type,
            row.polarity,
            row.notes,
        )


@pytest.mark.usefixtures("common_library")
def test_the_seed_creates_what_is_missing_and_repairs_what_changed() -> None:
    last_audit = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    LibraryIndicator.objects.filter(owner=None, code="OC_TD_02").delete()
    LibraryIndicator.objects.filter(owner=None, code="S13").update(name="Vecchio nome", unit="N.")
    LibraryIndicator.objects.filter(owner=None, code="S14").update(formula="a / b")
    out = StringIO()
    call_command("performa_library_seed", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "created: OC_TD_02"
    assert lines[1] == "updated: S13"
    assert lines[2] == "unchanged: OC_TD_01, DC_CCU_01, S14"
    assert _common() == REPORT_NAMES
    s13 = LibraryIndicator.objects.get(owner=None, code="S13")
    assert (s13.unit, s13.version) == ("%", 2)
    # What a superuser completed in the admin stays.
    assert LibraryIndicator.objects.get(owner=None, code="S14").formula == "a / b"
    assert set(
        AuditEntry.objects.filter(action="library_seed_common", pk__gt=last_audit).values_list(
            "object_code", flat=True
        )
    ) == {"OC_TD_02", "S13"}
    # Again: nothing to do.
    out = StringIO()
    call_command("performa_library_seed", stdout=out)
    assert out.getvalue().splitlines()[:2] == ["created: -", "updated: -"]
