"""Explanations of scores: how one indicator or node of a scored plan got its figure.

Built on demand from ``ScoredPlan`` data, never during scoring. In English (the CLI, the
API) with plain dot decimals and ISO dates, or in Italian (the web pages the OIV reads) with
decimal commas and dd/mm/yyyy dates: the same steps, numbers and formulas, worded twice.
Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal, localcontext
from typing import Final

from performa.scoring.errors import UnknownCodeError
from performa.scoring.model import ActualValue, Comparator, Override, Target
from performa.scoring.rollup import IndicatorScore, NodeScore, ScoredPlan
from performa.scoring.rules import Aggregation, RuleSet, Thresholds
from performa.scoring.statuses import IndicatorStatus, ObjectiveStatus
from performa.scoring.targets import FORMULAS, NOT_AVAILABLE_RULE, SCORING_CONTEXT, Achievement

__all__ = ["LANGUAGES", "Explanation", "ExplanationStep", "explain"]

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


def explain(scored: ScoredPlan, code: str, *, language: str = "en") -> Explanation:
    """How the node or indicator ``code`` of ``scored`` got its score, step by step.

    For an indicator: target, actual (or N/D and why), the rule and its formula with the
    numbers substituted, the raw value, cap or floor, display rounding, override, status with
    its thresholds, and the nodes it is linked to with its weight in each. For a node: the
    aggregation and the items it averages, each with planned weight, effective weight and
    score, the sum and result, rounding, override, and status with its thresholds.
    Percents are shown unrounded (up to six decimals, "…" when cut) and then as displayed.
    ``language`` is ``"en"`` or ``"it"`` (``LANGUAGES``); step labels stay the same keys in
    both, for callers that style or translate them. Raises ``UnknownCodeError`` (a
    ``KeyError``) when no node or indicator has ``code``, ``ValueError`` for another language.
    Source: DOMAIN.md §2.2–§2.7 (each rule), STYLE.md §5 (compute once, render many).
    """
    try:
        wording = _WORDINGS[language]
    except KeyError:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}") from None
    found = scored.find(code)
    if found is None:
        raise UnknownCodeError(f"no node or indicator has code {code!r}", location=code)
    with localcontext(SCORING_CONTEXT):
        if isinstance(found, NodeScore):
            return _explain_node(scored, found, wording)
        return _explain_indicator(scored, found, wording)


@dataclass(frozen=True, slots=True)
class _Wording:
    """The sentences of one language; ``{}`` fields are filled with formatted numbers."""

    decimal_mark: str
    date_format: str
    yes: str
    no: str
    none: str
    no_reason: str
    not_given: str
    days_late: str
    on_time: str
    entro: str
    yes_no_target: str
    between: str
    override: str
    override_node: str
    linked_nowhere: str
    linked: str
    indicator_title: str
    answer: str
    meets: str
    zero_missed: str
    strict_missed: str
    completed_on_time: str
    pass_fail: str
    decay: str
    day_counts: str
    calendar_30_360: str
    calendar_days: str
    capped: str
    floored: str
    within: str
    weighted_mean: str
    plain_mean: str
    scope_children: str
    scope_level: str
    item_indicator: str
    item_node: str
    item_not_available: str
    item_score: str
    item: str
    valued: str
    nothing_valued: str
    equal_shares: str
    rounding: str
    status_none: str
    status: str
    thresholds: str
    evaluator: str
    statuses_by_label: bool
    """Name the statuses by the report's words (IN LINEA) rather than their keys (on_track)."""
    formulas: dict[str, str] = field(default_factory=dict)


