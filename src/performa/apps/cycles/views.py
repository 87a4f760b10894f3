"""The cycle's pages: its home (state, periods, validation, scores, the Relazione), the office's
monitoring periods and the OIV's validation. Views parse, call one service, and render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.cycles.forms import (
    CycleCreateForm,
    PeriodChangeForm,
    PeriodDeadlineForm,
    ValidationForm,
)
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.cycles.selectors import (
    cycle_frozen_scores,
    cycle_of,
    cycle_plan_and_scores,
    open_periods_progress,
    periods_of,
    validation_act_for,
)
from performa.apps.cycles.services import (
    CycleError,
    CyclePermissionError,
    cycle_create,
    cycle_validate,
    period_close,
    period_open,
    period_set_deadline,
)
from performa.reporting.formatting import format_date
from performa.reporting.renderers import FORMATS
from performa.reporting.score_table import ScoreItem, score_items
from performa.web.decorators import with_actor


def my_indicators_url(*, administration_code: str, year: int) -> str | None:
    """The data-entry page of a cycle, when the application has one (else ``None``)."""
    try:
        return reverse(
            "measurements:my-indicators",
            kwargs={"administration": administration_code, "year": year},
        )
    except NoReverseMatch:
        return None


def _cycle_or_404(actor: Actor, year: int) -> Cycle:
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _scored_root(cycle: Cycle) -> tuple[ScoreItem, bool]:
    """The entity row of the cycle and whether it is the frozen snapshot of a validated cycle."""
    if is_cycle_locked(cycle):
        frozen = cycle_frozen_scores(cycle)
        if frozen is not None:
            return frozen.root, True
    plan, scored = cycle_plan_and_scores(cycle=cycle)
    return score_items(plan, scored), False


def _areas(root: ScoreItem) -> list[ScoreItem]:
    return [child for child in root.children if not child.is_indicator]


@with_actor
def cycle_detail(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """State, periods and deadlines, what the actor has left to enter, the validation, the
    entity and area scores (frozen once validated) and a download button per report format."""
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    cycle = _cycle_or_404(actor, year)
    root, is_frozen = _scored_root(cycle)
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "actor": actor,
            "cycle": cycle,
            "entity": root,
            "areas": _areas(root),
            "is_frozen": is_frozen,
            "validation": validation_act_for(cycle=cycle) if is_cycle_locked(cycle) else None,
            "periods": periods_of(cycle=cycle),
            "progress": open_periods_progress(actor=actor, cycle=cycle, today=timezone.localdate()),
            "entry_url": my_indicators_url(
                administration_code=actor.administration.code, year=cycle.year
            ),
            "can_manage_periods": can(actor, Action.MANAGE_PERIODS, cycle=cycle),
            "can_validate": can(actor, Action.VALIDATE_CYCLE, cycle=cycle),
            "formats": FORMATS if can(actor, Action.DOWNLOAD_REPORT) else (),
        },
    )


# -- monitoring periods (office) ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """A period on the management page, with its deadline field's value and error."""

    period: MonitoringPeriod
    deadline_value: str
    deadline_error: str = ""


