"""Reads of administrations."""

from __future__ import annotations

from dataclasses import fields

from performa.apps.administrations.models import Administration
from performa.reporting.document import Branding


def branding_of(*, administration: Administration) -> Branding:
    """The administration's report branding: its stored settings over the defaults.

    Unknown keys are ignored, so an old setting never breaks a report.
    """
    known = {field.name for field in fields(Branding)}
    settings = {
        key: str(value) for key, value in (administration.branding or {}).items() if key in known
    }
    return Branding(**settings)
