"""Interventions ("Intervieni"): the form that sets or removes an evaluated score.

Only the office and the OIV (``Action.OVERRIDE_SCORE``) reach the form: other roles get 403,
other administrations 404. The service re-checks everything; its refusals (a validated cycle,
a score out of range) come back as messages on the form with status 400.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.dashboards.selectors import ObjectiveNotFound, ScoreTarget, score_target_for
from performa.apps.evaluations.forms import OverrideForm, OverrideRemoveForm
from performa.apps.evaluations.services import (
    OverrideError,
    OverrideNotFoundError,
    OverridePermissionError,
    override_remove,
    override_set,
)
from performa.web.decorators import with_actor


def _cycle_and_target(actor: Actor, year: int, code: str) -> tuple[Cycle, ScoreTarget]:
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    try:
        cycle = cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None
    if not can(actor, Action.OVERRIDE_SCORE):
        raise PermissionDenied
    try:
        return cycle, score_target_for(cycle=cycle, code=code)
    except ObjectiveNotFound:
        raise Http404("no such objective or indicator") from None


def _back_url(request: HttpRequest, cycle: Cycle, target: ScoreTarget) -> str:
    """Where to go afterwards: a safe ``next`` from the form, else the objective's page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    kwargs = {"administration": cycle.administration.code, "year": cycle.year}
    if target.objective_code is None:
        return reverse("dashboards:dashboard", kwargs=kwargs)
    return reverse("dashboards:objective", kwargs={**kwargs, "code": target.objective_code})


def _plain_percent(percent: Decimal) -> str:
    """A stored percent as the form shows it again: "85,5", without padding zeros."""
    return format(percent.normalize(), "f").replace(".", ",")


def _page(
    request: HttpRequest,
    cycle: Cycle,
    target: ScoreTarget,
    form: OverrideForm,
    remove_form: OverrideRemoveForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "evaluations/override_form.html",
        {
            "cycle": cycle,
            "target": target,
            "form": form,
            "remove_form": remove_form,
            "next": _back_url(request, cycle, target),
            "is_locked": is_cycle_locked(cycle),
        },
        status=status,
    )


@with_actor
@require_http_methods(["GET", "POST"])
def override_set_view(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Show the form (GET) or set the evaluated score (POST), then go back."""
    cycle, target = _cycle_and_target(actor, year, code)
    override = target.score.override
    remove_form = OverrideRemoveForm(auto_id="remove_%s") if override is not None else None
    if request.method != "POST":
        initial = {}
        if override is not None:
            initial = {
                "evaluated_percent": _plain_percent(override.evaluated_percent),
                "justification": override.justification,
            }
        return _page(request, cycle, target, OverrideForm(initial=initial), remove_form)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            override_set(
                actor=actor,
                cycle=cycle,
                code=code,
                evaluated_percent=form.cleaned_data["evaluated_percent"],
                justification=form.cleaned_data["justification"],
            )
        except OverridePermissionError:
            raise PermissionDenied from None
        except OverrideNotFoundError:
            raise Http404("no such objective or indicator") from None
        except OverrideError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Intervento registrato su %(code)s: il punteggio valutato è ora %(percent)s %%.")
                % {"code": code, "percent": _plain_percent(form.cleaned_data["evaluated_percent"])},
            )
            return HttpResponseRedirect(_back_url(request, cycle, target))
    return _page(request, cycle, target, form, remove_form, status=400)


@with_actor
@require_POST
def override_remove_view(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Remove the evaluated score (the computed one counts again), then go back."""
    cycle, target = _cycle_and_target(actor, year, code)
    remove_form = OverrideRemoveForm(request.POST, auto_id="remove_%s")
    if remove_form.is_valid():
        try:
            override_remove(
                actor=actor,
                cycle=cycle,
                code=code,
                justification=remove_form.cleaned_data["justification"],
            )
        except OverridePermissionError:
            raise PermissionDenied from None
        except OverrideNotFoundError:
            raise Http404("no such objective or indicator") from None
        except OverrideError as error:
            remove_form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Intervento rimosso da %(code)s: conta di nuovo il punteggio calcolato.")
                % {"code": code},
            )
            return HttpResponseRedirect(_back_url(request, cycle, target))
    return _page(request, cycle, target, OverrideForm(), remove_form, status=400)