_WORDINGS: Final[dict[str, _Wording]] = {
    "en": _Wording(
        decimal_mark=".",
        date_format="%Y-%m-%d",
        yes="yes",
        no="no",
        none="none",
        no_reason="no reason given",
        not_given="not given",
        days_late="{delay} days late",
        on_time="on time",
        entro="entro {date}",
        yes_no_target="si/no, expected {expected}",
        between="between {low} and {high}{unit}",
        override="computed {computed}, evaluated {evaluated} by {evaluator}: {justification}",
        override_node=(
            "computed {computed}, evaluated {evaluated} by {evaluator}: {justification}; "
            "the parent uses the evaluated score"
        ),
        linked_nowhere="no node",
        linked="{code} {name}: planned weight {planned}, effective weight {effective} %",
        indicator_title="Indicator {code}: {name}",
        answer="answer {actual}, expected {expected} → {raw}",
        meets="a = {actual} meets the target ({target}) → {raw}",
        zero_missed="a = {actual}, t = 0 not met → {raw}",
        strict_missed="a = {actual} equals t = {target}, which misses a strict {comparator} → {raw}",
        completed_on_time="completed {actual}, due {due}: on time → {raw}",
        pass_fail="{delay} days late, pass/fail → {raw}",
        decay="max(0, 1 − {delay} / {days}) × 100 = {raw} ({delay} days late of {days})",
        day_counts=(
            "T′ = {target_days} ({calendar} days from 1 January to {due}), A′ = {actual_days} "
            "(to {actual}); min(1, {target_days} / {actual_days}) × 100 = {raw}"
        ),
        calendar_30_360="30/360",
        calendar_days="calendar",
        capped="{raw}, capped at 100",
        floored="{raw}, floored at 0",
        within="{raw}, within 0–100: no cap or floor",
        weighted_mean="weighted mean",
        plain_mean="plain mean",
        scope_children="of its child nodes and linked indicators",
        scope_level="of its descendants at level {level!r}",
        item_indicator="indicator",
        item_node="node",
        item_not_available="no score (N/D): excluded, effective weight 0 %",
        item_score="score {score}, effective weight {effective} %",
        item="{kind} {code}: planned weight {planned}, {score}",
        valued="valued {measured} of {planned} linked",
        nothing_valued="no item has a value: no score (not 0), status to be assessed",
        equal_shares=", equal shares: no weights given",
        rounding=(
            "{percent} → {shown} for display ({decimals} decimals, {mode}); "
            "roll-up and overrides use the unrounded value"
        ),
        status_none="{status} ({label}): no score; thresholds {limits}",
        status="{status} ({label}): displayed {shown} classified with {limits}",
        thresholds="{best} >= {best_limit}, {middle} >= {middle_limit}, else {worst}",
        evaluator="the evaluator",
        statuses_by_label=False,
        formulas=dict(FORMULAS),
    ),
    "it": _Wording(
        decimal_mark=",",
        date_format="%d/%m/%Y",
        yes="sì",
        no="no",
        none="nessuno",
        no_reason="motivo non indicato",
        not_given="non indicato",
        days_late="{delay} giorni di ritardo",
        on_time="nei tempi",
        entro="entro {date}",
        yes_no_target="sì/no, atteso {expected}",
        between="tra {low} e {high}{unit}",
        override="calcolato {computed}, valutato {evaluated} da {evaluator}: {justification}",
        override_node=(
            "calcolato {computed}, valutato {evaluated} da {evaluator}: {justification}; "
            "il livello superiore usa il valore valutato"
        ),
        linked_nowhere="nessun obiettivo",
        linked="{code} {name}: peso previsto {planned}, peso effettivo {effective} %",
        indicator_title="Indicatore {code}: {name}",
        answer="risposta {actual}, attesa {expected} → {raw}",
        meets="a = {actual} rispetta il target ({target}) → {raw}",
        zero_missed="a = {actual}, t = 0 non rispettato → {raw}",
        strict_missed="a = {actual} uguale a t = {target}: non rispetta un {comparator} stretto → {raw}",
        completed_on_time="completato il {actual}, scadenza {due}: nei tempi → {raw}",
        pass_fail="{delay} giorni di ritardo, rispettato/non rispettato → {raw}",
        decay="max(0, 1 − {delay} / {days}) × 100 = {raw} ({delay} giorni di ritardo su {days})",
        day_counts=(
            "T′ = {target_days} (giorni {calendar} dal 1° gennaio al {due}), A′ = {actual_days} "
            "(al {actual}); min(1, {target_days} / {actual_days}) × 100 = {raw}"
        ),
        calendar_30_360="commerciali 30/360",
        calendar_days="di calendario",
        capped="{raw}, limitato a 100",
        floored="{raw}, portato a 0",
        within="{raw}, tra 0 e 100: nessun limite applicato",
        weighted_mean="media ponderata",
        plain_mean="media semplice",
        scope_children="degli obiettivi che contiene e degli indicatori collegati",
        scope_level="dei discendenti di livello «{level}»",
        item_indicator="indicatore",
        item_node="obiettivo",
        item_not_available="senza punteggio (N/D): escluso, peso effettivo 0 %",
        item_score="punteggio {score}, peso effettivo {effective} %",
        item="{kind} {code}: peso previsto {planned}, {score}",
        valued="valutati {measured} su {planned} collegati",
        nothing_valued="nessuna voce ha un valore: nessun punteggio (non 0), stato da valutare",
        equal_shares=", a pari peso: nessun peso indicato",
        rounding=(
            "{percent} → {shown} come visualizzato ({decimals} decimali, {mode}); "
            "aggregazioni e interventi usano il valore non arrotondato"
        ),
        status_none="{label}: nessun punteggio; soglie {limits}",
        status="{label}: {shown} visualizzato, classificato con {limits}",
        thresholds="{best} >= {best_limit}, {middle} >= {middle_limit}, altrimenti {worst}",
        evaluator="il valutatore",
        statuses_by_label=True,
        formulas={
            "target_met_percent": "target rispettato → 100",
            "actual_over_target_percent": "a / t × 100",
            "two_minus_actual_over_target_percent": "(2 − a / t) × 100",
            "shortfall_over_absolute_target_percent": "(1 − (t − a) / |t|) × 100",
            "excess_over_absolute_target_percent": "(1 − (a − t) / |t|) × 100",
            "zero_target_missed_percent": "target 0 non rispettato → 0",
            "strict_equality_missed_percent": "a = t non rispetta un target stretto → 0",
            "yes_no_percent": "risposta = attesa → 100, altrimenti 0",
            "deadline_commercial_30_360_percent": (
                "min(1, T′ / A′) × 100, giorni dal 1° gennaio, anno commerciale 30/360"
            ),
            "deadline_calendar_days_percent": (
                "min(1, T′ / A′) × 100, giorni dal 1° gennaio, di calendario"
            ),
            "deadline_pass_fail_percent": "in ritardo → 0",
            "deadline_linear_decay_percent": "max(0, 1 − ritardo / giorni di tolleranza) × 100",
            NOT_AVAILABLE_RULE: "nessun valore (N/D): nessun punteggio",
        },
    ),
}

