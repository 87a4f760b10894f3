"""The data-entry cast: the demo cycle with its first half open, and the demo accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from performa.apps.accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from performa.apps.administrations.access import Actor, actor_for
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.plans.models import Indicator

ADMINISTRATION = "cciaa-pistoia-prato"
DEADLINE = date(2024, 7, 31)
PROMOTION_NUMBER = "01_01_0501_I01"
"""">= 80 N.", an indicator of the PROMOZIONE unit (referente and dirigente)."""
PROMOTION_PERCENT = "01_01_0501_I04"
""">= 80 %, PROMOZIONE."""
PROMOTION_DEADLINE = "01_01_0502_I01"
"""Entro 31/01/2024, PROMOZIONE."""
OTHER_UNIT = "01_04_CP01_I01"
"""An indicator of the TUTELA unit only: outside the referente's and the dirigente's scope."""


@pytest.fixture
def cycle(demo_cycle: Cycle) -> Cycle:
    """The demo cycle, its first half ("S1") open with a deadline, and one user per role."""
    MonitoringPeriod.objects.filter(cycle=demo_cycle, code="S1").update(
        is_open=True, deadline_on=DEADLINE
    )
    demo_accounts_ensure(administration=demo_cycle.administration)
    return demo_cycle


@pytest.fixture
def period(cycle: Cycle) -> MonitoringPeriod:
    return MonitoringPeriod.objects.select_related("cycle").get(cycle=cycle, code="S1")


@pytest.fixture
def final_period(cycle: Cycle) -> MonitoringPeriod:
    return MonitoringPeriod.objects.select_related("cycle").get(cycle=cycle, code="FY")


@pytest.fixture
def actor(cycle: Cycle) -> Callable[[str], Actor]:
    def of(username: str) -> Actor:
        return actor_for(User.objects.get(username=username), ADMINISTRATION)

    return of


@pytest.fixture
def indicator(cycle: Cycle) -> Callable[[str], Indicator]:
    def of(code: str) -> Indicator:
        return Indicator.objects.get(cycle=cycle, code=code)

    return of


@pytest.fixture
def client_as(cycle: Cycle) -> Callable[[str], Client]:
    def login(username: str) -> Client:
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client

    return login
