"""What changed between two versions of a cycle's plan: a plain, ordered list of changes.

Pure: ``performa.workbook.data`` and ``performa.scoring`` only, never Django. The changes carry
display-neutral values; ``Change.description`` renders one in plain Italian.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from performa.scoring.model import Comparator, Target
from performa.workbook.data import (
    AssignmentRow,
    BaseMeasureRow,
    IndicatorRow,
    LevelRow,
    LinkRow,
    NodeRow,
    PersonRow,
    PlanData,
    UnitRow,
)

__all__ = [
    "Change",
    "ChangeKind",
    "ChangeSubject",
    "ChangeValue",
    "PlanChanges",
    "plan_changes",
]

ChangeValue = Decimal | str | date | bool | int | None
"""A value before or after a change, unformatted: the caller formats it for its medium."""


class ChangeKind(StrEnum):
    """What happened to a thing of the plan."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"


class ChangeSubject(StrEnum):
    """The things of a plan that a revision can alter, with their Italian names."""

    LEVEL = "level"
    UNIT = "unit"
    PERSON = "person"
    NODE = "node"
    INDICATOR = "indicator"
    LINK = "link"
    ASSIGNMENT = "assignment"
    BASE_MEASURE = "base_measure"

    @property
    def label(self) -> str:
        """The Italian name that opens a change's description ("Obiettivo", "Indicatore")."""
        return _SUBJECT_LABELS[self]

    @property
    def is_feminine(self) -> bool:
        """Whether Italian past participles agree in the feminine ("aggiunta", "rimossa")."""
        return self in (
            ChangeSubject.UNIT,
            ChangeSubject.PERSON,
            ChangeSubject.ASSIGNMENT,
            ChangeSubject.BASE_MEASURE,
        )


_SUBJECT_LABELS = {
    ChangeSubject.LEVEL: "Livello",
    ChangeSubject.UNIT: "Unità organizzativa",
    ChangeSubject.PERSON: "Persona",
    ChangeSubject.NODE: "Obiettivo",
    ChangeSubject.INDICATOR: "Indicatore",
    ChangeSubject.LINK: "Collegamento",
    ChangeSubject.ASSIGNMENT: "Assegnazione",
    ChangeSubject.BASE_MEASURE: "Misura di base",
}

_FIELD_LABELS = {
    "baseline": "baseline",
    "baseline_year": "anno della baseline",
    "data_source": "fonte dei dati",
    "depth": "profondità",
    "description": "descrizione",
    "formula": "formula",
    "level": "livello",
    "manager": "responsabile",
    "name": "nome",
    "notes": "note",
    "operator": "operatore",
    "owner_unit": "unità responsabile",
    "responsible_unit": "unità che fornisce il dato",
    "target": "target",
    "target_upper": "limite superiore del target",
    "title": "incarico",
    "unit": "unità di misura",
    "weight": "peso",
}

# Fields holding codes or keys: shown bare, where free text is quoted.
_CODE_FIELDS = frozenset({"level", "manager", "owner_unit", "operator", "responsible_unit"})

_ARROW = "→"

