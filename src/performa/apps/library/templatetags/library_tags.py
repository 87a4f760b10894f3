"""``{% library_origin indicator %}``: where a cycle indicator came from in the library, for the
plan pages (a link to the entry, or nothing when it is not tied to one)."""

from __future__ import annotations

from typing import Any

from django import template

from performa.apps.library.selectors import library_origin_of
from performa.apps.plans.models import Indicator

register = template.Library()


@register.inclusion_tag("library/_origin.html")
def library_origin(indicator: Indicator) -> dict[str, Any]:
    adoption = library_origin_of(indicator=indicator)
    return {
        "adoption": adoption,
        "entry": adoption.library_indicator if adoption is not None else None,
        "administration_code": indicator.cycle.administration.code,
    }