LANGUAGES: Final = tuple(_WORDINGS)
"""The languages ``explain`` speaks."""


# -- indicators ----------------------------------------------------------------------------


def _explain_indicator(scored: ScoredPlan, indicator: IndicatorScore, w: _Wording) -> Explanation:
    rules = scored.rules
    achievement = indicator.achievement
    unit = f" {indicator.unit}" if indicator.unit else ""
    steps = [
        ExplanationStep("target", _target_text(indicator.target, unit, w)),
        ExplanationStep("actual", _actual_text(indicator, unit, w)),
        ExplanationStep("rule", f"{achievement.rule}: {w.formulas[achievement.rule]}"),
    ]
    if achievement.rule != NOT_AVAILABLE_RULE:
        steps.append(ExplanationStep("formula", _formula_text(indicator, rules, w)))
        steps.append(ExplanationStep("raw", _bounds_text(achievement, w)))
    if indicator.computed_percent is not None:
        steps.append(
            ExplanationStep("rounding", _rounding_text(indicator.computed_percent, rules, w))
        )
    if indicator.override is not None:
        steps.append(
            ExplanationStep(
                "override",
                _override_text(indicator.computed_percent, indicator.override, w.override, w),
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
                w,
            ),
        )
    )
    links = scored.links_of(indicator.code)
    if not links:
        steps.append(ExplanationStep("linked to", w.linked_nowhere))
    for node, contribution in links:
        text = w.linked.format(
            code=node.code,
            name=node.name,
            planned=_weight(contribution.planned_weight, w),
            effective=_number(contribution.effective_weight, w),
        )
        steps.append(ExplanationStep("linked to", text))
    title = w.indicator_title.format(code=indicator.code, name=indicator.name)
    return Explanation(indicator.code, "indicator", title, tuple(steps))


def _target_text(target: Target, unit: str, w: _Wording) -> str:
    comparator = Comparator(target.comparator)
    if comparator is Comparator.DEADLINE:
        return w.entro.format(date=_value(target.due_on, w))
    if comparator is Comparator.YES_NO:
        expected = True if target.expected is None else target.expected
        return w.yes_no_target.format(expected=_value(expected, w))
    if comparator is Comparator.BETWEEN:
        return w.between.format(
            low=_value(target.value, w), high=_value(target.upper, w), unit=unit
        )
    return f"{comparator.value} {_value(target.value, w)}{unit}"


def _actual_text(indicator: IndicatorScore, unit: str, w: _Wording) -> str:
    measurement = indicator.measurement
    if measurement is None or measurement.value is None:
        reason = "" if measurement is None else measurement.not_available_reason
        return f"N/D ({reason or w.no_reason})"
    value = measurement.value
    if isinstance(value, date):
        delay = indicator.achievement.delay_days or 0
        when = w.days_late.format(delay=delay) if delay > 0 else w.on_time
        return f"{_value(value, w)} ({when})"
    return f"{_value(value, w)}{'' if isinstance(value, bool) else unit}"


