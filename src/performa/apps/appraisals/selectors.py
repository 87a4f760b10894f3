"""Reads of individual evaluations: a sheet's components from the scoring engine, the sheets
an actor may see, the office's distribution of totals, and the Relazione's section 4 lists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from performa.apps.administrations.access import Action, Actor, can, can_appraisal
from performa.apps.administrations.models import OrganisationalUnit, Person
from performa.apps.appraisals.models import (
    OrganisationalSource,
    Position,
    Scheme,
    Sheet,
    SheetObjective,
    SheetState,
)
from performa.apps.cycles.models import Cycle, CycleState
from performa.apps.cycles.selectors import cycle_frozen_scores, cycle_plan_and_scores
from performa.reporting.compose import IndividualObjectives
from performa.scoring import (
    AppraisalResult,
    Band,
    BehaviourScale,
    ComponentKind,
    ComponentScore,
    ScaleConversion,
    WeightedScore,
    appraisal_total,
    behaviours_percent,
    weighted_mean,
)

EVALUATED_STATES = frozenset(
    {
        SheetState.EVALUATED,
        SheetState.ACKNOWLEDGED,
        SheetState.REVIEW_REQUESTED,
        SheetState.REVIEW_DECIDED,
    }
)
"""States in which a sheet holds a final evaluation (frozen components and total)."""


@dataclass(frozen=True, slots=True)
class CycleScores:
    """The scores the organisational component reads: the entity's and each node's.

    ``unit_objectives`` maps a unit code to the codes of the objectives it owns.
    """

    entity_percent: Decimal | None
    node_percents: dict[str, Decimal | None]
    node_names: dict[str, str]
    unit_objectives: dict[str, tuple[str, ...]]


def cycle_scores_for_appraisal(*, cycle: Cycle) -> CycleScores:
    """The cycle's evaluated scores as the dashboards show them: frozen at validation for a
    validated cycle, else computed by the scoring engine (final period). Never typed in."""
    plan, scored = cycle_plan_and_scores(cycle=cycle)
    names = {node.code: node.name for node in plan.nodes}
    owned: dict[str, list[str]] = {}
    for node in plan.nodes:
        if node.owner_unit:
            owned.setdefault(node.owner_unit, []).append(node.code)
    frozen = cycle_frozen_scores(cycle) if cycle.state == CycleState.VALIDATED else None
    if frozen is not None:
        percents = {code: item.evaluated_percent for code, item in frozen.nodes.items()}
        entity = frozen.root.evaluated_percent
    else:
        percents = {node.code: node.evaluated_percent for node in scored.nodes()}
        entity = scored.root.evaluated_percent
    return CycleScores(
        entity, percents, names, {unit: tuple(codes) for unit, codes in owned.items()}
    )


def scheme_scale(scheme: Scheme) -> BehaviourScale:
    """The scheme's behaviour scale as the scoring core's value object."""
    return BehaviourScale(
        scheme.scale_minimum, scheme.scale_maximum, ScaleConversion(scheme.scale_conversion)
    )


def scheme_bands(scheme: Scheme) -> tuple[Band, ...]:
    """The scheme's score bands, highest first."""
    return tuple(Band(band.minimum_percent, band.label) for band in scheme.bands.all())


def behaviour_weights(scheme: Scheme) -> dict[str, Decimal]:
    """The scheme's behaviours by code with their relative weights."""
    return {behaviour.code: behaviour.weight for behaviour in scheme.behaviours.all()}