_Row = (
    LevelRow
    | UnitRow
    | PersonRow
    | NodeRow
    | IndicatorRow
    | LinkRow
    | AssignmentRow
    | BaseMeasureRow
)


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two plans.

    - ``code`` names the thing: a node, indicator, level, unit or person code; ``"objective →
      indicator"`` for a link; ``"person → objective"`` for an assignment.
    - ``field`` is the attribute that changed (``"weight"``, ``"name"``, ``"target"``,
      ``"target 2025"``, ``"owner_unit"``...) for ``CHANGED``, and ``"parent"`` for ``MOVED``; ``None`` otherwise.
    - ``before`` and ``after`` are that attribute's values. For ``ADDED`` and ``REMOVED`` they
      hold the thing's name (``None`` for links and assignments, which have none).
    """

    kind: ChangeKind
    subject: ChangeSubject
    code: str
    field: str | None = None
    before: ChangeValue = None
    after: ChangeValue = None

    @property
    def description(self) -> str:
        """The change in plain Italian: "Obiettivo 01_01_0501: peso da 20 a 25"."""
        ending = "a" if self.subject.is_feminine else "o"
        head = f"{self.subject.label} {self.code}"
        if self.kind is ChangeKind.ADDED:
            return f"{head} aggiunt{ending}"
        if self.kind is ChangeKind.REMOVED:
            return f"{head} rimoss{ending}"
        if self.kind is ChangeKind.MOVED:
            return f"{head}: spostat{ending} {_place(self.after)} (prima {_former(self.before)})"
        label = _field_label(self.field or "")
        before = _shown(self.field, self.before)
        after = _shown(self.field, self.after)
        return f"{head}: {label} da {before} a {after}"


@dataclass(frozen=True, slots=True)
class PlanChanges:
    """The ordered changes from one plan to another, with counts for summaries."""

    changes: tuple[Change, ...] = ()

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    @property
    def is_empty(self) -> bool:
        """Whether the two plans have the same structure."""
        return not self.changes

    @property
    def counts_by_kind(self) -> Mapping[ChangeKind, int]:
        """How many changes of each kind, every kind present (zero included), in enum order."""
        counts = Counter(change.kind for change in self.changes)
        return {kind: counts[kind] for kind in ChangeKind}

    @property
    def counts_by_subject(self) -> Mapping[ChangeSubject, int]:
        """How many changes touch each subject, every subject present, in enum order."""
        counts = Counter(change.subject for change in self.changes)
        return {subject: counts[subject] for subject in ChangeSubject}


def plan_changes(before: PlanData, after: PlanData) -> PlanChanges:
    """List what changed in the plan's structure from ``before`` to ``after``.

    Compared, by code (codes are stable across revisions): levels, organisational units,
    people, base measures, tree nodes, indicators (definition, formula, target and later
    years' targets, as fields named by year: ``"target 2025"``, ``"operator 2025"``,
    ``"target_upper 2025"``), links and assignments. Not
    compared, as they are not plan structure: the cycle's identity and acts, the rules,
    periods, measurements, base values, overrides, narratives, notes, context tables and
    process steps.

    Numbers compare by value (``Decimal("20") == Decimal("20.00")``). A node or unit whose
    parent changed gives a ``MOVED`` change, then one ``CHANGED`` per other attribute.

    Order, deterministic: levels, units, people and base measures first (each in the after
    plan's row order,
    then the removed ones in the before plan's order); then the tree, depth first in the after
    plan's order, each node followed by its links (each preceded by its indicator's changes,
    reported once, at its first link) and its assignments, removed links and assignments after
    the kept ones; then the removed nodes in the before plan's tree order, with their links;
    last, what no node reaches: dangling links and assignments, then unlinked indicators.
    """
    changes: list[Change] = []
    changes += _keyed_changes(
        ChangeSubject.LEVEL, _by_key(before.levels, _level_key), _by_key(after.levels, _level_key)
    )
    changes += _keyed_changes(
        ChangeSubject.UNIT, _by_key(before.units, _unit_key), _by_key(after.units, _unit_key)
    )
    changes += _keyed_changes(
        ChangeSubject.PERSON,
        _by_key(before.people, _person_key),
        _by_key(after.people, _person_key),
    )
    changes += _keyed_changes(
        ChangeSubject.BASE_MEASURE,
        _by_key(before.base_measures, _base_measure_key),
        _by_key(after.base_measures, _base_measure_key),
    )
    changes += _tree_changes(before, after)
    return PlanChanges(tuple(changes))


class _Side:
    """One plan's tree things, keyed by code, in row order."""

    def __init__(self, plan: PlanData) -> None:
        self.nodes = _by_key(plan.nodes, _node_key)
        self.indicators = _by_key(plan.indicators, _indicator_key)
        self.links = _by_key(plan.links, _link_key)
        self.assignments = _by_key(plan.assignments, _assignment_key)
        self.tree_order = _tree_order(plan.nodes)


