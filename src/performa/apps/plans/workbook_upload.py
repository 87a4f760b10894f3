"""The plan as a workbook for the office: the live plan and an empty template to download, and
an uploaded workbook previewed as changes, then applied through the plan editor's services.

An upload is the whole plan as the office wants it: what the workbook lacks is removed. The
apply step translates each change into ``plans.editing`` (and ``year_targets``) calls, so every
rule, permission check and audit entry of the editor applies; what the editor cannot change
(levels, units, people, assignments, an indicator's notes, removing an indicator) is listed as
not applicable and left alone. Rules and messages: docs/planning.md, "Workbooks".
"""

from __future__ import annotations

import dataclasses
import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.administrations.models import OrganisationalUnit, Person
from performa.apps.cycles.models import Cycle
from performa.apps.plans.editing import (
    BaseMeasureFields,
    IndicatorFields,
    NodeFields,
    PlanEditClosedError,
    PlanEditError,
    PlanEditPermissionError,
    base_measure_delete,
    base_measure_save,
    indicator_create,
    indicator_link_create,
    indicator_link_delete,
    indicator_link_update,
    indicator_seen,
    indicator_update,
    link_seen,
    node_seen,
    plan_node_create,
    plan_node_delete,
    plan_node_move,
    plan_node_update,
)
from performa.apps.plans.models import BaseMeasure, Indicator, IndicatorLink, PlanNode
from performa.apps.plans.versions import plan_structure_for
from performa.apps.plans.year_targets import (
    YearTargetError,
    YearTargetPermissionError,
    indicator_year_targets_set,
)
from performa.workbook.compare import Change, ChangeKind, ChangeSubject, PlanChanges, plan_changes
from performa.workbook.data import BaseMeasureRow, IndicatorRow, NodeRow, PlanData
from performa.workbook.reader import CellError, read_workbook
from performa.workbook.writer import write_workbook

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
"""The largest workbook accepted (the demo plan's is a few tens of kilobytes)."""

_ZIP_MAGIC = b"PK\x03\x04"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_UPLOADS = "uploads/plan-workbooks"


class WorkbookUploadError(Exception):
    """An upload or its application was refused; ``message`` says why, in Italian.

    WorkbookUploadError
    ├── WorkbookUploadPermissionError  the actor may not edit the plan now (views: 403)
    └── WorkbookUploadStaleError       the plan changed after the preview (409)
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WorkbookUploadPermissionError(WorkbookUploadError):
    """The actor may not edit this cycle's plan (role, administration or state)."""


class WorkbookUploadStaleError(WorkbookUploadError):
    """The cycle's data changed between the preview and the apply."""


# -- downloads -------------------------------------------------------------------------------


def _xlsx(plan: PlanData) -> bytes:
    buffer = io.BytesIO()
    write_workbook(plan, buffer)
    return buffer.getvalue()


def plan_workbook_for(*, cycle: Cycle) -> bytes:
    """The live plan of ``cycle`` as a workbook, figures and report texts left out."""
    return _xlsx(plan_structure_for(cycle=cycle))


def plan_template_for(*, cycle: Cycle) -> bytes:
    """An empty workbook for ``cycle``: its identity, rules, levels, periods, units and people,
    and no tree, indicators, links or assignments, for the office to fill in."""
    plan = plan_structure_for(cycle=cycle)
    return _xlsx(dataclasses.replace(plan, nodes=(), indicators=(), links=(), assignments=()))


# -- preview ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UploadPreview:
    """What an uploaded workbook would do to the live plan.

    ``refusal`` (a whole-file problem) or ``errors`` (located in the workbook) mean nothing can
    be applied. Otherwise ``applicable`` are the changes the apply makes and ``not_applicable``
    those it leaves alone (the editor cannot make them).
    """

    refusal: str = ""
    errors: tuple[CellError, ...] = ()
    applicable: tuple[Change, ...] = ()
    not_applicable: tuple[Change, ...] = ()

    @property
    def is_valid(self) -> bool:
        return not self.refusal and not self.errors

    @property
    def is_empty(self) -> bool:
        return self.is_valid and not self.applicable and not self.not_applicable


def upload_refusal(*, name: str, size: int, head: bytes) -> str:
    """Why a file is not taken as a workbook before reading it (empty when it may be read)."""
    if size > MAX_UPLOAD_BYTES:
        return _("Il file è troppo grande: al massimo %(mb)s MB.") % {
            "mb": MAX_UPLOAD_BYTES // (1024 * 1024)
        }
    if not name.lower().endswith(".xlsx") or not head.startswith(_ZIP_MAGIC):
        return _("Il file non è una cartella di lavoro Excel (.xlsx): carica il file .xlsx.")
    return ""


