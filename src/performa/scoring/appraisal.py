"""Individual evaluation arithmetic: component weights, behaviour scales, score bands.

Standard library only. Every percent is an unrounded ``Decimal`` from 0 to 100; rounding is
for display and for choosing the band, as for objectives (DOMAIN.md "Decisions already taken",
§3.4). The weights themselves come from the administration's SMVP, as data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from performa.scoring.errors import ScoringError

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_WEIGHT_TOLERANCE = Decimal("0.1")


class AppraisalError(ScoringError):
    """An evaluation scheme or a rating is not acceptable (weights, scale, bands)."""


class ComponentKind(StrEnum):
    """The three parts of an individual evaluation (art. 9 D.Lgs. 150/2009, DOMAIN.md §3.1)."""

    ORGANISATIONAL = "organisational"
    """The organisational performance of the entity or of the person's unit or objectives."""
    OBJECTIVES = "objectives"
    """The individual objectives assigned to the person."""
    BEHAVIOURS = "behaviours"
    """Organisational behaviours, rated on the scheme's scale."""


class ScaleConversion(StrEnum):
    """How a rating on the behaviour scale becomes a percent."""

    PROPORTIONAL = "proportional"
    """rating ÷ maximum × 100: on 1–5, 4 is 80 %."""
    LINEAR = "linear"
    """(rating − minimum) ÷ (maximum − minimum) × 100: on 1–5, 1 is 0 % and 4 is 75 %."""


@dataclass(frozen=True, slots=True)
class BehaviourScale:
    """The rating scale of behaviours, e.g. 1–5, and how a rating converts to a percent."""

    minimum: int = 1
    maximum: int = 5
    conversion: ScaleConversion = ScaleConversion.PROPORTIONAL

    def __post_init__(self) -> None:
        if not 0 <= self.minimum < self.maximum:
            raise AppraisalError(
                f"the behaviour scale needs 0 <= minimum < maximum, not {self.minimum}–"
                f"{self.maximum}",
                location="scale",
            )


@dataclass(frozen=True, slots=True)
class Band:
    """A score band: totals from ``minimum_percent`` up (to the next band) get ``label``."""

    minimum_percent: Decimal
    label: str


@dataclass(frozen=True, slots=True)
class WeightedScore:
    """An item with a relative weight and its percent (``None``: not available, N/D)."""

    code: str
    weight: Decimal
    percent: Decimal | None


@dataclass(frozen=True, slots=True)
class ComponentScore:
    """One component's weight in the total (percent) and its score (``None``: missing)."""

    kind: ComponentKind
    weight_percent: Decimal
    percent: Decimal | None


@dataclass(frozen=True, slots=True)
class AppraisalResult:
    """The total of an evaluation, its band, and the components that had no score.

    ``total_percent`` is ``None`` while a weighted component is missing (a sheet cannot be
    closed then); ``band`` is chosen on the display-rounded total.
    """

    components: tuple[ComponentScore, ...]
    total_percent: Decimal | None
    band: Band | None
    missing: tuple[ComponentKind, ...] = field(default=())


def check_component_weights(weights: Mapping[ComponentKind, Decimal]) -> None:
    """Refuse weights that are negative or do not add up to 100 (± 0,1, as indicator weights).

    Source: DOMAIN.md §2.5 (the tolerance), §3.4 (``Σ w_k`` = 100).
    """
    for kind, weight in weights.items():
        if not weight.is_finite() or weight < _ZERO:
            raise AppraisalError(f"the weight of {kind} must be >= 0", location=str(kind))
    total = sum(weights.values(), _ZERO)
    if abs(total - _HUNDRED) > _WEIGHT_TOLERANCE:
        raise AppraisalError(
            f"the component weights add up to {total}, not 100", location="weights"
        )


def rating_to_percent(rating: int, scale: BehaviourScale) -> Decimal:
    """A behaviour rating on ``scale`` as a percent (``AppraisalError`` outside the scale)."""
    if isinstance(rating, bool) or not scale.minimum <= rating <= scale.maximum:
        raise AppraisalError(
            f"the rating {rating} is outside the scale {scale.minimum}–{scale.maximum}",
            location="rating",
        )
    if scale.conversion is ScaleConversion.LINEAR:
        return Decimal(rating - scale.minimum) * _HUNDRED / Decimal(scale.maximum - scale.minimum)
    return Decimal(rating) * _HUNDRED / Decimal(scale.maximum)