def _periods_page(
    request: HttpRequest,
    actor: Actor,
    cycle: Cycle,
    *,
    error: str = "",
    invalid: tuple[str, str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The periods page; ``invalid`` is (period code, raw deadline, message) of a bad input."""
    rows = []
    for period in periods_of(cycle=cycle):
        value = period.deadline_on.isoformat() if period.deadline_on else ""
        if invalid is not None and invalid[0] == period.code:
            rows.append(PeriodRow(period, invalid[1], invalid[2]))
        else:
            rows.append(PeriodRow(period, value))
    return render(
        request,
        "cycles/period_list.html",
        {
            "cycle": cycle,
            "rows": rows,
            "error": error,
            "is_locked": is_cycle_locked(cycle),
            "today": timezone.localdate(),
        },
        status=status,
    )


@with_actor
def period_list(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The cycle's monitoring periods with dates, deadline and state; office only."""
    if not can(actor, Action.MANAGE_PERIODS):
        raise PermissionDenied
    return _periods_page(request, actor, _cycle_or_404(actor, year))


def _period_change(
    request: HttpRequest,
    actor: Actor,
    year: int,
    code: str,
    change: Callable[[MonitoringPeriod], str],
) -> HttpResponse:
    """Apply ``change`` (a service call returning the success message) to period ``code``."""
    if not can(actor, Action.MANAGE_PERIODS):
        raise PermissionDenied
    cycle = _cycle_or_404(actor, year)
    period = get_object_or_404(MonitoringPeriod, cycle=cycle, code=code)
    try:
        message = change(period)
    except CyclePermissionError:
        raise PermissionDenied from None
    except CycleError as error:
        return _periods_page(request, actor, cycle, error=error.message, status=400)
    messages.success(request, message)
    return redirect("cycles:periods", administration=actor.administration.code, year=cycle.year)


@require_POST
@with_actor
def period_open_view(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Open a period for data entry (POST)."""
    form = PeriodChangeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    def change(period: MonitoringPeriod) -> str:
        period_open(actor=actor, period=period, reason=reason)
        return _("Rilevazione «%(name)s» aperta all'inserimento.") % {"name": period.name}

    return _period_change(request, actor, year, code, change)


@require_POST
@with_actor
def period_close_view(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Close a period (POST)."""
    form = PeriodChangeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    def change(period: MonitoringPeriod) -> str:
        period_close(actor=actor, period=period, reason=reason)
        return _("Rilevazione «%(name)s» chiusa.") % {"name": period.name}

    return _period_change(request, actor, year, code, change)


@require_POST
@with_actor
def period_deadline_view(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Set or clear a period's deadline (POST)."""
    if not can(actor, Action.MANAGE_PERIODS):
        raise PermissionDenied
    form = PeriodDeadlineForm(request.POST)
    if not form.is_valid():
        cycle = _cycle_or_404(actor, year)
        get_object_or_404(MonitoringPeriod, cycle=cycle, code=code)
        message = _("Indica una data valida (gg/mm/aaaa).")
        invalid = (code, request.POST.get("deadline_on", ""), message)
        return _periods_page(request, actor, cycle, error=message, invalid=invalid, status=400)
    deadline_on = form.cleaned_data["deadline_on"]

    def change(period: MonitoringPeriod) -> str:
        period_set_deadline(actor=actor, period=period, deadline_on=deadline_on)
        if deadline_on is None:
            return _("Scadenza della rilevazione «%(name)s» rimossa.") % {"name": period.name}
        return _("Scadenza della rilevazione «%(name)s» fissata al %(date)s.") % {
            "name": period.name,
            "date": format_date(deadline_on),
        }

    return _period_change(request, actor, year, code, change)


# -- validation (OIV) -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@with_actor
def cycle_validation(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The OIV's validation: the act (reference, date, text) that freezes and locks the cycle."""
    if not can(actor, Action.VALIDATE_CYCLE):
        raise PermissionDenied
    cycle = _cycle_or_404(actor, year)
    act = validation_act_for(cycle=cycle)
    form = ValidationForm(request.POST if request.method == "POST" else None)
    error = ""
    status = 200
    if request.method == "POST":
        status = 400
        if act is not None or is_cycle_locked(cycle):
            error = _("Il ciclo %(year)s è già validato.") % {"year": cycle.year}
        elif form.is_valid():
            try:
                cycle_validate(
                    actor=actor,
                    cycle=cycle,
                    act_reference=form.cleaned_data["act_reference"],
                    act_on=form.cleaned_data["act_on"],
                    text=form.cleaned_data["text"],
                )
            except CyclePermissionError:
                raise PermissionDenied from None
            except CycleError as refused:
                error = refused.message
            else:
                messages.success(
                    request,
                    _("Ciclo %(year)s validato: ora è in sola lettura.") % {"year": cycle.year},
                )
                return redirect(
                    "cycles:detail", administration=actor.administration.code, year=cycle.year
                )
        else:
            error = _("Correggi i campi segnalati.")
    root, is_frozen = _scored_root(cycle)
    return render(
        request,
        "cycles/cycle_validation.html",
        {
            "cycle": cycle,
            "act": act,
            "form": form,
            "error": error,
            "entity": root,
            "areas": _areas(root),
            "is_frozen": is_frozen,
            "open_periods": [period for period in periods_of(cycle=cycle) if period.is_open],
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@with_actor
def cycle_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Start an empty cycle (the other way is copying an earlier one, from its page)."""
    if not can(actor, Action.EDIT_PLAN):
        raise PermissionDenied
    latest = Cycle.objects.filter(administration=actor.administration).order_by("-year").first()
    form = CycleCreateForm(
        request.POST or None,
        initial={"year": latest.year + 1 if latest else timezone.localdate().year},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                cycle = cycle_create(
                    actor=actor, year=form.cleaned_data["year"], title=form.cleaned_data["title"]
                )
            except CyclePermissionError:
                raise PermissionDenied from None
            except CycleError as error:
                form.add_error("year", error.message)
            else:
                messages.success(
                    request,
                    _("Ciclo %(year)s creato: ora costruisci il piano.") % {"year": cycle.year},
                )
                return redirect(
                    "plans:tree", administration=actor.administration.code, year=cycle.year
                )
    return render(
        request,
        "cycles/cycle_new.html",
        {"administration": actor.administration, "form": form, "latest": latest},
        status=status,
    )