def _is_applicable(change: Change, removed_nodes: frozenset[str] = frozenset()) -> bool:
    if change.subject is ChangeSubject.NODE:
        return change.field != "level"
    if change.subject is ChangeSubject.INDICATOR:
        return change.kind is not ChangeKind.REMOVED and change.field != "notes"
    if change.subject is ChangeSubject.ASSIGNMENT:
        # A removed objective's assignments go with it; others are not the editor's.
        objective = change.code.partition(" → ")[2]
        return change.kind is ChangeKind.REMOVED and objective in removed_nodes
    return change.subject in (ChangeSubject.LINK, ChangeSubject.BASE_MEASURE)


def _split(changes: PlanChanges) -> tuple[tuple[Change, ...], tuple[Change, ...]]:
    """``changes`` as those the apply makes and those it leaves alone."""
    removed_nodes = frozenset(
        change.code
        for change in changes
        if change.subject is ChangeSubject.NODE and change.kind is ChangeKind.REMOVED
    )
    applicable = tuple(change for change in changes if _is_applicable(change, removed_nodes))
    return applicable, tuple(change for change in changes if change not in applicable)


def _read(cycle: Cycle, content: bytes) -> tuple[UploadPreview, PlanData | None, PlanChanges]:
    result = read_workbook(io.BytesIO(content))
    if result.plan is None:
        return UploadPreview(errors=result.errors), None, PlanChanges()
    info = result.plan.cycle
    if info.administration_code != cycle.administration.code or info.year != cycle.year:
        refusal = _(
            "La cartella di lavoro è del piano %(code)s %(year)s, non di questo "
            "(%(own_code)s %(own_year)s): scarica il modello di questo ciclo."
        ) % {
            "code": info.administration_code,
            "year": info.year,
            "own_code": cycle.administration.code,
            "own_year": cycle.year,
        }
        return UploadPreview(refusal=refusal), None, PlanChanges()
    changes = plan_changes(plan_structure_for(cycle=cycle), result.plan)
    applicable, not_applicable = _split(changes)
    preview = UploadPreview(applicable=applicable, not_applicable=not_applicable)
    return preview, result.plan, changes


def workbook_preview(*, cycle: Cycle, content: bytes) -> UploadPreview:
    """Read ``content`` (an .xlsx) and compare it with ``cycle``'s live plan; writes nothing."""
    return _read(cycle, content)[0]


# -- the upload kept between the preview and the apply ---------------------------------------


def _upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / _UPLOADS


def upload_keep(content: bytes) -> str:
    """Keep an uploaded workbook under MEDIA_ROOT until applied; returns its random token."""
    folder = _upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.xlsx").write_bytes(content)
    return token


def upload_kept(token: str) -> bytes | None:
    """The workbook kept under ``token``; ``None`` when malformed or gone."""
    if not _TOKEN.fullmatch(token):
        return None
    path = _upload_folder() / f"{token}.xlsx"
    return path.read_bytes() if path.is_file() else None


def upload_discard(token: str) -> None:
    """Forget the workbook kept under ``token`` (nothing happens when it is gone)."""
    if _TOKEN.fullmatch(token):
        (_upload_folder() / f"{token}.xlsx").unlink(missing_ok=True)


# -- apply -----------------------------------------------------------------------------------


def _node_fields(row: NodeRow, cycle: Cycle) -> NodeFields:
    unit = person = None
    if row.owner_unit:
        unit = OrganisationalUnit.objects.filter(
            administration=cycle.administration, code=row.owner_unit
        ).first()
        if unit is None:
            raise WorkbookUploadError(
                _("Obiettivo %(node)s: l'unità %(unit)s non esiste; aggiungila prima.")
                % {"node": row.code, "unit": row.owner_unit}
            )
    if row.manager:
        person = Person.objects.filter(
            administration=cycle.administration, code=row.manager
        ).first()
        if person is None:
            raise WorkbookUploadError(
                _("Obiettivo %(node)s: la persona %(person)s non esiste; aggiungila prima.")
                % {"node": row.code, "person": row.manager}
            )
    return NodeFields(
        code=row.code,
        name=row.name,
        description=row.description,
        weight=row.weight,
        owner_unit=unit,
        manager=person,
    )


def _indicator_fields(row: IndicatorRow) -> IndicatorFields:
    target = row.target
    return IndicatorFields(
        code=row.code,
        name=row.name,
        comparator=target.comparator.value,
        unit=row.unit,
        target_value=target.value,
        target_upper=target.upper,
        target_due_on=target.due_on,
        target_expected=target.expected,
        baseline=row.baseline,
        baseline_year=row.baseline_year,
        data_source=row.data_source,
        description=row.description,
        formula=row.formula,
    )


