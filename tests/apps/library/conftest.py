"""Fixtures of the library tests: the demo loaded once per module, and its cast."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoDbBlocker

from performa.apps.cycles.models import Cycle
from performa.apps.library.services import library_seed_common
from performa.workbook.data import PlanData
from tests.access.cast import USERNAMES, demo_cycle_get, demo_loaded
from tests.e2e.conftest import demo_site, login, screenshot  # noqa: F401  (browser fixtures)


@pytest.fixture(scope="module")
def demo_module(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, demo_plan: PlanData
) -> Iterator[None]:
    """The demo administration, its accounts and an outsider, committed for the module."""
    yield from demo_loaded(django_db_blocker, demo_plan)


@pytest.fixture
def common_library(db: None) -> None:
    """The common library as the migration loads it. Seeded again because a transactional test
    run earlier in the session (browser, concurrency) flushes the tables, migration data too."""
    library_seed_common()


@pytest.fixture
def cycle(demo_module: None, common_library: None, settings) -> Cycle:
    """The demo cycle 2024 as imported: in planning, no version recorded, so editable."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return demo_cycle_get()


@pytest.fixture
def client_as(cycle: Cycle) -> Callable[[str], Client]:
    """A client logged in as a cast member, by role ("office", "viewer", "outsider"...)."""

    def logged_in(role: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=USERNAMES[role]))
        return client

    return logged_in
