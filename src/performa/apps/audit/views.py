"""The audit trail: the filtered, paginated list, its CSV export, and one object's history.

Only roles with ``Action.VIEW_AUDIT`` (office, OIV, Segretario Generale) read it; others get
403, users of other administrations 404.
"""

from __future__ import annotations

import csv

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.audit.forms import AuditFilterForm
from performa.apps.audit.selectors import (
    audit_actions_for,
    audit_entries_for,
    audit_history_for,
    audit_items,
    audit_rows,
)
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.web.decorators import with_actor

PAGE_SIZE = 50
HISTORY_LIMIT = 200
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula for spreadsheets: it is quoted on export."""


def _cycle(actor: Actor, year: int) -> Cycle:
    if not can(actor, Action.VIEW_AUDIT):
        raise PermissionDenied
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


@with_actor
def audit_list(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The cycle's audit trail, filtered and paginated, newest first."""
    cycle = _cycle(actor, year)
    form = AuditFilterForm(request.GET)
    entries = audit_entries_for(cycle=cycle, filters=form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "audit/entry_list.html",
        {
            "cycle": cycle,
            "form": form,
            "page": page,
            "items": audit_items(page.object_list),
            "actions": audit_actions_for(cycle=cycle),
            "query": _query_without_page(request),
        },
    )


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


@with_actor
def audit_export(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The filtered audit trail as CSV (semicolons, UTF-8 with BOM: opens in Italian Excel)."""
    cycle = _cycle(actor, year)
    form = AuditFilterForm(request.GET)
    entries = audit_entries_for(cycle=cycle, filters=form.filters())
    filename = f"registro-{cycle.administration.code}-{cycle.year}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Data e ora"),
            _("Autore"),
            _("Azione"),
            _("Descrizione"),
            _("Tipo di oggetto"),
            _("Oggetto"),
            _("Prima"),
            _("Dopo"),
            _("Motivo"),
        ]
    )
    for row in audit_rows(entries.iterator(chunk_size=500)):
        writer.writerow(
            [
                row.created_at,
                _cell(row.actor),
                row.action,
                row.action_label,
                row.object_type,
                _cell(row.object_code),
                _cell(row.before),
                _cell(row.after),
                _cell(row.reason),
            ]
        )
    return response


@with_actor
def audit_history(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """The history of one objective or indicator (a partial for htmx, else a whole page)."""
    cycle = _cycle(actor, year)
    items = audit_history_for(cycle=cycle, codes=[code], limit=HISTORY_LIMIT)
    context = {"cycle": cycle, "code": code, "items": items, "history_limit": HISTORY_LIMIT}
    is_partial = request.headers.get("HX-Request") == "true"
    template = "audit/_entry_list.html" if is_partial else "audit/entry_history.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