def positions_in(*, person: Person, year: int) -> list[tuple[Position, int]]:
    """The positions with a unit ``person`` held in ``year``, each with the days held in it."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    positions = (
        Position.objects.filter(person=person, starts_on__lte=last, unit__isnull=False)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("unit", "unit__parent")
    )
    return [
        (position, (min(position.ends_on or last, last) - max(position.starts_on, first)).days + 1)
        for position in positions
    ]


def units_of(*, person: Person, year: int) -> list[OrganisationalUnit]:
    """The units ``person`` led at any time in ``year`` (positions over time)."""
    return [
        position.unit for position, _days in positions_in(person=person, year=year) if position.unit
    ]


def _related_unit_codes(unit: OrganisationalUnit) -> set[str]:
    """The unit, its parent (the area a service belongs to) and its children."""
    codes = {unit.code}
    if unit.parent is not None:
        codes.add(unit.parent.code)
    codes.update(child.code for child in unit.children.all())
    return codes


def _objective_items(
    links: Sequence[SheetObjective], component: str, scores: CycleScores
) -> list[WeightedScore]:
    return [
        WeightedScore(link.node.code, link.weight, scores.node_percents.get(link.node.code))
        for link in links
        if link.component == component
    ]


def organisational_percent(
    *, sheet: Sheet, scores: CycleScores, links: Sequence[SheetObjective]
) -> Decimal | None:
    """The organisational component from the scoring engine, by the scheme's source.

    ``entity``: the entity's score; ``units``: the mean of the objectives owned by the units
    the person led in the year (with their area and sub-units), each weighted by the days the
    person led it, so that a manager who changes in the year answers for each unit's results
    pro rata (equal weights for a whole year); ``linked``: the
    weighted mean of the objectives linked to the sheet for this component. N/D objectives
    leave the mean (DOMAIN.md "Decisions already taken").
    """
    source = sheet.scheme.organisational_source
    if source == OrganisationalSource.ENTITY:
        return scores.entity_percent
    if source == OrganisationalSource.LINKED:
        return weighted_mean(
            _objective_items(links, SheetObjective.Component.ORGANISATIONAL, scores)
        )
    days_by_objective: dict[str, int] = {}
    for position, days in positions_in(person=sheet.person, year=sheet.cycle.year):
        if position.unit is None:
            continue
        for unit_code in sorted(_related_unit_codes(position.unit)):
            for code in scores.unit_objectives.get(unit_code, ()):
                days_by_objective[code] = days_by_objective.get(code, 0) + days
    return weighted_mean(
        [
            WeightedScore(code, Decimal(days), scores.node_percents.get(code))
            for code, days in sorted(days_by_objective.items())
        ]
    )


def sheet_result(
    *,
    sheet: Sheet,
    ratings: dict[str, int] | None = None,
    scores: CycleScores | None = None,
) -> AppraisalResult:
    """The sheet's components and total as they stand: organisational and objectives from the
    scoring engine, behaviours from ``ratings`` (default: the sheet's final ratings)."""
    scores = scores or cycle_scores_for_appraisal(cycle=sheet.cycle)
    links = list(sheet.objectives.select_related("node"))
    scheme = sheet.scheme
    behaviours = behaviours_percent(
        ratings if ratings is not None else dict(sheet.ratings),
        behaviour_weights(scheme),
        scheme_scale(scheme),
    )
    components = (
        ComponentScore(
            ComponentKind.ORGANISATIONAL,
            scheme.organisational_weight,
            organisational_percent(sheet=sheet, scores=scores, links=links),
        ),
        ComponentScore(
            ComponentKind.OBJECTIVES,
            scheme.objectives_weight,
            weighted_mean(_objective_items(links, SheetObjective.Component.OBJECTIVES, scores)),
        ),
        ComponentScore(ComponentKind.BEHAVIOURS, scheme.behaviours_weight, behaviours),
    )
    return appraisal_total(components, scheme_bands(scheme))


def frozen_result(sheet: Sheet) -> AppraisalResult | None:
    """The result recorded with the evaluation (``None`` before it)."""
    if sheet.state not in EVALUATED_STATES:
        return None
    scheme = sheet.scheme
    components = (
        ComponentScore(
            ComponentKind.ORGANISATIONAL,
            scheme.organisational_weight,
            sheet.organisational_percent,
        ),
        ComponentScore(
            ComponentKind.OBJECTIVES, scheme.objectives_weight, sheet.objectives_percent
        ),
        ComponentScore(
            ComponentKind.BEHAVIOURS, scheme.behaviours_weight, sheet.behaviours_percent
        ),
    )
    return appraisal_total(components, scheme_bands(scheme))


def _sheets(cycle: Cycle) -> QuerySet[Sheet]:
    return Sheet.objects.filter(administration=cycle.administration, cycle=cycle).select_related(
        "person", "evaluator", "scheme", "position", "cycle"
    )


@dataclass(frozen=True, slots=True)
class SheetLists:
    """The sheets an actor sees on the list page, in three groups."""

    own: list[Sheet]
    to_evaluate: list[Sheet]
    others: list[Sheet]
    """Every other sheet: for the office and the OIV only."""


def sheets_for(*, actor: Actor, cycle: Cycle) -> SheetLists:
    """The actor's own sheet, the sheets they evaluate (or propose, for the OIV) and, for the
    office and the OIV, every other sheet; nobody else's sheet is listed."""
    sheets = [
        sheet for sheet in _sheets(cycle) if can_appraisal(actor, Action.VIEW_APPRAISAL, sheet)
    ]
    own = [sheet for sheet in sheets if sheet.person_id == actor.person_id]
    to_evaluate = [
        sheet
        for sheet in sheets
        if sheet not in own
        and (
            can_appraisal(actor, Action.CONDUCT_APPRAISAL, sheet)
            or can_appraisal(actor, Action.PROPOSE_APPRAISAL, sheet)
        )
    ]
    others = [sheet for sheet in sheets if sheet not in own and sheet not in to_evaluate]
    return SheetLists(own, to_evaluate, others)


def sheet_of(*, cycle: Cycle, sheet_id: int) -> Sheet:
    """The sheet ``sheet_id`` of ``cycle`` (``Sheet.DoesNotExist`` otherwise)."""
    return _sheets(cycle).get(pk=sheet_id)


@dataclass(frozen=True, slots=True)
class DistributionRow:
    """How many evaluated sheets fall in a band, per category; never names or scores."""

    band: str
    counts: dict[str, int]
    total: int
    cells: tuple[int, ...] = ()
    """The counts in the order of ``Summary.categories``."""


@dataclass(frozen=True, slots=True)
class Summary:
    """The office's view of differentiation: counts by band and category, by state."""

    categories: list[tuple[str, str]]
    rows: list[DistributionRow]
    evaluated_count: int
    sheet_count: int
    states: list[tuple[str, int]]
    is_small: bool
    """Fewer than ``SMALL_GROUP`` evaluated: a cell could point at one person."""


SMALL_GROUP = 3


def appraisal_summary(*, actor: Actor, cycle: Cycle) -> Summary:
    """The distribution of the evaluated sheets' bands by category (differentiation, art. 9
    c. 1 lett. d; DOMAIN.md §3.6): counts only, for ``VIEW_APPRAISAL_SUMMARY``."""
    if not can(actor, Action.VIEW_APPRAISAL_SUMMARY, cycle=cycle):
        return Summary([], [], 0, 0, [], False)
    sheets = list(_sheets(cycle).prefetch_related("scheme__bands"))
    from performa.apps.appraisals.models import Category

    categories = [(str(value), str(label)) for value, label in Category.choices]
    band_labels: list[str] = []
    for sheet in sheets:
        for band in sheet.scheme.bands.all():
            if band.label not in band_labels:
                band_labels.append(band.label)
    counts: dict[str, Counter[str]] = {label: Counter() for label in band_labels}
    evaluated = [sheet for sheet in sheets if sheet.state in EVALUATED_STATES]
    for sheet in evaluated:
        label = sheet.band_label or "—"
        counts.setdefault(label, Counter())[sheet.scheme.category] += 1
    rows = [
        DistributionRow(
            label,
            dict(counter),
            sum(counter.values()),
            tuple(counter[value] for value, _label in categories),
        )
        for label, counter in counts.items()
    ]
    states = Counter(sheet.state for sheet in sheets)
    return Summary(
        categories,
        rows,
        len(evaluated),
        len(sheets),
        [(str(state.label), states[state.value]) for state in SheetState if states[state.value]],
        0 < len(evaluated) < SMALL_GROUP,
    )


def individual_objectives_for_report(*, cycle: Cycle) -> tuple[IndividualObjectives, ...]:
    """Each manager's objectives from their sheet (individual objectives first, then the
    organisational ones linked), in sheet order; only sheets of the manager category.

    The Relazione shows objectives and their grades, never an individual total (DOMAIN.md §3.6).
    The heading is the person's title as the plan names it (else the sheet's position).
    """
    from performa.apps.appraisals.models import Category

    result = []
    for sheet in _sheets(cycle).filter(scheme__category=Category.MANAGER):
        codes = tuple(
            dict.fromkeys(
                link.node.code
                for link in sheet.objectives.select_related("node").order_by("position")
            )
        )
        if not codes:
            continue
        title = sheet.person.title or (sheet.position.title if sheet.position else "")
        heading = f"{title} ({sheet.person.name})" if title else sheet.person.name
        result.append(IndividualObjectives(sheet.person.code, heading, codes))
    return tuple(result)


# -- the sheet page -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ObjectiveLine:
    """An objective linked to the sheet, with its current score from the scoring engine."""

    code: str
    name: str
    component: str
    weight: Decimal
    percent: Decimal | None


@dataclass(frozen=True, slots=True)
class BehaviourLine:
    """A behaviour of the scheme with the ratings the viewer may see (``None``: not shown)."""

    code: str
    name: str
    description: str
    self_rating: int | None
    proposed_rating: int | None
    rating: int | None


@dataclass(frozen=True, slots=True)
class SheetPage:
    """Everything the sheet page and the PDF show, already filtered for the viewer."""

    sheet: Sheet
    objectives: list[ObjectiveLine]
    behaviours: list[BehaviourLine]
    scale: list[tuple[int, str, str]]
    result: AppraisalResult
    is_final: bool
    steps: list[str]
    units: list[str]

    @property
    def components(self) -> list[tuple[str, Decimal, Decimal | None]]:
        """(label, weight %, score %) of each component, in the scheme's order."""
        return [
            (str(COMPONENT_NAMES[item.kind]), item.weight_percent, item.percent)
            for item in self.result.components
        ]


COMPONENT_NAMES = {
    ComponentKind.ORGANISATIONAL: gettext_lazy("Performance organizzativa"),
    ComponentKind.OBJECTIVES: gettext_lazy("Obiettivi individuali"),
    ComponentKind.BEHAVIOURS: gettext_lazy("Comportamenti organizzativi"),
}
"""Shown on the page in the reader's language; the PDF is rendered in Italian."""


STEPS = (
    "midyear",
    "self_assessment",
    "proposal",
    "evaluation",
    "acknowledgement",
    "review_request",
    "review_decision",
)
"""The steps a page may offer, each served by one service."""

_STEP_RULES: dict[str, tuple[Action, frozenset[str]]] = {
    "midyear": (Action.CONDUCT_APPRAISAL, frozenset({SheetState.ASSIGNED})),
    "self_assessment": (Action.RESPOND_APPRAISAL, frozenset({SheetState.MIDYEAR})),
    "proposal": (
        Action.PROPOSE_APPRAISAL,
        frozenset({SheetState.MIDYEAR, SheetState.SELF_ASSESSED}),
    ),
    "acknowledgement": (Action.RESPOND_APPRAISAL, frozenset({SheetState.EVALUATED})),
    "review_request": (
        Action.RESPOND_APPRAISAL,
        frozenset({SheetState.EVALUATED, SheetState.ACKNOWLEDGED}),
    ),
    "review_decision": (Action.DECIDE_APPRAISAL_REVIEW, frozenset({SheetState.REVIEW_REQUESTED})),
}


def steps_for(*, actor: Actor, sheet: Sheet) -> list[str]:
    """The steps ``actor`` may take on ``sheet`` now (the services check them again)."""
    steps = []
    for step in STEPS:
        if step == "evaluation":
            allowed = (
                {SheetState.PROPOSED}
                if sheet.is_proposed_by_oiv
                else {SheetState.MIDYEAR, SheetState.SELF_ASSESSED}
            )
            if sheet.state in allowed and can_appraisal(actor, Action.CONDUCT_APPRAISAL, sheet):
                steps.append(step)
            continue
        action, states = _STEP_RULES[step]
        if sheet.state in states and can_appraisal(actor, action, sheet):
            steps.append(step)
    return steps


def sheet_page_for(*, actor: Actor, sheet: Sheet) -> SheetPage:
    """The sheet as ``actor`` may see it: the evaluated person sees the OIV's proposal only
    once the evaluation is recorded; components are the frozen ones after the evaluation and
    the scoring engine's current ones before."""
    scores = cycle_scores_for_appraisal(cycle=sheet.cycle)
    is_person = actor.person_id is not None and actor.person_id == sheet.person_id
    is_final = sheet.state in EVALUATED_STATES
    objectives = [
        ObjectiveLine(
            link.node.code,
            link.node.name,
            str(link.get_component_display()),
            link.weight,
            scores.node_percents.get(link.node.code),
        )
        for link in sheet.objectives.select_related("node").order_by("position")
    ]
    behaviours = [
        BehaviourLine(
            behaviour.code,
            behaviour.name,
            behaviour.description,
            sheet.self_ratings.get(behaviour.code),
            None if is_person and not is_final else sheet.proposed_ratings.get(behaviour.code),
            sheet.ratings.get(behaviour.code) if is_final else None,
        )
        for behaviour in sheet.scheme.behaviours.all()
    ]
    result = frozen_result(sheet) if is_final else None
    return SheetPage(
        sheet=sheet,
        objectives=objectives,
        behaviours=behaviours,
        scale=[
            (level.value, level.label, level.description)
            for level in sheet.scheme.scale_levels.all()
        ],
        result=result or sheet_result(sheet=sheet, ratings={}, scores=scores),
        is_final=is_final,
        steps=steps_for(actor=actor, sheet=sheet),
        units=[unit.name for unit in units_of(person=sheet.person, year=sheet.cycle.year)],
    )


@dataclass(frozen=True, slots=True)
class AssignmentChoices:
    """What the office picks from when it opens a sheet."""

    people: list[Person]
    """People without a sheet in the cycle yet."""
    all_people: list[Person]
    schemes: list[Scheme]
    objectives: list[tuple[str, str]]


def assignment_choices_for(*, cycle: Cycle) -> AssignmentChoices:
    """The administration's people who have no sheet in ``cycle`` yet, its schemes, and the
    cycle's objectives (code, name) in tree order, strategic areas left out."""
    plan, _scored = cycle_plan_and_scores(cycle=cycle)
    with_sheet = Sheet.objects.filter(cycle=cycle).values_list("person_id", flat=True)
    return AssignmentChoices(
        people=list(
            Person.objects.filter(administration=cycle.administration).exclude(pk__in=with_sheet)
        ),
        all_people=list(Person.objects.filter(administration=cycle.administration)),
        schemes=list(Scheme.objects.filter(administration=cycle.administration)),
        objectives=[
            (node.code, node.name) for node in plan.nodes if node.level != "strategic_area"
        ],
    )
