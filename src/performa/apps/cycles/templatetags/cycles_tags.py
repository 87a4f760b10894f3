"""Template helpers of the cycle pages: Italian dates and percentages, status tones, permissions.

``actor_can`` lets shared templates (the cycle navigation) show a link only to those who may
follow it, whichever view rendered them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template

from performa.apps.administrations.access import Action, NoAccess, can, request_actor
from performa.apps.cycles.models import Cycle
from performa.reporting.formatting import format_date, format_percent

register = template.Library()

_TONES = {
    "achieved": "success",
    "on_track": "success",
    "partly_achieved": "warning",
    "critical": "warning",
    "not_achieved": "danger",
    "off_target": "danger",
}
_SYMBOLS = {"success": "●", "warning": "▲", "danger": "▼"}


@register.filter
def it_date(value: date | None) -> str:
    """``31/07/2024``; empty without a date."""
    return format_date(value) if value is not None else ""


@register.filter
def it_percent(value: Decimal | None) -> str:
    """``96,41 %``; ``N/D`` without a score."""
    return format_percent(value)


@register.filter
def status_tone(status: str) -> str:
    """The Bootstrap Italia colour of a status value (``success``, ``warning``, ``danger``)."""
    return _TONES.get(str(status), "secondary")


@register.filter
def status_symbol(status: str) -> str:
    """The symbol that makes a status readable without colour (as in the report)."""
    return _SYMBOLS.get(_TONES.get(str(status), ""), "?")


@register.simple_tag(takes_context=True)
def actor_can(context: dict[str, Any], cycle: Cycle, action: str) -> bool:
    """Whether the current user's role allows ``action`` (an ``Action`` value) in the cycle's
    administration; the state (a validated cycle) is left to the page, which says why."""
    request = context.get("request")
    if request is None:
        return False
    try:
        actor = request_actor(request, cycle.administration.code)
    except NoAccess:
        return False
    return can(actor, Action(action))
