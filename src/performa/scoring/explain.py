"""Explanations of scores: how one indicator or node of a scored plan got its figure.

Built on demand from ``ScoredPlan`` data, never during scoring. Numbers use plain dot
decimals; Italian formatting belongs to the reporting layer. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal, localcontext
from typing import Final

from performa.scoring.errors import UnknownCodeError
from performa.scoring.model import ActualValue, Comparator, Target
from performa.scoring.rollup import IndicatorScore, NodeScore, ScoredPlan
from performa.scoring.rules import Aggregation, RuleSet, Thresholds
from performa.scoring.targets import FORMULAS, NOT_AVAILABLE_RULE, SCORING_CONTEXT, Achievement

__all__ = ["Explanation", "ExplanationStep", "explain"]

_SHOWN_DECIMALS: Final = 6
_HUNDRED: Final = Decimal(100)


@dataclass(frozen=True, slots=True)
class ExplanationStep:
    """One line of an explanation: what it is about (``label``) and what it says (``text``)."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """How one indicator or node got its score, as ordered steps.

    ``kind`` is ``"indicator"`` or ``"node"``. ``as_text`` serves the CLI, ``as_dict`` JSON and
    the web.
    """

    code: str
    kind: str
    title: str
    steps: tuple[ExplanationStep, ...]

    def as_text(self) -> str:
        """The title, then one ``label: text`` line per step."""
        width = max((len(step.label) for step in self.steps), default=0)
        lines = [self.title]
        lines.extend(f"  {step.label.ljust(width)}  {step.text}" for step in self.steps)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping: code, kind, title and the steps as label/text pairs."""
        return {
            "code": self.code,
            "kind": self.kind,
            "title": self.title,
            "steps": [{"label": step.label, "text": step.text} for step in self.steps],
        }


def explain(scored: ScoredPlan, code: str) -> Explanation:
    """How the node or indicator ``code`` of ``scored`` got its score, step by step.

    For an indicator: target, actual (or N/D and why), the rule and its formula with the
    numbers substituted, the raw value, cap or floor, display rounding, override, status with
    its thresholds, and the nodes it is linked to with its weight in each. For a node: the
    aggregation and the items it averages, each with planned weight, effective weight and
    score, the sum and result, rounding, override, and status with its thresholds.
    Percents are shown unrounded (up to six decimals, "…" when cut) and then as displayed.
    Raises ``UnknownCodeError`` (a ``KeyError``) when no node or indicator has ``code``.
    Source: DOMAIN.md §2.2–§2.7 (each rule), STYLE.md §5 (compute once, render many).
    """
    found = scored.find(code)
    if found is None:
        raise UnknownCodeError(f"no node or indicator has code {code!r}", location=code)
    with localcontext(SCORING_CONTEXT):
        if isinstance(found, NodeScore):
            return _explain_node(scored, found)
        return _explain_indicator(scored, found)


# -- indicators ----------------------------------------------------------------------------


def _explain_indicator(scored: ScoredPlan, indicator: IndicatorScore) -> Explanation:
    rules = scored.rules
    achievement = indicator.achievement
    unit = f" {indicator.unit}" if indicator.unit else ""
    steps = [
        ExplanationStep("target", _target_text(indicator.target, unit)),
        ExplanationStep("actual", _actual_text(indicator, unit)),
        ExplanationStep("rule", f"{achievement.rule}: {FORMULAS[achievement.rule]}"),
    ]
    if achievement.rule != NOT_AVAILABLE_RULE:
        steps.append(ExplanationStep("formula", _formula_text(indicator, rules)))
        steps.append(ExplanationStep("raw", _bounds_text(achievement)))
    if indicator.computed_percent is not None:
        steps.append(ExplanationStep("rounding", _rounding_text(indicator.computed_percent, rules)))
    if indicator.override is not None:
        override = indicator.override
        steps.append(
            ExplanationStep(
                "override",
                f"computed {_optional(indicator.computed_percent)}, evaluated "
                f"{_number(override.evaluated_percent)} by {override.evaluator or 'the evaluator'}"
                f": {override.justification}",
            )
        )
    steps.append(
        ExplanationStep(
            "status",
            _status_text(
                indicator.evaluated_percent,
                indicator.status.value,
                indicator.status.label,
                rules.indicator_thresholds,
                rules,
                ("on_track", "critical", "off_target"),
            ),
        )
    )
    links = scored.links_of(indicator.code)
    if not links:
        steps.append(ExplanationStep("linked to", "no node"))
    for node, contribution in links:
        steps.append(
            ExplanationStep(
                "linked to",
                f"{node.code} {node.name}: planned weight "
                f"{_weight(contribution.planned_weight)}, effective weight "
                f"{_number(contribution.effective_weight)} %",
            )
        )
    title = f"Indicator {indicator.code}: {indicator.name}"
    return Explanation(indicator.code, "indicator", title, tuple(steps))


