"""The library's pages: list and search, an entry with its usages, the office's forms to create
and edit own entries, adopt an entry into a cycle, and add a cycle's indicators to the library.
Views parse, call one service or selector, and render; services decide."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.cycles.models import Cycle
from performa.apps.library.forms import (
    AddFromCycleForm,
    AdoptionForm,
    LibraryIndicatorForm,
    LibrarySearchForm,
    style_form,
)
from performa.apps.library.models import LibraryIndicator
from performa.apps.library.selectors import (
    SCOPE_ALL,
    adoptable_cycles,
    cycle_indicators_for_library,
    cycles_of,
    library_entry_for,
    library_for,
    objectives_of,
    usages_of,
)
from performa.apps.library.services import (
    AdoptionRequest,
    AdoptionTarget,
    LibraryError,
    LibraryFields,
    LibraryPermissionError,
    LibraryReadOnlyError,
    LibraryValidationError,
    library_indicator_add_from_cycle,
    library_indicator_adopt,
    library_indicator_create,
    library_indicator_update,
)
from performa.apps.plans.models import Indicator
from performa.web.decorators import with_actor


def _entry_or_404(actor: Actor, pk: int) -> LibraryIndicator:
    try:
        return library_entry_for(actor=actor, pk=pk)
    except LibraryIndicator.DoesNotExist:
        raise Http404("no such library indicator") from None


def _office_only(actor: Actor) -> None:
    if not can(actor, Action.EDIT_PLAN):
        raise PermissionDenied


def _show_errors(form: forms.BaseForm, error: LibraryError) -> None:
    """A service's refusal on the form: on its field when there is one, else above it."""
    if isinstance(error, LibraryValidationError):
        for name, field_messages in error.errors.items():
            for message in field_messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(None, error.message)
    style_form(form)


def _fields_of(form: LibraryIndicatorForm) -> LibraryFields:
    data = form.cleaned_data
    return LibraryFields(
        code=data["code"],
        name=data["name"],
        description=data["description"],
        unit=data["unit"],
        value_type=data["value_type"],
        polarity=data["polarity"],
        formula=data["formula"],
        data_source=data["data_source"],
        responsible_unit=data["responsible_unit"],
        notes=data["notes"],
    )


@with_actor
def library_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The common library and the administration's own entries, searched and filtered."""
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    search = LibrarySearchForm(request.GET)
    query, scope = "", SCOPE_ALL
    if search.is_valid():
        query = search.cleaned_data["q"]
        scope = search.cleaned_data["ambito"] or SCOPE_ALL
    return render(
        request,
        "library/library_list.html",
        {
            "actor": actor,
            "search": search,
            "entries": library_for(actor=actor, query=query, scope=scope),
            "is_filtered": bool(query) or scope != SCOPE_ALL,
            "can_manage": can(actor, Action.EDIT_PLAN),
        },
    )


