"""performa's scoring core: achievement rules, statuses, roll-up and explanations.

Framework-free: imports the standard library only (no Django, no file formats). The names
below are the public API; the modules behind them may change.
"""

from performa.scoring.appraisal import (
    AppraisalError,
    AppraisalResult,
    Band,
    BehaviourScale,
    ComponentKind,
    ComponentScore,
    ScaleConversion,
    WeightedScore,
    appraisal_total,
    band_for,
    behaviours_percent,
    check_component_weights,
    rating_to_percent,
    weighted_mean,
)
from performa.scoring.errors import (
    FormulaError,
    PlanError,
    RuleSetError,
    ScoringError,
    TargetError,
    UnknownCodeError,
)
from performa.scoring.explain import Explanation, ExplanationStep, explain
from performa.scoring.formulas import Formula, FormulaResult, parse_formula
from performa.scoring.model import (
    ENTITY_LEVEL,
    ActualValue,
    Comparator,
    Indicator,
    Link,
    Measurement,
    Node,
    Override,
    Plan,
    Target,
)
from performa.scoring.rollup import (
    Contribution,
    IndicatorScore,
    NodeScore,
    ScoredPlan,
    score_plan,
)
from performa.scoring.rules import (
    Aggregation,
    DeadlineConvention,
    LevelRule,
    RuleSet,
    Thresholds,
)
from performa.scoring.statuses import (
    IndicatorStatus,
    ObjectiveStatus,
    classify_indicator,
    classify_objective,
)
from performa.scoring.targets import Achievement, achievement_for

__all__ = [
    "Achievement",
    "ActualValue",
    "Aggregation",
    "AppraisalError",
    "AppraisalResult",
    "Band",
    "BehaviourScale",
    "Comparator",
    "ComponentKind",
    "ComponentScore",
    "Contribution",
    "DeadlineConvention",
    "ENTITY_LEVEL",
    "Explanation",
    "ExplanationStep",
    "Formula",
    "FormulaError",
    "FormulaResult",
    "Indicator",
    "IndicatorScore",
    "IndicatorStatus",
    "LevelRule",
    "Link",
    "Measurement",
    "Node",
    "NodeScore",
    "ObjectiveStatus",
    "Override",
    "Plan",
    "PlanError",
    "RuleSet",
    "RuleSetError",
    "ScaleConversion",
    "ScoredPlan",
    "ScoringError",
    "Target",
    "TargetError",
    "Thresholds",
    "UnknownCodeError",
    "WeightedScore",
    "achievement_for",
    "appraisal_total",
    "band_for",
    "behaviours_percent",
    "check_component_weights",
    "classify_indicator",
    "classify_objective",
    "explain",
    "parse_formula",
    "rating_to_percent",
    "score_plan",
    "weighted_mean",
]
