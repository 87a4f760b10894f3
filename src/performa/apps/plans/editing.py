"""The plan editor: the tree as the office edits it (reads) and its operations (writes).

Every write is atomic, re-checks ``access.can(actor, Action.EDIT_PLAN, cycle=...)`` under a
lock on the cycle, refuses a stale edit (the values the form was loaded with are compared with
the stored ones) and is recorded in the audit trail. Rules and messages: docs/planning.md.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.administrations.models import OrganisationalUnit, Person
from performa.apps.audit.services import audit_record_by
from performa.apps.cycles.models import Cycle, PlanLevel
from performa.apps.cycles.versioning import cycle_touch
from performa.apps.evaluations.models import Override
from performa.apps.plans.formulas import formula_problem, indicators_using
from performa.apps.plans.models import (
    BaseMeasure,
    Indicator,
    IndicatorComparator,
    IndicatorLink,
    PlanNode,
)
from performa.apps.plans.selectors import is_plan_editable, plan_data_for
from performa.apps.plans.targets import plain_decimal
from performa.apps.plans.year_targets import (
    YEARS_AHEAD,
    YearTargetError,
    YearTargetPermissionError,
    indicator_year_targets_set,
    year_target_of,
)
from performa.reporting.formatting import format_exact
from performa.scoring import score_plan
from performa.scoring.errors import ScoringError
from performa.scoring.formulas import FUNCTIONS, parse_formula
from performa.scoring.model import ENTITY_LEVEL, Comparator, Target
from performa.scoring.rollup import ScoredPlan
from performa.scoring.rules import Aggregation, LevelRule, RuleSet
from performa.workbook.convert import period_for, scoring_plan_for
from performa.workbook.data import PlanData, YearTarget

HUNDRED = Decimal(100)
_WEIGHT_QUANTUM = Decimal("0.0001")
_VALUE_QUANTUM = Decimal("0.000001")


class PlanEditError(Exception):
    """An edit of the plan was refused; ``message`` tells the user why, in Italian, and
    ``field`` names the form field at fault (empty for the whole form).

    PlanEditError
    ├── PlanEditPermissionError   the actor's role does not allow it (views: 403)
    ├── PlanEditClosedError       the plan may not change now: adopted, or validated (403)
    ├── PlanEditInvalidError      a value breaks a rule of the plan (400, on the field)
    └── PlanEditStaleError        changed by someone else since the form was loaded (409)
    """

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PlanEditPermissionError(PlanEditError):
    """The actor may not edit the plan."""


class PlanEditClosedError(PlanEditError):
    """The plan is not editable now (adopted with no open revision, or the cycle validated)."""


class PlanEditInvalidError(PlanEditError):
    """The edit breaks a rule: a duplicate code, a wrong level, a missing target..."""


class PlanEditStaleError(PlanEditError):
    """The object changed since the form was loaded; ``current`` holds its values now
    (label → text) and ``seen`` the token to submit to overwrite them knowingly
    (``later_seen`` that of an indicator's later-year targets, when the form has them)."""

    def __init__(
        self,
        message: str,
        *,
        current: list[tuple[str, str]],
        seen: str,
        later_seen: str | None = None,
    ) -> None:
        super().__init__(message)
        self.current = current
        self.seen = seen
        self.later_seen = later_seen


# -- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NodeFields:
    """What the office types for a node (weight in percent, ``None`` for none)."""

    code: str
    name: str
    description: str = ""
    weight: Decimal | None = None
    owner_unit: OrganisationalUnit | None = None
    manager: Person | None = None


@dataclass(frozen=True, slots=True)
class IndicatorFields:
    """What the office types for an indicator; which target fields count depends on the
    comparator (a value, a range, a due date or the expected yes/no)."""

    code: str
    name: str
    comparator: str
    unit: str = ""
    target_value: Decimal | None = None
    target_upper: Decimal | None = None
    target_due_on: date | None = None
    target_expected: bool | None = None
    baseline: Decimal | None = None
    baseline_year: int | None = None
    data_source: str = ""
    description: str = ""
    formula: str = ""


@dataclass(frozen=True, slots=True)
class BaseMeasureFields:
    """What the office types for a base measure; ``code`` is the name formulas use."""

    code: str
    name: str
    unit: str = ""
    description: str = ""
    data_source: str = ""
    responsible_unit: OrganisationalUnit | None = None


# -- fingerprints (optimistic concurrency) ---------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(plain_decimal(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _fingerprint(values: dict[str, object]) -> str:
    payload = json.dumps({key: _text(value) for key, value in values.items()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def _node_values(node: PlanNode) -> dict[str, object]:
    return {
        "code": node.code,
        "name": node.name,
        "description": node.description,
        "weight": node.weight,
        "owner_unit": node.owner_unit_id,
        "manager": node.manager_id,
        "parent": node.parent_id,
    }


def node_seen(node: PlanNode) -> str:
    """The token of ``node``'s values as a form shows them (not its position, which moves
    whenever a sibling is added)."""
    return _fingerprint(_node_values(node))


def link_seen(link: IndicatorLink) -> str:
    """The token of ``link``'s weight as a form shows it."""
    return _fingerprint({"weight": link.weight})


_INDICATOR_FIELDS = (
    "code",
    "name",
    "unit",
    "comparator",
    "target_value",
    "target_upper",
    "target_due_on",
    "target_expected",
    "baseline",
    "baseline_year",
    "data_source",
    "description",
    "formula",
)


def indicator_seen(indicator: Indicator) -> str:
    """The token of ``indicator``'s editable values as a form shows them."""
    return _fingerprint({name: getattr(indicator, name) for name in _INDICATOR_FIELDS})


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("sì") if value else _("no")
    if isinstance(value, Decimal):
        return format_exact(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def number_text(number: Decimal | None) -> str:
    """``number`` the Italian way with the decimals it has (16.5000 → ``16,5``); ``—`` for none."""
    return _shown(number)


def _node_current(node: PlanNode) -> list[tuple[str, str]]:
    return [
        (_("Codice"), node.code),
        (_("Denominazione"), node.name),
        (_("Descrizione"), node.description or "—"),
        (_("Peso %"), _shown(node.weight)),
        (_("Unità responsabile"), _shown(node.owner_unit)),
        (_("Responsabile"), _shown(node.manager)),
        (_("Nodo superiore"), _shown(node.parent.code if node.parent else None)),
    ]


def _stale(
    what: str, current: list[tuple[str, str]], seen: str, *, later_seen: str | None = None
) -> PlanEditStaleError:
    return PlanEditStaleError(
        _(
            "«%(what)s» è stato modificato da qualcun altro dopo che hai aperto il modulo: "
            "le tue modifiche non sono state salvate. Qui sotto i valori attuali; se vuoi "
            "sostituirli, controlla il modulo e salva di nuovo."
        )
        % {"what": what},
        current=current,
        seen=seen,
        later_seen=later_seen,
    )


# -- checks shared by the services -----------------------------------------------------------


def _locked_cycle(actor: Actor, cycle: Cycle) -> Cycle:
    """``cycle`` re-read under a row lock, once ``actor`` is known to may edit its plan now."""
    if not can(actor, Action.EDIT_PLAN) or cycle.administration_id != actor.administration.pk:
        raise PlanEditPermissionError(_("Il tuo ruolo non consente di modificare il piano."))
    locked = Cycle.objects.select_for_update().select_related("administration").get(pk=cycle.pk)
    if is_cycle_locked(locked):
        raise PlanEditClosedError(
            _("Il ciclo %(year)s è stato validato dall'OIV: il piano non cambia più.")
            % {"year": locked.year}
        )
    if not can(actor, Action.EDIT_PLAN, cycle=locked):
        raise PlanEditClosedError(
            _(
                "Il piano del ciclo %(year)s è già stato adottato: per modificarlo apri una "
                "variazione nella pagina «Versioni del piano»."
            )
            % {"year": locked.year}
        )
    return locked


def _locked_node(cycle: Cycle, node: PlanNode) -> PlanNode:
    # ``of=self``: PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins.
    found = (
        PlanNode.objects.select_for_update(of=("self",))
        .filter(pk=node.pk, cycle=cycle)
        .select_related("level", "parent", "owner_unit", "manager")
        .first()
    )
    if found is None:
        raise PlanEditInvalidError(_("Il nodo non esiste più: forse è stato eliminato."))
    return found


def _clean_code(code: str, *, field: str = "code") -> str:
    cleaned = code.strip()
    if not cleaned:
        raise PlanEditInvalidError(_("Indica il codice."), field=field)
    if len(cleaned) > 64:
        raise PlanEditInvalidError(_("Il codice è lungo al massimo 64 caratteri."), field=field)
    if any(character.isspace() or character in "/?#%\\" for character in cleaned):
        raise PlanEditInvalidError(
            _("Il codice non può contenere spazi né i caratteri / ? # % \\."), field=field
        )
    return cleaned


def _clean_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise PlanEditInvalidError(_("Indica la denominazione."), field="name")
    if len(cleaned) > 500:
        raise PlanEditInvalidError(
            _("La denominazione è lunga al massimo 500 caratteri."), field="name"
        )
    return cleaned


def _clean_weight(weight: Decimal | None, *, field: str = "weight") -> Decimal | None:
    if weight is None:
        return None
    if not weight.is_finite() or weight < 0 or weight > HUNDRED:
        raise PlanEditInvalidError(_("Il peso è un numero tra 0 e 100."), field=field)
    if weight != weight.quantize(_WEIGHT_QUANTUM):
        raise PlanEditInvalidError(_("Il peso ha al massimo 4 decimali."), field=field)
    return weight


def _check_code_free(cycle: Cycle, code: str, *, node: PlanNode | None = None) -> None:
    """A node's code is unique in the cycle and unlike any indicator's or the entity's, since
    the scoring tree keys nodes and indicators by code."""
    taken = PlanNode.objects.filter(cycle=cycle, code=code)
    if node is not None:
        taken = taken.exclude(pk=node.pk)
    if taken.exists():
        raise PlanEditInvalidError(
            _("Il codice «%(code)s» è già usato da un altro nodo del ciclo.") % {"code": code},
            field="code",
        )
    if Indicator.objects.filter(cycle=cycle, code=code).exists():
        raise PlanEditInvalidError(
            _("Il codice «%(code)s» è già usato da un indicatore del ciclo.") % {"code": code},
            field="code",
        )
    if code == cycle.administration.code:
        raise PlanEditInvalidError(
            _("Il codice «%(code)s» è quello dell'ente.") % {"code": code}, field="code"
        )


def _check_people(cycle: Cycle, fields: NodeFields) -> None:
    administration_id = cycle.administration_id
    if fields.owner_unit is not None and fields.owner_unit.administration_id != administration_id:
        raise PlanEditInvalidError(_("Unità di un altro ente."), field="owner_unit")
    if fields.manager is not None and fields.manager.administration_id != administration_id:
        raise PlanEditInvalidError(_("Persona di un altro ente."), field="manager")


def level_below(*, cycle: Cycle, parent: PlanNode | None) -> PlanLevel | None:
    """The level of a new node under ``parent`` (``None``: the first level, under the entity);
    ``None`` when ``parent`` is at the last level."""
    depth = 1 if parent is None else parent.level.depth + 1
    return PlanLevel.objects.filter(cycle=cycle, depth=depth).first()


def _level_below(cycle: Cycle, parent: PlanNode | None) -> PlanLevel:
    level = level_below(cycle=cycle, parent=parent)
    if level is None:
        raise PlanEditInvalidError(
            _("Sotto «%(parent)s» non c'è un livello dell'albero: è già l'ultimo.")
            % {"parent": parent.code if parent else cycle.administration.name},
            field="parent",
        )
    return level


def _node_code(cycle: Cycle, code: str) -> str:
    return f"{cycle.administration.code}/{cycle.year}/{code}"


def _audit(
    *,
    actor: Actor,
    cycle: Cycle,
    action: str,
    object_type: str,
    code: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> None:
    audit_record_by(
        actor,
        cycle=cycle,
        action=action,
        object_type=object_type,
        object_code=_node_code(cycle, code),
        before=before,
        after=after,
        reason=reason,
    )


def _audited_node(node: PlanNode) -> dict[str, Any]:
    return {
        "code": node.code,
        "name": node.name,
        "description": node.description,
        "level": node.level.key,
        "parent": node.parent.code if node.parent else None,
        "weight": _text(node.weight) or None,
        "owner_unit": node.owner_unit.code if node.owner_unit else None,
        "manager": node.manager.code if node.manager else None,
        "position": node.position,
    }


def _place(cycle: Cycle, node: PlanNode, index: int | None) -> None:
    """Renumber the cycle's nodes depth first with ``node`` as child number ``index``
    (0-based, ``None`` last) of its parent: ``position`` orders the whole tree, parents first.
    """
    nodes = list(PlanNode.objects.filter(cycle=cycle).only("pk", "parent_id", "position"))
    children: dict[int | None, list[int]] = {}
    for each in sorted(nodes, key=lambda n: (n.position, n.pk)):
        if each.pk != node.pk:
            children.setdefault(each.parent_id, []).append(each.pk)
    siblings = children.setdefault(node.parent_id, [])
    at = len(siblings) if index is None else max(0, min(index, len(siblings)))
    siblings.insert(at, node.pk)

    order: list[int] = []

    def visit(pk: int) -> None:
        order.append(pk)
        for child in children.get(pk, ()):
            visit(child)

    for root in children.get(None, ()):
        visit(root)
    by_pk = {each.pk: each for each in nodes}
    changed = []
    for position, pk in enumerate(order):
        if by_pk[pk].position != position:
            by_pk[pk].position = position
            changed.append(by_pk[pk])
    PlanNode.objects.bulk_update(changed, ["position"])
    cycle_touch(cycle_id=cycle.pk)  # bulk_update sends no signals


def _descendants(node: PlanNode) -> list[PlanNode]:
    found: list[PlanNode] = []
    frontier = [node.pk]
    while frontier:
        level = list(
            PlanNode.objects.filter(parent_id__in=frontier).select_related(
                "level", "parent", "owner_unit", "manager"
            )
        )
        found.extend(level)
        frontier = [each.pk for each in level]
    return found


# -- nodes -----------------------------------------------------------------------------------


def plan_node_create(
    *,
    actor: Actor,
    cycle: Cycle,
    parent: PlanNode | None,
    fields: NodeFields,
    position: int | None = None,
    reason: str = "",
) -> PlanNode:
    """Add a node under ``parent`` (``None``: under the entity) at the level below it, as its
    child number ``position`` (0-based; last by default). The code must be new in the cycle.
    """
    with transaction.atomic():
        cycle = _locked_cycle(actor, cycle)
        if parent is not None:
            parent = _locked_node(cycle, parent)
        code = _clean_code(fields.code)
        name = _clean_name(fields.name)
        weight = _clean_weight(fields.weight)
        _check_code_free(cycle, code)
        _check_people(cycle, fields)
        level = _level_below(cycle, parent)
        node = PlanNode.objects.create(
            administration=cycle.administration,
            cycle=cycle,
            level=level,
            parent=parent,
            code=code,
            name=name,
            description=fields.description.strip(),
            weight=weight,
            owner_unit=fields.owner_unit,
            manager=fields.manager,
            position=0,
        )
        _place(cycle, node, position)
        node.refresh_from_db()
        _audit(
            actor=actor,
            cycle=cycle,
            action="plan_node_create",
            object_type="plan_node",
            code=node.code,
            before=None,
            after=_audited_node(node),
            reason=reason,
        )
    return node


def plan_node_update(
    *, actor: Actor, node: PlanNode, seen: str, fields: NodeFields, reason: str = ""
) -> PlanNode:
    """Change a node's code, name, description, weight, owner unit and manager.

    ``seen`` is ``node_seen`` of the node as the form showed it: when the stored node differs,
    ``PlanEditStaleError`` (with the current values) and nothing is saved.
    """
    with transaction.atomic():
        cycle = _locked_cycle(actor, node.cycle)
        node = _locked_node(cycle, node)
        if node_seen(node) != seen:
            raise _stale(node.code, _node_current(node), node_seen(node))
        code = _clean_code(fields.code)
        name = _clean_name(fields.name)
        weight = _clean_weight(fields.weight)
        _check_code_free(cycle, code, node=node)
        _check_people(cycle, fields)
        before = _audited_node(node)
        node.code = code
        node.name = name
        node.description = fields.description.strip()
        node.weight = weight
        node.owner_unit = fields.owner_unit
        node.manager = fields.manager
        node.save()
        after = _audited_node(node)
        if after != before:
            _audit(
                actor=actor,
                cycle=cycle,
                action="plan_node_update",
                object_type="plan_node",
                code=node.code,
                before=before,
                after=after,
                reason=reason,
            )
    return node


def plan_node_move(
    *,
    actor: Actor,
    node: PlanNode,
    seen: str,
    parent: PlanNode | None,
    position: int | None = None,
    reason: str = "",
) -> PlanNode:
    """Put ``node`` (with its subtree) under ``parent`` as child number ``position`` (0-based,
    ``None`` last). The parent must be at the level just above the node's; ``None`` for a
    node of the first level (under the entity). Links and figures move with it."""
    with transaction.atomic():
        cycle = _locked_cycle(actor, node.cycle)
        node = _locked_node(cycle, node)
        if node_seen(node) != seen:
            raise _stale(node.code, _node_current(node), node_seen(node))
        if parent is not None:
            parent = _locked_node(cycle, parent)
        expected_depth = node.level.depth - 1
        if parent is None and expected_depth != 0:
            raise PlanEditInvalidError(
                _("«%(code)s» è di livello «%(level)s»: va sotto un nodo del livello superiore.")
                % {"code": node.code, "level": node.level.name},
                field="parent",
            )
        if parent is not None and parent.level.depth != expected_depth:
            raise PlanEditInvalidError(
                _(
                    "«%(code)s» è di livello «%(level)s» e non può stare sotto «%(parent)s», "
                    "che è di livello «%(parent_level)s»."
                )
                % {
                    "code": node.code,
                    "level": node.level.name,
                    "parent": parent.code,
                    "parent_level": parent.level.name,
                },
                field="parent",
            )
        before = _audited_node(node)
        node.parent = parent
        node.save(update_fields=["parent"])
        _place(cycle, node, position)
        node.refresh_from_db()
        _audit(
            actor=actor,
            cycle=cycle,
            action="plan_node_move",
            object_type="plan_node",
            code=node.code,
            before=before,
            after=_audited_node(node),
            reason=reason,
        )
    return node


def plan_node_delete(
    *, actor: Actor, node: PlanNode, cascade: bool = False, reason: str = ""
) -> list[str]:
    """Delete ``node``; returns the codes deleted.

    Refused when it has nodes below it, unless ``cascade`` (then the whole subtree goes).
    The links to indicators and the assignments of the nodes deleted go with them; the
    indicators themselves and their figures stay. Refused when an intervention on a score
    ("Intervieni") rests on a node to delete: it is an evaluation act, withdrawn on its own.
    """
    with transaction.atomic():
        cycle = _locked_cycle(actor, node.cycle)
        node = _locked_node(cycle, node)
        below = _descendants(node)
        if below and not cascade:
            raise PlanEditInvalidError(
                _(
                    "«%(code)s» ha %(count)s nodi sotto di sé: spostali o eliminali prima, "
                    "oppure conferma l'eliminazione dell'intero ramo."
                )
                % {"code": node.code, "count": len(below)},
                field="cascade",
            )
        doomed = [node, *below]
        overridden = (
            Override.objects.filter(node__in=doomed).select_related("node").order_by("pk").first()
        )
        if overridden is not None and overridden.node is not None:
            raise PlanEditInvalidError(
                _(
                    "Sul punteggio di «%(code)s» c'è un intervento registrato: annullalo prima "
                    "di eliminare il nodo."
                )
                % {"code": overridden.node.code}
            )
        links = IndicatorLink.objects.filter(node__in=doomed).select_related("node", "indicator")
        before = {
            "nodes": [_audited_node(each) for each in doomed],
            "links": [
                {
                    "objective": link.node.code,
                    "indicator": link.indicator.code,
                    "weight": _text(link.weight) or None,
                }
                for link in links
            ],
        }
        codes = [each.code for each in doomed]
        node.delete()
        _audit(
            actor=actor,
            cycle=cycle,
            action="plan_node_delete",
            object_type="plan_node",
            code=codes[0],
            before=before,
            after=None,
            reason=reason,
        )
    return codes


# -- links -----------------------------------------------------------------------------------


def _check_links_allowed(cycle: Cycle, node: PlanNode) -> None:
    rule = RuleSet.from_settings(cycle.rules).level_rule(node.level.key)
    if rule.over_level is not None:
        raise PlanEditInvalidError(
            _(
                "Il livello «%(level)s» si calcola sui nodi di un livello inferiore: non può "
                "avere indicatori collegati."
            )
            % {"level": node.level.name},
            field="indicator",
        )


def _audited_link(link: IndicatorLink) -> dict[str, Any]:
    return {
        "objective": link.node.code,
        "indicator": link.indicator.code,
        "weight": _text(link.weight) or None,
    }


def indicator_link_create(
    *,
    actor: Actor,
    node: PlanNode,
    indicator: Indicator,
    weight: Decimal | None,
    reason: str = "",
) -> IndicatorLink:
    """Link an existing ``indicator`` of the cycle to the objective ``node`` with ``weight``
    (percent, or ``None``); an indicator is linked to an objective at most once."""
    with transaction.atomic():
        cycle = _locked_cycle(actor, node.cycle)
        node = _locked_node(cycle, node)
        if indicator.cycle_id != cycle.pk:
            raise PlanEditInvalidError(_("L'indicatore non è di questo ciclo."), field="indicator")
        weight = _clean_weight(weight)
        _check_links_allowed(cycle, node)
        if IndicatorLink.objects.filter(node=node, indicator=indicator).exists():
            raise PlanEditInvalidError(
                _("«%(indicator)s» è già collegato a «%(node)s».")
                % {"indicator": indicator.code, "node": node.code},
                field="indicator",
            )
        last = IndicatorLink.objects.filter(node=node).aggregate(last=Max("position"))["last"]
        link = IndicatorLink.objects.create(
            administration=cycle.administration,
            node=node,
            indicator=indicator,
            weight=weight,
            position=0 if last is None else last + 1,
        )
        _audit(
            actor=actor,
            cycle=cycle,
            action="indicator_link_create",
            object_type="indicator_link",
            code=f"{node.code}/{indicator.code}",
            before=None,
            after=_audited_link(link),
            reason=reason,
        )
    return link


def _locked_link(cycle: Cycle, link: IndicatorLink) -> IndicatorLink:
    found = (
        IndicatorLink.objects.select_for_update(of=("self",))
        .filter(pk=link.pk, node__cycle=cycle)
        .select_related("node", "indicator")
        .first()
    )
    if found is None:
        raise PlanEditInvalidError(_("Il collegamento non esiste più: forse è stato rimosso."))
    return found


def indicator_link_update(
    *, actor: Actor, link: IndicatorLink, seen: str, weight: Decimal | None, reason: str = ""
) -> IndicatorLink:
    """Change the weight of a link; ``seen`` is ``link_seen`` as the form showed it."""
    with transaction.atomic():
        cycle = _locked_cycle(actor, link.node.cycle)
        link = _locked_link(cycle, link)
        if link_seen(link) != seen:
            raise _stale(
                f"{link.node.code} ← {link.indicator.code}",
                [(_("Peso %"), _shown(link.weight))],
                link_seen(link),
            )
        weight = _clean_weight(weight)
        before = _audited_link(link)
        link.weight = weight
        link.save(update_fields=["weight"])
        _audit(
            actor=actor,
            cycle=cycle,
            action="indicator_link_update",
            object_type="indicator_link",
            code=f"{link.node.code}/{link.indicator.code}",
            before=before,
            after=_audited_link(link),
            reason=reason,
        )
    return link


def indicator_link_delete(*, actor: Actor, link: IndicatorLink, reason: str = "") -> None:
    """Unlink an indicator from an objective; the indicator and its figures stay."""
    with transaction.atomic():
        cycle = _locked_cycle(actor, link.node.cycle)
        link = _locked_link(cycle, link)
        before = _audited_link(link)
        link.delete()
        _audit(
            actor=actor,
            cycle=cycle,
            action="indicator_link_delete",
            object_type="indicator_link",
            code=f"{before['objective']}/{before['indicator']}",
            before=before,
            after=None,
            reason=reason,
        )


# -- indicators ------------------------------------------------------------------------------


def _check_target(fields: IndicatorFields) -> None:
    """The target fields the comparator needs (the scoring core's ``Target`` rules)."""
    comparator = fields.comparator
    if comparator not in IndicatorComparator.values:
        raise PlanEditInvalidError(_("Scegli l'operatore del target."), field="comparator")
    if comparator == IndicatorComparator.DEADLINE:
        if fields.target_due_on is None:
            raise PlanEditInvalidError(
                _("Con l'operatore «entro» indica la scadenza."), field="target_due_on"
            )
    elif comparator == IndicatorComparator.YES_NO:
        if fields.target_expected is None:
            raise PlanEditInvalidError(
                _("Con l'operatore «sì/no» indica la risposta attesa."), field="target_expected"
            )
    else:
        if fields.target_value is None:
            raise PlanEditInvalidError(_("Indica il valore del target."), field="target_value")
        if comparator == IndicatorComparator.BETWEEN:
            if fields.target_upper is None:
                raise PlanEditInvalidError(
                    _("Con l'operatore «tra» indica il limite superiore."), field="target_upper"
                )
            if fields.target_upper < fields.target_value:
                raise PlanEditInvalidError(
                    _("Il limite superiore non può essere minore del target."),
                    field="target_upper",
                )
    for name in ("target_value", "target_upper", "baseline"):
        value = getattr(fields, name)
        if value is not None and (
            not value.is_finite()
            or abs(value) >= Decimal(10) ** 14
            or value != value.quantize(_VALUE_QUANTUM)
        ):
            raise PlanEditInvalidError(
                _("Numero fuori misura: al massimo 14 cifre intere e 6 decimali."), field=name
            )
    if fields.baseline_year is not None and not 1900 <= fields.baseline_year <= 2100:
        raise PlanEditInvalidError(
            _("L'anno della baseline non è plausibile."), field="baseline_year"
        )


def _label_of(name: str) -> str:
    field = Indicator._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _indicator_values(fields: IndicatorFields, code: str, name: str) -> dict[str, Any]:
    """The model fields of ``fields``, with those the comparator does not use emptied."""
    comparator = fields.comparator
    numeric = comparator not in (IndicatorComparator.DEADLINE, IndicatorComparator.YES_NO)
    return {
        "code": code,
        "name": name,
        "unit": fields.unit.strip(),
        "comparator": comparator,
        "target_value": fields.target_value if numeric else None,
        "target_upper": fields.target_upper if comparator == IndicatorComparator.BETWEEN else None,
        "target_due_on": fields.target_due_on
        if comparator == IndicatorComparator.DEADLINE
        else None,
        "target_expected": (
            fields.target_expected if comparator == IndicatorComparator.YES_NO else None
        ),
        "baseline": fields.baseline,
        "baseline_year": fields.baseline_year,
        "data_source": fields.data_source.strip(),
        "description": fields.description.strip(),
        "formula": fields.formula.strip(),
    }


def _check_indicator_code(cycle: Cycle, code: str, *, indicator: Indicator | None = None) -> None:
    taken = Indicator.objects.filter(cycle=cycle, code=code)
    if indicator is not None:
        taken = taken.exclude(pk=indicator.pk)
    if taken.exists():
        raise PlanEditInvalidError(
            _("Il codice «%(code)s» è già usato da un altro indicatore del ciclo.")
            % {"code": code},
            field="code",
        )
    if (
        PlanNode.objects.filter(cycle=cycle, code=code).exists()
        or code == cycle.administration.code
    ):
        raise PlanEditInvalidError(
            _("Il codice «%(code)s» è già usato da un nodo dell'albero.") % {"code": code},
            field="code",
        )


def _indicator_current(indicator: Indicator) -> list[tuple[str, str]]:
    return [(_label_of(name), _shown(getattr(indicator, name))) for name in _INDICATOR_FIELDS]


def _audited_indicator(indicator: Indicator) -> dict[str, Any]:
    return {name: _text(getattr(indicator, name)) or None for name in _INDICATOR_FIELDS}


def indicator_create(
    *, actor: Actor, cycle: Cycle, fields: IndicatorFields, reason: str = ""
) -> Indicator:
    """Define a new indicator of ``cycle`` (then link it to objectives); code unique among
    the cycle's indicators and nodes; the target fields must suit the comparator."""
    with transaction.atomic():
        cycle = _locked_cycle(actor, cycle)
        code = _clean_code(fields.code)
        name = _clean_name(fields.name)
        _check_indicator_code(cycle, code)
        _check_target(fields)
        fields = _with_formula_checked(cycle, fields)
        last = Indicator.objects.filter(cycle=cycle).aggregate(last=Max("position"))["last"]
        indicator = Indicator.objects.create(
            administration=cycle.administration,
            cycle=cycle,
            position=0 if last is None else last + 1,
            **_indicator_values(fields, code, name),
        )
        _audit(
            actor=actor,
            cycle=cycle,
            action="indicator_create",
            object_type="indicator",
            code=code,
            before=None,
            after=_audited_indicator(indicator),
            reason=reason,
        )
    return indicator


def indicator_update(
    *, actor: Actor, indicator: Indicator, seen: str, fields: IndicatorFields, reason: str = ""
) -> Indicator:
    """Change an indicator's definition and target; ``seen`` is ``indicator_seen`` as the form
    showed it (a stale form is refused with the current values)."""
    with transaction.atomic():
        cycle = _locked_cycle(actor, indicator.cycle)
        found = Indicator.objects.select_for_update().filter(pk=indicator.pk, cycle=cycle).first()
        if found is None:
            raise PlanEditInvalidError(_("L'indicatore non esiste più."))
        indicator = found
        if indicator_seen(indicator) != seen:
            raise _stale(indicator.code, _indicator_current(indicator), indicator_seen(indicator))
        code = _clean_code(fields.code)
        name = _clean_name(fields.name)
        _check_indicator_code(cycle, code, indicator=indicator)
        _check_target(fields)
        fields = _with_formula_checked(cycle, fields)
        before = _audited_indicator(indicator)
        for field, value in _indicator_values(fields, code, name).items():
            setattr(indicator, field, value)
        indicator.save()
        indicator.refresh_from_db()
        after = _audited_indicator(indicator)
        if after != before:
            _audit(
                actor=actor,
                cycle=cycle,
                action="indicator_update",
                object_type="indicator",
                code=code,
                before=before,
                after=after,
                reason=reason,
            )
    return indicator


# -- base measures and formulas -------------------------------------------------------------


def _with_formula_checked(cycle: Cycle, fields: IndicatorFields) -> IndicatorFields:
    """``fields`` with its formula in canonical form, once it parses, names only the cycle's
    base measures, and belongs to an indicator whose target is a number."""
    text = fields.formula.strip()
    if not text:
        return fields
    if fields.comparator in (IndicatorComparator.DEADLINE, IndicatorComparator.YES_NO):
        raise PlanEditInvalidError(
            _("Una formula calcola un numero: non si usa con un target a scadenza o sì/no."),
            field="formula",
        )
    known = BaseMeasure.objects.filter(cycle=cycle).values_list("code", flat=True)
    problem = formula_problem(text, known)
    if problem is not None:
        raise PlanEditInvalidError(problem, field="formula")
    return dataclasses.replace(fields, formula=str(parse_formula(text)))


def _clean_measure_code(code: str) -> str:
    """A base measure's code: a single name as formulas write it (letters, digits, ``_``)."""
    cleaned = code.strip()
    if not cleaned:
        raise PlanEditInvalidError(_("Indica il codice."), field="code")
    if len(cleaned) > 64:
        raise PlanEditInvalidError(_("Il codice è lungo al massimo 64 caratteri."), field="code")
    if not cleaned.isidentifier() or cleaned in FUNCTIONS:
        raise PlanEditInvalidError(
            _(
                "Il codice di una misura di base è il nome che le formule usano: lettere, cifre "
                "e _, senza spazi, non all'inizio una cifra, diverso da %(functions)s "
                "(per esempio «fatture_pagate_30gg»)."
            )
            % {"functions": ", ".join(sorted(FUNCTIONS))},
            field="code",
        )
    return cleaned


def _audited_measure(measure: BaseMeasure) -> dict[str, Any]:
    return {
        "code": measure.code,
        "name": measure.name,
        "unit": measure.unit or None,
        "description": measure.description or None,
        "data_source": measure.data_source or None,
        "responsible_unit": measure.responsible_unit.code if measure.responsible_unit else None,
    }


def base_measure_save(
    *,
    actor: Actor,
    cycle: Cycle,
    measure: BaseMeasure | None,
    fields: BaseMeasureFields,
    reason: str = "",
) -> BaseMeasure:
    """Define (``measure`` None) or change a base measure of ``cycle``. A measure that
    formulas read keeps its code: renaming it would silently break them."""
    with transaction.atomic():
        cycle = _locked_cycle(actor, cycle)
        code = _clean_measure_code(fields.code)
        name = _clean_name(fields.name)
        unit = fields.responsible_unit
        if unit is not None and unit.administration_id != cycle.administration_id:
            raise PlanEditInvalidError(
                _("L'unità non è di questa amministrazione."), field="responsible_unit"
            )
        taken = BaseMeasure.objects.filter(cycle=cycle, code=code)
        if measure is not None:
            taken = taken.exclude(pk=measure.pk)
        if taken.exists():
            raise PlanEditInvalidError(
                _("Il codice «%(code)s» è già usato da un'altra misura di base.") % {"code": code},
                field="code",
            )
        before = None
        if measure is None:
            last = BaseMeasure.objects.filter(cycle=cycle).aggregate(last=Max("position"))
            measure = BaseMeasure(
                administration=cycle.administration,
                cycle=cycle,
                position=0 if last["last"] is None else last["last"] + 1,
            )
        else:
            found = BaseMeasure.objects.select_for_update().filter(pk=measure.pk, cycle=cycle)
            current = found.first()
            if current is None:
                raise PlanEditInvalidError(_("La misura di base non esiste più."))
            measure = current
            before = _audited_measure(measure)
            users = indicators_using(measure)
            if code != measure.code and users:
                raise PlanEditInvalidError(
                    _(
                        "Il codice non si cambia: le formule di %(codes)s usano «%(code)s». "
                        "Togli prima la misura da quelle formule."
                    )
                    % {"codes": ", ".join(i.code for i in users), "code": measure.code},
                    field="code",
                )
        measure.code = code
        measure.name = name
        measure.unit = fields.unit.strip()
        measure.description = fields.description.strip()
        measure.data_source = fields.data_source.strip()
        measure.responsible_unit = unit
        measure.save()
        after = _audited_measure(measure)
        if after != before:
            _audit(
                actor=actor,
                cycle=cycle,
                action="base_measure_create" if before is None else "base_measure_update",
                object_type="base_measure",
                code=code,
                before=before,
                after=after,
                reason=reason,
            )
    return measure


def base_measure_delete(*, actor: Actor, measure: BaseMeasure, reason: str = "") -> None:
    """Remove a base measure that no formula reads, with its values."""
    with transaction.atomic():
        cycle = _locked_cycle(actor, measure.cycle)
        users = indicators_using(measure)
        if users:
            raise PlanEditInvalidError(
                _("La misura «%(code)s» è usata dalle formule di %(codes)s: non si elimina.")
                % {"code": measure.code, "codes": ", ".join(i.code for i in users)}
            )
        before = _audited_measure(measure)
        BaseMeasure.objects.filter(pk=measure.pk, cycle=cycle).delete()
        _audit(
            actor=actor,
            cycle=cycle,
            action="base_measure_delete",
            object_type="base_measure",
            code=measure.code,
            before=before,
            after=None,
            reason=reason,
        )


# -- an indicator with its later-year targets, in one save ---------------------------------


def later_target_field(offset: int, name: str) -> str:
    """The form field of a later target's part: ``later1_value`` for the cycle year + 1's value
    (``name``: comparator, value, upper, due_on or expected)."""
    return f"later{offset}_{name}"


def _current_later_targets(indicator: Indicator) -> tuple[YearTarget, ...]:
    return tuple(year_target_of(row) for row in indicator.year_targets.order_by("year"))


def _later_seen(later_targets: Iterable[YearTarget]) -> str:
    return _fingerprint(
        {
            str(later.year): "|".join(
                _text(part)
                for part in (
                    later.target.comparator.value,
                    later.target.value,
                    later.target.upper,
                    later.target.due_on,
                    later.target.expected,
                )
            )
            for later in later_targets
        }
    )


def year_targets_seen(indicator: Indicator) -> str:
    """The token of ``indicator``'s later-year targets as a form shows them."""
    return _later_seen(_current_later_targets(indicator))


def _later_current(indicator: Indicator) -> list[tuple[str, str]]:
    shown = []
    for later in _current_later_targets(indicator):
        target = later.target
        parts = [
            str(IndicatorComparator(target.comparator.value).label),
            *(
                _shown(part)
                for part in (target.value, target.upper, target.due_on, target.expected)
                if part is not None
            ),
        ]
        shown.append((_("Target %(year)s") % {"year": later.year}, " ".join(parts)))
    return shown or [(_("Target degli anni successivi"), "—")]


def _later_normalised(later: YearTarget) -> YearTarget:
    """``later`` with the parts its operator does not use emptied (as the cycle's target)."""
    target = later.target
    comparator = target.comparator
    numeric = comparator not in (Comparator.DEADLINE, Comparator.YES_NO)
    return YearTarget(
        year=later.year,
        target=Target(
            comparator=comparator,
            value=target.value if numeric else None,
            upper=target.upper if comparator is Comparator.BETWEEN else None,
            due_on=target.due_on if comparator is Comparator.DEADLINE else None,
            expected=target.expected if comparator is Comparator.YES_NO else None,
        ),
    )


_LATER_PARTS = {
    "comparator": "comparator",
    "target_value": "value",
    "target_upper": "upper",
    "target_due_on": "due_on",
    "target_expected": "expected",
}


def _check_later_targets(cycle: Cycle, later_targets: Sequence[YearTarget]) -> None:
    """The cycle target's rules for each later target, refused on that year's form field."""
    for later in later_targets:
        offset = later.year - cycle.year
        if not 1 <= offset <= YEARS_AHEAD:
            raise PlanEditInvalidError(
                _("Si pianificano i target dei %(count)s anni dopo il %(year)s.")
                % {"count": YEARS_AHEAD, "year": cycle.year}
            )
        target = later.target
        try:
            _check_target(
                IndicatorFields(
                    code="",
                    name="",
                    comparator=target.comparator.value,
                    target_value=target.value,
                    target_upper=target.upper,
                    target_due_on=target.due_on,
                    target_expected=target.expected,
                )
            )
        except PlanEditInvalidError as error:
            raise PlanEditInvalidError(
                _("Target %(year)s: %(problem)s") % {"year": later.year, "problem": error.message},
                field=later_target_field(offset, _LATER_PARTS.get(error.field, "comparator")),
            ) from None


def indicator_save(
    *,
    actor: Actor,
    cycle: Cycle,
    indicator: Indicator | None,
    fields: IndicatorFields,
    seen: str = "",
    later_targets: Sequence[YearTarget] | None = None,
    later_seen: str = "",
    reason: str = "",
) -> Indicator:
    """Create (``indicator`` None) or change an indicator and, unless ``later_targets`` is
    None, replace its later-year targets with them: all in one transaction, or nothing.

    ``seen`` is ``indicator_seen`` and ``later_seen`` ``year_targets_seen`` as the form showed
    them: if either changed meanwhile, nothing is written and the stale error carries both.
    """
    with transaction.atomic():
        cycle = _locked_cycle(actor, cycle)
        if indicator is not None and later_targets is not None:
            # Locked in the services' order (cycle, then indicator) before both checks.
            locked = Indicator.objects.select_for_update().filter(pk=indicator.pk, cycle=cycle)
            current = locked.first()
            if current is None:
                raise PlanEditInvalidError(_("L'indicatore non esiste più."))
            if indicator_seen(current) != seen or year_targets_seen(current) != later_seen:
                raise _stale(
                    current.code,
                    _indicator_current(current) + _later_current(current),
                    indicator_seen(current),
                    later_seen=year_targets_seen(current),
                )
        normalised = tuple(_later_normalised(later) for later in later_targets or ())
        _check_later_targets(cycle, normalised)
        if indicator is None:
            saved = indicator_create(actor=actor, cycle=cycle, fields=fields, reason=reason)
        else:
            saved = indicator_update(
                actor=actor, indicator=indicator, seen=seen, fields=fields, reason=reason
            )
        if later_targets is None or (indicator is None and not normalised):
            return saved
        try:
            indicator_year_targets_set(
                actor=actor, indicator=saved, targets=normalised, reason=reason
            )
        except YearTargetPermissionError as error:
            raise PlanEditPermissionError(error.message) from None
        except YearTargetError as error:
            raise PlanEditInvalidError(error.message) from None
    return saved


# -- reads: the tree page and the preview ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeightCheck:
    """The weights a node's score averages, as the scoring core will treat them.

    ``total`` sums the given weights; ``warnings`` say what goes wrong (mixed weights stop the
    scoring; a sum other than 100 is rescaled) and ``notes`` what happens otherwise.
    """

    total: Decimal
    given: int
    missing: int
    warnings: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def is_ok(self) -> bool:
        return not self.warnings


def weight_check(
    weights: Iterable[Decimal | None], *, rule: LevelRule, level_name: str
) -> WeightCheck:
    """Check the weights of a node's items under the roll-up ``rule`` of its level.

    Weighted mean (docs/scoring.md §3): all weights or none (a mix makes the scoring stop with
    an error on this node); weights are rescaled to 100, so a sum other than 100 is legal but
    usually a mistake. Plain mean: weights play no part.
    """
    values = list(weights)
    given = [weight for weight in values if weight is not None]
    total = sum(given, Decimal(0))
    missing = len(values) - len(given)
    warnings: list[str] = []
    notes: list[str] = []
    if not values:
        return WeightCheck(total, 0, 0, (), ())
    if rule.aggregation is Aggregation.PLAIN_MEAN:
        notes.append(
            _(
                "Il livello «%(level)s» si calcola come media semplice: i pesi qui non "
                "cambiano il punteggio."
            )
            % {"level": level_name}
        )
    elif given and missing:
        warnings.append(
            _(
                "Pesi misti: %(given)s voci hanno un peso e %(missing)s no. Con pesi misti il "
                "calcolo dei punteggi si ferma con un errore su questo nodo: dai un peso a "
                "tutte le voci oppure a nessuna (allora contano in parti uguali)."
            )
            % {"given": len(given), "missing": missing}
        )
    elif not given:
        notes.append(_("Nessun peso indicato: le voci contano in parti uguali."))
    elif total == 0:
        warnings.append(_("Tutti i pesi sono zero: le voci contano in parti uguali."))
    elif total != HUNDRED:
        warnings.append(
            _(
                "La somma dei pesi è %(total)s e non 100: il calcolo li riproporziona "
                "(ogni voce conta per peso × 100 / %(total)s)."
            )
            % {"total": _shown(total)}
        )
    return WeightCheck(total, len(given), missing, tuple(warnings), tuple(notes))


@dataclass(frozen=True, slots=True)
class TreeRow:
    """One node on the tree page, with its links and the check of what its score averages;
    the totals sum the weights given (``None`` when none is)."""

    node: PlanNode
    depth: int
    seen: str
    links: tuple[IndicatorLink, ...]
    children_total: Decimal | None
    links_total: Decimal | None
    check: WeightCheck
    child_level: PlanLevel | None
    score_percent: Decimal | None


@dataclass(frozen=True, slots=True)
class PlanTree:
    """The tree page: levels, the entity's own check, the rows in tree order, the indicators
    linked to no objective (they count in no score), the period of the scores shown."""

    levels: tuple[PlanLevel, ...]
    first_level: PlanLevel | None
    entity_check: WeightCheck
    entity_score_percent: Decimal | None
    rows: tuple[TreeRow, ...]
    unlinked_indicators: tuple[Indicator, ...]
    period_name: str
    scoring_problem: str


def _scores(plan: PlanData) -> tuple[ScoredPlan | None, str]:
    try:
        return score_plan(scoring_plan_for(plan), plan.rules), ""
    except ScoringError as error:
        return None, _(
            "I punteggi non si possono calcolare con il piano com'è ora (%(where)s): %(why)s"
        ) % {"where": error.location or "—", "why": error.message}


def plan_tree_for(*, cycle: Cycle) -> PlanTree:
    """The tree of ``cycle`` for the editor: every node in tree order with its level, links
    (and their weights), the sums of its children's and links' weights, the check of the
    weights its score averages (``weight_check``) and its score now (if figures exist)."""
    levels = tuple(cycle.levels.order_by("depth"))
    by_depth = {level.depth: level for level in levels}
    rules = RuleSet.from_settings(cycle.rules)
    nodes = list(
        PlanNode.objects.filter(cycle=cycle).select_related(
            "level", "parent", "owner_unit", "manager"
        )
    )
    links_of: dict[int, list[IndicatorLink]] = {}
    for link in IndicatorLink.objects.filter(node__cycle=cycle).select_related("indicator"):
        links_of.setdefault(link.node_id, []).append(link)
    children: dict[int | None, list[PlanNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    plan = plan_data_for(cycle=cycle)
    scored, problem = _scores(plan) if plan.measurements else (None, "")

    def items(node: PlanNode | None, rule: LevelRule) -> list[Decimal | None]:
        """The weights the node's score averages (docs/scoring.md §3, "Items")."""
        if rule.over_level is not None:
            found: list[Decimal | None] = []
            frontier = children.get(node.pk if node else None, [])
            while frontier:
                matching = [each for each in frontier if each.level.key == rule.over_level]
                found.extend(each.weight for each in matching)
                frontier = [
                    child
                    for each in frontier
                    if each.level.key != rule.over_level
                    for child in children.get(each.pk, [])
                ]
            return found
        below = [child.weight for child in children.get(node.pk if node else None, [])]
        return below + [link.weight for link in (links_of.get(node.pk, []) if node else [])]

    def score(code: str) -> Decimal | None:
        if scored is None:
            return None
        found = scored.find(code)
        return getattr(found, "evaluated_percent", None)

    def walk(parent: PlanNode | None, depth: int) -> Iterator[TreeRow]:
        for node in children.get(parent.pk if parent else None, []):
            rule = rules.level_rule(node.level.key)
            node_children = children.get(node.pk, [])
            node_links = links_of.get(node.pk, [])
            yield TreeRow(
                node=node,
                depth=depth,
                seen=node_seen(node),
                links=tuple(node_links),
                children_total=_total(child.weight for child in node_children),
                links_total=_total(link.weight for link in node_links),
                check=weight_check(items(node, rule), rule=rule, level_name=node.level.name),
                child_level=by_depth.get(node.level.depth + 1),
                score_percent=score(node.code),
            )
            yield from walk(node, depth + 1)

    entity_rule = rules.level_rule(ENTITY_LEVEL)
    return PlanTree(
        levels=levels,
        first_level=by_depth.get(1),
        entity_check=weight_check(
            items(None, entity_rule),
            rule=entity_rule,
            level_name=by_depth[0].name if 0 in by_depth else _("Ente"),
        ),
        entity_score_percent=score(cycle.administration.code),
        rows=tuple(walk(None, 1)),
        unlinked_indicators=tuple(Indicator.objects.filter(cycle=cycle, links__isnull=True)),
        period_name=_period_name(plan),
        scoring_problem=problem,
    )


def node_weights_for(*, cycle: Cycle, node: PlanNode) -> tuple[Decimal | None, WeightCheck]:
    """The sum of the weights of ``node``'s links (``None``: none given) and the check of the
    weights its score averages, children and links together (``weight_check``)."""
    rule = RuleSet.from_settings(cycle.rules).level_rule(node.level.key)
    links = [link.weight for link in IndicatorLink.objects.filter(node=node)]
    if rule.over_level is not None:
        return _total(links), plan_tree_check(cycle=cycle, node=node)
    children = [child.weight for child in PlanNode.objects.filter(parent=node)]
    return _total(links), weight_check(children + links, rule=rule, level_name=node.level.name)


def plan_tree_check(*, cycle: Cycle, node: PlanNode) -> WeightCheck:
    """The check of ``node`` as the tree page computes it (any level rule)."""
    for row in plan_tree_for(cycle=cycle).rows:
        if row.node.pk == node.pk:
            return row.check
    return WeightCheck(Decimal(0), 0, 0, (), ())


def _total(weights: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the weights given; ``None`` when none is."""
    given = [weight for weight in weights if weight is not None]
    return sum(given, Decimal(0)) if given else None


def _period_name(plan: PlanData) -> str:
    try:
        period = period_for(plan)
    except ScoringError:
        return ""
    return period.name if period is not None else ""


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """A node whose score the edit changes: before and after, in percent (``None``: N/D)."""

    code: str
    name: str
    before_percent: Decimal | None
    after_percent: Decimal | None

    @property
    def delta_percent(self) -> Decimal | None:
        if self.before_percent is None or self.after_percent is None:
            return None
        return self.after_percent - self.before_percent


@dataclass(frozen=True, slots=True)
class WeightPreview:
    """What a weight change would do to the scores; ``problem`` when they cannot be computed,
    ``has_figures`` false when no figure counts yet (nothing to preview)."""

    has_figures: bool
    period_name: str
    rows: tuple[PreviewRow, ...]
    problem: str = ""


def weight_preview(
    *,
    cycle: Cycle,
    node_code: str,
    weight: Decimal | None,
    indicator_code: str | None = None,
) -> WeightPreview:
    """The scores of the node ``node_code``, of each node above it and of the entity, before
    and after giving ``weight`` to the node (or to its link to ``indicator_code``); nothing
    is saved: the cycle's ``PlanData`` is changed in memory and scored again."""
    plan = plan_data_for(cycle=cycle)
    if not plan.measurements:
        return WeightPreview(False, "", ())
    if indicator_code is None:
        changed = dataclasses.replace(
            plan,
            nodes=tuple(
                dataclasses.replace(row, weight=weight) if row.code == node_code else row
                for row in plan.nodes
            ),
        )
    else:
        changed = dataclasses.replace(
            plan,
            links=tuple(
                dataclasses.replace(row, weight=weight)
                if (row.objective_code, row.indicator_code) == (node_code, indicator_code)
                else row
                for row in plan.links
            ),
        )
    before, _problem = _scores(plan)
    after, problem = _scores(changed)
    parents = {row.code: row.parent_code for row in plan.nodes}
    names = {row.code: row.name for row in plan.nodes}
    chain: list[str] = []
    code: str | None = node_code
    while code is not None and code in parents:
        chain.append(code)
        code = parents[code]
    chain.append(plan.cycle.administration_code)
    names[plan.cycle.administration_code] = plan.cycle.administration_name

    def percent(scored: ScoredPlan | None, code: str) -> Decimal | None:
        if scored is None:
            return None
        found = scored.find(code)
        value = getattr(found, "evaluated_percent", None)
        return value if isinstance(value, Decimal) else None

    return WeightPreview(
        has_figures=True,
        period_name=_period_name(plan),
        rows=tuple(
            PreviewRow(code, names.get(code, code), percent(before, code), percent(after, code))
            for code in chain
        ),
        problem=problem,
    )


def plan_editable_for(*, actor: Actor, cycle: Cycle) -> bool:
    """Whether ``actor`` may edit the plan of ``cycle`` now (office, and the plan editable)."""
    return can(actor, Action.EDIT_PLAN, cycle=cycle) and is_plan_editable(cycle)
