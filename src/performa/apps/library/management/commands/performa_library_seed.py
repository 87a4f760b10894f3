"""``manage.py performa_library_seed``: the common indicator library (the Unioncamere
"obiettivi comuni di sistema" the reference report names), created or brought up to date.

The first migration of the library already loads them; run this after an upgrade that adds
or renames common entries. Running it twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from performa.apps.library.services import library_seed_common


class Command(BaseCommand):
    help = "Create or update the common library's indicators (OC_TD_01, OC_TD_02, ...)."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = library_seed_common()
        for label, codes in (
            ("created", outcome.created),
            ("updated", outcome.updated),
            ("unchanged", outcome.unchanged),
        ):
            self.stdout.write(f"{label}: {', '.join(codes) if codes else '-'}")
