# Fills AuditEntry.cycle where the object code names it (``<administration>/<year>`` or
# ``<administration>/<year>/…``, the form services write for cycles, periods and overrides).
# Bare codes (a figure's ``<indicator> @ <period>``) name no year: those rows stay without a
# cycle, and the selectors' fallback keeps matching them by code.

from django.db import migrations
from django.db.models import Q


def fill_cycles(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Cycle = apps.get_model("cycles", "Cycle")
    for cycle in Cycle.objects.select_related("administration").iterator():
        code = f"{cycle.administration.code}/{cycle.year}"
        AuditEntry.objects.filter(
            administration_id=cycle.administration_id, cycle__isnull=True
        ).filter(Q(object_code=code) | Q(object_code__startswith=f"{code}/")).update(cycle=cycle)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_auditentry_cycle'),
    ]

    operations = [
        migrations.RunPython(fill_cycles, migrations.RunPython.noop, elidable=True),
    ]