def _tree_changes(before_plan: PlanData, after_plan: PlanData) -> list[Change]:
    before, after = _Side(before_plan), _Side(after_plan)
    links = _grouped(before.links, after.links, lambda link: link.objective_code)
    assignments = _grouped(
        before.assignments, after.assignments, lambda assignment: assignment.objective_code
    )
    node_order = after.tree_order + [code for code in before.tree_order if code not in after.nodes]
    indicators = _keyed_changes(ChangeSubject.INDICATOR, before.indicators, after.indicators)
    pending_indicators: dict[str, list[Change]] = {}
    for change in indicators:
        pending_indicators.setdefault(change.code, []).append(change)

    changes: list[Change] = []

    def add_links(link_codes: Iterable[str]) -> None:
        for link_code in link_codes:
            link = after.links.get(link_code) or before.links[link_code]
            changes.extend(pending_indicators.pop(link.indicator_code, []))
            changes.extend(_keyed_changes(ChangeSubject.LINK, before.links, after.links, link_code))

    def add_assignments(assignment_codes: Iterable[str]) -> None:
        for code in assignment_codes:
            changes.extend(
                _keyed_changes(
                    ChangeSubject.ASSIGNMENT, before.assignments, after.assignments, code
                )
            )

    for node_code in node_order:
        changes.extend(_keyed_changes(ChangeSubject.NODE, before.nodes, after.nodes, node_code))
        add_links(links.pop(node_code, ()))
        add_assignments(assignments.pop(node_code, ()))
    # What no node reaches: dangling links (with their indicators), then unlinked indicators.
    for link_codes in links.values():
        add_links(link_codes)
    for assignment_codes in assignments.values():
        add_assignments(assignment_codes)
    for pending in pending_indicators.values():
        changes.extend(pending)
    return changes


def _keyed_changes[RowT: _Row](
    subject: ChangeSubject,
    before: Mapping[str, RowT],
    after: Mapping[str, RowT],
    only: str | None = None,
) -> list[Change]:
    """Changes between two keyed collections: after order first, then the removed ones.

    With ``only``, just that key's changes.
    """
    codes = (
        [only] if only is not None else [*after, *(code for code in before if code not in after)]
    )
    changes: list[Change] = []
    for code in codes:
        old, new = before.get(code), after.get(code)
        if old is None and new is None:
            continue
        if old is None:
            changes.append(Change(ChangeKind.ADDED, subject, code, after=_name(new)))
        elif new is None:
            changes.append(Change(ChangeKind.REMOVED, subject, code, before=_name(old)))
        else:
            changes.extend(_row_changes(subject, code, old, new))
    return changes


def _row_changes(subject: ChangeSubject, code: str, old: _Row, new: _Row) -> Iterator[Change]:
    old_parent, new_parent = _parent(old), _parent(new)
    if not _same(old_parent, new_parent):
        yield Change(ChangeKind.MOVED, subject, code, "parent", old_parent, new_parent)
    old_fields, new_fields = _fields(old), _fields(new)
    # Later-year targets may exist on one side only: the union, in the after row's order.
    names = [*new_fields, *(name for name in old_fields if name not in new_fields)]
    for name in names:
        old_value, new_value = old_fields.get(name), new_fields.get(name)
        if not _same(old_value, new_value):
            yield Change(ChangeKind.CHANGED, subject, code, name, old_value, new_value)


def _fields(row: _Row) -> dict[str, ChangeValue]:
    """A row's compared attributes, in the workbook's column order; parents and keys apart."""
    match row:
        case LevelRow():
            return {"depth": row.depth, "name": row.name}
        case UnitRow():
            return {"name": row.name}
        case PersonRow():
            return {"name": row.name, "title": row.title}
        case NodeRow():
            return {
                "level": row.level,
                "name": row.name,
                "description": row.description,
                "weight": row.weight,
                "owner_unit": row.owner_unit,
                "manager": row.manager,
            }
        case IndicatorRow():
            target, target_upper = _target_values(row.target)
            return {
                "name": row.name,
                "unit": row.unit,
                "operator": row.target.comparator.value,
                "target": target,
                "target_upper": target_upper,
                **_later_target_fields(row),
                "description": row.description,
                "formula": row.formula,
                "baseline": row.baseline,
                "baseline_year": row.baseline_year,
                "data_source": row.data_source,
                "notes": row.notes,
            }
        case LinkRow():
            return {"weight": row.weight}
        case AssignmentRow():
            return {}
        case BaseMeasureRow():
            return {
                "name": row.name,
                "unit": row.unit,
                "description": row.description,
                "data_source": row.data_source,
                "responsible_unit": row.responsible_unit,
            }


def _later_target_fields(row: IndicatorRow) -> dict[str, ChangeValue]:
    """The later years' targets as fields named by year ("target 2025"), in year order.

    A year with no target has no fields; the other plan's side then reads them as ``None``, so
    an added or removed later target shows as a change from or to nothing.
    """
    fields: dict[str, ChangeValue] = {}
    for later in sorted(row.later_targets, key=lambda later: later.year):
        target, target_upper = _target_values(later.target)
        fields[f"operator {later.year}"] = later.target.comparator.value
        fields[f"target {later.year}"] = target
        fields[f"target_upper {later.year}"] = target_upper
    return fields


