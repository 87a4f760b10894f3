"""The cruscotto and the objective page: parse the query string, call one selector, render.

With htmx the filters swap only the results and the tree's drill-down swaps one node; without
JavaScript the same URLs answer with whole pages.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.audit.selectors import audit_history_for
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.dashboards.forms import DashboardFilterForm
from performa.apps.dashboards.selectors import (
    ObjectiveNotFound,
    dashboard_for,
    node_drill_for,
    objective_detail_for,
)
from performa.web.decorators import with_actor
from performa.web.fragments import cached_fragment

HISTORY_LIMIT = 50
"""Entries of an objective's history shown on its page; the audit list has the rest."""


def _cycle(actor: Actor, year: int) -> Cycle:
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _query(form: DashboardFilterForm) -> str:
    """The query string of the current period and filters (empty values left out)."""
    filters = form.filters()
    pairs = {
        "periodo": form.period_code(),
        "area": filters.area,
        "unita": filters.unit,
        "responsabile": filters.manager,
        "stato": filters.status,
    }
    return urlencode({key: value for key, value in pairs.items() if value})


@with_actor
def dashboard(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The cruscotto: headline cards, the filtered tree and the deviations of one period.

    The filters and results are the same for every viewer of the cycle, so they are rendered
    once per data version, period, filters and day (late figures depend on the date).
    """
    cycle = _cycle(actor, year)
    form = DashboardFilterForm(request.GET)
    filters, period_code, today = form.filters(), form.period_code(), timezone.localdate()
    is_partial = _is_htmx(request) and request.headers.get("HX-Target") == "dashboard-results"
    template = (
        "dashboards/_dashboard_results.html" if is_partial else "dashboards/_dashboard_body.html"
    )

    def build() -> str:
        board = dashboard_for(cycle=cycle, filters=filters, period_code=period_code, today=today)
        context = {"cycle": cycle, "board": board, "query": _query(form), "is_partial": is_partial}
        return render_to_string(template, context)

    parts = (cycle.pk, cycle.data_version, period_code, filters, today, template)
    body = mark_safe(cached_fragment("dashboard", parts, build))  # noqa: S308 - our template's output
    if is_partial:
        response = HttpResponse(body)
    else:
        response = render(request, "dashboards/dashboard.html", {"cycle": cycle, "body": body})
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@with_actor
def objective_detail(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """One objective: indicators, computed and evaluated score, trace, history, "Intervieni"."""
    cycle = _cycle(actor, year)
    period_code = str(request.GET.get("periodo", ""))[:32]
    try:
        detail = objective_detail_for(cycle=cycle, code=code, period_code=period_code)
    except ObjectiveNotFound:
        raise Http404("no such objective") from None
    can_view_audit = can(actor, Action.VIEW_AUDIT)
    history = (
        audit_history_for(cycle=cycle, codes=detail.history_codes, limit=HISTORY_LIMIT)
        if can_view_audit
        else []
    )
    return render(
        request,
        "dashboards/objective_detail.html",
        {
            "cycle": cycle,
            "detail": detail,
            "history": history,
            "history_limit": HISTORY_LIMIT,
            "can_view_audit": can_view_audit,
            "can_override": can(actor, Action.OVERRIDE_SCORE, cycle=cycle),
            "is_locked": is_cycle_locked(cycle),
        },
    )


@with_actor
def objective_indicators(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """The tree's drill-down (htmx): one node's row, opened on its indicators or closed again.

    Without htmx it sends the browser to the objective's page.
    """
    cycle = _cycle(actor, year)
    form = DashboardFilterForm(request.GET)
    if not _is_htmx(request):
        url = reverse(
            "dashboards:objective",
            kwargs={"administration": cycle.administration.code, "year": cycle.year, "code": code},
        )
        period_code = form.period_code()
        return HttpResponseRedirect(
            f"{url}?{urlencode({'periodo': period_code})}" if period_code else url
        )
    try:
        drill = node_drill_for(
            cycle=cycle, code=code, filters=form.filters(), period_code=form.period_code()
        )
    except ObjectiveNotFound:
        raise Http404("no such objective") from None
    response = render(
        request,
        "dashboards/_tree_node.html",
        {
            "cycle": cycle,
            "row": drill.row,
            "detail": drill.detail,
            "is_open": request.GET.get("aperto") == "1",
            "query": _query(form),
            "period": drill.detail.period,
        },
    )
    patch_vary_headers(response, ("HX-Request",))
    return response
