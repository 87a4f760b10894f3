"""Reads of plans: a whole cycle as ``PlanData``, the one shape export, scoring and reports use."""

from __future__ import annotations

from performa.apps.administrations.models import Administration, OrganisationalUnit, Person
from performa.apps.contexts.selectors import context_tables_for
from performa.apps.cycles.models import Cycle
from performa.apps.evaluations.selectors import override_rows_for
from performa.apps.measurements.selectors import base_value_rows_for, measurement_rows_for
from performa.apps.plans.models import (
    Assignment,
    BaseMeasure,
    Indicator,
    IndicatorLink,
    PlanNode,
    PlanVersion,
    PlanVersionStatus,
)
from performa.apps.plans.targets import plain_decimal, target_of
from performa.apps.plans.year_targets import year_target_of
from performa.apps.reports.selectors import narrative_rows_for, process_step_rows_for
from performa.scoring.rules import RuleSet
from performa.workbook.data import (
    AssignmentRow,
    BaseMeasureRow,
    CycleInfo,
    IndicatorRow,
    LevelRow,
    LinkRow,
    NodeRow,
    NoteRow,
    PeriodRow,
    PersonRow,
    PlanData,
    UnitRow,
)


class CycleNotFound(LookupError):
    """No such administration or year."""


def cycle_for(*, year: int, administration_code: str | None = None) -> Cycle:
    """The cycle of ``year``; the administration may be omitted when there is only one.

    Raises ``CycleNotFound`` with a message that lists what exists.
    """
    administrations = Administration.objects.all()
    if administration_code is None:
        codes = list(administrations.values_list("code", flat=True))
        if len(codes) != 1:
            raise CycleNotFound(
                "no administration in the database; import a plan first"
                if not codes
                else f"several administrations, choose one of: {', '.join(codes)}"
            )
        administration_code = codes[0]
    cycle = (
        Cycle.objects.select_related("administration")
        .filter(administration__code=administration_code, year=year)
        .first()
    )
    if cycle is None:
        years = Cycle.objects.filter(administration__code=administration_code).values_list(
            "year", flat=True
        )
        known = ", ".join(str(y) for y in sorted(years)) or "none"
        raise CycleNotFound(
            f"no {year} cycle for administration {administration_code!r} (cycles: {known})"
        )
    return cycle


def plan_data_for(*, cycle: Cycle, with_base_values: bool = False) -> PlanData:
    """The whole of ``cycle`` — plan, rules, figures, overrides, notes — in tree order.

    The base measures' values come only ``with_base_values`` (a workbook export), and then
    without the figures computed from them, which an import computes again; otherwise the
    computed and accepted figures come, never the raw inputs, which would make a figure
    nobody has submitted count in the scores. A fixed number of queries whatever the
    size of the tree.
    """
    administration = cycle.administration
    nodes = list(
        PlanNode.objects.filter(administration=administration, cycle=cycle).select_related(
            "level", "parent", "owner_unit", "manager"
        )
    )
    indicators = list(
        Indicator.objects.filter(administration=administration, cycle=cycle).prefetch_related(
            "year_targets"
        )
    )
    links = IndicatorLink.objects.filter(
        administration=administration, node__cycle=cycle
    ).select_related("node", "indicator")
    node_positions = {node.pk: node.position for node in nodes}
    assignments = Assignment.objects.filter(
        administration=administration, node__cycle=cycle
    ).select_related("person", "node")
    return PlanData(
        cycle=CycleInfo(
            administration_code=administration.code,
            administration_name=administration.name,
            year=cycle.year,
            title=cycle.title,
            plan_act=cycle.plan_act,
            report_act=cycle.report_act,
        ),
        rules=RuleSet.from_settings(cycle.rules),
        levels=tuple(
            LevelRow(depth=level.depth, key=level.key, name=level.name)
            for level in cycle.levels.all()
        ),
        nodes=tuple(
            NodeRow(
                code=node.code,
                parent_code=node.parent.code if node.parent else None,
                level=node.level.key,
                name=node.name,
                description=node.description,
                weight=plain_decimal(node.weight),
                owner_unit=node.owner_unit.code if node.owner_unit else None,
                manager=node.manager.code if node.manager else None,
            )
            for node in nodes
        ),
        indicators=tuple(
            IndicatorRow(
                code=indicator.code,
                name=indicator.name,
                target=target_of(indicator),
                unit=indicator.unit,
                description=indicator.description,
                baseline=plain_decimal(indicator.baseline),
                baseline_year=indicator.baseline_year,
                data_source=indicator.data_source,
                notes=indicator.notes,
                later_targets=tuple(year_target_of(row) for row in indicator.year_targets.all()),
                formula=indicator.formula,
            )
            for indicator in indicators
        ),
        base_measures=tuple(
            BaseMeasureRow(
                code=measure.code,
                name=measure.name,
                unit=measure.unit,
                description=measure.description,
                data_source=measure.data_source,
                responsible_unit=measure.responsible_unit.code
                if measure.responsible_unit
                else None,
            )
            for measure in BaseMeasure.objects.filter(cycle=cycle)
            .select_related("responsible_unit")
            .order_by("position", "pk")
        ),
        base_values=base_value_rows_for(cycle=cycle) if with_base_values else (),
        links=tuple(
            LinkRow(
                objective_code=link.node.code,
                indicator_code=link.indicator.code,
                weight=plain_decimal(link.weight),
            )
            for link in sorted(links, key=lambda k: (node_positions[k.node_id], k.position))
        ),
        periods=tuple(
            PeriodRow(
                code=period.code,
                name=period.name,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                is_final=period.is_final,
            )
            for period in cycle.periods.all()
        ),
        measurements=measurement_rows_for(cycle=cycle, computed=not with_base_values),
        units=tuple(
            UnitRow(
                code=unit.code,
                name=unit.name,
                parent_code=unit.parent.code if unit.parent else None,
            )
            for unit in OrganisationalUnit.objects.filter(
                administration=administration
            ).select_related("parent")
        ),
        people=tuple(
            PersonRow(code=person.code, name=person.name, title=person.title)
            for person in Person.objects.filter(administration=administration)
        ),
        overrides=override_rows_for(cycle=cycle),
        assignments=tuple(
            AssignmentRow(person_code=a.person.code, objective_code=a.node.code)
            for a in sorted(assignments, key=lambda a: (a.person.position, a.position))
        ),
        notes=tuple(
            NoteRow(
                location=note.location,
                note=note.note,
                reference_value=note.reference_value,
                performa_value=note.performa_value,
            )
            for note in cycle.notes.all()
        ),
        narratives=narrative_rows_for(cycle=cycle),
        context_tables=context_tables_for(cycle=cycle),
        process_steps=process_step_rows_for(cycle=cycle),
    )


def is_plan_editable(cycle: Cycle) -> bool:
    """Whether the plan of ``cycle`` may change now: never once validated; freely while the
    cycle is being planned and no version has been recorded; afterwards only while a revision
    (variazione) is open. The role is ``access.can``'s business, not this function's."""
    from performa.apps.cycles.models import CycleState

    if cycle.state == CycleState.VALIDATED:
        return False
    versions = PlanVersion.objects.filter(cycle=cycle)
    if versions.filter(status=PlanVersionStatus.OPEN).exists():
        return True
    return cycle.state == CycleState.PLANNING and not versions.exists()


def plan_versions_of(*, cycle: Cycle) -> list[PlanVersion]:
    """The versions of the plan of ``cycle``, oldest first (an open revision last)."""
    return list(
        PlanVersion.objects.filter(cycle=cycle).select_related("opened_by").order_by("number")
    )
