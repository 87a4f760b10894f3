"""The data-entry links of the cycle navigation ("I miei indicatori", "Revisione")."""

from __future__ import annotations

from typing import Any

from django import template

from performa.apps.administrations.access import Action, Actor, NoAccess, can, request_actor
from performa.apps.cycles.models import Cycle
from performa.apps.measurements.selectors import submitted_count_for

register = template.Library()


@register.inclusion_tag("measurements/_nav_links.html", takes_context=True)
def measurement_links(context: template.Context, cycle: Cycle) -> dict[str, Any]:
    """The links the current user's role allows, with the number of figures to review.

    Uses the view's ``actor`` when the context has one, otherwise resolves it.
    """
    actor = context.get("actor")
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match is not None else ""
    if not isinstance(actor, Actor):
        try:
            actor = request_actor(request, cycle.administration.code) if request else None
        except NoAccess:
            actor = None
    if actor is None:
        return {"cycle": cycle, "show_entry": False, "show_review": False}
    show_review = can(actor, Action.REVIEW_MEASUREMENT)
    return {
        "cycle": cycle,
        "current": current,
        "show_entry": can(actor, Action.ENTER_MEASUREMENT),
        "show_review": show_review,
        "submitted_count": submitted_count_for(cycle=cycle) if show_review else 0,
    }
