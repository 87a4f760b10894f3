"""The office's organisation and staff page: bodies and members, staff figures (typed or
imported) and the gender balance they produce. Views parse, call one service, and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.administrations.selectors import branding_of
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.plans.models import Indicator
from performa.apps.staff.forms import BodyMembersForm, IndicatorSourceForm, StaffFiguresForm
from performa.apps.staff.parsing import figures_text, members_text
from performa.apps.staff.selectors import members_of, staff_data_for, staff_sources_of
from performa.apps.staff.services import (
    StaffError,
    StaffPermissionError,
    body_members_replace,
    staff_figures_replace,
    staff_file_grid,
    staff_indicator_source_set,
)
from performa.reporting.document import Figure, Paragraph, Table
from performa.reporting.gender import gender_balance_blocks
from performa.web.decorators import with_actor
from performa.workbook.grids import grid_from_text


def _cycle(actor: Actor, year: int) -> Cycle:
    if not can(actor, Action.EDIT_CONTEXT):
        raise PermissionDenied
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _page(
    request: HttpRequest,
    cycle: Cycle,
    *,
    figures_form: StaffFiguresForm | None = None,
    members_form: BodyMembersForm | None = None,
    source_form: IndicatorSourceForm | None = None,
    error: str = "",
    errors: tuple[str, ...] = (),
    failed: str = "",
    status: int = 200,
) -> HttpResponse:
    staff = staff_data_for(cycle=cycle)
    members = members_of(cycle=cycle)
    blocks: list[dict[str, Any]] = []
    for block in gender_balance_blocks(staff, branding_of(administration=cycle.administration)):
        if isinstance(block, Figure):
            blocks.append({"svg": mark_safe(block.svg)})  # noqa: S308 - our own matplotlib SVG
        elif isinstance(block, Table):
            blocks.append({"table": block})
        elif isinstance(block, Paragraph):
            blocks.append({"text": block.text})
    return render(
        request,
        "staff/overview.html",
        {
            "cycle": cycle,
            "is_locked": is_cycle_locked(cycle),
            "figures_form": figures_form
            or StaffFiguresForm(
                initial={
                    "grid": figures_text(list(staff.figures)),
                    "as_of": staff.as_of,
                    "note": staff.note,
                }
            ),
            "members_form": members_form
            or BodyMembersForm(initial={"grid": members_text(members)}),
            "members": members,
            "sources": staff_sources_of(cycle=cycle),
            "source_form": source_form or IndicatorSourceForm(),
            "gender_blocks": blocks,
            "figure_count": len(staff.figures),
            "error": error,
            "grid_errors": errors,
            "failed": failed,
        },
        status=status,
    )


@require_GET
@with_actor
def overview(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Bodies, staff figures and the gender balance of the cycle, with their editors."""
    return _page(request, _cycle(actor, year))


def _grid_of(form: StaffFiguresForm | BodyMembersForm) -> list[list[str]]:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        return staff_file_grid(content=upload.read(), file_name=upload.name or "")
    grid, errors = grid_from_text(form.cleaned_data["grid"])
    if errors:
        raise StaffError(_("I dati non sono stati salvati."), errors)
    return grid


@require_POST
@with_actor
def figures_save(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Replace the staff figures with those typed or uploaded: all or nothing."""
    cycle = _cycle(actor, year)
    form = StaffFiguresForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, cycle, figures_form=form, failed="figures", status=400)
    try:
        count = staff_figures_replace(
            actor=actor,
            cycle=cycle,
            grid=_grid_of(form),
            as_of=form.cleaned_data["as_of"],
            note=form.cleaned_data["note"],
        )
    except StaffPermissionError:
        raise PermissionDenied from None
    except StaffError as failure:
        return _page(
            request,
            cycle,
            figures_form=form,
            error=failure.message,
            errors=tuple(str(item) for item in failure.errors),
            failed="figures",
            status=400,
        )
    messages.success(request, _("Dati del personale salvati: %(count)s righe.") % {"count": count})
    return redirect("staff:overview", administration=cycle.administration.code, year=cycle.year)


@require_POST
@with_actor
def members_save(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Replace the bodies and their members with those typed or uploaded: all or nothing."""
    cycle = _cycle(actor, year)
    form = BodyMembersForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, cycle, members_form=form, failed="members", status=400)
    try:
        count = body_members_replace(actor=actor, cycle=cycle, grid=_grid_of(form))
    except StaffPermissionError:
        raise PermissionDenied from None
    except StaffError as failure:
        return _page(
            request,
            cycle,
            members_form=form,
            error=failure.message,
            errors=tuple(str(item) for item in failure.errors),
            failed="members",
            status=400,
        )
    messages.success(request, _("Organi salvati: %(count)s componenti.") % {"count": count})
    return redirect("staff:overview", administration=cycle.administration.code, year=cycle.year)


@require_POST
@with_actor
def source_save(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Link an indicator to the staff figure its actual comes from."""
    cycle = _cycle(actor, year)
    form = IndicatorSourceForm(request.POST)
    indicator = None
    if form.is_valid():
        indicator = Indicator.objects.filter(
            administration=cycle.administration, cycle=cycle, code=form.cleaned_data["indicator"]
        ).first()
        if indicator is None:
            form.add_error("indicator", _("Nessun indicatore con questo codice nel ciclo."))
    if indicator is None:
        return _page(request, cycle, source_form=form, failed="source", status=400)
    try:
        staff_indicator_source_set(
            actor=actor,
            indicator=indicator,
            measure=form.cleaned_data["measure"],
            breakdown=form.cleaned_data["breakdown"],
            item=form.cleaned_data["item"],
            gender=form.cleaned_data["gender"] or "",
        )
    except StaffPermissionError:
        raise PermissionDenied from None
    except StaffError as failure:
        return _page(
            request, cycle, source_form=form, error=failure.message, failed="source", status=400
        )
    messages.success(
        request,
        _("Indicatore %(code)s collegato ai dati del personale.") % {"code": indicator.code},
    )
    return redirect("staff:overview", administration=cycle.administration.code, year=cycle.year)
