"""Writes of plans: importing a whole cycle atomically."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from performa.apps.administrations.models import Administration, OrganisationalUnit, Person
from performa.apps.audit.services import audit_record
from performa.apps.contexts.services import context_tables_replace
from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod, PlanLevel
from performa.apps.cycles.versioning import cycle_touch
from performa.apps.evaluations.services import overrides_replace
from performa.apps.measurements.base_values import base_values_replace, formula_figures_of
from performa.apps.measurements.services import measurements_replace
from performa.apps.plans.models import (
    Assignment,
    BaseMeasure,
    Indicator,
    IndicatorLink,
    IndicatorYearTarget,
    PlanNode,
    PlanNote,
)
from performa.apps.plans.targets import target_fields
from performa.apps.plans.year_targets import year_target_row
from performa.apps.reports.services import narratives_replace, process_steps_replace
from performa.workbook.data import PlanData


class PlanImportError(Exception):
    """The plan cannot be imported; nothing was written."""


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did: the cycle written, whether it replaced an earlier plan, the counts."""

    cycle: Cycle
    replaced: bool
    counts: dict[str, int]


def _counts(plan: PlanData) -> dict[str, int]:
    return {
        "nodes": len(plan.nodes),
        "indicators": len(plan.indicators),
        "links": len(plan.links),
        "measurements": len(plan.measurements),
        "overrides": len(plan.overrides),
        "context tables": len(plan.context_tables),
        "narratives": len(plan.narratives),
    }


def plan_import(*, plan: PlanData, actor_label: str) -> ImportOutcome:
    """Write ``plan`` as its administration's cycle of ``plan.cycle.year``, in one transaction.

    An existing cycle of that year has its plan, figures and overrides replaced (so importing
    the same workbook twice is idempotent); units and people are matched by code and updated.
    A validated cycle is read-only: ``PlanImportError``. The plan is assumed checked by the
    workbook reader; database constraints are the last line and roll everything back.
    """
    info = plan.cycle
    _check_lengths(plan)
    with transaction.atomic():
        administration, _ = Administration.objects.select_for_update().get_or_create(
            code=info.administration_code, defaults={"name": info.administration_name}
        )
        if administration.name != info.administration_name:
            administration.name = info.administration_name
            administration.save(update_fields=["name"])
        cycle = Cycle.objects.filter(administration=administration, year=info.year).first()
        replaced = cycle is not None
        before = None
        if cycle is not None:
            if cycle.state == CycleState.VALIDATED:
                raise PlanImportError(
                    f"the {info.year} cycle of {administration.code} is validated and read-only"
                )
            before = {"title": cycle.title, "rules": cycle.rules}
            # Replace the plan wholesale: nodes cascade to links, assignments and overrides.
            cycle.nodes.all().delete()
            cycle.indicators.all().delete()
            cycle.base_measures.all().delete()
            cycle.levels.all().delete()
            cycle.periods.all().delete()
            cycle.notes.all().delete()
            cycle.overrides.all().delete()
        else:
            cycle = Cycle(administration=administration, year=info.year)
        cycle.title = info.title
        cycle.plan_act = info.plan_act
        cycle.report_act = info.report_act
        cycle.rules = plan.rules.to_settings()
        cycle.save()

        units = _upsert_units(administration, plan)
        people = _upsert_people(administration, plan)
        levels = {
            row.key: PlanLevel.objects.create(
                administration=administration,
                cycle=cycle,
                depth=row.depth,
                key=row.key,
                name=row.name,
            )
            for row in plan.levels
        }
        nodes: dict[str, PlanNode] = {}
        for position, row in enumerate(plan.nodes):
            nodes[row.code] = PlanNode.objects.create(
                administration=administration,
                cycle=cycle,
                level=levels[row.level],
                parent=nodes[row.parent_code] if row.parent_code else None,
                code=row.code,
                name=row.name,
                description=row.description,
                weight=row.weight,
                owner_unit=units[row.owner_unit] if row.owner_unit else None,
                manager=people[row.manager] if row.manager else None,
                position=position,
            )
        indicators = {
            indicator.code: indicator
            for indicator in Indicator.objects.bulk_create(
                Indicator(
                    administration=administration,
                    cycle=cycle,
                    code=row.code,
                    name=row.name,
                    unit=row.unit,
                    description=row.description,
                    baseline=row.baseline,
                    baseline_year=row.baseline_year,
                    data_source=row.data_source,
                    notes=row.notes,
                    formula=row.formula,
                    position=position,
                    **target_fields(row.target),
                )
                for position, row in enumerate(plan.indicators)
            )
        }
        IndicatorYearTarget.objects.bulk_create(
            year_target_row(indicators[row.code], later)
            for row in plan.indicators
            for later in row.later_targets
        )
        IndicatorLink.objects.bulk_create(
            IndicatorLink(
                administration=administration,
                node=nodes[row.objective_code],
                indicator=indicators[row.indicator_code],
                weight=row.weight,
                position=position,
            )
            for position, row in enumerate(plan.links)
        )
        periods = {
            row.code: MonitoringPeriod.objects.create(
                administration=administration,
                cycle=cycle,
                code=row.code,
                name=row.name,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                is_final=row.is_final,
                position=position,
            )
            for position, row in enumerate(plan.periods)
        }
        measures = {
            measure.code: measure
            for measure in BaseMeasure.objects.bulk_create(
                BaseMeasure(
                    administration=administration,
                    cycle=cycle,
                    code=row.code,
                    name=row.name,
                    unit=row.unit,
                    description=row.description,
                    data_source=row.data_source,
                    responsible_unit=units[row.responsible_unit] if row.responsible_unit else None,
                    position=position,
                )
                for position, row in enumerate(plan.base_measures)
            )
        }
        base_values_replace(cycle=cycle, rows=plan.base_values, measures=measures, periods=periods)
        measurements_replace(
            cycle=cycle,
            rows=plan.measurements,
            indicators=indicators,
            periods=periods,
            computed=formula_figures_of(plan),
        )
        overrides_replace(cycle=cycle, rows=plan.overrides, nodes=nodes, indicators=indicators)
        Assignment.objects.bulk_create(
            Assignment(
                administration=administration,
                person=people[row.person_code],
                node=nodes[row.objective_code],
                position=position,
            )
            for position, row in enumerate(plan.assignments)
        )
        PlanNote.objects.bulk_create(
            PlanNote(
                administration=administration,
                cycle=cycle,
                location=row.location,
                reference_value=row.reference_value,
                performa_value=row.performa_value,
                note=row.note,
                position=position,
            )
            for position, row in enumerate(plan.notes)
        )
        narratives_replace(cycle=cycle, rows=plan.narratives)
        context_tables_replace(cycle=cycle, tables=plan.context_tables)
        process_steps_replace(cycle=cycle, rows=plan.process_steps)
        counts = _counts(plan)
        cycle_touch(cycle_id=cycle.pk)  # bulk writes send no signals
        audit_record(
            administration=administration,
            cycle=cycle,
            actor_label=actor_label,
            action="plan_import",
            object_type="cycle",
            object_code=f"{administration.code}/{cycle.year}",
            before=before,
            after={"title": cycle.title, "rules": cycle.rules, "counts": counts},
            reason="import from workbook",
        )
    return ImportOutcome(cycle=cycle, replaced=replaced, counts=counts)


