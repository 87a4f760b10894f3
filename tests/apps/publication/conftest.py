"""Fixtures of the publication tests: the demo loaded once per module, its plan adopted, and
helpers that publish the plan or validate and publish the results through the services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoDbBlocker

from performa.apps.administrations.access import Actor
from performa.apps.cycles.models import Cycle
from performa.apps.cycles.services import cycle_validate
from performa.apps.plans.versions import plan_version_adopt
from performa.apps.publication.models import Publication, PublicationKind
from performa.apps.publication.services import publication_publish
from performa.workbook.data import PlanData
from tests.access.cast import USERNAMES, actor_of, demo_cycle_get, demo_loaded

ADMINISTRATION = "cciaa-pistoia-prato"
YEAR = 2024


@pytest.fixture(autouse=True)
def _fresh_public_answers() -> Iterator[None]:
    """Each test starts without the process's remembered answers of the previous one."""
    from performa.apps.publication.selectors import public_cache_clear

    public_cache_clear()
    yield
    public_cache_clear()


@pytest.fixture(scope="module")
def demo_module(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, demo_plan: PlanData
) -> Iterator[None]:
    """The demo administration, its accounts and an outsider, committed for the module."""
    yield from demo_loaded(django_db_blocker, demo_plan)


@pytest.fixture
def cycle(demo_module: None, db: None) -> Cycle:
    """The demo cycle 2024 as imported: in planning, no plan version yet."""
    return demo_cycle_get()


@pytest.fixture
def actor(cycle: Cycle) -> Callable[[str], Actor]:
    return actor_of


@pytest.fixture
def adopted(cycle: Cycle) -> Cycle:
    """The demo cycle with its plan adopted (version 1)."""
    plan_version_adopt(
        actor=actor_of("office"),
        cycle=cycle,
        act_reference="Delibera di Giunta n. 5/2024",
        act_on=date(2024, 1, 31),
    )
    return demo_cycle_get()


def validate(cycle: Cycle) -> Cycle:
    cycle_validate(
        actor=actor_of("oiv"),
        cycle=cycle,
        act_reference="Verbale OIV n. 1/2025",
        act_on=date(2025, 4, 30),
        text="L'OIV valida la Relazione sulla performance 2024.",
    )
    return demo_cycle_get()


@pytest.fixture
def plan_published(adopted: Cycle) -> Publication:
    return publication_publish(actor=actor_of("office"), cycle=adopted, kind=PublicationKind.PLAN)


@pytest.fixture
def results_published(adopted: Cycle) -> Publication:
    """The adopted cycle validated by the OIV and its results published (Relazione rendered)."""
    return publication_publish(
        actor=actor_of("office"), cycle=validate(adopted), kind=PublicationKind.RESULTS
    )


@pytest.fixture
def client_as(cycle: Cycle) -> Callable[[str], Client]:
    def login(role: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=USERNAMES[role]))
        return client

    return login


def results_published_load(django_db_blocker: DjangoDbBlocker, plan: PlanData) -> Iterator[None]:
    """Body of a module-scoped fixture: the demo loaded, adopted, validated and its results
    published, committed for the module (rendering the Relazione once), removed afterwards."""
    with django_db_blocker.unblock():
        from tests.access.cast import demo_load, demo_unload

        cycle = demo_load(plan)
        plan_version_adopt(
            actor=actor_of("office"),
            cycle=cycle,
            act_reference="Delibera di Giunta n. 5/2024",
            act_on=date(2024, 1, 31),
        )
        publication_publish(
            actor=actor_of("office"), cycle=validate(demo_cycle_get()), kind=PublicationKind.RESULTS
        )
    yield
    with django_db_blocker.unblock():
        demo_unload()


def current_results() -> Publication:
    return Publication.objects.get(
        administration__code=ADMINISTRATION, kind=PublicationKind.RESULTS, withdrawn_at=None
    )