def _formula_text(indicator: IndicatorScore, rules: RuleSet, w: _Wording) -> str:
    achievement = indicator.achievement
    target = indicator.target
    measurement = indicator.measurement
    actual = None if measurement is None else measurement.value
    rule = achievement.rule
    raw = _optional(achievement.raw_percent, w)
    comparator = Comparator(target.comparator)
    if comparator is Comparator.DEADLINE:
        return _deadline_formula(achievement, target, actual, rules, raw, w)
    if comparator is Comparator.YES_NO:
        expected = _value(target.expected is not False, w)
        return w.answer.format(actual=_value(actual, w), expected=expected, raw=raw)
    a = _value(actual, w)
    t = _value(_reference(target, actual), w)
    if rule == "target_met_percent":
        return w.meets.format(actual=a, target=_target_text(target, "", w), raw=raw)
    if rule == "actual_over_target_percent":
        return f"{a} / {t} × 100 = {raw}"
    if rule == "two_minus_actual_over_target_percent":
        return f"(2 − {a} / {t}) × 100 = {raw}"
    if rule == "shortfall_over_absolute_target_percent":
        return f"(1 − ({t} − {a}) / |{t}|) × 100 = {raw}"
    if rule == "excess_over_absolute_target_percent":
        return f"(1 − ({a} − {t}) / |{t}|) × 100 = {raw}"
    if rule == "zero_target_missed_percent":
        return w.zero_missed.format(actual=a, raw=raw)
    return w.strict_missed.format(actual=a, target=t, comparator=comparator.value, raw=raw)


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
    w: _Wording,
) -> str:
    delay = achievement.delay_days or 0
    if achievement.rule == "target_met_percent":
        return w.completed_on_time.format(
            actual=_value(actual, w), due=_value(target.due_on, w), raw=raw
        )
    if achievement.rule == "deadline_pass_fail_percent":
        return w.pass_fail.format(delay=delay, raw=raw)
    if achievement.rule == "deadline_linear_decay_percent":
        return w.decay.format(delay=delay, days=rules.deadline_decay_days, raw=raw)
    is_30_360 = achievement.rule.endswith("30_360_percent")
    return w.day_counts.format(
        target_days=achievement.target_days,
        actual_days=achievement.actual_days,
        calendar=w.calendar_30_360 if is_30_360 else w.calendar_days,
        due=_value(target.due_on, w),
        actual=_value(actual, w),
        raw=raw,
    )


def _bounds_text(achievement: Achievement, w: _Wording) -> str:
    raw = _optional(achievement.raw_percent, w)
    if achievement.is_capped:
        return w.capped.format(raw=raw)
    if achievement.is_floored:
        return w.floored.format(raw=raw)
    return w.within.format(raw=raw)


# -- nodes ---------------------------------------------------------------------------------


def _explain_node(scored: ScoredPlan, node: NodeScore, w: _Wording) -> Explanation:
    rules = scored.rules
    method = w.weighted_mean if node.aggregation is Aggregation.WEIGHTED_MEAN else w.plain_mean
    if node.over_level is None:
        scope = w.scope_children
    else:
        scope = w.scope_level.format(level=node.over_level)
    steps = [ExplanationStep("method", f"{method} ({node.aggregation.value}) {scope}")]
    for item in node.contributions:
        if item.percent is None:
            score = w.item_not_available
        else:
            score = w.item_score.format(
                score=_number(item.percent, w), effective=_number(item.effective_weight, w)
            )
        text = w.item.format(
            kind=w.item_indicator if item.is_indicator else w.item_node,
            code=item.code,
            planned=_weight(item.planned_weight, w),
            score=score,
        )
        steps.append(ExplanationStep("item", text))
    if node.planned_count:
        text = w.valued.format(measured=node.measured_count, planned=node.planned_count)
        steps.append(ExplanationStep("indicators", text))
    steps.append(ExplanationStep("sum", _sum_text(node, w)))
    if node.computed_percent is not None:
        steps.append(ExplanationStep("rounding", _rounding_text(node.computed_percent, rules, w)))
    if node.override is not None:
        steps.append(
            ExplanationStep(
                "override", _override_text(node.computed_percent, node.override, w.override_node, w)
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
                w,
            ),
        )
    )
    title = f"{node.level} {node.code}: {node.name}"
    return Explanation(node.code, "node", title, tuple(steps))


