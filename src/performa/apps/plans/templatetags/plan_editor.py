"""Template filters of the plan editor's pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from performa.apps.plans.editing import number_text

register = template.Library()


@register.filter
def plain_number(value: Decimal | None) -> str:
    """A weight or target the Italian way with the decimals it has: ``16,5``; ``—`` for none."""
    return number_text(value)
