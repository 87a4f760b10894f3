"""schemathesis against the OpenAPI description, on a live server: no server error and no
response that breaks the schema, for the public operations and, with a token, the others.

Bounded (few examples per operation, a time budget) so that it runs in well under two minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from django.test import override_settings
from pytest_django.live_server_helper import LiveServer

from performa.apps.cycles.models import MonitoringPeriod
from performa.apps.cycles.services import period_open
from performa.apps.plans.services import plan_import
from performa.apps.plans.versions import plan_version_adopt
from performa.apps.publication.models import PublicationKind
from performa.apps.publication.services import api_token_create, publication_publish
from performa.workbook.data import PlanData
from tests.access.cast import actor_of, demo_cycle_get, demo_load
from tests.apps.publication.conftest import validate

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@override_settings(
    PERFORMA_API_THROTTLE={"anonymous_per_minute": 100_000, "token_per_minute": 100_000}
)
def test_the_api_keeps_its_description_under_generated_requests(
    transactional_db: None, live_server: LiveServer, demo_plan: PlanData, tmp_path: Path
) -> None:
    cycle = demo_load(demo_plan)
    plan_version_adopt(
        actor=actor_of("office"),
        cycle=cycle,
        act_reference="Delibera n. 5",
        act_on=date(2024, 1, 31),
    )
    publication_publish(actor=actor_of("office"), cycle=demo_cycle_get(), kind=PublicationKind.PLAN)
    # A second cycle of the same plan stays open for figures, so writes reach the services.
    other = plan_import(plan=_next_year(demo_plan), actor_label="test").cycle
    period = MonitoringPeriod.objects.select_related("cycle").get(cycle=other, code="S1")
    period_open(actor=actor_of("office"), period=period)
    plan_version_adopt(
        actor=actor_of("office"),
        cycle=other,
        act_reference="Delibera n. 6",
        act_on=date(2025, 1, 31),
    )
    publication_publish(actor=actor_of("office"), cycle=other, kind=PublicationKind.PLAN)
    publication_publish(
        actor=actor_of("office"), cycle=validate(demo_cycle_get()), kind=PublicationKind.RESULTS
    )
    _token, key = api_token_create(actor=actor_of("office"), name="schemathesis")
    indicator = other.indicators.order_by("position").values_list("code", flat=True).first()
    config = tmp_path / "schemathesis.toml"
    # Path parameters that exist (the 2025 cycle: plan published, first half open), so that
    # generated queries and bodies reach the selectors and services instead of a 404.
    config.write_text(
        "[parameters]\n"
        '"path.administration" = "cciaa-pistoia-prato"\n'
        '"path.year" = 2025\n'
        '"path.period" = "S1"\n'
        f'"path.code" = "{indicator}"\n'
        f'"path.indicator" = "{indicator}"\n'
    )
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            "all",
            # A figure that fits the schema can still break a rule of the cycle (a date for a
            # numeric indicator, a shortfall with no explanation): the services answer 400 with
            # the reason, which this heuristic check counts as a refusal of valid data.
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            "8",
            "--max-time",
            "60",
            "--workers",
            "1",
            "--seed",
            "2024",
            "--phases",
            "examples,coverage,fuzzing",
            "--header",
            f"Authorization: Bearer {key}",
            "--request-timeout",
            "20",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=150,
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def _next_year(plan: PlanData) -> PlanData:
    import dataclasses

    periods = tuple(
        dataclasses.replace(
            period,
            starts_on=period.starts_on.replace(year=period.starts_on.year + 1),
            ends_on=period.ends_on.replace(year=period.ends_on.year + 1),
        )
        for period in plan.periods
    )
    return dataclasses.replace(
        plan,
        cycle=dataclasses.replace(plan.cycle, year=plan.cycle.year + 1),
        periods=periods,
        measurements=(),
        overrides=(),
    )