def _measure_fields(row: BaseMeasureRow, cycle: Cycle) -> BaseMeasureFields:
    unit = (
        OrganisationalUnit.objects.get(
            administration=cycle.administration, code=row.responsible_unit
        )
        if row.responsible_unit
        else None
    )
    return BaseMeasureFields(
        code=row.code,
        name=row.name,
        unit=row.unit,
        description=row.description,
        data_source=row.data_source,
        responsible_unit=unit,
    )


def _node(cycle: Cycle, code: str | None) -> PlanNode | None:
    if code is None:
        return None
    return (
        PlanNode.objects.select_related("cycle__administration", "level", "parent")
        .filter(cycle=cycle, code=code)
        .get()
    )


def _indicator(cycle: Cycle, code: str) -> Indicator:
    return Indicator.objects.select_related("cycle__administration").get(cycle=cycle, code=code)


def _link(cycle: Cycle, objective: str, indicator: str) -> IndicatorLink:
    return IndicatorLink.objects.select_related("node__cycle__administration", "indicator").get(
        node__cycle=cycle, node__code=objective, indicator__code=indicator
    )


def _depth(rows: dict[str, NodeRow], code: str) -> int:
    depth, seen = 0, set()
    parent = rows[code].parent_code
    while parent is not None and parent in rows and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = rows[parent].parent_code
    return depth


def _apply(actor: Actor, cycle: Cycle, live: PlanData, wanted: PlanData, reason: str) -> None:
    """Make the live plan's tree, indicators and links those of ``wanted`` (editor calls)."""
    changes = _split(plan_changes(live, wanted))[0]
    before_nodes = {row.code: row for row in live.nodes}
    after_nodes = {row.code: row for row in wanted.nodes}
    after_indicators = {row.code: row for row in wanted.indicators}
    after_links = {(row.objective_code, row.indicator_code): row for row in wanted.links}

    def codes(subject: ChangeSubject, kind: ChangeKind) -> list[str]:
        found = (c.code for c in changes if c.subject is subject and c.kind is kind)
        return list(dict.fromkeys(found))

    def link_key(code: str) -> tuple[str, str]:
        objective, _arrow, indicator = code.partition(" → ")
        return objective, indicator

    # Base measures before the indicators whose formulas read them.
    after_measures = {row.code: row for row in wanted.base_measures}
    for code in codes(ChangeSubject.BASE_MEASURE, ChangeKind.ADDED):
        base_measure_save(
            actor=actor,
            cycle=cycle,
            measure=None,
            fields=_measure_fields(after_measures[code], cycle),
            reason=reason,
        )
    for code in codes(ChangeSubject.BASE_MEASURE, ChangeKind.CHANGED):
        base_measure_save(
            actor=actor,
            cycle=cycle,
            measure=BaseMeasure.objects.get(cycle=cycle, code=code),
            fields=_measure_fields(after_measures[code], cycle),
            reason=reason,
        )
    # Indicators next: new links need them.
    for code in codes(ChangeSubject.INDICATOR, ChangeKind.ADDED):
        row = after_indicators[code]
        indicator_create(actor=actor, cycle=cycle, fields=_indicator_fields(row), reason=reason)
        if row.later_targets:
            indicator_year_targets_set(
                actor=actor,
                indicator=_indicator(cycle, code),
                targets=row.later_targets,
                reason=reason,
            )
    for code in codes(ChangeSubject.INDICATOR, ChangeKind.CHANGED):
        row = after_indicators[code]
        fields = {c.field or "" for c in changes if c.code == code and c.kind is ChangeKind.CHANGED}
        indicator = _indicator(cycle, code)
        if any(" " not in name for name in fields):
            indicator = indicator_update(
                actor=actor,
                indicator=indicator,
                seen=indicator_seen(indicator),
                fields=_indicator_fields(row),
                reason=reason,
            )
        if any(" " in name for name in fields):  # "target 2025": a later year's target
            indicator_year_targets_set(
                actor=actor, indicator=indicator, targets=row.later_targets, reason=reason
            )
    # New nodes top-down, so that a new parent exists before its children.
    added = codes(ChangeSubject.NODE, ChangeKind.ADDED)
    for code in sorted(added, key=lambda code: _depth(after_nodes, code)):
        node_row = after_nodes[code]
        created = plan_node_create(
            actor=actor,
            cycle=cycle,
            parent=_node(cycle, node_row.parent_code),
            fields=_node_fields(node_row, cycle),
            reason=reason,
        )
        if (
            created.level.key != node_row.level
        ):  # the editor puts a node at the level below its parent
            raise WorkbookUploadError(
                _("Obiettivo %(node)s: sotto il suo nodo superiore va il livello «%(level)s».")
                % {"node": code, "level": created.level.name}
            )
    for code in codes(ChangeSubject.NODE, ChangeKind.MOVED):
        node = _node(cycle, code)
        assert node is not None
        plan_node_move(
            actor=actor,
            node=node,
            seen=node_seen(node),
            parent=_node(cycle, after_nodes[code].parent_code),
            reason=reason,
        )
    for code in codes(ChangeSubject.NODE, ChangeKind.CHANGED):
        node = _node(cycle, code)
        assert node is not None
        plan_node_update(
            actor=actor,
            node=node,
            seen=node_seen(node),
            fields=_node_fields(after_nodes[code], cycle),
            reason=reason,
        )
    removed_nodes = set(codes(ChangeSubject.NODE, ChangeKind.REMOVED))
    for code in codes(ChangeSubject.LINK, ChangeKind.ADDED):
        objective, indicator_code = link_key(code)
        node = _node(cycle, objective)
        assert node is not None
        indicator_link_create(
            actor=actor,
            node=node,
            indicator=_indicator(cycle, indicator_code),
            weight=after_links[(objective, indicator_code)].weight,
            reason=reason,
        )
    for code in codes(ChangeSubject.LINK, ChangeKind.CHANGED):
        link = _link(cycle, *link_key(code))
        indicator_link_update(
            actor=actor,
            link=link,
            seen=link_seen(link),
            weight=after_links[link_key(code)].weight,
            reason=reason,
        )
    for code in codes(ChangeSubject.LINK, ChangeKind.REMOVED):
        objective, indicator_code = link_key(code)
        if objective not in removed_nodes:  # a removed node's links go with it
            indicator_link_delete(
                actor=actor, link=_link(cycle, objective, indicator_code), reason=reason
            )
    # Removed nodes bottom-up: children before their parents, each on its own.
    for code in sorted(removed_nodes, key=lambda code: -_depth(before_nodes, code)):
        node = _node(cycle, code)
        assert node is not None
        plan_node_delete(actor=actor, node=node, reason=reason)
    # Base measures last: no formula reads them any more.
    for code in codes(ChangeSubject.BASE_MEASURE, ChangeKind.REMOVED):
        base_measure_delete(
            actor=actor, measure=BaseMeasure.objects.get(cycle=cycle, code=code), reason=reason
        )


