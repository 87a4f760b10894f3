"""The demo's individual evaluations: the reference report's three managers, their positions
over time and their 2024 sheets, loaded from ``src/performa/demo/appraisals/``."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from performa.apps.administrations.models import OrganisationalUnit, Person
from performa.apps.appraisals.models import Position, Scheme, Sheet, SheetObjective, SheetState
from performa.apps.appraisals.services import scheme_defaults_ensure, sheet_freeze_result
from performa.apps.audit.services import audit_record
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import PlanNode

DEMO_SHEETS = Path(__file__).resolve().parents[2] / "demo" / "appraisals" / "sheets-2024.json"

_STEP_STATES = (
    ("assigned", SheetState.ASSIGNED),
    ("midyear", SheetState.MIDYEAR),
    ("self_assessed", SheetState.SELF_ASSESSED),
    ("proposed", SheetState.PROPOSED),
    ("evaluated", SheetState.EVALUATED),
)


def _at(day: str) -> datetime:
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(10)))


def appraisals_demo_load(*, cycle: Cycle, source: Path = DEMO_SHEETS) -> list[Sheet]:
    """Load the demo positions and sheets into ``cycle``'s administration; returns the sheets.

    Idempotent: a sheet that exists with its objectives is kept (people may have moved it on
    in the web app); one whose objectives went with a re-imported plan is loaded again. The
    evaluated sheets get their components from the scoring engine, as the services do.
    """
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    administration = cycle.administration
    scheme_defaults_ensure(administration=administration)
    people = {
        person.code: person for person in Person.objects.filter(administration=administration)
    }
    units = {
        unit.code: unit for unit in OrganisationalUnit.objects.filter(administration=administration)
    }
    loaded = []
    with transaction.atomic():
        for item in data["positions"]:
            Position.objects.update_or_create(
                administration=administration,
                person=people[item["person"]],
                unit=units[item["unit"]],
                starts_on=date.fromisoformat(item["starts_on"]),
                defaults={
                    "category": item["category"],
                    "title": item["title"],
                    "ends_on": date.fromisoformat(item["ends_on"]) if item["ends_on"] else None,
                },
            )
        for item in data["sheets"]:
            person = people[item["person"]]
            existing = Sheet.objects.filter(cycle=cycle, person=person).first()
            if existing is not None and existing.objectives.exists():
                loaded.append(existing)
                continue
            if existing is not None:
                existing.delete()
            loaded.append(_load_sheet(cycle, item, people, units))
        audit_record(
            administration=administration,
            cycle=cycle,
            actor_label="demo",
            action="appraisal_demo_loaded",
            object_type="appraisal_sheet",
            object_code=f"{administration.code}/{cycle.year}",
        )
    return loaded


def _load_sheet(
    cycle: Cycle,
    item: dict[str, Any],
    people: dict[str, Person],
    units: dict[str, OrganisationalUnit],
) -> Sheet:
    person = people[item["person"]]
    steps: dict[str, dict[str, Any]] = item["steps"]
    position = Position.objects.filter(person=person, unit=units[item["position_unit"]]).first()
    sheet = Sheet.objects.create(
        administration=cycle.administration,
        cycle=cycle,
        person=person,
        position=position,
        scheme=Scheme.objects.get(administration=cycle.administration, code=item["scheme"]),
        evaluator=people[item["evaluator"]] if item["evaluator"] else None,
        evaluator_label=item["evaluator_label"],
        is_proposed_by_oiv=item["is_proposed_by_oiv"],
        assigned_at=_at(steps["assigned"]["on"]),
        assignment_note=steps["assigned"]["note"],
    )
    nodes = {node.code: node for node in PlanNode.objects.filter(cycle=cycle)}
    SheetObjective.objects.bulk_create(
        SheetObjective(sheet=sheet, node=nodes[code], weight=Decimal(1), position=index)
        for index, code in enumerate(item["objectives"])
    )
    for key, state in _STEP_STATES:
        step = steps.get(key)
        if step is None:
            continue
        sheet.state = state
        when = _at(step["on"])
        if key == "midyear":
            sheet.midyear_at, sheet.midyear_note = when, step["note"]
        elif key == "self_assessed":
            sheet.self_assessed_at, sheet.self_ratings = when, step["ratings"]
            sheet.self_note = step["note"]
        elif key == "proposed":
            sheet.proposed_at, sheet.proposed_ratings = when, step["ratings"]
            sheet.proposal_note = step["note"]
        elif key == "evaluated":
            sheet.evaluated_at, sheet.evaluation_note = when, step["note"]
            sheet.act_reference = step.get("act_reference", "")
            sheet_freeze_result(
                sheet, {code: int(value) for code, value in step["ratings"].items()}
            )
    sheet.save()
    return sheet
