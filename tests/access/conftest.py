"""Fixtures of the permission matrix: the demo loaded once per module, the cycle per state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django import DjangoDbBlocker

from performa.workbook.data import PlanData
from tests.access.cast import demo_loaded


@pytest.fixture(scope="module")
def demo_module(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, demo_plan: PlanData
) -> Iterator[None]:
    """The demo administration, its accounts and an outsider, committed for the module."""
    yield from demo_loaded(django_db_blocker, demo_plan)
