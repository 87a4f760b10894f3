"""``make bench``: speed figures of performa, printed. Targets are noted next to each figure."""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from performa.apps.cycles.models import Cycle

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DEMO = HERE.parent / "src/performa/demo/performa-demo-2024.xlsx"


def timed(function: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls, in milliseconds."""
    samples = []
    for _ in range(repeat):
        gc.collect()  # the previous call's garbage is not this call's cost
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def line(label: str, milliseconds: float, target: str = "") -> None:
    print(f"{label:<52} {milliseconds:9.1f} ms  {target}")


def bench_demo() -> Cycle:
    from performa.scoring import score_plan
    from performa.workbook.convert import scoring_plan_for
    from performa.workbook.reader import read_workbook

    result = read_workbook(DEMO)
    assert result.plan is not None
    plan = result.plan
    line(
        f"demo workbook read ({len(plan.indicators)} indicators)",
        timed(lambda: read_workbook(DEMO), 3),
    )
    scoring_plan = scoring_plan_for(plan)
    line("demo cycle scored (pure core)", timed(lambda: score_plan(scoring_plan, plan.rules)))

    os.environ["PERFORMA_HOME"] = tempfile.mkdtemp(prefix="performa-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "performa.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from performa.apps.cycles.selectors import cycle_scores
    from performa.apps.plans.services import plan_import

    line(
        "demo cycle imported into SQLite",
        timed(lambda: plan_import(plan=plan, actor_label="bench"), 3),
    )
    cycle = plan_import(plan=plan, actor_label="bench").cycle
    from performa.apps.plans.selectors import plan_data_for

    line(
        "demo cycle read and scored from the database",
        timed(lambda: cycle_scores(cycle=cycle, plan=plan_data_for(cycle=cycle))),
    )
    line(
        "demo cycle scores again (cached per data version)",
        timed(lambda: cycle_scores(cycle=cycle)),
    )
    return cycle


def bench_report(cycle: Cycle) -> None:
    """Time to compose the demo Relazione, then to render each format."""
    from performa.apps.reports.documents import report_for
    from performa.reporting.renderers import FORMATS, renderer_for

    report = report_for(cycle=cycle)
    line(
        "demo Relazione composed (data, scores, charts)", timed(lambda: report_for(cycle=cycle), 3)
    )
    for format_name in FORMATS:
        renderer = renderer_for(format_name)
        size = len(renderer.render(report).content) / 1024  # also warms fonts and imports
        label = f"demo Relazione rendered as {format_name.upper()} ({size:,.0f} KiB)"
        line(label, timed(partial(renderer.render, report), 3), "target < 5000 ms")


def main() -> None:
    print("performa benchmarks (median wall time on this machine)")
    print("-" * 78)
    import bench_scoring

    bench_scoring.main()
    print("-" * 78)
    cycle = bench_demo()
    print("-" * 78)
    bench_report(cycle)
    print("-" * 78)
    import bench_web

    bench_web.main()
    print("-" * 78)
    import bench_publication

    bench_publication.main()


if __name__ == "__main__":
    main()
