"""``make bench``: speed figures of performa, printed. Targets are noted next to each figure."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DEMO = HERE.parent / "src/performa/demo/performa-demo-2024.xlsx"


def timed(function: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls, in milliseconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bench_demo() -> None:
    from performa.scoring import score_plan
    from performa.workbook.convert import scoring_plan_for
    from performa.workbook.reader import read_workbook

    result = read_workbook(DEMO)
    assert result.plan is not None
    plan = result.plan
    print(
        f"demo workbook read ({len(plan.indicators)} indicators): {timed(lambda: read_workbook(DEMO), 3):8.1f} ms"
    )
    scoring_plan = scoring_plan_for(plan)
    print(
        f"demo cycle scored (pure core):                 {timed(lambda: score_plan(scoring_plan, plan.rules)):8.2f} ms"
    )

    os.environ["PERFORMA_HOME"] = tempfile.mkdtemp(prefix="performa-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "performa.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from performa.apps.cycles.selectors import cycle_scores
    from performa.apps.plans.services import plan_import

    print(
        f"demo cycle imported into SQLite:               {timed(lambda: plan_import(plan=plan, actor_label='bench'), 3):8.1f} ms"
    )
    cycle = plan_import(plan=plan, actor_label="bench").cycle
    print(
        f"demo cycle scored from the database:           {timed(lambda: cycle_scores(cycle=cycle)):8.1f} ms"
    )


def main() -> None:
    print("performa benchmarks (median wall time on this machine)")
    print("-" * 64)
    import bench_scoring

    bench_scoring.main()
    print("-" * 64)
    bench_demo()


if __name__ == "__main__":
    main()
