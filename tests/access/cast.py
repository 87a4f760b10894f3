"""The cast of the permission tests: the demo's six roles, an outsider, and the cycle's states.

``demo_loaded`` loads the demo administration once per test module (committed, then removed
at teardown), so that the many cases of a matrix each start from it inside their own rolled
back transaction instead of importing the whole plan again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Final

from django.contrib.auth.models import User
from django.db.models import Q
from pytest_django import DjangoDbBlocker

from performa.apps.accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from performa.apps.administrations.access import Action, Actor, actor_for, restrict
from performa.apps.administrations.models import (
    Administration,
    Membership,
    OrganisationalUnit,
    Role,
)
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, MonitoringPeriod, ValidationAct
from performa.apps.cycles.services import cycle_validate, period_open
from performa.apps.plans.models import Indicator, PlanNode
from performa.workbook.data import PlanData

ADMINISTRATION: Final = "cciaa-pistoia-prato"
YEAR: Final = 2024
OUTSIDER_ADMINISTRATION: Final = "altro-ente"

USERNAMES: Final = {
    "office": "controllo",
    "secretary_general": "segretario",
    "manager": "dirigente",
    "officer": "referente",
    "oiv": "oiv",
    "viewer": "lettore",
    "outsider": "estraneo",
}
"""Each cast member's user name; the outsider is the office of another administration."""

ROLES: Final = tuple(USERNAMES)
STATES: Final = ("open", "closed", "validated")
"""``open``: the first-half period S1 open; ``closed``: every period closed (as imported);
``validated``: the OIV has validated the cycle."""


def demo_load(plan: PlanData) -> Cycle:
    """Import the demo, create its accounts and the outsider; returns the cycle."""
    from performa.apps.plans.services import plan_import

    cycle = plan_import(plan=plan, actor_label="test").cycle
    demo_accounts_ensure(administration=cycle.administration)
    other = Administration.objects.create(code=OUTSIDER_ADMINISTRATION, name="Altro ente")
    outsider = User.objects.create_user(USERNAMES["outsider"], password=DEMO_PASSWORD)
    Membership.objects.create(administration=other, user=outsider, role=Role.OFFICE)
    return cycle


def demo_unload() -> None:
    """Remove what ``demo_load`` wrote, so that other test modules start from an empty base."""
    codes = [ADMINISTRATION, OUTSIDER_ADMINISTRATION]
    # Children before the rows they protect (objectives their levels, units their parents).
    ValidationAct.objects.filter(administration__code__in=codes).delete()
    PlanNode.objects.filter(administration__code__in=codes).delete()
    OrganisationalUnit.objects.filter(administration__code__in=codes).update(parent=None)
    AuditEntry.objects.filter(actor__username__in=USERNAMES.values()).delete()
    Administration.objects.filter(code__in=codes).delete()
    User.objects.filter(username__in=USERNAMES.values()).delete()


def demo_loaded(django_db_blocker: DjangoDbBlocker, plan: PlanData) -> Iterator[None]:
    """Body of a module-scoped fixture: the demo loaded for the module, removed afterwards."""
    with django_db_blocker.unblock():
        demo_load(plan)
    yield
    with django_db_blocker.unblock():
        demo_unload()


def demo_cycle_get() -> Cycle:
    return Cycle.objects.select_related("administration").get(
        administration__code=ADMINISTRATION, year=YEAR
    )


def actor_of(role: str) -> Actor:
    """The cast member's actor: in the demo administration, or in their own for the outsider."""
    user = User.objects.get(username=USERNAMES[role])
    code = OUTSIDER_ADMINISTRATION if role == "outsider" else ADMINISTRATION
    return actor_for(user, code)


def first_half(cycle: Cycle) -> MonitoringPeriod:
    return MonitoringPeriod.objects.select_related("cycle").get(cycle=cycle, code="S1")


def state_set(cycle: Cycle, state: str) -> Cycle:
    """Bring the demo cycle to ``state`` through the real services; returns it fresh."""
    if state == "open":
        period_open(actor=actor_of("office"), period=first_half(cycle))
    elif state == "validated":
        cycle_validate(
            actor=actor_of("oiv"),
            cycle=cycle,
            act_reference="Verbale OIV n. 1/2025",
            act_on=date(2025, 4, 30),
            text="L'OIV valida la Relazione sulla performance 2024.",
        )
    return demo_cycle_get()


def indicators_own_and_other(cycle: Cycle) -> tuple[Indicator, Indicator]:
    """An indicator of the officer's unit (also the manager's), and one of neither."""
    indicators = Indicator.objects.filter(cycle=cycle).order_by("position")
    officer_ids = restrict(indicators, actor_of("officer"), Action.ENTER_MEASUREMENT).values("pk")
    manager_ids = restrict(indicators, actor_of("manager"), Action.ENTER_MEASUREMENT).values("pk")
    own = indicators.filter(pk__in=officer_ids).filter(pk__in=manager_ids).first()
    other = indicators.exclude(Q(pk__in=officer_ids) | Q(pk__in=manager_ids)).first()
    assert own is not None
    assert other is not None
    return own, other
