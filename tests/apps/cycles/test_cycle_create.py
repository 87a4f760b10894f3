"""Starting an empty cycle: levels and rules from the latest cycle, two closed periods, audit;
refused for other roles and for a year that already has a cycle."""

from __future__ import annotations

from datetime import date

import pytest

from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod
from performa.apps.cycles.services import CyclePermissionError, CycleStateError, cycle_create
from tests.apps.dashboards.conftest import actor_as, cast, client_as

__all__ = ["actor_as", "cast", "client_as"]

pytestmark = pytest.mark.django_db


def test_a_new_cycle_takes_the_latest_levels_and_rules_and_two_closed_periods(
    cast: Cycle, actor_as
) -> None:
    cycle = cycle_create(actor=actor_as("controllo"), year=2026)
    assert cycle.state == CycleState.PLANNING
    assert cycle.title == "Piano della performance 2026"
    assert cycle.rules == cast.rules
    assert list(cycle.levels.order_by("depth").values_list("key", flat=True)) == list(
        cast.levels.order_by("depth").values_list("key", flat=True)
    )
    periods = MonitoringPeriod.objects.filter(cycle=cycle).order_by("position")
    assert [(p.code, p.starts_on, p.ends_on, p.is_final, p.is_open) for p in periods] == [
        ("S1", date(2026, 1, 1), date(2026, 6, 30), False, False),
        ("FY", date(2026, 1, 1), date(2026, 12, 31), True, False),
    ]
    assert not cycle.nodes.exists()
    entry = AuditEntry.objects.get(action="cycle_create")
    assert entry.cycle_id == cycle.pk


def test_refused_for_other_roles_and_existing_years(cast: Cycle, actor_as) -> None:
    with pytest.raises(CyclePermissionError):
        cycle_create(actor=actor_as("dirigente"), year=2026)
    with pytest.raises(CycleStateError, match="esiste già"):
        cycle_create(actor=actor_as("controllo"), year=cast.year)
    with pytest.raises(CycleStateError):
        cycle_create(actor=actor_as("controllo"), year=1999)
    assert Cycle.objects.count() == 1


def test_the_office_creates_one_from_the_home_page(cast: Cycle, client_as) -> None:
    client = client_as("controllo")
    home = client.get("/").content.decode()
    assert "/cciaa-pistoia-prato/nuovo-ciclo/" in home
    form = client.get("/cciaa-pistoia-prato/nuovo-ciclo/").content.decode()
    assert 'value="2025"' in form  # the year after the latest
    response = client.post("/cciaa-pistoia-prato/nuovo-ciclo/", {"year": "2025", "title": ""})
    assert response.status_code == 302
    assert response["Location"] == "/cciaa-pistoia-prato/2025/piano/"
    again = client.post("/cciaa-pistoia-prato/nuovo-ciclo/", {"year": "2025", "title": ""})
    assert again.status_code == 400
    assert "esiste già" in again.content.decode()
    assert client_as("dirigente").get("/cciaa-pistoia-prato/nuovo-ciclo/").status_code == 403
    assert "nuovo-ciclo" not in client_as("dirigente").get("/").content.decode()
