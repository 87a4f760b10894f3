"""Starting a new cycle by copying an earlier one's plan, targets rolled forward for review.

Each January the office starts the year from last year's plan: the same levels, tree,
indicators, links, assignments, rules and monitoring periods, in a new cycle being planned.
What belongs to the year copied stays with it: figures, overrides, plan versions, notes and
the Relazione's texts. Targets move one step along the three-year plan:

- the new cycle's own target is the one the source planned for the new year
  (``IndicatorYearTarget``) when there is one, otherwise the source's own target carried
  over, a deadline moved by as many years as the cycles are apart;
- the targets planned beyond the new year stay planned (the source's N+2 becomes the new
  N+1);
- the baseline becomes the source's final figure when it is a number (the latest value
  known, dated with the source's year), otherwise the source's baseline is kept.

Every copied indicator is flagged ``target_to_review`` so the office sees which targets it
still has to check; ``indicator_target_reviewed`` clears the flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from performa.apps.administrations.access import Action, Actor, can, is_cycle_locked
from performa.apps.administrations.models import Administration
from performa.apps.audit.services import audit_record_by
from performa.apps.cycles.models import Cycle, MonitoringPeriod, PlanLevel
from performa.apps.cycles.versioning import cycle_touch
from performa.apps.measurements.selectors import measurement_rows_for
from performa.apps.plans.models import (
    Assignment,
    BaseMeasure,
    Indicator,
    IndicatorLink,
    IndicatorYearTarget,
    PlanNode,
)
from performa.apps.plans.targets import plain_decimal, target_fields, target_of
from performa.apps.plans.year_targets import year_target_of, year_target_row
from performa.reporting.cells import actual_text, target_text
from performa.scoring.model import Target

__all__ = [
    "CopyCounts",
    "CycleCopyError",
    "CycleCopyPermissionError",
    "TargetToReview",
    "cycle_copy",
    "cycle_copy_counts",
    "indicator_target_reviewed",
    "indicators_to_review",
]


class CycleCopyError(Exception):
    """A copy was refused; ``message`` tells the user why, in Italian.

    CycleCopyError
    └── CycleCopyPermissionError   the actor's role or administration does not allow it (403)
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CycleCopyPermissionError(CycleCopyError):
    """The actor may not copy this cycle (only the office of its administration may)."""


@dataclass(frozen=True, slots=True)
class CopyCounts:
    """What a copy takes from its source: shown before copying and recorded in the audit."""

    levels: int
    nodes: int
    indicators: int
    later_targets: int
    links: int
    assignments: int
    periods: int
    base_measures: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "levels": self.levels,
            "nodes": self.nodes,
            "indicators": self.indicators,
            "later_targets": self.later_targets,
            "links": self.links,
            "assignments": self.assignments,
            "periods": self.periods,
            "base_measures": self.base_measures,
        }


def cycle_copy_counts(*, source: Cycle) -> CopyCounts:
    """How many of each thing copying ``source`` would create."""
    return CopyCounts(
        levels=PlanLevel.objects.filter(cycle=source).count(),
        nodes=PlanNode.objects.filter(cycle=source).count(),
        indicators=Indicator.objects.filter(cycle=source).count(),
        later_targets=IndicatorYearTarget.objects.filter(indicator__cycle=source).count(),
        links=IndicatorLink.objects.filter(node__cycle=source).count(),
        assignments=Assignment.objects.filter(node__cycle=source).count(),
        periods=MonitoringPeriod.objects.filter(cycle=source).count(),
        base_measures=BaseMeasure.objects.filter(cycle=source).count(),
    )


def _check_actor(actor: Actor, administration_id: int) -> None:
    # Copying writes a new cycle's plan: the office's right, whatever the source's state.
    if not can(actor, Action.EDIT_PLAN) or administration_id != actor.administration.pk:
        raise CycleCopyPermissionError(_("Il tuo ruolo non consente di copiare un ciclo."))


def _shifted(day: date, years: int) -> date:
    """``day`` ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _retitled(title: str, source_year: int, year: int) -> str:
    """The source's title with its years moved on ("Piano 2024-2026" → "Piano 2025-2027")."""
    shift = year - source_year
    for offset in (2, 1, 0):  # the later years first, so that none is moved twice
        title = title.replace(str(source_year + offset), f"\0{source_year + offset + shift}")
    return title.replace("\0", "")


def _rolled_target(indicator: Indicator, later: dict[int, Target], year: int, shift: int) -> Target:
    planned = later.get(year)
    if planned is not None:
        return planned
    own = target_of(indicator)
    if own.due_on is not None:
        return Target(own.comparator, due_on=_shifted(own.due_on, shift))
    return own


