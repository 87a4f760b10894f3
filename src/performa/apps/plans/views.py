"""The plan editor's pages: the tree (everyone who may view the cycle), and for the office
while the plan is editable the forms of nodes, links and indicators, with the weight preview.

Views parse, call one ``plans.editing`` service or selector, and render; a refusal is shown on
the page (400, or 409 for a stale form), a role or state that may not edit answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.selectors import cycle_of
from performa.apps.plans.editing import (
    PlanEditClosedError,
    PlanEditError,
    PlanEditPermissionError,
    PlanEditStaleError,
    WeightPreview,
    indicator_link_create,
    indicator_link_delete,
    indicator_link_update,
    indicator_save,
    indicator_seen,
    level_below,
    link_seen,
    node_seen,
    node_weights_for,
    plan_node_create,
    plan_node_delete,
    plan_node_move,
    plan_node_update,
    plan_tree_for,
    weight_preview,
    year_targets_seen,
)
from performa.apps.plans.forms import (
    IndicatorForm,
    LinkForm,
    NodeDeleteForm,
    NodeForm,
    NodeMoveForm,
    WeightPreviewForm,
    expected_choice,
    later_targets_initial,
)
from performa.apps.plans.models import BaseMeasure, Indicator, IndicatorLink, PlanNode
from performa.apps.plans.versions import plan_version_open
from performa.web.decorators import with_actor


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _cycle_or_404(actor: Actor, year: int) -> Cycle:
    if not can(actor, Action.VIEW_CYCLE):
        raise Http404
    try:
        return cycle_of(actor=actor, year=year)
    except Cycle.DoesNotExist:
        raise Http404("no such cycle") from None


def editable_cycle(actor: Actor, year: int) -> Cycle:
    """The cycle, when ``actor`` may edit its plan now; else 403 (404 for no such cycle)."""
    cycle = _cycle_or_404(actor, year)
    if not can(actor, Action.EDIT_PLAN, cycle=cycle):
        raise PermissionDenied
    return cycle


def _node_or_404(cycle: Cycle, code: str) -> PlanNode:
    node = (
        PlanNode.objects.filter(cycle=cycle, code=code)
        .select_related("cycle__administration", "level", "parent", "owner_unit", "manager")
        .first()
    )
    if node is None:
        raise Http404("no such node")
    return node


def _indicator_or_404(cycle: Cycle, code: str) -> Indicator:
    indicator = (
        Indicator.objects.filter(cycle=cycle, code=code)
        .select_related("cycle__administration")
        .first()
    )
    if indicator is None:
        raise Http404("no such indicator")
    return indicator


def _link_or_404(node: PlanNode, indicator_code: str) -> IndicatorLink:
    link = (
        IndicatorLink.objects.filter(node=node, indicator__code=indicator_code)
        .select_related("node__cycle__administration", "indicator")
        .first()
    )
    if link is None:
        raise Http404("no such link")
    return link


def refuse_if_not_allowed(error: PlanEditError) -> None:
    """Permission and state refusals of a service answer 403 (the view checked before, so
    they mean the state changed meanwhile or the request was forged)."""
    if isinstance(error, PlanEditPermissionError | PlanEditClosedError):
        raise PermissionDenied(error.message)


def put_on_form(form: Any, error: PlanEditError) -> None:
    """A service's refusal on the field it names (or on the whole form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# -- the tree --------------------------------------------------------------------------------


