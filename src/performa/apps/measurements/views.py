"""Data entry ("I miei indicatori"), the live achievement preview, the office's review and the
evidence downloads and removals. Views parse, call one service or selector, and render; htmx requests get
the partial that replaces one indicator (or one reviewed figure), other requests full pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked, restrict
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.cycles.selectors import cycle_of
from performa.apps.measurements.forms import (
    EvidenceRemoveForm,
    MeasurementEntryForm,
    MeasurementPreviewForm,
    MeasurementReviewForm,
)
from performa.apps.measurements.models import Evidence, Measurement
from performa.apps.measurements.selectors import (
    EntryAssessment,
    EntryRow,
    deadline_of,
    entry_assess,
    entry_rows_for,
    measurement_value,
    period_chosen,
    periods_of_cycle,
    review_rows_for,
    value_kind_for,
)
from performa.apps.measurements.services import (
    MeasurementConflictError,
    MeasurementError,
    MeasurementRefusedError,
    evidence_attach,
    evidence_remove,
    measurement_accept,
    measurement_return,
    measurement_save_draft,
    measurement_submit,
)
from performa.apps.plans.models import Indicator
from performa.scoring import RuleSet
from performa.web.decorators import with_actor
from performa.web.fragments import cached_fragment

STATE_FILTERS = {
    "da-inserire": ("missing", "draft", "returned"),
    "inviati": ("submitted",),
    "accettati": ("accepted",),
}
"""The "show only" filter of "I miei indicators": URL value → workflow state keys."""


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _cycle(actor: Actor, year: int) -> Cycle:
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _urls(cycle: Cycle, period: MonitoringPeriod, indicator: Indicator) -> dict[str, str]:
    arguments = {"administration": cycle.administration.code, "year": cycle.year}
    entry = {**arguments, "period_code": period.code, "indicator_code": indicator.code}
    return {
        "list_url": reverse("measurements:my-indicators", kwargs=arguments)
        + f"?periodo={period.code}",
        "entry_url": reverse("measurements:measurement-entry", kwargs=entry),
        "preview_url": reverse("measurements:measurement-preview", kwargs=entry),
    }


@require_GET
@with_actor
def my_indicators(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The indicators the actor enters, for the chosen period (default: the open one)."""
    if not can(actor, Action.ENTER_MEASUREMENT):
        raise PermissionDenied(_("Il tuo ruolo non inserisce valori."))
    cycle = _cycle(actor, year)
    periods = periods_of_cycle(cycle=cycle)
    period = period_chosen(periods, request.GET.get("periodo"))
    state_filter = request.GET.get("stato", "")
    query = request.GET.get("q", "").strip()

    def build() -> tuple[int, int, str]:
        rows = entry_rows_for(actor=actor, period=period, periods=periods) if period else []
        shown = [
            row
            for row in rows
            if (state_filter not in STATE_FILTERS or row.state.key in STATE_FILTERS[state_filter])
            and (
                not query
                or query.lower() in row.indicator.code.lower()
                or query.lower() in row.indicator.name.lower()
            )
        ]
        context = {
            "cycle": cycle,
            "period": period,
            "rows": shown,
            "query": query,
            "state_filter": state_filter,
        }
        table = render_to_string("measurements/_my_indicators_table.html", context)
        return len(rows), sum(1 for row in rows if row.is_left_to_enter), table

    # The rows are the viewer's own (their units, their drafts): cached per viewer.
    parts = (
        cycle.pk,
        cycle.data_version,
        period and period.pk,
        actor.scope_key,
        state_filter,
        query,
    )
    total_count, left_count, table = cached_fragment("my-indicators", parts, build)
    return render(
        request,
        "measurements/my_indicators.html",
        {
            "actor": actor,
            "cycle": cycle,
            "periods": periods,
            "period": period,
            "table": mark_safe(table),  # noqa: S308 - our template's output
            "total_count": total_count,
            "left_count": left_count,
            "state_filter": state_filter,
            "query": query,
            "deadline": deadline_of(period, today=timezone.localdate()) if period else None,
            "can_enter": period is not None and can(actor, Action.ENTER_MEASUREMENT, period=period),
            "is_locked": is_cycle_locked(cycle),
        },
    )