def _target_values(target: Target) -> tuple[ChangeValue, ChangeValue]:
    """The workbook's ``target`` and ``target_upper`` cells for a target (as the writer does)."""
    if target.comparator is Comparator.DEADLINE:
        return target.due_on, None
    if target.comparator is Comparator.YES_NO:
        return target.expected, None
    return target.value, target.upper if target.comparator is Comparator.BETWEEN else None


def _parent(row: _Row) -> str | None:
    return row.parent_code if isinstance(row, NodeRow | UnitRow) else None


def _name(row: _Row | None) -> str | None:
    return (
        row.name
        if isinstance(row, LevelRow | UnitRow | PersonRow | NodeRow | IndicatorRow | BaseMeasureRow)
        else None
    )


def _same(old: ChangeValue, new: ChangeValue) -> bool:
    # Decimals compare by value; the type check keeps True from equalling Decimal("1").
    return type(old) is type(new) and old == new


def _base_measure_key(row: BaseMeasureRow) -> str:
    return row.code


def _level_key(row: LevelRow) -> str:
    return row.key


def _unit_key(row: UnitRow) -> str:
    return row.code


def _person_key(row: PersonRow) -> str:
    return row.code


def _node_key(row: NodeRow) -> str:
    return row.code


def _indicator_key(row: IndicatorRow) -> str:
    return row.code


def _link_key(row: LinkRow) -> str:
    return f"{row.objective_code} {_ARROW} {row.indicator_code}"


def _assignment_key(row: AssignmentRow) -> str:
    return f"{row.person_code} {_ARROW} {row.objective_code}"


def _by_key[RowT](rows: Iterable[RowT], key: Callable[[RowT], str]) -> dict[str, RowT]:
    """Rows by key in row order; a repeated key keeps its first row, as the reader would refuse it."""
    keyed: dict[str, RowT] = {}
    for row in rows:
        keyed.setdefault(key(row), row)
    return keyed


def _grouped[RowT](
    before: Mapping[str, RowT], after: Mapping[str, RowT], group: Callable[[RowT], str]
) -> dict[str, list[str]]:
    """Keys by group (objective code): the after plan's keys in order, then the removed ones."""
    grouped: dict[str, list[str]] = {}
    for code, row in after.items():
        grouped.setdefault(group(row), []).append(code)
    for code, row in before.items():
        if code not in after:
            grouped.setdefault(group(row), []).append(code)
    return grouped


def _tree_order(nodes: tuple[NodeRow, ...]) -> list[str]:
    """Node codes depth first, children in row order; unreachable nodes (cycles) at the end."""
    codes = {node.code for node in nodes}
    children: dict[str | None, list[str]] = {}
    for node in nodes:
        parent = node.parent_code if node.parent_code in codes else None
        children.setdefault(parent, []).append(node.code)
    order: list[str] = []
    seen: set[str] = set()
    stack = list(reversed(children.get(None, [])))
    while stack:
        code = stack.pop()
        if code in seen:
            continue
        seen.add(code)
        order.append(code)
        stack.extend(reversed(children.get(code, [])))
    order += [code for code in dict.fromkeys(node.code for node in nodes) if code not in seen]
    return order


def _split_year(field: str) -> tuple[str, str]:
    """A later target's field ("target 2025") as its name and year; others with no year."""
    name, _, year = field.rpartition(" ")
    return (name, year) if name and year.isdigit() else (field, "")


def _field_label(field: str) -> str:
    name, year = _split_year(field)
    label = _FIELD_LABELS.get(name, name)
    return f"{label} {year}" if year else label


def _place(parent: ChangeValue) -> str:
    return "sotto l'ente" if parent is None else f"sotto {parent}"


def _former(parent: ChangeValue) -> str:
    return "sotto l'ente" if parent is None else str(parent)


def _shown(field: str | None, value: ChangeValue) -> str:
    """A value in plain Italian: 33,3; 31/12/2024; sì; "text"; — for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int) or _split_year(field or "")[0] in _CODE_FIELDS:
        return str(value)
    return f'"{value}"'
