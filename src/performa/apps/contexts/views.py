"""The office's context and resources tables: list by section, type or upload a table, see
its chart before saving, delete, reorder. Views parse, call one service, and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.administrations.selectors import branding_of
from performa.apps.contexts.forms import ContextTableForm, ContextTableImportForm
from performa.apps.contexts.models import ContextSection, ContextTable
from performa.apps.contexts.selectors import context_table_data, context_tables_by_section
from performa.apps.contexts.services import (
    ContextError,
    ContextPermissionError,
    context_table_delete,
    context_table_import,
    context_table_move,
    context_table_save,
)
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.staff.selectors import staff_report_tables_for
from performa.reporting.context import context_table_blocks
from performa.reporting.document import Figure, Table
from performa.web.decorators import with_actor
from performa.workbook import data
from performa.workbook.grids import GridError, context_table_from_grid, grid_from_text, grid_text_of


def _cycle(actor: Actor, year: int) -> Cycle:
    if not can(actor, Action.EDIT_CONTEXT):
        raise PermissionDenied
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def _table(cycle: Cycle, code: str) -> ContextTable:
    return get_object_or_404(
        ContextTable, administration=cycle.administration, cycle=cycle, code=code
    )


def _list_url(cycle: Cycle) -> HttpResponse:
    return redirect("contexts:list", administration=cycle.administration.code, year=cycle.year)


@with_actor
def table_list(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Every context table of the cycle by report section, with its size and chart."""
    cycle = _cycle(actor, year)
    return render(
        request,
        "contexts/table_list.html",
        {
            "cycle": cycle,
            "sections": context_tables_by_section(cycle=cycle),
            "is_locked": is_cycle_locked(cycle),
            "replaced_codes": {table.code for table in staff_report_tables_for(cycle=cycle)},
        },
    )


def _preview(cycle: Cycle, table: data.ContextTable) -> dict[str, Any]:
    """The table and its chart as the Relazione shows them."""
    figure: Figure | None = None
    document_table: Table | None = None
    for block in context_table_blocks(table, branding_of(administration=cycle.administration)):
        if isinstance(block, Figure):
            figure = block
        elif isinstance(block, Table):
            document_table = block
    return {
        "preview_svg": mark_safe(figure.svg) if figure is not None else "",  # noqa: S308 - our own matplotlib SVG
        "preview_table": document_table,
    }


def _editor(request: HttpRequest, actor: Actor, year: int, code: str | None) -> HttpResponse:
    cycle = _cycle(actor, year)
    stored = _table(cycle, code) if code is not None else None
    context: dict[str, Any] = {
        "cycle": cycle,
        "stored": stored,
        "is_locked": is_cycle_locked(cycle),
    }
    errors: tuple[GridError, ...] = ()
    status = 200
    if request.method == "POST":
        form = ContextTableForm(request.POST)
        if form.is_valid():
            fields = form.cleaned_data
            grid, errors = grid_from_text(fields["grid"])
            result = None
            if not errors:
                result = context_table_from_grid(
                    grid,
                    code=fields["code"],
                    title=fields["title"],
                    section=fields["section"],
                    unit=fields["unit"],
                    source=fields["source"],
                    chart=fields["chart"],
                    note=fields["note"],
                )
                errors = result.errors
            if result is not None and result.table is not None:
                if "preview" in request.POST:
                    context.update(_preview(cycle, result.table))
                else:
                    try:
                        saved = context_table_save(
                            actor=actor, cycle=cycle, table=result.table, replacing=stored
                        )
                    except ContextPermissionError:
                        raise PermissionDenied from None
                    except ContextError as error:
                        context["error"] = error.message
                        status = 400
                    else:
                        messages.success(
                            request, _("Tabella «%(title)s» salvata.") % {"title": saved.title}
                        )
                        return redirect(
                            "contexts:edit",
                            administration=cycle.administration.code,
                            year=cycle.year,
                            code=saved.code,
                        )
            if errors:
                status = 400
        else:
            status = 400
    elif stored is not None:
        table = context_table_data(table=stored)
        form = ContextTableForm(
            initial={
                "code": table.code,
                "title": table.title,
                "section": table.section,
                "unit": table.unit,
                "source": table.source,
                "chart": table.chart,
                "note": table.note,
                "grid": grid_text_of(table),
            }
        )
        context.update(_preview(cycle, table))
    else:
        form = ContextTableForm(
            initial={"section": request.GET.get("sezione", ContextSection.ECONOMY)}
        )
    context.update({"form": form, "grid_errors": [str(error) for error in errors]})
    return render(request, "contexts/table_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@with_actor
def table_create(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """A new table typed in the page (with a preview of its chart before saving)."""
    return _editor(request, actor, year, None)


@require_http_methods(["GET", "POST"])
@with_actor
def table_edit(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """A table's title, section, cells, unit, source, note and chart, with its preview."""
    return _editor(request, actor, year, code)


@require_http_methods(["GET", "POST"])
@with_actor
def table_import(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """A table from a CSV or XLSX file: every error located, nothing written if any."""
    cycle = _cycle(actor, year)
    errors: list[str] = []
    error = ""
    status = 200
    if request.method == "POST":
        form = ContextTableImportForm(request.POST, request.FILES)
        if form.is_valid():
            fields = form.cleaned_data
            upload = fields["file"]
            replacing = None
            if fields["replace_existing"]:
                replacing = ContextTable.objects.filter(
                    administration=cycle.administration, cycle=cycle, code=fields["code"]
                ).first()
            try:
                saved = context_table_import(
                    actor=actor,
                    cycle=cycle,
                    content=upload.read(),
                    file_name=upload.name or "",
                    code=fields["code"],
                    title=fields["title"],
                    section=fields["section"],
                    unit=fields["unit"],
                    source=fields["source"],
                    chart=fields["chart"],
                    note=fields["note"],
                    replacing=replacing,
                )
            except ContextPermissionError:
                raise PermissionDenied from None
            except ContextError as failure:
                error = failure.message
                errors = [str(item) for item in failure.errors]
                status = 400
            else:
                messages.success(
                    request, _("Tabella «%(title)s» importata.") % {"title": saved.title}
                )
                return redirect(
                    "contexts:edit",
                    administration=cycle.administration.code,
                    year=cycle.year,
                    code=saved.code,
                )
        else:
            status = 400
    else:
        form = ContextTableImportForm(
            initial={"section": request.GET.get("sezione", ContextSection.ECONOMY)}
        )
    return render(
        request,
        "contexts/table_import.html",
        {
            "cycle": cycle,
            "form": form,
            "error": error,
            "grid_errors": errors,
            "is_locked": is_cycle_locked(cycle),
        },
        status=status,
    )


@require_POST
@with_actor
def table_delete(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Delete a table (POST)."""
    cycle = _cycle(actor, year)
    table = _table(cycle, code)
    try:
        context_table_delete(actor=actor, table=table)
    except ContextPermissionError:
        raise PermissionDenied from None
    except ContextError as error:
        messages.error(request, error.message)
        return _list_url(cycle)
    messages.success(request, _("Tabella «%(title)s» eliminata.") % {"title": table.title})
    return _list_url(cycle)


@require_POST
@with_actor
def table_move(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Move a table up or down within its section (POST ``direction`` = ``up``/``down``)."""
    cycle = _cycle(actor, year)
    table = _table(cycle, code)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        context_table_move(actor=actor, table=table, offset=offset)
    except ContextPermissionError:
        raise PermissionDenied from None
    except ContextError as error:
        messages.error(request, error.message)
    return _list_url(cycle)
