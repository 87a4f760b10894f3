"""The cruscotto's and the objective page's queries do not grow with the size of the tree."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from performa.apps.administrations.models import Membership, Role
from performa.apps.cycles.models import Cycle
from performa.apps.plans.services import plan_import
from performa.workbook.data import PlanData

pytestmark = pytest.mark.django_db

BIG = "ente-grande"


def subtree_codes(plan: PlanData, root: str) -> set[str]:
    codes = {root}
    for row in plan.nodes:  # parents come before their children
        if row.parent_code in codes:
            codes.add(row.code)
    return codes


def bigger_plan(plan: PlanData, *, copies: int) -> PlanData:
    """``plan`` under another administration, with area 01 copied ``copies`` more times."""
    codes = subtree_codes(plan, "01")
    links = [link for link in plan.links if link.objective_code in codes]
    linked = {link.indicator_code for link in links}
    nodes, indicators, new_links, measurements = (
        list(plan.nodes),
        list(plan.indicators),
        list(plan.links),
        list(plan.measurements),
    )
    for copy in range(1, copies + 1):
        prefix = f"K{copy}_"
        nodes += [
            replace(
                row,
                code=prefix + row.code,
                parent_code=prefix + row.parent_code if row.parent_code else None,
            )
            for row in plan.nodes
            if row.code in codes
        ]
        indicators += [
            replace(row, code=prefix + row.code) for row in plan.indicators if row.code in linked
        ]
        new_links += [
            replace(
                link,
                objective_code=prefix + link.objective_code,
                indicator_code=prefix + link.indicator_code,
            )
            for link in links
        ]
        measurements += [
            replace(row, indicator_code=prefix + row.indicator_code)
            for row in plan.measurements
            if row.indicator_code in linked
        ]
    return replace(
        plan,
        cycle=replace(plan.cycle, administration_code=BIG, administration_name="Ente grande"),
        nodes=tuple(nodes),
        indicators=tuple(indicators),
        links=tuple(new_links),
        measurements=tuple(measurements),
        overrides=(),
    )


@pytest.fixture
def big_cycle(cast: Cycle, demo_plan: PlanData) -> Cycle:
    cycle = plan_import(plan=bigger_plan(demo_plan, copies=3), actor_label="test").cycle
    Membership.objects.create(
        administration=cycle.administration,
        user=User.objects.get(username="controllo"),
        role=Role.OFFICE,
    )
    return cycle


def queries_for(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_bigger_plan_is_really_bigger(cast: Cycle, big_cycle: Cycle) -> None:
    assert big_cycle.nodes.count() > 2 * cast.nodes.count()
    assert big_cycle.indicators.count() > cast.indicators.count() + 200


def test_the_dashboard_runs_as_many_queries_on_a_bigger_tree(
    cast: Cycle, big_cycle: Cycle, client_as
) -> None:
    client = client_as("controllo")
    demo = queries_for(client, "/cciaa-pistoia-prato/2024/cruscotto/")
    big = queries_for(client, f"/{BIG}/2024/cruscotto/")
    assert demo == big
    assert demo <= 30


def test_filters_and_the_drill_down_add_no_query_per_node(
    cast: Cycle, big_cycle: Cycle, client_as
) -> None:
    client = client_as("controllo")
    demo = queries_for(client, "/cciaa-pistoia-prato/2024/cruscotto/?unita=PROMOZIONE")
    big = queries_for(client, f"/{BIG}/2024/cruscotto/?unita=PROMOZIONE")
    assert demo == big
    url = "/{}/2024/obiettivi/01_01/indicatori/?aperto=1"
    with CaptureQueriesContext(connection) as small:
        client.get(url.format("cciaa-pistoia-prato"), HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as large:
        client.get(url.format(BIG), HTTP_HX_REQUEST="true")
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_objective_page_runs_as_many_queries_on_a_bigger_tree(
    cast: Cycle, big_cycle: Cycle, client_as
) -> None:
    client = client_as("controllo")
    demo = queries_for(client, "/cciaa-pistoia-prato/2024/obiettivi/01/")
    big = queries_for(client, f"/{BIG}/2024/obiettivi/01/")
    assert demo == big
