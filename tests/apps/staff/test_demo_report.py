"""The demo's bodies, staff figures and resources tables reach the Relazione."""

from __future__ import annotations

import pytest

from performa.apps.contexts.models import ContextTable
from performa.apps.reports.documents import report_render
from performa.apps.staff.models import Body, BodyMember, StaffFigure
from performa.apps.staff.services import demo_context_and_staff_load

pytestmark = pytest.mark.django_db


def test_the_demo_loader_writes_bodies_figures_and_resources_tables(cycle) -> None:
    demo_context_and_staff_load(cycle=cycle)
    assert Body.objects.filter(cycle=cycle).count() == 5
    assert BodyMember.objects.filter(body__cycle=cycle).count() == 39
    assert StaffFigure.objects.filter(cycle=cycle, measure="headcount").count() > 20
    codes = set(ContextTable.objects.filter(cycle=cycle).values_list("code", flat=True))
    assert {"resources_income", "resources_costs", "resources_interventions"} <= codes
    assert ContextTable.objects.get(cycle=cycle, code="macro_indicators").chart == "line"
    html = report_render(cycle=cycle, formats=["html"])[0].content.decode()
    assert "Bilancio di genere" in html
    assert "Iacopo Cavallini" in html
