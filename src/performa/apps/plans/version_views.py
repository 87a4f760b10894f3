"""The plan's versions pages: the list with the office's acts (adopt, open, record, cancel a
revision), each recorded version's workbook, and the comparison of two versions."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.plans.models import PlanVersion, PlanVersionStatus
from performa.apps.plans.selectors import is_plan_editable, plan_versions_of
from performa.apps.plans.version_forms import (
    PlanAdoptionForm,
    PlanRevisionCancelForm,
    PlanRevisionForm,
)
from performa.apps.plans.versions import (
    CURRENT,
    PlanVersionError,
    PlanVersionPermissionError,
    changes_by_kind,
    plan_revision_cancel,
    plan_revision_open,
    plan_revision_record,
    plan_version_adopt,
    plan_version_last_recorded,
    plan_version_numbered,
    plan_version_open,
    plan_versions_compare,
)
from performa.web.decorators import with_actor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cycle_or_404(actor: Actor, year: int) -> Cycle:
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _version_or_404(cycle: Cycle, number: int) -> PlanVersion:
    version = plan_version_numbered(cycle=cycle, number=number)
    if version is None:
        raise Http404("no such plan version")
    return version


def _list_page(
    request: HttpRequest,
    actor: Actor,
    cycle: Cycle,
    *,
    adoption_form: PlanAdoptionForm | None = None,
    revision_form: PlanRevisionForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    versions = plan_versions_of(cycle=cycle)
    current = plan_version_last_recorded(cycle=cycle)
    return render(
        request,
        "plan_versions/version_list.html",
        {
            "cycle": cycle,
            "versions": versions,
            "current": current,
            "open_version": plan_version_open(cycle=cycle),
            "is_locked": is_cycle_locked(cycle),
            "is_editable": is_plan_editable(cycle),
            "is_office": can(actor, Action.EDIT_PLAN),
            "adoption_form": adoption_form or PlanAdoptionForm(),
            "revision_form": revision_form or PlanRevisionForm(),
            "current_reference": CURRENT,
            "error": error,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_GET
@with_actor
def version_list(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The versions of the cycle's plan (act, date, reason, who and when, status); for the
    office, the forms to adopt the plan, open a revision, record or cancel it."""
    return _list_page(request, actor, _cycle_or_404(actor, year))


def _act_change(
    request: HttpRequest,
    actor: Actor,
    cycle: Cycle,
    change: Callable[[], str],
    *,
    adoption_form: PlanAdoptionForm | None = None,
    revision_form: PlanRevisionForm | None = None,
) -> HttpResponse:
    """Call ``change`` (a service call returning the success message); a refusal is shown on
    the list page (400), a role that may not answers 403."""
    try:
        message = change()
    except PlanVersionPermissionError:
        raise PermissionDenied from None
    except PlanVersionError as refused:
        return _list_page(
            request,
            actor,
            cycle,
            adoption_form=adoption_form,
            revision_form=revision_form,
            error=refused.message,
            status=400,
        )
    messages.success(request, message)
    return redirect("plan_versions:list", administration=actor.administration.code, year=cycle.year)


def _invalid_form_page(
    request: HttpRequest,
    actor: Actor,
    cycle: Cycle,
    *,
    adoption_form: PlanAdoptionForm | None = None,
    revision_form: PlanRevisionForm | None = None,
) -> HttpResponse:
    """The versions page again (400) with the form whose fields need correcting."""
    return _list_page(
        request,
        actor,
        cycle,
        adoption_form=adoption_form,
        revision_form=revision_form,
        error=_("Correggi i campi segnalati."),
        status=400,
    )


def _office_cycle(actor: Actor, year: int) -> Cycle:
    cycle = _cycle_or_404(actor, year)
    if not can(actor, Action.EDIT_PLAN):
        raise PermissionDenied
    return cycle


