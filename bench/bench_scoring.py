"""Benchmark of ``score_plan`` on a synthetic plan of 100,000 indicators in a 5-level tree.

Run with ``.venv/bin/python bench/bench_scoring.py``; prints the time to build the plan and the
median time of several ``score_plan`` runs. Target: well under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from performa.scoring import (
    ENTITY_LEVEL,
    Comparator,
    Indicator,
    Link,
    Measurement,
    Node,
    Override,
    Plan,
    RuleSet,
    Target,
    score_plan,
)

# entity → areas → strategic objectives → operational objectives → actions → indicators
FAN_OUT = (10, 10, 10, 10, 10)
LEVELS = ("strategic_area", "strategic_objective", "operational_objective", "action")
NOT_AVAILABLE_EVERY = 33  # about 3 % N/D
SHARED_EVERY = 50  # one action node in 50 also links an indicator of another action
DUE_ON = date(2024, 6, 30)


def synthetic_indicator(number: int) -> Indicator:
    """Indicator ``number`` with a comparator, target and actual picked from ``number``."""
    code = f"I{number:06d}"
    kind = number % 8
    target_value = Decimal(10 + number % 90)
    actual_number = Decimal(number % 137) / Decimal(1)
    actual: Decimal | date | bool
    if kind == 0:
        target, actual = Target(Comparator.AT_LEAST, target_value), actual_number
    elif kind == 1:
        target, actual = Target(Comparator.AT_MOST, target_value), actual_number
    elif kind == 2:
        target, actual = Target(Comparator.EQUAL, target_value), actual_number
    elif kind == 3:
        target, actual = Target(Comparator.MORE_THAN, -target_value), -actual_number
    elif kind == 4:
        target, actual = Target(Comparator.LESS_THAN, target_value), actual_number
    elif kind == 5:
        upper = target_value + 20
        target, actual = Target(Comparator.BETWEEN, target_value, upper=upper), actual_number
    elif kind == 6:
        target = Target(Comparator.DEADLINE, due_on=DUE_ON)
        actual = DUE_ON + timedelta(days=number % 40 - 20)
    else:
        target, actual = Target(Comparator.YES_NO, expected=True), number % 5 != 0
    measurement = Measurement(None if number % NOT_AVAILABLE_EVERY == 0 else actual, "")
    return Indicator(code, f"Indicator {number}", target, measurement, unit="N.")


def build_plan() -> Plan:
    """The synthetic plan: 100,000 indicators, 11,111 nodes, some shared indicators."""
    indicators: dict[str, Indicator] = {}
    counter = [0, 0]  # next indicator number, next action number

    def build(depth: int, code: str) -> Node:
        level = LEVELS[depth - 1] if depth else ENTITY_LEVEL
        weight = None if depth == 0 else Decimal(1 + len(code) % 3)
        if depth < len(LEVELS):
            children = tuple(build(depth + 1, f"{code}.{index}") for index in range(FAN_OUT[depth]))
            return Node(code, f"Node {code}", level, weight, children=children)
        links = []
        weighted = counter[1] % 2 == 0
        for _ in range(FAN_OUT[depth]):
            number = counter[0]
            counter[0] += 1
            indicators[f"I{number:06d}"] = synthetic_indicator(number)
            links.append(Link(f"I{number:06d}", Decimal(10) if weighted else None))
        if counter[1] % SHARED_EVERY == 1 and counter[0] > 20:
            links.append(Link(f"I{counter[0] - 20:06d}", Decimal(5) if weighted else None))
        counter[1] += 1
        return Node(code, f"Action {code}", level, weight, links=tuple(links))

    root = build(0, "E")
    overrides = {
        "I000007": Override(Decimal(90), "Data source changed mid-year", "OIV"),
    }
    return Plan(root, indicators, indicator_overrides=overrides)


def main(argv: list[str] | None = None) -> None:
    """Build the plan once, score it ``--runs`` times, print build time and median score time."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, choices=range(1, 101), metavar="1-100")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    plan = build_plan()
    build_ms = (time.perf_counter() - started) * 1000
    rules = RuleSet()
    timings = []
    for _ in range(arguments.runs):
        started = time.perf_counter()
        scored = score_plan(plan, rules)
        timings.append((time.perf_counter() - started) * 1000)
    nodes = len(scored.nodes())
    print(f"indicators: {len(plan.indicators):,}  nodes: {nodes:,}")
    print(f"build plan: {build_ms:.0f} ms")
    print(f"score_plan: median {statistics.median(timings):.0f} ms over {arguments.runs} runs")
    print(f"entity: {rules.round_percent(scored.root.evaluated_percent or Decimal(0))} %")


if __name__ == "__main__":
    main()
