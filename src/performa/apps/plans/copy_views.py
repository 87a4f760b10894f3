"""Copying a cycle to a new year (office), and the list of copied targets still to review."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.plans.copying import (
    CycleCopyError,
    CycleCopyPermissionError,
    cycle_copy,
    cycle_copy_counts,
    indicator_target_reviewed,
    indicators_to_review,
)
from performa.apps.plans.models import Indicator
from performa.apps.plans.selectors import is_plan_editable
from performa.web.decorators import with_actor


class CycleCopyForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Anno del nuovo ciclo"), min_value=2000, max_value=2100
    )


def _office_cycle(actor: Actor, year: int) -> Cycle:
    """The cycle ``year`` of the actor's administration (404), for the office only (403)."""
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    try:
        cycle = cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None
    if not can(actor, Action.EDIT_PLAN):
        raise PermissionDenied
    return cycle


@require_http_methods(["GET", "POST"])
@with_actor
def cycle_copy_view(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """What copying the cycle takes (counts) and the form to copy it to a new year."""
    source = _office_cycle(actor, year)
    form = CycleCopyForm(request.POST or None, initial={"year": source.year + 1})
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                cycle = cycle_copy(actor, source, form.cleaned_data["year"])
            except CycleCopyPermissionError:
                raise PermissionDenied from None
            except CycleCopyError as refused:
                error, status = refused.message, 400
            else:
                messages.success(
                    request,
                    _("Ciclo %(year)s creato copiando il %(source)s: verifica i target.")
                    % {"year": cycle.year, "source": source.year},
                )
                return redirect(
                    "plan_copy:review", administration=actor.administration.code, year=cycle.year
                )
        else:
            status = 400
    return render(
        request,
        "plan_copy/copy_form.html",
        {
            "cycle": source,
            "counts": cycle_copy_counts(source=source),
            "form": form,
            "error": error,
        },
        status=status,
    )


def _review_page(
    request: HttpRequest, actor: Actor, cycle: Cycle, *, error: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "plan_copy/review_list.html",
        {
            "cycle": cycle,
            "indicators": indicators_to_review(cycle=cycle),
            "is_editable": is_plan_editable(cycle),
            "error": error,
        },
        status=status,
    )


@require_GET
@with_actor
def review_list(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The indicators whose copied targets the office has still to check."""
    return _review_page(request, actor, _office_cycle(actor, year))


@require_POST
@with_actor
def target_reviewed_view(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Mark one indicator's copied target as checked."""
    cycle = _office_cycle(actor, year)
    indicator = Indicator.objects.filter(cycle=cycle, code=code).first()
    if indicator is None:
        raise Http404("no such indicator")
    try:
        indicator_target_reviewed(actor=actor, indicator=indicator)
    except CycleCopyPermissionError:
        raise PermissionDenied from None
    except CycleCopyError as refused:
        return _review_page(request, actor, cycle, error=refused.message, status=400)
    messages.success(
        request, _("Target di %(code)s segnato come verificato.") % {"code": indicator.code}
    )
    return redirect("plan_copy:review", administration=actor.administration.code, year=cycle.year)