def _final_numbers(source: Cycle) -> dict[str, Decimal]:
    """The source's final figures that are numbers, by indicator code (baselines to be)."""
    final = MonitoringPeriod.objects.filter(cycle=source, is_final=True).first()
    if final is None:
        return {}
    return {
        row.indicator_code: row.value
        for row in measurement_rows_for(cycle=source)
        if row.period_code == final.code and isinstance(row.value, Decimal)
    }


def cycle_copy(actor: Actor, source: Cycle, year: int) -> Cycle:
    """A new cycle of ``source``'s administration for ``year``, with ``source``'s plan.

    Refused (``CycleCopyError``) unless ``actor`` is the office of that administration, when
    ``year`` is not after the source's or when the administration already has a cycle for it.
    One transaction, one audit entry with what was copied.
    """
    with transaction.atomic():
        _check_actor(actor, source.administration_id)
        if year <= source.year:
            raise CycleCopyError(
                _("L'anno del nuovo ciclo deve seguire il %(year)s.") % {"year": source.year}
            )
        # The administration's row lock queues two copies to the same year.
        administration = Administration.objects.select_for_update().get(pk=source.administration_id)
        source = Cycle.objects.select_related("administration").get(pk=source.pk)
        if Cycle.objects.filter(administration=administration, year=year).exists():
            raise CycleCopyError(
                _("Il ciclo %(year)s esiste già: non si copia su un ciclo esistente.")
                % {"year": year}
            )
        cycle = Cycle.objects.create(
            administration=administration,
            year=year,
            title=_retitled(source.title, source.year, year),
            rules=source.rules,
        )
        counts = _copy_plan(source, cycle)
        cycle_touch(cycle_id=cycle.pk)  # bulk writes send no signals
        audit_record_by(
            actor,
            cycle=cycle,
            action="cycle_copy",
            object_type="cycle",
            object_code=f"{administration.code}/{year}",
            before=None,
            after={
                "source": f"{administration.code}/{source.year}",
                "title": cycle.title,
                "counts": counts.as_dict(),
                "targets_to_review": counts.indicators,
            },
            reason=_("Nuovo ciclo copiato dal %(year)s, target da verificare")
            % {"year": source.year},
        )
    return cycle


def _copy_plan(source: Cycle, cycle: Cycle) -> CopyCounts:
    administration = cycle.administration
    shift = cycle.year - source.year
    levels = {
        level.pk: PlanLevel.objects.create(
            administration=administration,
            cycle=cycle,
            depth=level.depth,
            key=level.key,
            name=level.name,
        )
        for level in PlanLevel.objects.filter(cycle=source)
    }
    old_nodes = list(PlanNode.objects.filter(cycle=source).order_by("position", "pk"))
    # Parents are set afterwards, so that the order of the rows does not matter.
    new_nodes = PlanNode.objects.bulk_create(
        PlanNode(
            administration=administration,
            cycle=cycle,
            level=levels[node.level_id],
            code=node.code,
            name=node.name,
            description=node.description,
            weight=node.weight,
            owner_unit_id=node.owner_unit_id,
            manager_id=node.manager_id,
            position=node.position,
        )
        for node in old_nodes
    )
    nodes = {node.pk: new for node, new in zip(old_nodes, new_nodes, strict=True)}
    for node in old_nodes:
        if node.parent_id is not None:
            nodes[node.pk].parent = nodes[node.parent_id]
    PlanNode.objects.bulk_update(
        [nodes[node.pk] for node in old_nodes if node.parent_id], ["parent"]
    )

    old_indicators = list(
        Indicator.objects.filter(cycle=source)
        .prefetch_related("year_targets")
        .order_by("position", "pk")
    )
    finals = _final_numbers(source)
    new_indicators: list[Indicator] = []
    later_rows: list[IndicatorYearTarget] = []
    for indicator in old_indicators:
        later = {
            row.year: year_target_of(row).target
            for row in indicator.year_targets.all()
            if row.year >= cycle.year
        }
        final = finals.get(indicator.code)
        new_indicators.append(
            Indicator(
                administration=administration,
                cycle=cycle,
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit,
                description=indicator.description,
                baseline=final if final is not None else indicator.baseline,
                baseline_year=source.year if final is not None else indicator.baseline_year,
                data_source=indicator.data_source,
                notes=indicator.notes,
                formula=indicator.formula,
                position=indicator.position,
                target_to_review=True,
                **target_fields(_rolled_target(indicator, later, cycle.year, shift)),
            )
        )
    created = Indicator.objects.bulk_create(new_indicators)
    indicators = {old.pk: new for old, new in zip(old_indicators, created, strict=True)}
    for indicator in old_indicators:
        for row in indicator.year_targets.all():
            if row.year > cycle.year:
                later_rows.append(year_target_row(indicators[indicator.pk], year_target_of(row)))
    IndicatorYearTarget.objects.bulk_create(later_rows)

    links = IndicatorLink.objects.bulk_create(
        IndicatorLink(
            administration=administration,
            node=nodes[link.node_id],
            indicator=indicators[link.indicator_id],
            weight=link.weight,
            position=link.position,
        )
        for link in IndicatorLink.objects.filter(node__cycle=source).order_by("pk")
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            administration=administration,
            person_id=assignment.person_id,
            node=nodes[assignment.node_id],
            position=assignment.position,
        )
        for assignment in Assignment.objects.filter(node__cycle=source).order_by("pk")
    )
    periods = MonitoringPeriod.objects.bulk_create(
        MonitoringPeriod(
            administration=administration,
            cycle=cycle,
            code=period.code,
            name=period.name,
            starts_on=_shifted(period.starts_on, shift),
            ends_on=_shifted(period.ends_on, shift),
            is_final=period.is_final,
            is_open=False,
            position=period.position,
        )
        for period in MonitoringPeriod.objects.filter(cycle=source)
    )
    # Definitions only: values belong to the source year's periods.
    base_measures = BaseMeasure.objects.bulk_create(
        BaseMeasure(
            administration=administration,
            cycle=cycle,
            code=measure.code,
            name=measure.name,
            unit=measure.unit,
            description=measure.description,
            data_source=measure.data_source,
            responsible_unit_id=measure.responsible_unit_id,
            position=measure.position,
        )
        for measure in BaseMeasure.objects.filter(cycle=source).order_by("position", "pk")
    )
    return CopyCounts(
        levels=len(levels),
        nodes=len(new_nodes),
        indicators=len(created),
        later_targets=len(later_rows),
        links=len(links),
        assignments=len(assignments),
        periods=len(periods),
        base_measures=len(base_measures),
    )


