"""Writes of accounts: the demo users, one per role, with printed credentials."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from performa.apps.administrations.models import (
    Administration,
    Membership,
    OrganisationalUnit,
    Person,
    Role,
)


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
