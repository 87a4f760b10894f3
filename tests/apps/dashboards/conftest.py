"""The demo cast for the cruscotto, interventions and audit tests: clients and actors by role.

Shared with tests/apps/evaluations and tests/apps/audit, whose conftests import these fixtures.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from performa.apps.accounts.services import demo_accounts_ensure
from performa.apps.administrations.access import Actor, actor_for
from performa.apps.cycles.models import Cycle

CYCLE_URL = "/cciaa-pistoia-prato/2024/"


@pytest.fixture
def cast(demo_cycle: Cycle, settings) -> Cycle:
    """The demo cycle with one account per role (controllo, segretario, dirigente, referente,
    oiv, lettore); a fast hasher, since the demo passwords play no part here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_accounts_ensure(administration=demo_cycle.administration)
    return demo_cycle


@pytest.fixture
def client_as(cast: Cycle) -> Callable[[str], Client]:
    def login(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return login


@pytest.fixture
def actor_as(cast: Cycle) -> Callable[[str], Actor]:
    def resolve(username: str) -> Actor:
        return actor_for(User.objects.get(username=username), cast.administration.code)

    return resolve
