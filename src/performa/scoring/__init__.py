"""performa's scoring core: achievement rules, statuses, roll-up and explanations.

Framework-free: imports the standard library only (no Django, no file formats). The names
below are the public API; the modules behind them may change.
"""

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
    "ENTITY_LEVEL",
    "Achievement",
    "ActualValue",
    "Aggregation",
    "Comparator",
    "Contribution",
    "DeadlineConvention",
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
    "ScoredPlan",
    "ScoringError",
    "Target",
    "TargetError",
    "Thresholds",
    "UnknownCodeError",
    "achievement_for",
    "classify_indicator",
    "classify_objective",
    "explain",
    "parse_formula",
    "score_plan",
]