def _entry_objects(
    actor: Actor, year: int, period_code: str, indicator_code: str
) -> tuple[Cycle, MonitoringPeriod, Indicator]:
    cycle = _cycle(actor, year)
    period = get_object_or_404(
        MonitoringPeriod.objects.select_related("cycle"), cycle=cycle, code=period_code
    )
    indicator = get_object_or_404(Indicator, cycle=cycle, code=indicator_code)
    # Role and scope only: the state (closed period, validated cycle) is for the services
    # to refuse with their message.
    in_scope = restrict(Indicator.objects.filter(pk=indicator.pk), actor, Action.ENTER_MEASUREMENT)
    if not in_scope.exists():
        raise PermissionDenied(
            _("Non puoi inserire valori per l'indicatore %(code)s.") % {"code": indicator.code}
        )
    return cycle, period, indicator


def _row(actor: Actor, period: MonitoringPeriod, indicator: Indicator) -> EntryRow:
    rows = entry_rows_for(
        actor=actor,
        period=period,
        periods=periods_of_cycle(cycle=period.cycle),
        indicator_ids=[indicator.pk],
    )
    if not rows:
        raise PermissionDenied
    return rows[0]


def _initial(row: EntryRow) -> dict[str, Any]:
    """Form values from the stored figure (Italian decimal comma, ISO date for the date field)."""
    measurement = row.measurement
    initial: dict[str, Any] = {"version": measurement.version if measurement else 0}
    if measurement is None:
        return initial
    value = measurement_value(measurement)
    if value is None:
        initial["not_available"] = True
    elif isinstance(value, bool):
        initial["answer"] = "si" if value else "no"
    elif isinstance(value, date):
        initial["value"] = value.isoformat()
    else:
        initial["value"] = format(value, "f").replace(".", ",")
    initial.update(
        not_available_reason=measurement.not_available_reason,
        comment=measurement.comment,
        deviation_explanation=measurement.deviation_explanation,
    )
    return initial


def _render_entry(
    request: HttpRequest,
    *,
    cycle: Cycle,
    period: MonitoringPeriod,
    row: EntryRow,
    form: MeasurementEntryForm | None,
    assessment: EntryAssessment | None = None,
    conflict: str = "",
    error: str = "",
    saved: str = "",
    status: int = 200,
    refresh_review_count: bool = False,
) -> HttpResponse:
    """The indicator's ``<tbody>`` (htmx) or the full entry page; ``form=None`` shows it read.

    ``refresh_review_count`` adds, for htmx, the navigation's counter of figures to review
    as an out-of-band swap (after a save, which may change it).
    """
    context = {
        "cycle": cycle,
        "period": period,
        "row": row,
        "form": form,
        "assessment": assessment,
        "conflict": conflict,
        "error": error,
        "saved": saved,
        "is_editing": form is not None,
        "refresh_review_count": refresh_review_count,
        **_urls(cycle, period, row.indicator),
    }
    if _is_htmx(request):
        return render(request, "measurements/_indicator_row.html", context)
    return render(request, "measurements/measurement_entry.html", context, status=status)


@require_http_methods(["GET", "POST"])
@with_actor
def measurement_entry(
    request: HttpRequest, actor: Actor, year: int, period_code: str, indicator_code: str
) -> HttpResponse:
    """One indicator's entry form: GET shows it, POST previews, saves a draft or submits."""
    cycle, period, indicator = _entry_objects(actor, year, period_code, indicator_code)
    row = _row(actor, period, indicator)
    if request.method == "GET":
        editing = row.is_editable and request.GET.get("vista") != "riga"
        form = MeasurementEntryForm(initial=_initial(row), kind=row.kind) if editing else None
        return _render_entry(request, cycle=cycle, period=period, row=row, form=form)
    form = MeasurementEntryForm(request.POST, request.FILES, kind=row.kind)
    if not form.is_valid():
        return _render_entry(request, cycle=cycle, period=period, row=row, form=form, status=400)
    if form.action_chosen == "preview":
        return _render_entry(
            request,
            cycle=cycle,
            period=period,
            row=row,
            form=form,
            assessment=_assessment(form, indicator, period),
        )
    save = measurement_submit if form.action_chosen == "submit" else measurement_save_draft
    try:
        measurement = save(
            actor=actor,
            indicator=indicator,
            period=period,
            entry=form.entry(),
            version=form.cleaned_data["version"],
        )
        upload: UploadedFile[bytes] | None = form.cleaned_data.get("evidence")
        if upload is not None:
            evidence_attach(
                actor=actor,
                measurement=measurement,
                name=upload.name or "",
                size=upload.size or 0,
                stream=upload,
            )
    except MeasurementRefusedError as error:
        raise PermissionDenied(error.message) from None
    except MeasurementConflictError as error:
        return _render_entry(
            request,
            cycle=cycle,
            period=period,
            row=row,
            form=form,
            conflict=error.message,
            status=409,
        )
    except MeasurementError as error:
        if error.field and error.field in form.fields:
            form.add_error(error.field, error.message)
            message = ""
        else:
            message = error.message
        return _render_entry(
            request, cycle=cycle, period=period, row=row, form=form, error=message, status=400
        )
    saved = (
        _("Valore inviato al controllo di gestione.")
        if form.action_chosen == "submit"
        else _("Bozza salvata: ricordati di inviarla.")
    )
    if _is_htmx(request):
        return _render_entry(
            request,
            cycle=cycle,
            period=period,
            row=_row(actor, period, indicator),
            form=None,
            saved=saved,
            refresh_review_count=True,
        )
    messages.success(request, f"{indicator.code}: {saved}")
    return HttpResponseRedirect(
        f"{_urls(cycle, period, indicator)['list_url']}#indicator-{indicator.pk}"
    )