@with_actor
def library_detail(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """An entry's definition and where the administration uses it (cycles and objectives)."""
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    entry = _entry_or_404(actor, pk)
    can_manage = can(actor, Action.EDIT_PLAN)
    return render(
        request,
        "library/library_detail.html",
        {
            "actor": actor,
            "entry": entry,
            "usages": usages_of(actor=actor, entry=entry),
            "can_edit": can_manage and not entry.is_common,
            "can_adopt": can_manage and bool(adoptable_cycles(actor=actor)),
        },
    )


@require_http_methods(["GET", "POST"])
@with_actor
def library_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A new entry of the administration's library (office)."""
    _office_only(actor)
    form = LibraryIndicatorForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                entry = library_indicator_create(actor=actor, fields=_fields_of(form))
            except LibraryPermissionError:
                raise PermissionDenied from None
            except LibraryError as error:
                _show_errors(form, error)
            else:
                messages.success(
                    request, _("Indicatore «%(code)s» aggiunto.") % {"code": entry.code}
                )
                return redirect(
                    "library:detail", administration=actor.administration.code, pk=entry.pk
                )
    return render(
        request,
        "library/library_form.html",
        {"actor": actor, "form": form, "entry": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@with_actor
def library_edit(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """Change an own entry (office); common entries are read-only (403)."""
    _office_only(actor)
    entry = _entry_or_404(actor, pk)
    if entry.is_common:
        raise PermissionDenied
    form = LibraryIndicatorForm(request.POST or None, instance=entry)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                entry = library_indicator_update(
                    actor=actor,
                    entry=entry,
                    fields=_fields_of(form),
                    seen_version=form.cleaned_data["seen_version"] or 0,
                )
            except (LibraryPermissionError, LibraryReadOnlyError):
                raise PermissionDenied from None
            except LibraryError as error:
                _show_errors(form, error)
            else:
                messages.success(
                    request, _("Indicatore «%(code)s» aggiornato.") % {"code": entry.code}
                )
                return redirect(
                    "library:detail", administration=actor.administration.code, pk=entry.pk
                )
    return render(
        request,
        "library/library_form.html",
        {"actor": actor, "form": form, "entry": LibraryIndicator.objects.get(pk=entry.pk)},
        status=status,
    )


def _year_of(request: HttpRequest) -> int | None:
    raw = request.POST.get("anno") or request.GET.get("anno") or ""
    return int(raw) if raw.isdigit() else None


@require_http_methods(["GET", "POST"])
@with_actor
def library_adopt(request: HttpRequest, actor: Actor, pk: int) -> HttpResponse:
    """Adopt an entry into a cycle (office): first the cycle (``?anno=``), then the target and
    the optional objective. The cycle must be one whose plan may change now."""
    _office_only(actor)
    entry = _entry_or_404(actor, pk)
    cycles = adoptable_cycles(actor=actor)
    year = _year_of(request)
    if year is None and len(cycles) == 1:
        year = cycles[0].year
    cycle: Cycle | None = None
    if year is not None:
        cycle = next((item for item in cycles_of(actor=actor) if item.year == year), None)
        if cycle is None:
            raise Http404("no such cycle")
    context = {"actor": actor, "entry": entry, "cycles": cycles, "cycle": cycle, "form": None}
    if cycle is None:
        return render(request, "library/library_adopt.html", context)
    nodes = objectives_of(cycle=cycle)
    form = AdoptionForm(request.POST or None, entry=entry, nodes=nodes)
    context["form"] = form
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                adoption = library_indicator_adopt(
                    actor=actor,
                    entry=entry,
                    cycle=cycle,
                    request=AdoptionRequest(
                        target=AdoptionTarget(
                            comparator=data["comparator"],
                            value=data["target_value"],
                            upper=data["target_upper"],
                            due_on=data["target_due_on"],
                            expected=data["target_expected"],
                        ),
                        code=data["code"],
                        node=data["node"],
                        weight=data["weight"],
                        reason=data["reason"],
                    ),
                )
            except LibraryPermissionError:
                raise PermissionDenied from None
            except LibraryError as error:
                _show_errors(form, error)
            else:
                messages.success(
                    request,
                    _("«%(entry)s» adottato nel ciclo %(year)s come indicatore «%(code)s».")
                    % {
                        "entry": entry.code,
                        "year": cycle.year,
                        "code": adoption.cycle_indicator.code,
                    },
                )
                return redirect(
                    "library:detail", administration=actor.administration.code, pk=entry.pk
                )
    elif cycle not in cycles:
        context["locked"] = True
    return render(request, "library/library_adopt.html", context, status=status)


def _from_plan_page(
    request: HttpRequest,
    actor: Actor,
    cycle: Cycle | None,
    *,
    error: str = "",
    failed: tuple[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The cycle's indicators with their library entry; ``failed`` is (indicator pk, code
    typed) of a refused addition, to show it again."""
    return render(
        request,
        "library/library_from_plan.html",
        {
            "actor": actor,
            "cycles": cycles_of(actor=actor),
            "cycle": cycle,
            "rows": cycle_indicators_for_library(cycle=cycle) if cycle is not None else [],
            "error": error,
            "failed": failed,
        },
        status=status,
    )


@with_actor
def library_from_plan(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A cycle's indicators, each to add to the administration's library (office)."""
    _office_only(actor)
    year = _year_of(request)
    cycles = cycles_of(actor=actor)
    cycle = next((item for item in cycles if item.year == year), None) if year else None
    if year is not None and cycle is None:
        raise Http404("no such cycle")
    if cycle is None and cycles:
        cycle = cycles[0]
    return _from_plan_page(request, actor, cycle)


@require_POST
@with_actor
def library_from_plan_add(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Add one cycle indicator to the library (POST)."""
    _office_only(actor)
    cycle = next((item for item in cycles_of(actor=actor) if item.year == year), None)
    if cycle is None:
        raise Http404("no such cycle")
    form = AddFromCycleForm(request.POST)
    if not form.is_valid():
        return _from_plan_page(
            request, actor, cycle, error=_("Richiesta non valida: ricarica la pagina."), status=400
        )
    indicator = Indicator.objects.filter(cycle=cycle, pk=form.cleaned_data["indicator"]).first()
    if indicator is None:
        raise Http404("no such indicator")
    try:
        adoption = library_indicator_add_from_cycle(
            actor=actor, indicator=indicator, code=form.cleaned_data["code"]
        )
    except LibraryPermissionError:
        raise PermissionDenied from None
    except LibraryError as error:
        return _from_plan_page(
            request,
            actor,
            cycle,
            error=error.message,
            failed=(indicator.pk, form.cleaned_data["code"]),
            status=400,
        )
    messages.success(
        request,
        _("«%(code)s» aggiunto alla libreria.") % {"code": adoption.library_indicator.code},
    )
    page = reverse("library:from-plan", kwargs={"administration": actor.administration.code})
    return redirect(f"{page}?anno={cycle.year}#indicator-{indicator.pk}")