def _target_text(target: Target, unit: str) -> str:
    comparator = Comparator(target.comparator)
    if comparator is Comparator.DEADLINE:
        return f"entro {_value(target.due_on)}"
    if comparator is Comparator.YES_NO:
        expected = True if target.expected is None else target.expected
        return f"si/no, expected {_value(expected)}"
    if comparator is Comparator.BETWEEN:
        return f"between {_value(target.value)} and {_value(target.upper)}{unit}"
    return f"{comparator.value} {_value(target.value)}{unit}"


def _actual_text(indicator: IndicatorScore, unit: str) -> str:
    measurement = indicator.measurement
    if measurement is None or measurement.value is None:
        reason = "" if measurement is None else measurement.not_available_reason
        return f"N/D ({reason or 'no reason given'})"
    value = measurement.value
    if isinstance(value, date):
        delay = indicator.achievement.delay_days or 0
        when = f"{delay} days late" if delay > 0 else "on time"
        return f"{_value(value)} ({when})"
    return f"{_value(value)}{'' if isinstance(value, bool) else unit}"


def _formula_text(indicator: IndicatorScore, rules: RuleSet) -> str:
    achievement = indicator.achievement
    target = indicator.target
    measurement = indicator.measurement
    actual = None if measurement is None else measurement.value
    rule = achievement.rule
    raw = _optional(achievement.raw_percent)
    comparator = Comparator(target.comparator)
    if comparator is Comparator.DEADLINE:
        return _deadline_formula(achievement, target, actual, rules, raw)
    if comparator is Comparator.YES_NO:
        return f"answer {_value(actual)}, expected {_value(target.expected is not False)} → {raw}"
    a = _value(actual)
    t = _value(_reference(target, actual))
    if rule == "target_met_percent":
        return f"a = {a} meets the target ({_target_text(target, '')}) → {raw}"
    if rule == "actual_over_target_percent":
        return f"{a} / {t} × 100 = {raw}"
    if rule == "two_minus_actual_over_target_percent":
        return f"(2 − {a} / {t}) × 100 = {raw}"
    if rule == "shortfall_over_absolute_target_percent":
        return f"(1 − ({t} − {a}) / |{t}|) × 100 = {raw}"
    if rule == "excess_over_absolute_target_percent":
        return f"(1 − ({a} − {t}) / |{t}|) × 100 = {raw}"
    if rule == "zero_target_missed_percent":
        return f"a = {a}, t = 0 not met → {raw}"
    return f"a = {a} equals t = {t}, which misses a strict {comparator.value} → {raw}"


def _reference(target: Target, actual: ActualValue | None) -> Decimal | None:
    """The bound the actual was compared with: the upper one when above a ``between``."""
    is_above = (
        Comparator(target.comparator) is Comparator.BETWEEN
        and isinstance(actual, Decimal | int)
        and target.upper is not None
        and actual > target.upper
    )
    return target.upper if is_above else target.value


def _deadline_formula(
    achievement: Achievement,
    target: Target,
    actual: ActualValue | None,
    rules: RuleSet,
    raw: str,
) -> str:
    delay = achievement.delay_days or 0
    if achievement.rule == "target_met_percent":
        return f"completed {_value(actual)}, due {_value(target.due_on)}: on time → {raw}"
    if achievement.rule == "deadline_pass_fail_percent":
        return f"{delay} days late, pass/fail → {raw}"
    if achievement.rule == "deadline_linear_decay_percent":
        days = rules.deadline_decay_days
        return f"max(0, 1 − {delay} / {days}) × 100 = {raw} ({delay} days late of {days})"
    calendar = "30/360" if achievement.rule.endswith("30_360_percent") else "calendar"
    return (
        f"T′ = {achievement.target_days} ({calendar} days from 1 January to "
        f"{_value(target.due_on)}), A′ = {achievement.actual_days} (to {_value(actual)}); "
        f"min(1, {achievement.target_days} / {achievement.actual_days}) × 100 = {raw}"
    )


def _bounds_text(achievement: Achievement) -> str:
    raw = _optional(achievement.raw_percent)
    if achievement.is_capped:
        return f"{raw}, capped at 100"
    if achievement.is_floored:
        return f"{raw}, floored at 0"
    return f"{raw}, within 0–100: no cap or floor"


# -- nodes ---------------------------------------------------------------------------------


