"""The Relazione of a cycle names the last recorded plan version, and nothing before adoption."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from performa.apps.administrations.access import Actor
from performa.apps.cycles.models import Cycle
from performa.apps.plans.versions import (
    plan_revision_open,
    plan_revision_record,
    plan_version_adopt,
)
from performa.apps.reports.documents import report_for
from tests.apps.dashboards.conftest import actor_as, cast

__all__ = ["actor_as", "cast"]

pytestmark = pytest.mark.django_db


def test_no_version_no_line(cast: Cycle) -> None:
    assert report_for(cycle=cast).cover.plan_version == ""


def test_the_report_names_the_last_recorded_version(
    cast: Cycle, actor_as: Callable[[str], Actor]
) -> None:
    office = actor_as("controllo")
    plan_version_adopt(
        actor=office, cycle=cast, act_reference="Delibera di Giunta n. 5", act_on=date(2024, 1, 30)
    )
    assert report_for(cycle=cast).cover.plan_version == (
        "Piano della performance adottato con Delibera di Giunta n. 5 del 30/01/2024 (versione 1)"
    )
    revision = plan_revision_open(
        actor=office,
        cycle=cast,
        act_reference="Delibera di Giunta n. 48",
        act_on=date(2024, 6, 15),
        reason="Pesi rivisti",
    )
    assert report_for(cycle=cast).cover.plan_version.endswith("; variazione n. 2 in corso")
    plan_revision_record(actor=office, version=revision)
    assert report_for(cycle=cast).cover.plan_version == (
        "Piano della performance nella versione 2, approvata con Delibera di Giunta n. 48 "
        "del 15/06/2024"
    )
