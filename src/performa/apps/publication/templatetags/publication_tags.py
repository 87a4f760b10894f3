"""Template helpers of the public pages: a status as symbol and tone, never colour alone."""

from __future__ import annotations

from decimal import Decimal

from django import template

from performa.reporting.formatting import format_percent

register = template.Library()

_TONES = {
    "achieved": ("good", "●"),
    "on_track": ("good", "●"),
    "partly_achieved": ("warning", "▲"),
    "critical": ("warning", "▲"),
    "not_achieved": ("bad", "▼"),
    "off_target": ("bad", "▼"),
    "not_available": ("neutral", "?"),
}


@register.filter
def status_tone(status: str) -> str:
    """The tone of a status code (``good``, ``warning``, ``bad``, ``neutral``)."""
    return _TONES.get(status, ("neutral", "?"))[0]


@register.filter
def status_symbol(status: str) -> str:
    """The symbol that makes a status readable without colour."""
    return _TONES.get(status, ("neutral", "?"))[1]


@register.filter
def it_percent(text: str | None) -> str:
    """A snapshot's exact decimal string as an Italian percentage: ``"16.6667"`` → ``16,67 %``."""
    if text in (None, ""):
        return "—"
    return format_percent(Decimal(str(text)))