@dataclass(frozen=True, slots=True)
class TargetToReview:
    """An indicator whose copied targets the office has still to check, as the page shows it."""

    code: str
    name: str
    target: str
    later_targets: tuple[tuple[int, str], ...]
    baseline: str


def indicators_to_review(*, cycle: Cycle) -> list[TargetToReview]:
    """The indicators of ``cycle`` whose copied target the office has not checked yet."""
    indicators = (
        Indicator.objects.filter(cycle=cycle, target_to_review=True)
        .prefetch_related("year_targets")
        .order_by("position", "pk")
    )
    return [
        TargetToReview(
            code=indicator.code,
            name=indicator.name,
            target=target_text(target_of(indicator), indicator.unit),
            later_targets=tuple(
                (row.year, target_text(year_target_of(row).target, indicator.unit))
                for row in indicator.year_targets.all()
            ),
            baseline=(
                f"{actual_text(plain_decimal(indicator.baseline), indicator.unit)}"
                + (f" ({indicator.baseline_year})" if indicator.baseline_year else "")
                if indicator.baseline is not None
                else ""
            ),
        )
        for indicator in indicators
    ]


def indicator_target_reviewed(*, actor: Actor, indicator: Indicator) -> None:
    """Record that the office checked ``indicator``'s copied target (clears the flag).

    Allowed while the plan may be edited (``Action.EDIT_PLAN`` on the indicator's cycle).
    """
    with transaction.atomic():
        locked = (
            Indicator.objects.select_for_update()
            .select_related("cycle__administration")
            .get(pk=indicator.pk)
        )
        cycle = locked.cycle
        if not can(actor, Action.EDIT_PLAN) or cycle.administration_id != actor.administration.pk:
            raise CycleCopyPermissionError(_("Il tuo ruolo non consente questa operazione."))
        if is_cycle_locked(cycle) or not can(actor, Action.EDIT_PLAN, cycle=cycle):
            raise CycleCopyError(
                _("Il piano del ciclo %(year)s non è modificabile ora.") % {"year": cycle.year}
            )
        if not locked.target_to_review:
            return
        locked.target_to_review = False
        locked.save(update_fields=["target_to_review"])
        audit_record_by(
            actor,
            cycle=cycle,
            action="target_reviewed",
            object_type="indicator",
            object_code=f"{cycle.administration.code}/{cycle.year}/{locked.code}",
            before={"target_to_review": True},
            after={"target_to_review": False},
            reason=_("Target verificato dopo la copia del ciclo"),
        )
    indicator.target_to_review = False