def _explain_node(scored: ScoredPlan, node: NodeScore) -> Explanation:
    rules = scored.rules
    method = "weighted mean" if node.aggregation is Aggregation.WEIGHTED_MEAN else "plain mean"
    if node.over_level is None:
        scope = "of its child nodes and linked indicators"
    else:
        scope = f"of its descendants at level {node.over_level!r}"
    steps = [ExplanationStep("method", f"{method} ({node.aggregation.value}) {scope}")]
    for item in node.contributions:
        kind = "indicator" if item.is_indicator else "node"
        if item.percent is None:
            score = "no score (N/D): excluded, effective weight 0 %"
        else:
            score = f"score {_number(item.percent)}, effective weight {_number(item.effective_weight)} %"
        steps.append(
            ExplanationStep(
                "item",
                f"{kind} {item.code}: planned weight {_weight(item.planned_weight)}, {score}",
            )
        )
    if node.planned_count:
        steps.append(
            ExplanationStep(
                "indicators", f"valued {node.measured_count} of {node.planned_count} linked"
            )
        )
    steps.append(ExplanationStep("sum", _sum_text(node)))
    if node.computed_percent is not None:
        steps.append(ExplanationStep("rounding", _rounding_text(node.computed_percent, rules)))
    if node.override is not None:
        override = node.override
        steps.append(
            ExplanationStep(
                "override",
                f"computed {_optional(node.computed_percent)}, evaluated "
                f"{_number(override.evaluated_percent)} by {override.evaluator or 'the evaluator'}"
                f": {override.justification}; the parent uses the evaluated score",
            )
        )
    steps.append(
        ExplanationStep(
            "status",
            _status_text(
                node.evaluated_percent,
                node.status.value,
                node.status.label,
                rules.objective_thresholds,
                rules,
                ("achieved", "partly_achieved", "not_achieved"),
            ),
        )
    )
    title = f"{node.level} {node.code}: {node.name}"
    return Explanation(node.code, "node", title, tuple(steps))


def _sum_text(node: NodeScore) -> str:
    valued = [item for item in node.contributions if item.percent is not None]
    if not valued:
        return "no item has a value: no score (not 0), status to be assessed"
    weights = [item.planned_weight for item in valued]
    total = sum((weight for weight in weights if weight is not None), Decimal(0))
    is_weighted = (
        node.aggregation is Aggregation.WEIGHTED_MEAN
        and all(weight is not None for weight in weights)
        and bool(total)
    )
    result = _optional(node.computed_percent)
    if is_weighted:
        terms = " + ".join(
            f"{_number(item.planned_weight or Decimal(0))} × {_number(item.percent or Decimal(0))}"
            for item in valued
        )
        return f"({terms}) / {_number(total)} = {result}"
    terms = " + ".join(_number(item.percent or Decimal(0)) for item in valued)
    why = "" if node.aggregation is Aggregation.PLAIN_MEAN else ", equal shares: no weights given"
    return f"({terms}) / {len(valued)} = {result}{why}"


# -- shared --------------------------------------------------------------------------------


def _rounding_text(percent: Decimal, rules: RuleSet) -> str:
    return (
        f"{_number(percent)} → {rules.round_percent(percent)} for display "
        f"({rules.display_decimals} decimals, {rules.rounding}); "
        f"roll-up and overrides use the unrounded value"
    )


def _status_text(
    percent: Decimal | None,
    status: str,
    label: str,
    thresholds: Thresholds,
    rules: RuleSet,
    names: tuple[str, str, str],
) -> str:
    best, middle, worst = names
    limits = f"{best} >= {thresholds.best}, {middle} >= {thresholds.middle}, else {worst}"
    if percent is None:
        return f"{status} ({label}): no score; thresholds {limits}"
    shown = rules.round_percent(percent)
    return f"{status} ({label}): displayed {shown} classified with {limits}"


def _number(number: Decimal) -> str:
    """Plain dot decimals, no exponent; more than six decimals are cut and marked "…"."""
    if number == number.to_integral_value():
        return format(number.quantize(Decimal(1)), "f")
    normal = number.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > _SHOWN_DECIMALS:
        cut = number.quantize(Decimal(1).scaleb(-_SHOWN_DECIMALS), rounding=ROUND_DOWN)
        return f"{format(cut, 'f')}…"
    return format(normal, "f")


def _optional(number: Decimal | None) -> str:
    return "N/D" if number is None else _number(number)


def _weight(weight: Decimal | None) -> str:
    return "not given" if weight is None else _number(weight)


def _value(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")  # an input as entered: "3.00" stays "3.00"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
