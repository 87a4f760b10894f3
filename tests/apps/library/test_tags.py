"""The tag the plan pages use to show where a cycle indicator came from."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from performa.apps.cycles.models import Cycle
from performa.apps.library.models import LibraryIndicator
from performa.apps.library.services import (
    AdoptionRequest,
    AdoptionTarget,
    library_indicator_adopt,
)
from performa.apps.plans.models import Indicator
from tests.access.cast import actor_of

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load library_tags %}{% library_origin indicator %}")


def test_the_origin_of_an_adopted_indicator(cycle: Cycle) -> None:
    entry = LibraryIndicator.objects.get(owner=None, code="OC_TD_01")
    adoption = library_indicator_adopt(
        actor=actor_of("office"),
        entry=entry,
        cycle=cycle,
        request=AdoptionRequest(target=AdoptionTarget(value=Decimal(1)), code="OC_NEW"),
    )
    html = TEMPLATE.render(Context({"indicator": adoption.cycle_indicator}))
    assert "Dalla libreria" in html
    assert f'href="/cciaa-pistoia-prato/libreria/{entry.pk}/">OC_TD_01</a>' in html
    assert "(libreria comune)" in html


def test_nothing_for_an_indicator_outside_the_library(cycle: Cycle) -> None:
    indicator = Indicator.objects.filter(cycle=cycle).first()
    assert TEMPLATE.render(Context({"indicator": indicator})).strip() == ""
