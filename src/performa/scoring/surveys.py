"""Statistics of satisfaction surveys: answers, mean mark, satisfaction index, dissatisfied.

Framework-free like the rest of ``performa.scoring``: standard library only, ``Decimal``
throughout, nothing rounded (rounding is the caller's, for display). Method: DOMAIN.md §6.4 and
the reference report's "La Customer Satisfaction" (even 1–10 scale, no neutral midpoint).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum
from typing import Final

__all__ = [
    "OVERALL",
    "MarkStatistics",
    "SurveyScale",
    "SurveyStatistic",
    "SurveyStatistics",
    "mark_statistics",
    "statistic_value",
    "survey_statistics",
]

OVERALL: Final = ""
"""The service key of the whole survey (every answer, whatever its service)."""

_HUNDRED: Final = Decimal(100)
_PRECISION: Final = 28


class SurveyStatistic(StrEnum):
    """What a survey gives an indicator: one of the statistics of ``MarkStatistics``."""

    COUNT = "count"
    MEAN = "mean"
    SATISFACTION_PERCENT = "satisfaction_percent"
    DISSATISFIED_PERCENT = "dissatisfied_percent"


@dataclass(frozen=True, slots=True)
class SurveyScale:
    """The marks' scale and the bands that define satisfied and dissatisfied answers.

    Defaults: the reference report's even 1–10 scale; satisfied from 7 ("9 su 10" positive,
    index 87,9 %), dissatisfied up to 4 ("poco meno del 5 %"); 5–6 are neither.
    """

    minimum: Decimal = Decimal(1)
    maximum: Decimal = Decimal(10)
    satisfied_from: Decimal = Decimal(7)
    dissatisfied_up_to: Decimal = Decimal(4)

    def __post_init__(self) -> None:
        if not self.minimum < self.maximum:
            raise ValueError("the scale's minimum must be below its maximum")
        if not self.minimum <= self.dissatisfied_up_to < self.satisfied_from <= self.maximum:
            raise ValueError(
                "the bands must satisfy minimum <= dissatisfied_up_to < satisfied_from <= maximum"
            )

    def contains(self, mark: Decimal) -> bool:
        """Whether ``mark`` is a mark of this scale (decimals are allowed)."""
        return self.minimum <= mark <= self.maximum


@dataclass(frozen=True, slots=True)
class MarkStatistics:
    """The statistics of a set of marks; ``None`` where there is no mark to compute on.

    ``mean`` is the arithmetic mean of the marks; the percentages (0–100) are the shares of
    marks in the satisfied band (the satisfaction index) and in the dissatisfied band.
    """

    count: int
    total: Decimal
    satisfied_count: int
    dissatisfied_count: int
    mean: Decimal | None
    satisfaction_percent: Decimal | None
    dissatisfied_percent: Decimal | None


@dataclass(frozen=True, slots=True)
class SurveyStatistics:
    """A survey's statistics overall and per service (services in first-seen order)."""

    overall: MarkStatistics
    services: tuple[tuple[str, MarkStatistics], ...]

    def of(self, service: str) -> MarkStatistics | None:
        """The statistics of ``service`` (``OVERALL``: the whole survey); ``None`` if unknown."""
        if service == OVERALL:
            return self.overall
        wanted = service.strip().casefold()
        for name, statistics in self.services:
            if name.strip().casefold() == wanted:
                return statistics
        return None


def mark_statistics(marks: Iterable[Decimal], scale: SurveyScale | None = None) -> MarkStatistics:
    """Count, mean, satisfaction index and share of dissatisfied of ``marks``.

    Unrounded: mean = Σ marks / n; satisfaction % = 100 × #(mark ≥ satisfied_from) / n;
    dissatisfied % = 100 × #(mark ≤ dissatisfied_up_to) / n. A mark outside the scale raises
    ``ValueError`` (the file reader refuses them first, with their row). Source: DOMAIN.md §6.4.
    """
    scale = scale or SurveyScale()
    count = satisfied = dissatisfied = 0
    total = Decimal(0)
    for mark in marks:
        if not scale.contains(mark):
            raise ValueError(f"mark {mark} is outside the scale {scale.minimum}–{scale.maximum}")
        count += 1
        total += mark
        satisfied += mark >= scale.satisfied_from
        dissatisfied += mark <= scale.dissatisfied_up_to
    if count == 0:
        return MarkStatistics(0, total, 0, 0, None, None, None)
    with localcontext() as context:
        context.prec = _PRECISION
        return MarkStatistics(
            count=count,
            total=total,
            satisfied_count=satisfied,
            dissatisfied_count=dissatisfied,
            mean=total / count,
            satisfaction_percent=_HUNDRED * satisfied / count,
            dissatisfied_percent=_HUNDRED * dissatisfied / count,
        )


def survey_statistics(
    answers: Iterable[tuple[str, Decimal | None]], scale: SurveyScale | None = None
) -> SurveyStatistics:
    """Statistics of ``(service, mark)`` answers: overall and per service.

    A ``None`` mark (empty answer) counts nowhere; a blank service counts only overall.
    """
    by_service: dict[str, list[Decimal]] = {}
    every: list[Decimal] = []
    for service, mark in answers:
        name = service.strip()
        if name:
            by_service.setdefault(name, [])
        if mark is None:
            continue
        every.append(mark)
        if name:
            by_service[name].append(mark)
    return SurveyStatistics(
        overall=mark_statistics(every, scale),
        services=tuple((name, mark_statistics(marks, scale)) for name, marks in by_service.items()),
    )


def statistic_value(statistics: MarkStatistics, statistic: SurveyStatistic) -> Decimal | None:
    """The value of ``statistic`` in ``statistics`` (``None``: no marks to compute it on)."""
    values: Mapping[SurveyStatistic, Decimal | None] = {
        SurveyStatistic.COUNT: Decimal(statistics.count) if statistics.count else None,
        SurveyStatistic.MEAN: statistics.mean,
        SurveyStatistic.SATISFACTION_PERCENT: statistics.satisfaction_percent,
        SurveyStatistic.DISSATISFIED_PERCENT: statistics.dissatisfied_percent,
    }
    return values[statistic]
