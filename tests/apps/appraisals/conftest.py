"""The demo cast plus a second dirigente (``morosi``), the demo's three managers' sheets, and
a factory of fresh sheets for the workflow tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import User

from performa.apps.administrations.models import Membership, OrganisationalUnit, Person, Role
from performa.apps.appraisals.demo import appraisals_demo_load
from performa.apps.appraisals.models import Category, Position, Scheme, Sheet
from performa.apps.appraisals.services import ObjectiveLink, scheme_defaults_ensure, sheet_assign
from performa.apps.cycles.models import Cycle
from tests.apps.dashboards.conftest import actor_as, cast, client_as

__all__ = ["actor_as", "cast", "client_as", "demo_sheets", "fresh_sheet", "morosi"]


@pytest.fixture
def morosi(cast: Cycle) -> User:
    """A login for the other dirigente (Gianluca Morosi, person DIR-TUT)."""
    user = User.objects.create_user("morosi", password="not-used-here-2024")
    Membership.objects.create(
        administration=cast.administration,
        user=user,
        role=Role.MANAGER,
        person=Person.objects.get(administration=cast.administration, code="DIR-TUT"),
    )
    return user


@pytest.fixture
def demo_sheets(cast: Cycle, morosi: User) -> dict[str, Sheet]:
    """The demo's three sheets by person code (SG evaluated, DIR-PROM mid-year, DIR-TUT
    proposed by the OIV)."""
    return {sheet.person.code: sheet for sheet in appraisals_demo_load(cycle=cast)}


@pytest.fixture
def fresh_sheet(cast: Cycle, actor_as) -> Callable[..., Sheet]:
    """``fresh_sheet(oiv=False)``: a new sheet for Daniele Bosi (DIR-PROM), evaluated by the
    Segretario Generale, assigned by the office with two objectives."""
    scheme_defaults_ensure(administration=cast.administration)
    Position.objects.create(
        administration=cast.administration,
        person=Person.objects.get(administration=cast.administration, code="DIR-PROM"),
        unit=OrganisationalUnit.objects.get(administration=cast.administration, code="PROMOZIONE"),
        category=Category.MANAGER,
        title="Dirigente Area Promozione e sviluppo economico",
        starts_on=date(2021, 6, 1),
    )

    def make(*, oiv: bool = False) -> Sheet:
        people = {
            person.code: person
            for person in Person.objects.filter(administration=cast.administration)
        }
        return sheet_assign(
            actor=actor_as("controllo"),
            cycle=cast,
            person=people["DIR-PROM"],
            scheme=Scheme.objects.get(administration=cast.administration, code="dirigenti"),
            evaluator=people["SG"],
            is_proposed_by_oiv=oiv,
            objectives=[ObjectiveLink("01_01_0501"), ObjectiveLink("01_01_0502")],
            note="Obiettivi 2024",
        )

    return make
