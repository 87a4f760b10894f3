"""The base measures page: each measure's value in a period, typed once, and the formula
indicators it feeds. Views parse, call one service or selector, and render."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.measurements.base_values import (
    BaseValueSaved,
    base_measure_lines,
    base_value_save,
)
from performa.apps.measurements.forms import parse_number
from performa.apps.measurements.selectors import period_chosen, periods_of_cycle
from performa.apps.measurements.services import (
    MeasurementConflictError,
    MeasurementError,
    MeasurementRefusedError,
)
from performa.apps.plans.models import BaseMeasure
from performa.web.decorators import with_actor


class BaseValueForm(forms.Form):
    """One measure's value as typed, with the version the page showed."""

    measure = forms.CharField(max_length=64)
    period = forms.CharField(max_length=32)
    value = forms.CharField(max_length=40, label=gettext_lazy("Valore"))
    comment = forms.CharField(required=False, max_length=2000, label=gettext_lazy("Commento"))
    version = forms.IntegerField(min_value=0)

    def clean_value(self) -> Decimal:
        text = self.cleaned_data["value"]
        try:
            return parse_number(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


def _cycle(actor: Actor, year: int) -> Cycle:
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _saved_messages(request: HttpRequest, saved: BaseValueSaved) -> None:
    measure = saved.value.measure
    messages.success(request, _("Valore di «%(code)s» salvato.") % {"code": measure.code})
    for figure in saved.figures:
        code = figure.indicator.code
        if figure.problem:
            messages.warning(request, f"{code}: {figure.problem}.")
        elif figure.waiting_for:
            messages.info(
                request,
                _("%(code)s si calcolerà quando avranno un valore: %(names)s.")
                % {"code": code, "names": ", ".join(figure.waiting_for)},
            )
        elif figure.changed:
            messages.success(
                request,
                _("%(code)s ricalcolato: il valore è in bozza, da inviare al controllo.")
                % {"code": code},
            )


@require_http_methods(["GET", "POST"])
@with_actor
def base_values(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The base measures with their values in the chosen period; a POST saves one value."""
    if not can(actor, Action.VIEW_CYCLE):
        raise PermissionDenied
    cycle = _cycle(actor, year)
    periods = periods_of_cycle(cycle=cycle)
    period = period_chosen(periods, request.POST.get("period") or request.GET.get("periodo"))
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = BaseValueForm(request.POST)
        if period is None or not form.is_valid():
            measure_code = request.POST.get("measure", "")
            errors[measure_code] = " ".join(
                str(message) for message_list in form.errors.values() for message in message_list
            ) or _("Richiesta non valida.")
            status = 400
        else:
            measure = get_object_or_404(BaseMeasure, cycle=cycle, code=form.cleaned_data["measure"])
            try:
                saved = base_value_save(
                    actor=actor,
                    measure=measure,
                    period=period,
                    value=form.cleaned_data["value"],
                    version=form.cleaned_data["version"],
                    comment=form.cleaned_data["comment"],
                )
            except MeasurementRefusedError as error:
                raise PermissionDenied(error.message) from None
            except MeasurementConflictError as error:
                errors[measure.code] = error.message
                status = 409
            except MeasurementError as error:
                errors[measure.code] = error.message
                status = 400
            else:
                _saved_messages(request, saved)
                return redirect(f"{request.path}?periodo={period.code}#misura-{measure.code}")
    rows = base_measure_lines(actor=actor, period=period) if period is not None else []
    return render(
        request,
        "measurements/base_values.html",
        {
            "cycle": cycle,
            "periods": periods,
            "period": period,
            "entries": [(row, errors.get(row.measure.code, "")) for row in rows],
            "posted": request.POST if status != 200 else {},
            "can_define": can(actor, Action.EDIT_PLAN, cycle=cycle),
            "is_locked": is_cycle_locked(cycle),
        },
        status=status,
    )
