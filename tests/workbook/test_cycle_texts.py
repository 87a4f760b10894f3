"""The cycle sheet's free texts come back exactly as written, spaces included."""

from __future__ import annotations

from dataclasses import replace

from tests.workbook.support import representative_plan, round_trip


def test_a_cycle_text_of_spaces_only_round_trips() -> None:
    plan = representative_plan()
    spaced = replace(plan, cycle=replace(plan.cycle, report_act=" ", title="  "))
    result = round_trip(spaced)
    assert result.errors == ()
    assert result.plan is not None
    assert (result.plan.cycle.report_act, result.plan.cycle.title) == (" ", "  ")
