"""Writes of accounts: the demo users, one per role, with printed credentials, and the demo's
open monitoring period so that each role finds something to do at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from performa.apps.administrations.access import actor_for, is_cycle_locked
from performa.apps.administrations.models import (
    Administration,
    Membership,
    OrganisationalUnit,
    Person,
    Role,
)
from performa.apps.cycles.models import Cycle, MonitoringPeriod
from performa.apps.cycles.services import period_close, period_open, period_set_deadline


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo login to print: role, user name and password."""

    role: str
    username: str
    password: str


DEMO_PASSWORD = "demo-performa-2024"

# (user name, role, first name, last name, person code, unit codes)
_DEMO_CAST: tuple[tuple[str, Role, str, str, str | None, tuple[str, ...]], ...] = (
    ("controllo", Role.OFFICE, "Ufficio", "Controllo di gestione", None, ()),
    ("segretario", Role.SECRETARY_GENERAL, "Catia", "Baroncelli", "SG", ()),
    ("dirigente", Role.MANAGER, "Daniele", "Bosi", "DIR-PROM", ("PROMOZIONE", "ANAGRAFE-PT")),
    ("referente", Role.OFFICER, "Referente", "Promozione", None, ("PROMOZIONE",)),
    ("oiv", Role.OIV, "Iacopo", "Cavallini", None, ()),
    ("lettore", Role.VIEWER, "Utente", "in sola lettura", None, ()),
)


def demo_accounts_ensure(*, administration: Administration) -> list[DemoAccount]:
    """Create (or reset) one demo account per role in ``administration``; returns them.

    For the demo only: the password is public and printed on the terminal. The planning and
    control office's account is also a Django superuser, for the admin pages.
    """
    user_model = get_user_model()
    accounts = []
    with transaction.atomic():
        for username, role, first_name, last_name, person_code, unit_codes in _DEMO_CAST:
            user, _ = user_model.objects.get_or_create(username=username)
            user.first_name, user.last_name = first_name, last_name
            user.is_staff = user.is_superuser = role == Role.OFFICE
            user.set_password(DEMO_PASSWORD)
            user.save()
            membership, _ = Membership.objects.update_or_create(
                administration=administration,
                user=user,
                defaults={
                    "role": role,
                    "person": Person.objects.filter(
                        administration=administration, code=person_code
                    ).first(),
                },
            )
            membership.units.set(
                OrganisationalUnit.objects.filter(
                    administration=administration, code__in=unit_codes
                )
            )
            accounts.append(DemoAccount(str(role.label), username, DEMO_PASSWORD))
    return accounts


DEMO_OPEN_PERIOD = "S1"
"""The demo's first-half period: it has no figures, so every role finds some left to enter."""

DEMO_DEADLINE_DAYS = 30


def demo_period_open(*, cycle: Cycle, today: date | None = None) -> MonitoringPeriod | None:
    """Open the demo's first-half period with a deadline ``DEMO_DEADLINE_DAYS`` after ``today``.

    Acts as the demo's planning and control office (``controllo``, see
    ``demo_accounts_ensure``), through the same audited services as the web pages; the cycle
    goes to MONITORING. Idempotent: an open period keeps open and only has its deadline moved.
    The final period keeps the report's figures. A validated cycle is left alone (``None``).
    """
    if is_cycle_locked(cycle):
        return None
    office = get_user_model().objects.get(username=_DEMO_CAST[0][0])
    actor = actor_for(office, cycle.administration.code)
    deadline_on = (today or timezone.localdate()) + timedelta(days=DEMO_DEADLINE_DAYS)
    period = MonitoringPeriod.objects.get(cycle=cycle, code=DEMO_OPEN_PERIOD)
    for other in cycle.periods.filter(is_open=True).exclude(pk=period.pk):
        period_close(actor=actor, period=other, reason="demo")
    if not period.is_open:
        return period_open(actor=actor, period=period, deadline_on=deadline_on, reason="demo")
    if period.deadline_on != deadline_on:
        return period_set_deadline(actor=actor, period=period, deadline_on=deadline_on)
    return period
