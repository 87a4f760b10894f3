"""The admin shows an indicator's later-year targets inline, read-only (the editor sets them)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator, IndicatorYearTarget

pytestmark = pytest.mark.django_db


def test_the_indicator_page_lists_its_later_targets_read_only(demo_cycle: Cycle, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    indicator = Indicator.objects.get(cycle=demo_cycle, code="01_01_0P06_I01")
    IndicatorYearTarget.objects.create(
        administration=demo_cycle.administration,
        indicator=indicator,
        year=demo_cycle.year + 1,
        comparator=">=",
        value=Decimal("42.5"),
    )
    client = Client()
    client.force_login(User.objects.create_superuser("radice", password="x"))
    response = client.get(f"/admin/plans/indicator/{indicator.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "target pluriennali" in page.lower()
    row = page.split('id="year_targets-0"')[1].split("</tr>")[0]
    assert "2025" in row
    assert "42,5" in row
    assert 'name="year_targets-0-value"' not in page  # shown, not editable
    assert 'name="year_targets-TOTAL_FORMS"' in page
