"""Writes of accounts: the demo users, one per role, with printed credentials."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from performa.apps.administrations.models import Administration


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A demo login to print: role, user name and password."""

    role: str
    username: str
    password: str


DEMO_PASSWORD = "demo-performa-2024"


def demo_accounts_ensure(*, administration: Administration) -> list[DemoAccount]:
    """Create (or reset) the demo accounts of ``administration``; returns their credentials.

    For the demo only: the password is public and printed on the terminal.
    """
    user_model = get_user_model()
    accounts = [DemoAccount("Controllo di gestione (admin)", "admin", DEMO_PASSWORD)]
    with transaction.atomic():
        for account in accounts:
            user, _ = user_model.objects.get_or_create(username=account.username)
            user.is_staff = True
            user.is_superuser = True
            user.set_password(account.password)
            user.save()
    return accounts