def _check_lengths(plan: PlanData) -> None:
    """Refuse texts longer than their columns, which PostgreSQL would reject mid-import."""
    checks: list[tuple[str, str, str, int]] = [
        ("cycle", "administration_code", info, 64) for info in (plan.cycle.administration_code,)
    ]
    checks += [("cycle", "administration_name", plan.cycle.administration_name, 255)]
    checks += [
        ("cycle", "title", plan.cycle.title, 255),
        ("cycle", "plan_act", plan.cycle.plan_act, 255),
    ]
    checks += [("cycle", "report_act", plan.cycle.report_act, 255)]
    for row in plan.nodes:
        checks += [
            (f"tree {row.code}", "code", row.code, 64),
            (f"tree {row.code}", "name", row.name, 500),
        ]
    for indicator in plan.indicators:
        where = f"indicators {indicator.code}"
        checks += [(where, "code", indicator.code, 64), (where, "name", indicator.name, 500)]
        checks += [
            (where, "unit", indicator.unit, 32),
            (where, "data_source", indicator.data_source, 500),
        ]
    for unit in plan.units:
        checks += [
            (f"units {unit.code}", "code", unit.code, 64),
            (f"units {unit.code}", "name", unit.name, 255),
        ]
    for person in plan.people:
        where = f"people {person.code}"
        checks += [(where, "code", person.code, 64), (where, "name", person.name, 255)]
        checks += [(where, "title", person.title, 255)]
    for period in plan.periods:
        checks += [
            (f"periods {period.code}", "code", period.code, 32),
            (f"periods {period.code}", "name", period.name, 128),
        ]
    for level in plan.levels:
        checks += [
            (f"levels {level.key}", "key", level.key, 64),
            (f"levels {level.key}", "name", level.name, 128),
        ]
    problems = [
        f"{where} ({column}): {len(text)} characters, at most {limit} allowed"
        for where, column, text, limit in checks
        if len(text) > limit
    ]
    if problems:
        raise PlanImportError("; ".join(problems))


def _upsert_units(administration: Administration, plan: PlanData) -> dict[str, OrganisationalUnit]:
    units = {u.code: u for u in OrganisationalUnit.objects.filter(administration=administration)}
    for position, row in enumerate(plan.units):
        unit = units.get(row.code) or OrganisationalUnit(
            administration=administration, code=row.code
        )
        unit.name = row.name
        unit.position = position
        unit.parent = None
        unit.save()
        units[row.code] = unit
    for row in plan.units:
        if row.parent_code:
            units[row.code].parent = units[row.parent_code]
            units[row.code].save(update_fields=["parent"])
    return units


def _upsert_people(administration: Administration, plan: PlanData) -> dict[str, Person]:
    people = {p.code: p for p in Person.objects.filter(administration=administration)}
    for position, row in enumerate(plan.people):
        person = people.get(row.code) or Person(administration=administration, code=row.code)
        person.name = row.name
        person.title = row.title
        person.position = position
        person.save()
        people[row.code] = person
    return people