def workbook_apply(
    *, actor: Actor, cycle: Cycle, content: bytes, data_version: int, reason: str = ""
) -> int:
    """Apply the workbook ``content`` previewed when ``cycle``'s data was at ``data_version``.

    One transaction: either every applicable change is made, or none. Refused when the actor
    may not edit the plan now, when the plan (or any of the cycle's data) changed since the
    preview, when the workbook no longer reads, or when an editor rule refuses a change (its
    message, with the change, is the error). Returns the number of changes applied.
    """
    if not can(actor, Action.EDIT_PLAN, cycle=cycle):
        raise WorkbookUploadPermissionError(_("Il tuo ruolo non consente di modificare il piano."))
    reason = reason or _("Caricamento della cartella di lavoro del piano")
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().select_related("administration").get(pk=cycle.pk)
        if locked.administration_id != actor.administration.pk or not can(
            actor, Action.EDIT_PLAN, cycle=locked
        ):
            raise WorkbookUploadPermissionError(
                _("Il tuo ruolo non consente di modificare il piano.")
            )
        if locked.data_version != data_version:
            raise WorkbookUploadStaleError(
                _("Il piano è cambiato dopo l'anteprima: ricarica il file.")
            )
        preview, wanted, _changes = _read(locked, content)
        if not preview.is_valid or wanted is None:
            raise WorkbookUploadError(
                preview.refusal or _("La cartella di lavoro contiene errori: ricaricala.")
            )
        try:
            _apply(actor, locked, plan_structure_for(cycle=locked), wanted, reason)
        except (
            PlanEditPermissionError,
            PlanEditClosedError,
            YearTargetPermissionError,
        ) as refused:
            raise WorkbookUploadPermissionError(str(refused)) from None
        except (PlanEditError, YearTargetError) as refused:
            message = refused.message if isinstance(refused, PlanEditError) else str(refused)
            raise WorkbookUploadError(
                _("Nessuna modifica applicata: %(message)s") % {"message": message}
            ) from None
    return len(preview.applicable)


__all__ = [
    "MAX_UPLOAD_BYTES",
    "UploadPreview",
    "WorkbookUploadError",
    "WorkbookUploadPermissionError",
    "WorkbookUploadStaleError",
    "plan_template_for",
    "plan_workbook_for",
    "upload_discard",
    "upload_keep",
    "upload_kept",
    "upload_refusal",
    "workbook_apply",
    "workbook_preview",
]
