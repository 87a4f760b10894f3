"""The individual evaluation pages: my sheets and those I evaluate, opening a sheet, a sheet
with its next step, its PDF, and the office's distribution of totals.

A sheet someone may not read answers 404 (its existence is personal data too); every page or
PDF of a sheet that is shown is recorded in the audit trail first.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from performa.apps.administrations.access import Action, Actor, can, can_appraisal
from performa.apps.administrations.models import Person
from performa.apps.appraisals.documents import sheet_pdf, sheet_pdf_name, summary_chart
from performa.apps.appraisals.forms import AssignForm, StepForm, scheme_of
from performa.apps.appraisals.models import Sheet
from performa.apps.appraisals.selectors import (
    appraisal_summary,
    assignment_choices_for,
    sheet_of,
    sheet_page_for,
    sheets_for,
)
from performa.apps.appraisals.services import (
    ObjectiveLink,
    SheetError,
    SheetPermissionError,
    scheme_defaults_ensure,
    sheet_acknowledge,
    sheet_assign,
    sheet_decide_review,
    sheet_evaluate,
    sheet_propose,
    sheet_record_midyear,
    sheet_request_review,
    sheet_self_assess,
    sheet_view_record,
)
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.web.decorators import with_actor

STEP_SLUGS = {
    "colloquio-intermedio": "midyear",
    "autovalutazione": "self_assessment",
    "proposta": "proposal",
    "valutazione": "evaluation",
    "presa-visione": "acknowledgement",
    "richiesta-riesame": "review_request",
    "decisione-riesame": "review_decision",
}
STEP_NAMES = {step: slug for slug, step in STEP_SLUGS.items()}


def _cycle(actor: Actor, year: int) -> Cycle:
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _readable_sheet(actor: Actor, cycle: Cycle, sheet_id: int) -> Sheet:
    try:
        sheet = sheet_of(cycle=cycle, sheet_id=sheet_id)
    except Sheet.DoesNotExist:
        raise Http404("no such sheet") from None
    if not can_appraisal(actor, Action.VIEW_APPRAISAL, sheet):
        raise Http404("no such sheet")
    return sheet


def _sheet_url(sheet: Sheet) -> str:
    return reverse(
        "appraisals:detail",
        kwargs={
            "administration": sheet.administration.code,
            "year": sheet.cycle.year,
            "sheet_id": sheet.pk,
        },
    )


@with_actor
def sheet_list_view(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """My sheet, the sheets I evaluate and, for the office and the OIV, the others."""
    cycle = _cycle(actor, year)
    return render(
        request,
        "appraisals/sheet_list.html",
        {
            "cycle": cycle,
            "lists": sheets_for(actor=actor, cycle=cycle),
            "can_manage": can(actor, Action.MANAGE_APPRAISALS, cycle=cycle),
            "can_summary": can(actor, Action.VIEW_APPRAISAL_SUMMARY, cycle=cycle),
        },
    )


@with_actor
@require_http_methods(["GET", "POST"])
def sheet_assign_view(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The office opens a sheet (GET: the form; POST: the assignment)."""
    cycle = _cycle(actor, year)
    if not can(actor, Action.MANAGE_APPRAISALS, cycle=cycle):
        raise PermissionDenied
    if request.method == "POST" and "load_schemes" in request.POST:
        created = scheme_defaults_ensure(administration=cycle.administration)
        messages.success(
            request, _("Schemi di esempio caricati: %(count)s.") % {"count": len(created)}
        )
        return HttpResponseRedirect(request.path)
    choices = assignment_choices_for(cycle=cycle)
    form = AssignForm(request.POST or None, choices=choices)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            people = {person.pk: person for person in choices.all_people}
            evaluator: Person | None = people.get(data["evaluator"]) if data["evaluator"] else None
            try:
                sheet = sheet_assign(
                    actor=actor,
                    cycle=cycle,
                    person=people[data["person"]],
                    scheme=scheme_of(choices.schemes, data["scheme"]),
                    evaluator=evaluator,
                    evaluator_label=data["evaluator_label"],
                    is_proposed_by_oiv=data["is_proposed_by_oiv"],
                    objectives=[
                        ObjectiveLink(code, weight)
                        for code, weight in form.objective_weights().items()
                    ],
                    note=data["note"],
                )
            except SheetPermissionError:
                raise PermissionDenied from None
            except SheetError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Scheda di %(name)s aperta con %(count)s obiettivi.")
                    % {"name": sheet.person.name, "count": len(data["objectives"])},
                )
                return HttpResponseRedirect(_sheet_url(sheet))
    return render(
        request,
        "appraisals/sheet_assign.html",
        {"cycle": cycle, "form": form, "has_schemes": bool(choices.schemes)},
        status=status,
    )


