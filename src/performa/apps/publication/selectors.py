"""Reads of publication: the current public snapshot of a year, the published years, the
catalogue of open datasets, and API tokens. Public readers see only current publications."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet

from performa.apps.administrations.access import Actor, NoAccess, actor_for
from performa.apps.cycles.models import Cycle
from performa.apps.publication.models import ApiToken, Publication, PublicationKind
from performa.apps.publication.services import token_hash

_SNAPSHOTS: OrderedDict[str, dict[str, Any]] = OrderedDict()
_SNAPSHOTS_SIZE = 16
_lock = Lock()


@dataclass(frozen=True, slots=True)
class PublicYear:
    """A year as the public sees it: its current publication and the snapshot it froze.

    ``has_results`` tells whether the validated results are published (else the plan only).
    """

    publication_id: int
    administration_code: str
    administration_name: str
    year: int
    kind: str
    digest: str
    published_at: datetime
    snapshot: dict[str, Any]

    @property
    def has_results(self) -> bool:
        return self.kind == PublicationKind.RESULTS

    @property
    def etag(self) -> str:
        return f'"{self.digest[:32]}"'


def _current() -> QuerySet[Publication]:
    return Publication.objects.filter(withdrawn_at__isnull=True)


def _snapshot_of(publication_id: int, digest: str) -> dict[str, Any]:
    """The decoded snapshot, kept per process by digest (it never changes once published)."""
    with _lock:
        if digest in _SNAPSHOTS:
            _SNAPSHOTS.move_to_end(digest)
            return _SNAPSHOTS[digest]
    snapshot: dict[str, Any] = Publication.objects.values_list("snapshot", flat=True).get(
        pk=publication_id
    )
    with _lock:
        _SNAPSHOTS[digest] = snapshot
        while len(_SNAPSHOTS) > _SNAPSHOTS_SIZE:
            _SNAPSHOTS.popitem(last=False)
    return snapshot


CURRENT_TTL_SECONDS = 5.0
"""How long a process reuses its answer to "what is public for this year": publishing and
withdrawing clear it at once in their own process, other processes follow within this time
(shorter than the pages' own ``max-age``)."""

_current_years: dict[tuple[str, int], tuple[float, PublicYear | None]] = {}


def public_cache_clear() -> None:
    """Forget the process's answers (called when a publication changes)."""
    with _lock:
        _current_years.clear()


def public_year(*, administration_code: str, year: int) -> PublicYear | None:
    """The current publication of a year (the results when published, else the plan), or
    ``None`` when nothing of it is public. One small query at most every few seconds per
    process (``CURRENT_TTL_SECONDS``); the snapshot is cached by digest."""
    key = (administration_code, year)
    now = time.monotonic()
    with _lock:
        cached = _current_years.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    found = _public_year_read(administration_code, year)
    with _lock:
        if len(_current_years) > 1000:
            _current_years.clear()
        _current_years[key] = (now + CURRENT_TTL_SECONDS, found)
    return found


def _public_year_read(administration_code: str, year: int) -> PublicYear | None:
    row = (
        _current()
        .filter(administration__code=administration_code, cycle__year=year)
        .order_by("-kind")  # "results" before "plan"
        .values(
            "pk", "kind", "digest", "published_at", "administration__code", "administration__name"
        )
        .first()
    )
    if row is None:
        return None
    return PublicYear(
        publication_id=row["pk"],
        administration_code=row["administration__code"],
        administration_name=row["administration__name"],
        year=year,
        kind=row["kind"],
        digest=row["digest"],
        published_at=row["published_at"],
        snapshot=_snapshot_of(row["pk"], row["digest"]),
    )


@dataclass(frozen=True, slots=True)
class PublishedAdministration:
    """An administration with something public, and its published years (newest first)."""

    code: str
    name: str
    years: list[tuple[int, str]]
    """``(year, kind)``: the results' kind when they are published, else the plan's."""


def published_administrations(*, code: str | None = None) -> list[PublishedAdministration]:
    """Every administration with a current publication (or only ``code``), by name."""
    rows = _current().order_by("administration__name", "-cycle__year", "-kind")
    if code is not None:
        rows = rows.filter(administration__code=code)
    found: dict[str, PublishedAdministration] = {}
    for admin_code, name, year, kind in rows.values_list(
        "administration__code", "administration__name", "cycle__year", "kind"
    ):
        entry = found.setdefault(admin_code, PublishedAdministration(admin_code, name, []))
        if not entry.years or entry.years[-1][0] != year:
            entry.years.append((year, kind))
    return list(found.values())


def publications_of(*, cycle: Cycle) -> list[Publication]:
    """Every publication of ``cycle``, current and withdrawn, newest first (the office's page)."""
    return list(
        Publication.objects.filter(cycle=cycle)
        .select_related("published_by", "withdrawn_by")
        .defer("snapshot")
        .order_by("-published_at")
    )


def publication_current_of(*, cycle: Cycle, kind: str) -> Publication | None:
    """The current publication of ``kind`` of ``cycle``."""
    return _current().filter(cycle=cycle, kind=kind).defer("snapshot").first()


@dataclass(frozen=True, slots=True)
class DatasetEntry:
    """One dataset of the catalogue: a year's table in the open formats."""

    administration_code: str
    administration_name: str
    year: int
    kind: str
    dataset: str
    title: str
    published_at: datetime
    digest: str


def datasets_catalogue() -> list[DatasetEntry]:
    """Every open dataset: for each published year, each table of ``opendata.DATASETS``."""
    from performa.apps.publication.opendata import DATASETS

    entries: list[DatasetEntry] = []
    seen: set[tuple[str, int]] = set()
    for row in (
        _current()
        .order_by("administration__name", "-cycle__year", "-kind")
        .values(
            "administration__code",
            "administration__name",
            "cycle__year",
            "kind",
            "published_at",
            "digest",
        )
    ):
        key = (row["administration__code"], row["cycle__year"])
        if key in seen:
            continue
        seen.add(key)
        entries.extend(
            DatasetEntry(
                administration_code=row["administration__code"],
                administration_name=row["administration__name"],
                year=row["cycle__year"],
                kind=row["kind"],
                dataset=dataset,
                title=DATASETS[dataset].title,
                published_at=row["published_at"],
                digest=row["digest"],
            )
            for dataset in DATASETS
        )
    return entries


def api_tokens_of(*, actor: Actor) -> list[ApiToken]:
    """The tokens of the actor's administration, newest first (the office's page)."""
    return list(
        ApiToken.objects.filter(administration=actor.administration)
        .select_related("user")
        .order_by("-created_at")
    )


@dataclass(frozen=True, slots=True)
class TokenIdentity:
    """Who an API request speaks for: the token and its user's actor in its administration."""

    token: ApiToken
    actor: Actor


def token_identity(*, key: str) -> TokenIdentity | None:
    """The identity of a valid key: not revoked, and its user still has a role in the
    token's administration (a removed membership silences its tokens); else ``None``."""
    token = (
        ApiToken.objects.select_related("administration", "user")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    user: User = token.user
    try:
        actor = actor_for(user, token.administration.code)
    except NoAccess:
        return None
    return TokenIdentity(token=token, actor=actor)


@dataclass(frozen=True, slots=True)
class PublicIndex:
    """A snapshot's lists indexed for the public pages (built once per digest)."""

    objectives: dict[str, dict[str, Any]]
    children: dict[str, list[dict[str, Any]]]
    tree_rows: list[dict[str, Any]]
    indicators: dict[str, dict[str, Any]]
    links_by_objective: dict[str, list[dict[str, Any]]]
    links_by_indicator: dict[str, list[dict[str, Any]]]

    def indicator_rows_of(self, objective_code: str) -> list[dict[str, Any]]:
        """The objective's indicators, each with its link (weight and score there)."""
        return [
            {"link": link, "indicator": self.indicators[link["indicator_code"]]}
            for link in self.links_by_objective.get(objective_code, [])
            if link["indicator_code"] in self.indicators
        ]

    def objectives_of_indicator(self, indicator_code: str) -> list[dict[str, Any]]:
        """The objectives the indicator measures, each with its link."""
        return [
            {"link": link, "objective": self.objectives[link["objective_code"]]}
            for link in self.links_by_indicator.get(indicator_code, [])
            if link["objective_code"] in self.objectives
        ]


_INDEXES: OrderedDict[str, PublicIndex] = OrderedDict()


def public_index(year: PublicYear) -> PublicIndex:
    """The snapshot of ``year`` indexed by code, in tree order (cached per digest)."""
    with _lock:
        if year.digest in _INDEXES:
            return _INDEXES[year.digest]
    snapshot = year.snapshot
    objectives = {item["code"]: item for item in snapshot["objectives"]}
    children: dict[str, list[dict[str, Any]]] = {}
    for item in snapshot["objectives"]:
        children.setdefault(item["parent_code"] or "", []).append(item)
    rows: list[dict[str, Any]] = []

    def walk(parent: str, depth: int) -> None:
        for item in children.get(parent, []):
            rows.append({**item, "tree_depth": depth})
            walk(item["code"], depth + 1)

    walk("", 0)
    by_objective: dict[str, list[dict[str, Any]]] = {}
    by_indicator: dict[str, list[dict[str, Any]]] = {}
    for link in snapshot["links"]:
        by_objective.setdefault(link["objective_code"], []).append(link)
        by_indicator.setdefault(link["indicator_code"], []).append(link)
    index = PublicIndex(
        objectives=objectives,
        children=children,
        tree_rows=rows,
        indicators={item["code"]: item for item in snapshot["indicators"]},
        links_by_objective=by_objective,
        links_by_indicator=by_indicator,
    )
    with _lock:
        _INDEXES[year.digest] = index
        while len(_INDEXES) > _SNAPSHOTS_SIZE:
            _INDEXES.popitem(last=False)
    return index
