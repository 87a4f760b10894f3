"""The office's pages defining base measures (their values are typed on the data-entry side,
``measurements:base-values``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from performa.apps.administrations.access import Actor
from performa.apps.cycles.models import Cycle
from performa.apps.plans.editing import (
    PlanEditError,
    base_measure_delete,
    base_measure_save,
)
from performa.apps.plans.forms import BaseMeasureForm
from performa.apps.plans.formulas import indicators_using
from performa.apps.plans.models import BaseMeasure
from performa.apps.plans.views import editable_cycle, put_on_form, refuse_if_not_allowed
from performa.web.decorators import with_actor


def _measure_or_404(cycle: Cycle, code: str) -> BaseMeasure:
    measure = BaseMeasure.objects.filter(cycle=cycle, code=code).select_related("cycle").first()
    if measure is None:
        raise Http404("no such base measure")
    return measure


def _back(cycle: Cycle) -> HttpResponse:
    return redirect(
        "measurements:base-values", administration=cycle.administration.code, year=cycle.year
    )


def _page(
    request: HttpRequest,
    cycle: Cycle,
    form: BaseMeasureForm,
    measure: BaseMeasure | None,
    *,
    status: int = 200,
    delete_error: str = "",
) -> HttpResponse:
    return render(
        request,
        "plans/base_measure_form.html",
        {
            "cycle": cycle,
            "form": form,
            "measure": measure,
            "users": indicators_using(measure) if measure is not None else [],
            "delete_error": delete_error,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@with_actor
def base_measure_new(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Define a base measure of the cycle."""
    cycle = editable_cycle(actor, year)
    return _edit(request, actor, cycle, None)


@require_http_methods(["GET", "POST"])
@with_actor
def base_measure_edit(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Change a base measure's definition."""
    cycle = editable_cycle(actor, year)
    return _edit(request, actor, cycle, _measure_or_404(cycle, code))


def _edit(
    request: HttpRequest, actor: Actor, cycle: Cycle, measure: BaseMeasure | None
) -> HttpResponse:
    administration = cycle.administration
    if request.method == "GET":
        initial = (
            {}
            if measure is None
            else {
                "code": measure.code,
                "name": measure.name,
                "unit": measure.unit,
                "description": measure.description,
                "data_source": measure.data_source,
                "responsible_unit": measure.responsible_unit_id,
            }
        )
        form = BaseMeasureForm(initial=initial, administration=administration)
        return _page(request, cycle, form, measure)
    form = BaseMeasureForm(request.POST, administration=administration)
    if not form.is_valid():
        return _page(request, cycle, form, measure, status=400)
    try:
        saved = base_measure_save(
            actor=actor,
            cycle=cycle,
            measure=measure,
            fields=form.base_measure_fields(),
            reason=form.cleaned_data["reason"],
        )
    except PlanEditError as error:
        refuse_if_not_allowed(error)
        put_on_form(form, error)
        return _page(request, cycle, form, measure, status=400)
    messages.success(request, _("Misura di base «%(code)s» salvata.") % {"code": saved.code})
    return _back(cycle)


@require_POST
@with_actor
def base_measure_remove(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Remove a base measure no formula reads, with its values."""
    cycle = editable_cycle(actor, year)
    measure = _measure_or_404(cycle, code)
    try:
        base_measure_delete(actor=actor, measure=measure, reason=request.POST.get("reason", ""))
    except PlanEditError as error:
        refuse_if_not_allowed(error)
        form = BaseMeasureForm(
            initial={"code": measure.code, "name": measure.name},
            administration=cycle.administration,
        )
        return _page(request, cycle, form, measure, status=400, delete_error=error.message)
    messages.success(request, _("Misura di base «%(code)s» eliminata.") % {"code": code})
    return _back(cycle)