@require_GET
@with_actor
def plan_tree(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The tree of the cycle's plan: levels, codes, names, weights and their checks, owner
    units, managers, linked indicators; with the editor's links for the office."""
    cycle = _cycle_or_404(actor, year)
    return render(
        request,
        "plans/plan_tree.html",
        {
            "cycle": cycle,
            "tree": plan_tree_for(cycle=cycle),
            "can_edit": can(actor, Action.EDIT_PLAN, cycle=cycle),
            "is_office": can(actor, Action.EDIT_PLAN),
            "open_revision": plan_version_open(cycle=cycle),
        },
    )


# -- nodes -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkRowView:
    """A link on the node page, with the weight typed and the refusal of its last save."""

    link: IndicatorLink
    seen: str
    value: str
    error: str = ""
    stale: PlanEditStaleError | None = None
    preview: WeightPreview | None = None


def _weight_text(weight: Decimal | None) -> str:
    if weight is None:
        return ""
    return format(weight.normalize() + 0, "f").replace(".", ",")


def _node_page(
    request: HttpRequest,
    cycle: Cycle,
    node: PlanNode,
    *,
    form: NodeForm | None = None,
    move_form: NodeMoveForm | None = None,
    link_form: LinkForm | None = None,
    link_row: LinkRowView | None = None,
    stale: PlanEditStaleError | None = None,
    preview: WeightPreview | None = None,
    status: int = 200,
) -> HttpResponse:
    administration = cycle.administration
    if form is None:
        form = NodeForm(
            administration=administration,
            initial={
                "code": node.code,
                "name": node.name,
                "description": node.description,
                "weight": node.weight,
                "owner_unit": node.owner_unit_id,
                "manager": node.manager_id,
                "seen": node_seen(node),
            },
        )
    links = IndicatorLink.objects.filter(node=node).select_related("indicator")
    links_total, check = node_weights_for(cycle=cycle, node=node)
    rows = [
        link_row
        if link_row is not None and link_row.link.pk == link.pk
        else LinkRowView(link, link_seen(link), _weight_text(link.weight))
        for link in links
    ]
    linked = {link.indicator_id for link in links}
    parents = (
        PlanNode.objects.filter(cycle=cycle, level__depth=node.level.depth - 1).order_by("position")
        if node.level.depth > 1
        else PlanNode.objects.none()
    )
    return render(
        request,
        "plans/node_edit.html",
        {
            "cycle": cycle,
            "node": node,
            "form": form,
            "stale": stale,
            "preview": preview,
            "move_form": move_form
            or NodeMoveForm(initial={"parent": node.parent.code if node.parent else ""}),
            "parents": parents,
            "link_rows": rows,
            "links_total": links_total,
            "check": check,
            "link_form": link_form or LinkForm(),
            "unlinked": Indicator.objects.filter(cycle=cycle).exclude(pk__in=linked),
            "children_count": node.children.count(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@with_actor
def node_create(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """A new node under the node ``?sotto=<code>`` (none: at the first level, under the
    entity), at the level below its parent."""
    cycle = editable_cycle(actor, year)
    parent_code = (request.POST.get("parent") or request.GET.get("sotto") or "").strip()
    parent = _node_or_404(cycle, parent_code) if parent_code else None
    form = NodeForm(
        request.POST if request.method == "POST" else None, administration=cycle.administration
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                node = plan_node_create(
                    actor=actor,
                    cycle=cycle,
                    parent=parent,
                    fields=form.node_fields(),
                    reason=form.cleaned_data["reason"],
                )
            except PlanEditError as error:
                refuse_if_not_allowed(error)
                put_on_form(form, error)
            else:
                messages.success(
                    request, _("Nodo «%(code)s» aggiunto al piano.") % {"code": node.code}
                )
                return redirect(
                    "plans:node-edit",
                    administration=cycle.administration.code,
                    year=cycle.year,
                    code=node.code,
                )
        status = 400
    return render(
        request,
        "plans/node_create.html",
        {
            "cycle": cycle,
            "parent": parent,
            "form": form,
            "level": level_below(cycle=cycle, parent=parent),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@with_actor
def node_edit(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """A node's page: its fields (with the weight's preview), move, links, delete."""
    cycle = editable_cycle(actor, year)
    node = _node_or_404(cycle, code)
    if request.method == "GET":
        return _node_page(request, cycle, node)
    form = NodeForm(request.POST, administration=cycle.administration)
    if not form.is_valid():
        return _node_page(request, cycle, node, form=form, status=400)
    if request.POST.get("action") == "preview":
        preview = weight_preview(
            cycle=cycle, node_code=node.code, weight=form.cleaned_data["weight"]
        )
        return _node_page(request, cycle, node, form=form, preview=preview)
    try:
        node = plan_node_update(
            actor=actor,
            node=node,
            seen=form.cleaned_data["seen"],
            fields=form.node_fields(),
            reason=form.cleaned_data["reason"],
        )
    except PlanEditStaleError as stale:
        data = request.POST.copy()
        data["seen"] = stale.seen
        form = NodeForm(data, administration=cycle.administration)
        form.is_valid()
        return _node_page(
            request, cycle, _node_or_404(cycle, code), form=form, stale=stale, status=409
        )
    except PlanEditError as error:
        refuse_if_not_allowed(error)
        put_on_form(form, error)
        return _node_page(request, cycle, node, form=form, status=400)
    messages.success(request, _("Nodo «%(code)s» salvato.") % {"code": node.code})
    return redirect(
        "plans:node-edit", administration=cycle.administration.code, year=cycle.year, code=node.code
    )


@require_POST
@with_actor
def node_move(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Move a node (and its subtree) under another parent, at a position among its children."""
    cycle = editable_cycle(actor, year)
    node = _node_or_404(cycle, code)
    form = NodeMoveForm(request.POST)
    if not form.is_valid():
        return _node_page(request, cycle, node, move_form=form, status=400)
    parent_code = form.cleaned_data["parent"].strip()
    parent = PlanNode.objects.filter(cycle=cycle, code=parent_code).first() if parent_code else None
    if parent_code and parent is None:
        form.add_error("parent", _("Nessun nodo con codice «%(code)s».") % {"code": parent_code})
        return _node_page(request, cycle, node, move_form=form, status=400)
    position = form.cleaned_data["position"]
    try:
        node = plan_node_move(
            actor=actor,
            node=node,
            seen=form.cleaned_data["seen"],
            parent=parent,
            position=None if position is None else position - 1,
            reason=form.cleaned_data["reason"],
        )
    except PlanEditStaleError as stale:
        return _node_page(request, cycle, _node_or_404(cycle, code), stale=stale, status=409)
    except PlanEditError as error:
        refuse_if_not_allowed(error)
        put_on_form(form, error)
        return _node_page(request, cycle, node, move_form=form, status=400)
    messages.success(request, _("Nodo «%(code)s» spostato.") % {"code": node.code})
    return redirect(
        "plans:node-edit", administration=cycle.administration.code, year=cycle.year, code=node.code
    )


@require_http_methods(["GET", "POST"])
@with_actor
def node_delete(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Confirm, then delete a node; its subtree only when the office asks for it."""
    cycle = editable_cycle(actor, year)
    node = _node_or_404(cycle, code)
    form = NodeDeleteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = plan_node_delete(
                actor=actor,
                node=node,
                cascade=form.cleaned_data["cascade"],
                reason=form.cleaned_data["reason"],
            )
        except PlanEditError as error:
            refuse_if_not_allowed(error)
            put_on_form(form, error)
            status = 400
        else:
            messages.success(
                request,
                _("Eliminati dal piano: %(codes)s.") % {"codes": ", ".join(codes)},
            )
            return redirect("plans:tree", administration=cycle.administration.code, year=cycle.year)
    return render(
        request,
        "plans/node_delete.html",
        {
            "cycle": cycle,
            "node": node,
            "form": form,
            "children_count": node.children.count(),
            "links": IndicatorLink.objects.filter(node=node).select_related("indicator"),
            "assignments_count": node.assignments.count(),
        },
        status=status,
    )


# -- links -----------------------------------------------------------------------------------


@require_POST
@with_actor
def link_create(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Link an indicator of the cycle (by code) to the objective, with a weight."""
    cycle = editable_cycle(actor, year)
    node = _node_or_404(cycle, code)
    form = LinkForm(request.POST)
    if form.is_valid():
        indicator_code = form.cleaned_data["indicator"].strip()
        indicator = Indicator.objects.filter(cycle=cycle, code=indicator_code).first()
        if indicator is None:
            form.add_error("indicator", _("Scegli un indicatore del ciclo."))
        else:
            try:
                indicator_link_create(
                    actor=actor,
                    node=node,
                    indicator=indicator,
                    weight=form.cleaned_data["weight"],
                    reason=form.cleaned_data["reason"],
                )
            except PlanEditError as error:
                refuse_if_not_allowed(error)
                put_on_form(form, error)
            else:
                messages.success(
                    request,
                    _("Indicatore «%(indicator)s» collegato a «%(node)s».")
                    % {"indicator": indicator.code, "node": node.code},
                )
                return redirect(
                    "plans:node-edit",
                    administration=cycle.administration.code,
                    year=cycle.year,
                    code=node.code,
                )
    return _node_page(request, cycle, node, link_form=form, status=400)


@require_POST
@with_actor
def link_edit(
    request: HttpRequest, actor: Actor, year: int, code: str, indicator: str
) -> HttpResponse:
    """Change a link's weight (``action=preview``: show the scores it would give, unsaved)."""
    cycle = editable_cycle(actor, year)
    node = _node_or_404(cycle, code)
    link = _link_or_404(node, indicator)
    form = LinkForm(request.POST)
    raw = request.POST.get("weight", "")
    if not form.is_valid():
        row = LinkRowView(
            link,
            request.POST.get("seen", ""),
            raw,
            " ".join(str(e) for e in form.errors.get("weight", [])),
        )
        return _node_page(request, cycle, node, link_row=row, status=400)
    weight = form.cleaned_data["weight"]
    if request.POST.get("action") == "preview":
        preview = weight_preview(
            cycle=cycle, node_code=node.code, indicator_code=link.indicator.code, weight=weight
        )
        row = LinkRowView(link, form.cleaned_data["seen"], raw, preview=preview)
        return _node_page(request, cycle, node, link_row=row)
    try:
        indicator_link_update(
            actor=actor,
            link=link,
            seen=form.cleaned_data["seen"],
            weight=weight,
            reason=form.cleaned_data["reason"],
        )
    except PlanEditStaleError as stale:
        row = LinkRowView(link, stale.seen, raw, stale=stale)
        return _node_page(request, cycle, node, link_row=row, status=409)
    except PlanEditError as error:
        refuse_if_not_allowed(error)
        row = LinkRowView(link, form.cleaned_data["seen"], raw, error.message)
        return _node_page(request, cycle, node, link_row=row, status=400)
    messages.success(
        request,
        _("Peso di «%(indicator)s» in «%(node)s» salvato.")
        % {"indicator": link.indicator.code, "node": node.code},
    )
    return redirect(
        "plans:node-edit", administration=cycle.administration.code, year=cycle.year, code=node.code
    )


@require_POST
@with_actor
def link_delete(
    request: HttpRequest, actor: Actor, year: int, code: str, indicator: str
) -> HttpResponse:
    """Unlink an indicator from the objective (the indicator stays in the cycle)."""
    cycle = editable_cycle(actor, year)
    node = _node_or_404(cycle, code)
    link = _link_or_404(node, indicator)
    try:
        indicator_link_delete(actor=actor, link=link, reason=request.POST.get("reason", "")[:2000])
    except PlanEditError as error:
        refuse_if_not_allowed(error)
        row = LinkRowView(link, link_seen(link), _weight_text(link.weight), error.message)
        return _node_page(request, cycle, node, link_row=row, status=400)
    messages.success(
        request,
        _("Indicatore «%(indicator)s» scollegato da «%(node)s».")
        % {"indicator": indicator, "node": node.code},
    )
    return redirect(
        "plans:node-edit", administration=cycle.administration.code, year=cycle.year, code=node.code
    )


# -- the preview (htmx) ----------------------------------------------------------------------


@require_POST
@with_actor
def preview(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """The scores a weight would give (node's, those above it, the entity's), before → after;
    nothing saved. The pages' forms post here through htmx as the weight is typed."""
    cycle = editable_cycle(actor, year)
    form = WeightPreviewForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "plans/_weight_preview.html",
            {
                "preview_error": " ".join(str(e) for e in form.errors.get("weight", []))
                or _("Anteprima non disponibile.")
            },
        )
    node = _node_or_404(cycle, form.cleaned_data["node"])
    indicator_code = form.cleaned_data["indicator"] or None
    if indicator_code is not None:
        _link_or_404(node, indicator_code)
    return render(
        request,
        "plans/_weight_preview.html",
        {
            "preview": weight_preview(
                cycle=cycle,
                node_code=node.code,
                indicator_code=indicator_code,
                weight=form.cleaned_data["weight"],
            )
        },
    )


# -- indicators ------------------------------------------------------------------------------


def _indicator_page(
    request: HttpRequest,
    cycle: Cycle,
    form: IndicatorForm,
    *,
    indicator: Indicator | None,
    objective: PlanNode | None,
    stale: PlanEditStaleError | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "plans/indicator_form.html",
        {
            "cycle": cycle,
            "form": form,
            "indicator": indicator,
            "objective": objective,
            "stale": stale,
            "base_measures": BaseMeasure.objects.filter(cycle=cycle).order_by("position", "code"),
            "objectives": (
                IndicatorLink.objects.filter(indicator=indicator).select_related("node")
                if indicator is not None
                else []
            ),
        },
        status=status,
    )


def _save_indicator(
    request: HttpRequest,
    cycle: Cycle,
    form: IndicatorForm,
    *,
    indicator: Indicator | None,
    objective: PlanNode | None,
    save: Callable[[], Indicator],
) -> HttpResponse:
    if not form.is_valid():
        return _indicator_page(
            request, cycle, form, indicator=indicator, objective=objective, status=400
        )
    try:
        saved = save()
    except PlanEditStaleError as stale:
        data = request.POST.copy()
        data["seen"] = stale.seen
        if stale.later_seen is not None:
            data["later_seen"] = stale.later_seen
        form = IndicatorForm(data, cycle_year=cycle.year)
        form.is_valid()
        return _indicator_page(
            request, cycle, form, indicator=indicator, objective=objective, stale=stale, status=409
        )
    except PlanEditError as error:
        refuse_if_not_allowed(error)
        put_on_form(form, error)
        return _indicator_page(
            request, cycle, form, indicator=indicator, objective=objective, status=400
        )
    messages.success(request, _("Indicatore «%(code)s» salvato.") % {"code": saved.code})
    if objective is not None:
        return redirect(
            "plans:node-edit",
            administration=cycle.administration.code,
            year=cycle.year,
            code=objective.code,
        )
    return redirect(
        "plans:indicator-edit",
        administration=cycle.administration.code,
        year=cycle.year,
        code=saved.code,
    )


@require_http_methods(["GET", "POST"])
@with_actor
def indicator_new(request: HttpRequest, actor: Actor, year: int) -> HttpResponse:
    """Define a new indicator; from an objective's page (``?obiettivo=<code>``) it goes back
    there to be linked."""
    cycle = editable_cycle(actor, year)
    objective_code = (request.POST.get("objective") or request.GET.get("obiettivo") or "").strip()
    objective = _node_or_404(cycle, objective_code) if objective_code else None
    if request.method == "GET":
        form = IndicatorForm(cycle_year=cycle.year)
        return _indicator_page(request, cycle, form, indicator=None, objective=objective)
    form = IndicatorForm(request.POST, cycle_year=cycle.year)
    return _save_indicator(
        request,
        cycle,
        form,
        indicator=None,
        objective=objective,
        save=lambda: indicator_save(
            actor=actor,
            cycle=cycle,
            indicator=None,
            fields=form.indicator_fields(),
            later_targets=form.later_targets() if form.has_later_targets() else None,
            reason=form.cleaned_data["reason"],
        ),
    )


@require_http_methods(["GET", "POST"])
@with_actor
def indicator_edit(request: HttpRequest, actor: Actor, year: int, code: str) -> HttpResponse:
    """Change an indicator's definition, target and the next years' targets."""
    cycle = editable_cycle(actor, year)
    indicator = _indicator_or_404(cycle, code)
    if request.method == "GET":
        form = IndicatorForm(
            initial={
                "code": indicator.code,
                "name": indicator.name,
                "description": indicator.description,
                "unit": indicator.unit,
                "comparator": indicator.comparator,
                "target_value": indicator.target_value,
                "target_upper": indicator.target_upper,
                "target_due_on": indicator.target_due_on,
                "target_expected": expected_choice(indicator.target_expected),
                "baseline": indicator.baseline,
                "baseline_year": indicator.baseline_year,
                "data_source": indicator.data_source,
                "formula": indicator.formula,
                "seen": indicator_seen(indicator),
                "later_seen": year_targets_seen(indicator),
                **later_targets_initial(indicator, cycle_year=cycle.year),
            },
            cycle_year=cycle.year,
        )
        return _indicator_page(request, cycle, form, indicator=indicator, objective=None)
    form = IndicatorForm(request.POST, cycle_year=cycle.year)
    return _save_indicator(
        request,
        cycle,
        form,
        indicator=indicator,
        objective=None,
        save=lambda: indicator_save(
            actor=actor,
            cycle=cycle,
            indicator=indicator,
            fields=form.indicator_fields(),
            seen=form.cleaned_data["seen"],
            later_targets=form.later_targets() if form.has_later_targets() else None,
            later_seen=form.cleaned_data["later_seen"],
            reason=form.cleaned_data["reason"],
        ),
    )
