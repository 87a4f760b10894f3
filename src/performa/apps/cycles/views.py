"""The cycle's home page: headline scores and the Relazione in every format."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of, cycle_scores
from performa.reporting.formatting import format_percent
from performa.reporting.renderers import FORMATS
from performa.web.decorators import with_actor


@with_actor
def cycle_detail(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Entity and area scores of the cycle, with a download button per report format."""
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    try:
        cycle = cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None
    scored = cycle_scores(cycle=cycle)
    areas = [(node, format_percent(node.evaluated_percent)) for node in scored.root.children]
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "cycle": cycle,
            "entity": scored.root,
            "entity_percent": format_percent(scored.root.evaluated_percent),
            "areas": areas,
            "formats": FORMATS if can(actor, Action.DOWNLOAD_REPORT) else (),
        },
    )
