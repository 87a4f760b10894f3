"""The scoring core's guards: standard library only, a declared public API, documented rules."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import performa.scoring
from performa.scoring import targets

SOURCE_ROOT = Path(performa.scoring.__file__).resolve().parents[2]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"

IMPORT_WITHOUT_DJANGO = """
import sys
sys.modules["django"] = None  # any "import django" now raises ImportError
import performa.scoring
from performa.scoring import explain, formulas, rollup, statuses, targets

allowed = set(sys.stdlib_module_names) | {"performa"}
foreign = sorted(
    name for name, module in sys.modules.items()
    if module is not None and name.split(".")[0] not in allowed and not name.startswith("_")
)
assert not foreign, f"performa.scoring imported {foreign}"
print("ok")
"""


def test_scoring_imports_with_django_unavailable_and_nothing_but_the_standard_library() -> None:
    # -I: no site-packages on the path, no user environment; only the checkout's src/.
    code = f"import sys\nsys.path.insert(0, {str(SOURCE_ROOT)!r})\n{IMPORT_WITHOUT_DJANGO}"
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-I", "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_public_api_is_declared() -> None:
    assert sorted(performa.scoring.__all__) == [
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
    for name in performa.scoring.__all__:
        assert hasattr(performa.scoring, name), name


def test_every_public_scoring_function_has_a_docstring() -> None:
    for module_name in ("targets", "statuses", "rollup", "explain", "rules", "appraisal"):
        module = importlib.import_module(f"performa.scoring.{module_name}")
        for name in module.__all__:
            value = getattr(module, name)
            if callable(value):
                assert value.__doc__, f"{module_name}.{name} has no docstring"


def test_every_rule_is_documented_in_docs_scoring_md() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [rule for rule in targets.FORMULAS if f"`{rule}`" not in text]
    assert not missing, f"docs/scoring.md does not mention {missing}"