def weighted_mean(items: Sequence[WeightedScore]) -> Decimal | None:
    """The weighted mean of the available items; ``None`` when none is available.

    Items without a percent (N/D) leave the mean and the other weights are renormalised in
    proportion, as for indicators (DOMAIN.md "Decisions already taken", N/D). Weights are
    relative: 1, 1, 2 is 25 %, 25 %, 50 %. All-zero weights of available items count equally.
    """
    for item in items:
        if not item.weight.is_finite() or item.weight < _ZERO:
            raise AppraisalError(f"the weight of {item.code} must be >= 0", location=item.code)
    available = [item for item in items if item.percent is not None]
    if not available:
        return None
    total_weight = sum((item.weight for item in available), _ZERO)
    if total_weight == _ZERO:
        return sum((item.percent for item in available if item.percent), _ZERO) / len(available)
    return (
        sum((item.weight * item.percent for item in available if item.percent), _ZERO)
        / total_weight
    )


def behaviours_percent(
    ratings: Mapping[str, int], weights: Mapping[str, Decimal], scale: BehaviourScale
) -> Decimal | None:
    """The behaviours component: each rated behaviour converted by ``scale``, weighted.

    ``weights`` lists the scheme's behaviours; a rating of an unknown behaviour is refused.
    Unrated behaviours are missing: the component is ``None`` until every one is rated.
    """
    unknown = sorted(set(ratings) - set(weights))
    if unknown:
        raise AppraisalError(f"no behaviour {unknown[0]!r} in the scheme", location=unknown[0])
    if not weights or set(ratings) != set(weights):
        return None
    return weighted_mean(
        [
            WeightedScore(code, weights[code], rating_to_percent(ratings[code], scale))
            for code in weights
        ]
    )


def band_for(
    total_percent: Decimal | None,
    bands: Sequence[Band],
    *,
    round_percent: Callable[[Decimal], Decimal] | None = None,
) -> Band | None:
    """The band of ``total_percent``: the highest band whose minimum the rounded total reaches.

    Chosen on the display-rounded total, as statuses are (80,00 shown is 80). ``None`` for no
    total or a total below every band.
    """
    if total_percent is None:
        return None
    shown = (round_percent or round_display)(total_percent)
    reached = [band for band in bands if shown >= band.minimum_percent]
    return max(reached, key=lambda band: band.minimum_percent, default=None)


def round_display(percent: Decimal) -> Decimal:
    """Two decimals, half up: the default display rounding of scores (DOMAIN.md)."""
    return percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def appraisal_total(
    components: Sequence[ComponentScore],
    bands: Sequence[Band] = (),
    *,
    round_percent: Callable[[Decimal], Decimal] | None = None,
) -> AppraisalResult:
    """``Σ w_k × score_k ÷ 100`` over the components, unrounded, and its band.

    The weights must add up to 100 (``check_component_weights``). A component of weight 0 is
    ignored; a weighted component without a score makes the total ``None`` and is listed in
    ``missing``: weights are never moved from one component to another, because the law fixes
    which must prevail (art. 9 c. 1, DOMAIN.md §3.1). Source: DOMAIN.md §3.4.
    """
    check_component_weights({item.kind: item.weight_percent for item in components})
    for item in components:
        if item.percent is not None and not _ZERO <= item.percent <= _HUNDRED:
            raise AppraisalError(
                f"the {item.kind} score {item.percent} is outside 0–100", location=str(item.kind)
            )
    missing = tuple(
        item.kind for item in components if item.weight_percent > _ZERO and item.percent is None
    )
    if missing:
        return AppraisalResult(tuple(components), None, None, missing)
    total = (
        sum(
            (item.weight_percent * item.percent for item in components if item.percent),
            _ZERO,
        )
        / _HUNDRED
    )
    return AppraisalResult(
        tuple(components), total, band_for(total, bands, round_percent=round_percent)
    )


__all__ = [
    "AppraisalError",
    "AppraisalResult",
    "Band",
    "BehaviourScale",
    "ComponentKind",
    "ComponentScore",
    "ScaleConversion",
    "WeightedScore",
    "appraisal_total",
    "band_for",
    "behaviours_percent",
    "check_component_weights",
    "rating_to_percent",
    "round_display",
    "weighted_mean",
]
