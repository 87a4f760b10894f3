"""Fixtures of the staff tests: the demo loaded once per module, and its cast."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoDbBlocker

from performa.apps.administrations.access import Actor
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.workbook.data import PlanData
from tests.access.cast import USERNAMES, actor_of, demo_cycle_get, demo_loaded


@pytest.fixture(scope="module")
def demo_module(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, demo_plan: PlanData
) -> Iterator[None]:
    """The demo administration, its accounts and an outsider, committed for the module."""
    yield from demo_loaded(django_db_blocker, demo_plan)


@pytest.fixture
def cycle(demo_module: None, db: None) -> Cycle:
    """The demo cycle 2024, as imported: every period closed, state "in pianificazione"."""
    return demo_cycle_get()


@pytest.fixture
def first_half(cycle: Cycle) -> MonitoringPeriod:
    return MonitoringPeriod.objects.select_related("cycle").get(cycle=cycle, code="S1")


@pytest.fixture
def final(cycle: Cycle) -> MonitoringPeriod:
    return MonitoringPeriod.objects.select_related("cycle").get(cycle=cycle, code="FY")


@pytest.fixture
def actor(cycle: Cycle) -> Callable[[str], Actor]:
    """The actor of a cast member by role (office, manager, officer, oiv, viewer...)."""
    return actor_of


@pytest.fixture
def client_as(cycle: Cycle) -> Callable[[str], Client]:
    """A logged-in test client for a cast member by role."""

    def login(role: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=USERNAMES[role]))
        return client

    return login