@require_POST
@with_actor
def version_adopt_view(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Record the adopted plan as version 1 (POST)."""
    cycle = _office_cycle(actor, year)
    form = PlanAdoptionForm(request.POST)
    if not form.is_valid():
        return _invalid_form_page(request, actor, cycle, adoption_form=form)

    def change() -> str:
        version = plan_version_adopt(
            actor=actor,
            cycle=cycle,
            act_reference=form.cleaned_data["act_reference"],
            act_on=form.cleaned_data["act_on"],
        )
        return _("Piano adottato: registrata la versione %(number)s.") % {"number": version.number}

    return _act_change(request, actor, cycle, change, adoption_form=form)


@require_POST
@with_actor
def revision_open_view(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Open a revision of the plan with its act (POST)."""
    cycle = _office_cycle(actor, year)
    form = PlanRevisionForm(request.POST)
    if not form.is_valid():
        return _invalid_form_page(request, actor, cycle, revision_form=form)

    def change() -> str:
        version = plan_revision_open(
            actor=actor,
            cycle=cycle,
            act_reference=form.cleaned_data["act_reference"],
            act_on=form.cleaned_data["act_on"],
            reason=form.cleaned_data["reason"],
        )
        return _(
            "Variazione n. %(number)s aperta: ora il piano si può modificare. Registrala al "
            "termine delle modifiche."
        ) % {"number": version.number}

    return _act_change(request, actor, cycle, change, revision_form=form)


@require_POST
@with_actor
def revision_record_view(
    request: HttpRequest, actor: Actor, year: int, number: int
) -> HttpResponse:
    """Record the open revision ``number``: the plan as it now stands is kept (POST)."""
    cycle = _office_cycle(actor, year)
    version = _version_or_404(cycle, number)

    def change() -> str:
        plan_revision_record(actor=actor, version=version)
        return _("Variazione n. %(number)s registrata: il piano è di nuovo chiuso.") % {
            "number": number
        }

    return _act_change(request, actor, cycle, change)


@require_POST
@with_actor
def revision_cancel_view(
    request: HttpRequest, actor: Actor, year: int, number: int
) -> HttpResponse:
    """Withdraw the open revision ``number`` when it changed nothing (POST)."""
    cycle = _office_cycle(actor, year)
    version = _version_or_404(cycle, number)
    form = PlanRevisionCancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    def change() -> str:
        plan_revision_cancel(actor=actor, version=version, reason=reason)
        return _("Variazione n. %(number)s annullata.") % {"number": number}

    return _act_change(request, actor, cycle, change)


@require_GET
@with_actor
def version_workbook(request: HttpRequest, actor: Actor, year: int, number: int) -> HttpResponse:
    """The plan workbook of recorded version ``number`` (figures left out)."""
    cycle = _cycle_or_404(actor, year)
    version = _version_or_404(cycle, number)
    if version.status != PlanVersionStatus.RECORDED or version.snapshot is None:
        raise Http404("this version is not recorded yet")
    response = HttpResponse(bytes(version.snapshot), content_type=XLSX)
    name = f"piano-{cycle.administration.code}-{cycle.year}-versione-{version.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _reference(value: str | None, default: str) -> str | None:
    """A comparison side from the query string: a version number or ``CURRENT``; ``None``
    when malformed."""
    value = (value or default).strip()
    return value if value == CURRENT or value.isdigit() else None


@require_GET
@with_actor
def version_compare(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """What changed between two versions (``?da=1&a=2``; ``corrente`` is the live plan).

    By default the version in force against the live plan: within an open revision, what the
    revision has changed so far.
    """
    cycle = _cycle_or_404(actor, year)
    versions = plan_versions_of(cycle=cycle)
    recorded = [v for v in versions if v.status == PlanVersionStatus.RECORDED]
    default_before = str(recorded[-1].number) if recorded else ""
    before = _reference(request.GET.get("da"), default_before)
    after = _reference(request.GET.get("a"), CURRENT)
    comparison = None
    error = ""
    status = 200
    if not recorded:
        error = _("Nessuna versione del piano è ancora registrata: non c'è nulla da confrontare.")
    elif before is None or after is None:
        error = _("Scegli due versioni del piano da confrontare.")
        status = 400
    else:
        try:
            comparison = plan_versions_compare(cycle=cycle, before=before, after=after)
        except PlanVersionError as refused:
            error = refused.message
            status = 400
    return render(
        request,
        "plan_versions/version_compare.html",
        {
            "cycle": cycle,
            "recorded": recorded,
            "before": before or "",
            "after": after or "",
            "current_reference": CURRENT,
            "comparison": comparison,
            "groups": changes_by_kind(comparison.changes) if comparison else [],
            "error": error,
        },
        status=status,
    )
