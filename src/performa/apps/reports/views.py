"""Report downloads: the Relazione of a cycle in one format."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.reports.documents import report_file
from performa.reporting.renderers import FORMATS
from performa.web.decorators import with_actor


@with_actor
def report_download(request: HttpRequest, actor: Actor, year: int, format: str) -> HttpResponse:
    """The Relazione of the cycle as a file download (rendered from the current data).

    Rendered once per content: a second download of unchanged data comes from the cache.
    """
    if format not in FORMATS or not can(actor, Action.DOWNLOAD_REPORT):
        raise Http404
    try:
        cycle = cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None
    rendered = report_file(cycle=cycle, format_name=format)
    response = HttpResponse(rendered.content, content_type=rendered.media_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.name}"'
    return response
