"""Reads of the indicator library: the entries an administration sees, and where each is used."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from performa.apps.administrations.access import Action, Actor, can
from performa.apps.cycles.models import Cycle
from performa.apps.library.models import Adoption, LibraryIndicator
from performa.apps.plans.models import Indicator, PlanNode

SCOPE_ALL = "tutti"
SCOPE_COMMON = "comuni"
SCOPE_OWN = "propri"
SCOPES = (SCOPE_ALL, SCOPE_COMMON, SCOPE_OWN)


def _visible(actor: Actor) -> QuerySet[LibraryIndicator]:
    """The common library and the actor's administration's own entries."""
    return LibraryIndicator.objects.filter(
        Q(owner__isnull=True) | Q(owner=actor.administration)
    ).select_related("owner")


def library_for(*, actor: Actor, query: str = "", scope: str = SCOPE_ALL) -> list[LibraryIndicator]:
    """The entries ``actor`` sees, searched by code or name, with ``usage_count``: how many
    indicators of the actor's cycles come from each. Common entries first, then by code."""
    entries = _visible(actor)
    if scope == SCOPE_COMMON:
        entries = entries.filter(owner__isnull=True)
    elif scope == SCOPE_OWN:
        entries = entries.filter(owner=actor.administration)
    query = query.strip()
    if query:
        entries = entries.filter(Q(code__icontains=query) | Q(name__icontains=query))
    entries = entries.annotate(
        usage_count=Count("adoptions", filter=Q(adoptions__administration=actor.administration))
    )
    return sorted(entries, key=lambda entry: (entry.owner_id is not None, entry.code, entry.pk))


def library_entry_for(*, actor: Actor, pk: int) -> LibraryIndicator:
    """A common or own entry; ``LibraryIndicator.DoesNotExist`` for another's (views: 404)."""
    return _visible(actor).get(pk=pk)


@dataclass(frozen=True, slots=True)
class ObjectiveUse:
    code: str
    name: str
    weight: Decimal | None


@dataclass(frozen=True, slots=True)
class Usage:
    """A cycle indicator that came from (or was added as) a library entry."""

    adoption: Adoption
    year: int
    indicator: Indicator
    objectives: tuple[ObjectiveUse, ...]


def usages_of(*, actor: Actor, entry: LibraryIndicator) -> list[Usage]:
    """Where ``entry`` is used in the actor's administration: cycles (newest first) and the
    objectives each indicator counts in, with its weight there. A common entry's uses in other
    administrations are theirs, not shown."""
    adoptions = (
        Adoption.objects.filter(library_indicator=entry, administration=actor.administration)
        .select_related("cycle_indicator__cycle", "adopted_by")
        .prefetch_related("cycle_indicator__links__node")
        .order_by("-cycle_indicator__cycle__year", "cycle_indicator__code")
    )
    return [
        Usage(
            adoption=adoption,
            year=adoption.cycle_indicator.cycle.year,
            indicator=adoption.cycle_indicator,
            objectives=tuple(
                ObjectiveUse(link.node.code, link.node.name, link.weight)
                for link in adoption.cycle_indicator.links.all()
            ),
        )
        for adoption in adoptions
    ]


def library_origin_of(*, indicator: Indicator) -> Adoption | None:
    """The library entry a cycle indicator came from (or was added as), if any."""
    return (
        Adoption.objects.filter(cycle_indicator=indicator)
        .select_related("library_indicator", "adopted_by")
        .first()
    )


def adoptable_cycles(*, actor: Actor) -> list[Cycle]:
    """The actor's cycles whose plan the actor may change now, newest first."""
    cycles = Cycle.objects.filter(administration=actor.administration).select_related(
        "administration"
    )
    return [
        cycle for cycle in cycles.order_by("-year") if can(actor, Action.EDIT_PLAN, cycle=cycle)
    ]


def cycles_of(*, actor: Actor) -> list[Cycle]:
    """All the actor's cycles, newest first."""
    return list(
        Cycle.objects.filter(administration=actor.administration)
        .select_related("administration")
        .order_by("-year")
    )


def objectives_of(*, cycle: Cycle) -> list[PlanNode]:
    """The nodes of ``cycle`` an indicator may be linked to, in tree order."""
    return list(PlanNode.objects.filter(cycle=cycle).order_by("position"))


@dataclass(frozen=True, slots=True)
class CycleIndicatorRow:
    indicator: Indicator
    library_entry: LibraryIndicator | None


def cycle_indicators_for_library(*, cycle: Cycle) -> list[CycleIndicatorRow]:
    """The indicators of ``cycle``, each with the library entry it is tied to, if any."""
    indicators = Indicator.objects.filter(cycle=cycle).select_related(
        "library_adoption__library_indicator"
    )
    rows = []
    for indicator in indicators.order_by("position"):
        try:
            entry: LibraryIndicator | None = indicator.library_adoption.library_indicator
        except Adoption.DoesNotExist:
            entry = None
        rows.append(CycleIndicatorRow(indicator, entry))
    return rows