def _sum_text(node: NodeScore, w: _Wording) -> str:
    valued = [item for item in node.contributions if item.percent is not None]
    if not valued:
        return w.nothing_valued
    weights = [item.planned_weight for item in valued]
    total = sum((weight for weight in weights if weight is not None), Decimal(0))
    is_weighted = (
        node.aggregation is Aggregation.WEIGHTED_MEAN
        and all(weight is not None for weight in weights)
        and bool(total)
    )
    result = _optional(node.computed_percent, w)
    if is_weighted:
        terms = " + ".join(
            f"{_number(item.planned_weight or Decimal(0), w)} × {_number(item.percent or Decimal(0), w)}"
            for item in valued
        )
        return f"({terms}) / {_number(total, w)} = {result}"
    terms = " + ".join(_number(item.percent or Decimal(0), w) for item in valued)
    why = "" if node.aggregation is Aggregation.PLAIN_MEAN else w.equal_shares
    return f"({terms}) / {len(valued)} = {result}{why}"


# -- shared --------------------------------------------------------------------------------


def _override_text(computed: Decimal | None, override: Override, template: str, w: _Wording) -> str:
    return template.format(
        computed=_optional(computed, w),
        evaluated=_number(override.evaluated_percent, w),
        evaluator=override.evaluator
        or ("the evaluator" if w is _WORDINGS["en"] else "il valutatore"),
        justification=override.justification,
    )


def _rounding_text(percent: Decimal, rules: RuleSet, w: _Wording) -> str:
    return w.rounding.format(
        percent=_number(percent, w),
        shown=_number(rules.round_percent(percent), w, keep_zeros=True),
        decimals=rules.display_decimals,
        mode=rules.rounding,
    )


def _status_text(
    percent: Decimal | None,
    status: str,
    label: str,
    thresholds: Thresholds,
    rules: RuleSet,
    names: tuple[str, str, str],
    w: _Wording,
) -> str:
    if w.statuses_by_label:
        names = _LABELS_OF[names]
    best, middle, worst = names
    limits = w.thresholds.format(
        best=best,
        best_limit=_number(thresholds.best, w),
        middle=middle,
        middle_limit=_number(thresholds.middle, w),
        worst=worst,
    )
    if percent is None:
        return w.status_none.format(status=status, label=label, limits=limits)
    shown = _number(rules.round_percent(percent), w, keep_zeros=True)
    return w.status.format(status=status, label=label, shown=shown, limits=limits)


_LABELS_OF: Final[dict[tuple[str, str, str], tuple[str, str, str]]] = {
    ("on_track", "critical", "off_target"): (
        IndicatorStatus.ON_TRACK.label,
        IndicatorStatus.CRITICAL.label,
        IndicatorStatus.OFF_TARGET.label,
    ),
    ("achieved", "partly_achieved", "not_achieved"): (
        ObjectiveStatus.ACHIEVED.label,
        ObjectiveStatus.PARTLY_ACHIEVED.label,
        ObjectiveStatus.NOT_ACHIEVED.label,
    ),
}
"""The report's words for the statuses named in a threshold sentence."""


def _number(number: Decimal, w: _Wording, *, keep_zeros: bool = False) -> str:
    """No exponent; more than six decimals are cut and marked "…"; the language's decimal mark.

    ``keep_zeros`` keeps trailing zeros (a displayed "40.30" stays so); otherwise they go.
    """
    if keep_zeros:
        text = format(number, "f")
    elif number == number.to_integral_value():
        text = format(number.quantize(Decimal(1)), "f")
    else:
        normal = number.normalize()
        exponent = normal.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > _SHOWN_DECIMALS:
            cut = number.quantize(Decimal(1).scaleb(-_SHOWN_DECIMALS), rounding=ROUND_DOWN)
            text = f"{format(cut, 'f')}…"
        else:
            text = format(normal, "f")
    return text.replace(".", w.decimal_mark)


def _optional(number: Decimal | None, w: _Wording) -> str:
    return "N/D" if number is None else _number(number, w)


def _weight(weight: Decimal | None, w: _Wording) -> str:
    return w.not_given if weight is None else _number(weight, w)


def _value(value: object, w: _Wording) -> str:
    if value is None:
        return w.none
    if isinstance(value, bool):
        return w.yes if value else w.no
    if isinstance(value, Decimal):
        # an input as entered: "3.00" stays "3.00"
        return format(value, "f").replace(".", w.decimal_mark)
    if isinstance(value, date):
        return value.strftime(w.date_format)
    return str(value)
