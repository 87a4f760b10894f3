"""The data-entry links of the cycle navigation ("I miei indicatori", "Revisione") and the
number of figures waiting for review, which htmx responses refresh out of band."""

from __future__ import annotations

from typing import Any

from django import template

from performa.apps.administrations.access import Action, Actor, NoAccess, can, request_actor
from performa.apps.cycles.models import Cycle
from performa.apps.measurements.selectors import submitted_count_for

register = template.Library()


def _actor_in(context: template.Context, cycle: Cycle) -> Actor | None:
    """The view's ``actor`` when the context has one, otherwise the request's, or ``None``."""
    actor = context.get("actor")
    if isinstance(actor, Actor):
        return actor
    request = context.get("request")
    if request is None:
        return None
    try:
        return request_actor(request, cycle.administration.code)
    except NoAccess:
        return None


def _review_count(actor: Actor | None, cycle: Cycle) -> dict[str, Any]:
    show_review = actor is not None and can(actor, Action.REVIEW_MEASUREMENT)
    return {
        "cycle": cycle,
        "show_review": show_review,
        "submitted_count": submitted_count_for(cycle=cycle) if show_review else 0,
    }


@register.inclusion_tag("measurements/_nav_links.html", takes_context=True)
def measurement_links(context: template.Context, cycle: Cycle) -> dict[str, Any]:
    """The links the current user's role allows, with the number of figures to review."""
    actor = _actor_in(context, cycle)
    match = getattr(context.get("request"), "resolver_match", None)
    return {
        **_review_count(actor, cycle),
        "current": match.view_name if match is not None else "",
        "show_entry": actor is not None and can(actor, Action.ENTER_MEASUREMENT),
    }


@register.inclusion_tag("measurements/_review_count.html", takes_context=True)
def review_count_swap(context: template.Context, cycle: Cycle) -> dict[str, Any]:
    """The navigation's counter of figures to review as an htmx out-of-band swap, for the
    responses that change it; nothing for a user whose navigation has no counter."""
    return {**_review_count(_actor_in(context, cycle), cycle), "is_swap": True}
