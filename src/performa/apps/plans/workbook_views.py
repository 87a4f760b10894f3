"""The office's plan workbook pages: download the live plan or an empty template, upload a
filled workbook, see what it would change, and apply it.

The uploaded file waits for the apply under MEDIA_ROOT behind a random token that the session
binds to the cycle and to the cycle's data version at the preview (``workbook_upload``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.plans.versions import changes_by_kind
from performa.apps.plans.workbook_upload import (
    MAX_UPLOAD_BYTES,
    UploadPreview,
    WorkbookUploadError,
    WorkbookUploadPermissionError,
    WorkbookUploadStaleError,
    plan_template_for,
    plan_workbook_for,
    upload_discard,
    upload_keep,
    upload_kept,
    upload_refusal,
    workbook_apply,
    workbook_preview,
)
from performa.web.decorators import with_actor
from performa.workbook.compare import PlanChanges

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SESSION_KEY = "plan_workbook_uploads"


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


def _editable_cycle(actor: Actor, year: int) -> Cycle:
    cycle = _office_cycle(actor, year)
    if not can(actor, Action.EDIT_PLAN, cycle=cycle):
        raise PermissionDenied
    return cycle


def _page(
    request: HttpRequest,
    actor: Actor,
    cycle: Cycle,
    *,
    status: int = 200,
    preview: UploadPreview | None = None,
    **context: Any,
) -> HttpResponse:
    groups = (
        changes_by_kind(PlanChanges(preview.applicable))
        if preview is not None and preview.is_valid
        else []
    )
    return render(
        request,
        "plan_workbook/workbook_page.html",
        {
            "cycle": cycle,
            "is_editable": can(actor, Action.EDIT_PLAN, cycle=cycle),
            "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
            "preview": preview,
            "groups": groups,
            **context,
        },
        status=status,
    )


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@with_actor
def workbook_page(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The downloads and, while the plan is editable, the upload form."""
    return _page(request, actor, _office_cycle(actor, year))


@require_GET
@with_actor
def plan_download(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The live plan as a workbook (figures left out)."""
    cycle = _office_cycle(actor, year)
    name = f"piano-{cycle.administration.code}-{cycle.year}.xlsx"
    return _download(plan_workbook_for(cycle=cycle), name)


@require_GET
@with_actor
def template_download(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """An empty workbook with the cycle's levels and periods, to fill in."""
    cycle = _office_cycle(actor, year)
    name = f"modello-piano-{cycle.administration.code}-{cycle.year}.xlsx"
    return _download(plan_template_for(cycle=cycle), name)


def _content(upload: UploadedFile[bytes]) -> tuple[bytes, str]:
    """The uploaded bytes, or why the file is refused before reading it."""
    size = upload.size or 0
    head = upload.read(4) if size else b""
    refusal = upload_refusal(name=upload.name or "", size=size, head=head)
    if refusal:
        return b"", refusal
    upload.seek(0)
    return upload.read(MAX_UPLOAD_BYTES + 1), ""


@require_POST
@with_actor
def workbook_upload(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Read an uploaded workbook and show what it would change; nothing is written yet."""
    cycle = _editable_cycle(actor, year)
    upload = request.FILES.get("workbook")
    if upload is None:
        return _page(request, actor, cycle, status=400, refusal=_("Scegli il file da caricare."))
    content, refusal = _content(upload)
    if refusal:
        return _page(request, actor, cycle, status=400, refusal=refusal)
    preview = workbook_preview(cycle=cycle, content=content)
    if not preview.is_valid:
        return _page(request, actor, cycle, status=400, preview=preview, refusal=preview.refusal)
    token = ""
    if not preview.is_empty:
        token = upload_keep(content)
        kept: dict[str, dict[str, int]] = request.session.get(_SESSION_KEY, {})
        for old in [key for key, value in kept.items() if value["cycle"] == cycle.pk]:
            upload_discard(old)
            del kept[old]
        kept[token] = {"cycle": cycle.pk, "data_version": cycle.data_version}
        request.session[_SESSION_KEY] = kept
    return _page(request, actor, cycle, preview=preview, token=token, filename=upload.name)


@require_POST
@with_actor
def workbook_apply_view(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Apply the previewed workbook through the plan editor, or say why not."""
    cycle = _editable_cycle(actor, year)
    token = request.POST.get("token", "")
    kept: dict[str, dict[str, int]] = request.session.get(_SESSION_KEY, {})
    bound = kept.get(token)
    content = upload_kept(token) if bound is not None and bound["cycle"] == cycle.pk else None
    if bound is None or content is None:
        return _page(
            request,
            actor,
            cycle,
            status=400,
            refusal=_("L'anteprima non è più disponibile: ricarica il file."),
        )
    try:
        applied = workbook_apply(
            actor=actor, cycle=cycle, content=content, data_version=bound["data_version"]
        )
    except WorkbookUploadPermissionError:
        raise PermissionDenied from None
    except WorkbookUploadStaleError as stale:
        _forget(request, token)
        return _page(request, actor, cycle, status=409, refusal=stale.message)
    except WorkbookUploadError as refused:
        return _page(request, actor, cycle, status=400, refusal=refused.message)
    _forget(request, token)
    messages.success(
        request,
        _("Cartella di lavoro applicata: %(count)s modifiche al piano.") % {"count": applied},
    )
    return redirect("plans:tree", administration=actor.administration.code, year=cycle.year)


def _forget(request: HttpRequest, token: str) -> None:
    kept: dict[str, dict[str, int]] = request.session.get(_SESSION_KEY, {})
    kept.pop(token, None)
    request.session[_SESSION_KEY] = kept
    upload_discard(token)
