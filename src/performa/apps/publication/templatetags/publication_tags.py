"""Template helpers of the public pages: a status as symbol and tone, never colour alone."""

from __future__ import annotations

from django import template

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