def _detail(
    request: HttpRequest,
    actor: Actor,
    sheet: Sheet,
    *,
    error: str = "",
    failed_step: str = "",
    status: int = 200,
) -> HttpResponse:
    sheet_view_record(actor=actor, sheet=sheet)
    page = sheet_page_for(actor=actor, sheet=sheet)
    return render(
        request,
        "appraisals/sheet_detail.html",
        {
            "cycle": sheet.cycle,
            "page": page,
            "sheet": sheet,
            "steps": [(step, STEP_NAMES[step]) for step in page.steps],
            "error": error,
            "failed_step": failed_step,
            "scale_values": range(sheet.scheme.scale_minimum, sheet.scheme.scale_maximum + 1),
            "values": request.POST if error else {},
        },
        status=status,
    )


@with_actor
def sheet_detail_view(request: HttpRequest, actor: Actor, year: int, sheet_id: int) -> HttpResponse:
    """One sheet, as the viewer may see it, with the form of the next step they may take."""
    sheet = _readable_sheet(actor, _cycle(actor, year), sheet_id)
    return _detail(request, actor, sheet)


@with_actor
@require_POST
def sheet_step_view(
    request: HttpRequest, actor: Actor, year: int, sheet_id: int, step: str
) -> HttpResponse:
    """Take one step of the workflow; a refusal comes back on the sheet page (400)."""
    sheet = _readable_sheet(actor, _cycle(actor, year), sheet_id)
    if step not in STEP_SLUGS:
        raise Http404("no such step")
    name = STEP_SLUGS[step]
    form = StepForm(
        request.POST,
        scheme=sheet.scheme,
        minimum=sheet.scheme.scale_minimum,
        maximum=sheet.scheme.scale_maximum,
    )
    if not form.is_valid():
        first = next(iter(form.errors.values()))
        return _detail(
            request,
            actor,
            sheet,
            error=" ".join(str(message) for message in first),
            failed_step=name,
            status=400,
        )
    note = form.cleaned_data["note"]
    try:
        if name == "midyear":
            sheet_record_midyear(actor=actor, sheet=sheet, note=note)
        elif name == "self_assessment":
            sheet_self_assess(actor=actor, sheet=sheet, ratings=form.ratings(), note=note)
        elif name == "proposal":
            sheet_propose(actor=actor, sheet=sheet, ratings=form.ratings(), note=note)
        elif name == "evaluation":
            sheet_evaluate(
                actor=actor,
                sheet=sheet,
                ratings=form.ratings(),
                note=note,
                act_reference=form.cleaned_data["act_reference"],
            )
        elif name == "acknowledgement":
            sheet_acknowledge(actor=actor, sheet=sheet, note=note)
        elif name == "review_request":
            sheet_request_review(actor=actor, sheet=sheet, reason=note)
        else:
            sheet_decide_review(
                actor=actor,
                sheet=sheet,
                outcome=form.cleaned_data["outcome"],
                note=note,
                ratings=form.ratings() or None,
            )
    except SheetPermissionError:
        raise PermissionDenied from None
    except SheetError as error:
        return _detail(request, actor, sheet, error=error.message, failed_step=name, status=400)
    sheet.refresh_from_db()
    messages.success(
        request, _("Passaggio registrato: %(state)s.") % {"state": sheet.get_state_display()}
    )
    return HttpResponseRedirect(_sheet_url(sheet))


@with_actor
def sheet_pdf_view(request: HttpRequest, actor: Actor, year: int, sheet_id: int) -> HttpResponse:
    """The sheet as a PDF/A-3a, for the viewer (the same filtering as the page), audited."""
    sheet = _readable_sheet(actor, _cycle(actor, year), sheet_id)
    sheet_view_record(actor=actor, sheet=sheet, what="pdf")
    with translation.override("it"):  # the page's labels too: the PDF is an Italian act
        content = sheet_pdf(sheet_page_for(actor=actor, sheet=sheet))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{sheet_pdf_name(sheet)}"'
    return response


@with_actor
def summary_view(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """How the totals are distributed across bands, by category: counts only, no names."""
    cycle = _cycle(actor, year)
    if not can(actor, Action.VIEW_APPRAISAL_SUMMARY, cycle=cycle):
        raise PermissionDenied
    summary = appraisal_summary(actor=actor, cycle=cycle)
    return render(
        request,
        "appraisals/summary.html",
        {"cycle": cycle, "summary": summary, "chart": summary_chart(summary)},
    )