def _assessment(
    form: MeasurementEntryForm, indicator: Indicator, period: MonitoringPeriod
) -> EntryAssessment:
    entry = form.entry()
    return entry_assess(
        indicator=indicator,
        value=entry.value,
        not_available_reason=entry.not_available_reason,
        deviation_explanation=entry.deviation_explanation,
        rules=RuleSet.from_settings(period.cycle.rules),
        today=timezone.localdate(),
    )


@require_GET
@with_actor
def measurement_preview(
    request: HttpRequest, actor: Actor, year: int, period_code: str, indicator_code: str
) -> HttpResponse:
    """The achievement the typed value would give ("Grado di raggiungimento risultante")."""
    _cycle_found, period, indicator = _entry_objects(actor, year, period_code, indicator_code)
    form = MeasurementPreviewForm(request.GET, kind=value_kind_for(indicator))
    assessment = _assessment(form, indicator, period) if form.is_valid() else None
    return render(
        request,
        "measurements/_measurement_preview.html",
        {"form": form, "assessment": assessment, "indicator": indicator},
    )


@require_GET
@with_actor
def review(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The submitted figures for the office to accept or send back."""
    if not can(actor, Action.REVIEW_MEASUREMENT):
        raise PermissionDenied(_("Solo il controllo di gestione esamina i valori inviati."))
    cycle = _cycle(actor, year)
    periods = periods_of_cycle(cycle=cycle)
    period = next((item for item in periods if item.code == request.GET.get("periodo")), None)
    return render(
        request,
        "measurements/review.html",
        {
            "cycle": cycle,
            "periods": periods,
            "period": period,
            "rows": review_rows_for(actor=actor, cycle=cycle, period=period),
            "is_locked": is_cycle_locked(cycle),
        },
    )


@require_POST
@with_actor
def measurement_review(
    request: HttpRequest, actor: Actor, year: int, measurement_id: int
) -> HttpResponse:
    """Accept a submitted figure, or send it back with a comment; htmx gets the figure's
    updated item and the navigation's counter of figures to review, out of band."""
    if not can(actor, Action.REVIEW_MEASUREMENT):
        raise PermissionDenied(_("Solo il controllo di gestione esamina i valori inviati."))
    cycle = _cycle(actor, year)
    measurement = get_object_or_404(
        Measurement, pk=measurement_id, administration=actor.administration, period__cycle=cycle
    )
    form = MeasurementReviewForm(request.POST)
    error, done = "", ""
    if not form.is_valid():
        error = _("Richiesta non valida: ricarica la pagina.")
    else:
        try:
            if form.cleaned_data["decision"] == "accept":
                measurement_accept(
                    actor=actor, measurement=measurement, version=form.cleaned_data["version"]
                )
                done = _("Valore accettato.")
            else:
                measurement_return(
                    actor=actor,
                    measurement=measurement,
                    version=form.cleaned_data["version"],
                    comment=form.cleaned_data["review_comment"],
                )
                done = _("Valore rinviato al referente con il tuo commento.")
        except MeasurementRefusedError as refusal:
            raise PermissionDenied(refusal.message) from None
        except MeasurementError as refusal:
            error = refusal.message
    if _is_htmx(request):
        rows = review_rows_for(actor=actor, cycle=cycle, ids=[measurement.pk])
        return render(
            request,
            "measurements/_review_row.html",
            {
                "actor": actor,
                "cycle": cycle,
                "row": rows[0] if rows else None,
                "error": error,
                "done": done,
                "review_comment": request.POST.get("review_comment", ""),
                "refresh_review_count": True,
            },
        )
    if error:
        messages.error(request, f"{measurement.indicator.code}: {error}")
    else:
        messages.success(request, f"{measurement.indicator.code}: {done}")
    return HttpResponseRedirect(
        reverse(
            "measurements:review",
            kwargs={"administration": cycle.administration.code, "year": cycle.year},
        )
    )


@require_GET
@with_actor
def evidence_download(
    request: HttpRequest, actor: Actor, year: int, evidence_id: int
) -> HttpResponse:
    """A supporting document, for anyone who may read the cycle (as an attachment)."""
    cycle = _cycle(actor, year)
    if not can(actor, Action.VIEW_CYCLE, cycle=cycle):
        raise Http404
    evidence = get_object_or_404(
        Evidence.objects.filter(
            Q(administration=actor.administration) & Q(measurement__period__cycle=cycle)
        ),
        pk=evidence_id,
    )
    with evidence.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=evidence.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _render_evidence_list(
    request: HttpRequest,
    *,
    actor: Actor,
    cycle: Cycle,
    period: MonitoringPeriod,
    indicator: Indicator,
    error: str = "",
    removed: str = "",
) -> HttpResponse:
    """The entry form's list of documents (htmx), with the figure's new version out of band."""
    return render(
        request,
        "measurements/_evidence_list.html",
        {
            "cycle": cycle,
            "row": _row(actor, period, indicator),
            "error": error,
            "removed": removed,
            "refresh_version": True,
        },
    )


@require_POST
@with_actor
def evidence_remove_view(
    request: HttpRequest, actor: Actor, year: int, evidence_id: int
) -> HttpResponse:
    """Remove a document from a figure still being prepared (POST only).

    Without ``confirm`` it answers a confirmation page (the no-JavaScript path; htmx asks with
    ``hx-confirm`` and sends ``confirm``). Then htmx gets the updated list of documents, other
    requests a redirect to the entry form.
    """
    cycle = _cycle(actor, year)
    evidence = get_object_or_404(
        Evidence.objects.select_related("measurement__indicator", "measurement__period__cycle"),
        pk=evidence_id,
        administration=actor.administration,
        measurement__period__cycle=cycle,
    )
    indicator, period = evidence.measurement.indicator, evidence.measurement.period
    in_scope = restrict(Indicator.objects.filter(pk=indicator.pk), actor, Action.ENTER_MEASUREMENT)
    if not in_scope.exists():
        raise PermissionDenied(
            _("Non puoi modificare i documenti dell'indicatore %(code)s.")
            % {"code": indicator.code}
        )
    is_confirmed, reason = EvidenceRemoveForm(request.POST).choice()
    urls = _urls(cycle, period, indicator)
    context = {"cycle": cycle, "period": period, "evidence": evidence, **urls}
    if not is_confirmed:
        if not _row(actor, period, indicator).can_remove_evidence:
            context["error"] = _(
                "Il documento non si può rimuovere ora: il valore è stato inviato o accettato, "
                "il periodo è chiuso o il ciclo è validato."
            )
            return render(request, "measurements/evidence_remove.html", context, status=400)
        return render(request, "measurements/evidence_remove.html", context)
    try:
        evidence_remove(actor=actor, evidence=evidence, reason=reason)
    except MeasurementRefusedError as error:
        raise PermissionDenied(error.message) from None
    except MeasurementError as error:
        if _is_htmx(request):
            return _render_evidence_list(
                request,
                actor=actor,
                cycle=cycle,
                period=period,
                indicator=indicator,
                error=error.message,
            )
        return render(
            request,
            "measurements/evidence_remove.html",
            {**context, "error": error.message},
            status=400,
        )
    removed = _("Documento «%(name)s» rimosso.") % {"name": evidence.original_name}
    if _is_htmx(request):
        return _render_evidence_list(
            request, actor=actor, cycle=cycle, period=period, indicator=indicator, removed=removed
        )
    messages.success(request, f"{indicator.code}: {removed}")
    return HttpResponseRedirect(urls["entry_url"])
