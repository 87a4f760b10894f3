"""Login throttling: repeated failures hold a user name, or a client address, for a while."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from performa.apps.accounts.models import LoginFailure

pytestmark = pytest.mark.django_db

LOGIN = "/accesso/"
PASSWORD = "una-password-molto-lunga"


@pytest.fixture(autouse=True)
def fast_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user() -> User:
    return User.objects.create_user("mrossi", password=PASSWORD)


def attempt(client: Client, username: str, password: str, address: str = "10.0.0.1") -> str:
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    if response.status_code == 302:
        return "logged in"
    return re.sub(r"\s+", " ", response.content.decode())


def test_five_failures_hold_the_account_even_for_the_right_password(user: User) -> None:
    client = Client()
    for _ in range(5):
        assert "Troppi" not in attempt(client, "mrossi", "sbagliata")
    page = attempt(client, "mrossi", PASSWORD)
    assert "Troppi tentativi di accesso non riusciti: riprova tra 15 minuti." in page
    assert "_auth_user_id" not in client.session


def test_the_hold_ends_when_the_failures_age_out(user: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(Client(), "MRossi ", "sbagliata")  # the same name, however typed
        assert "riprova tra 15 minuti" in attempt(Client(), "mrossi", PASSWORD)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert "riprova tra 5 minuti" in attempt(Client(), "mrossi", PASSWORD)
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert attempt(Client(), "mrossi", PASSWORD) == "logged in"


def test_a_successful_login_forgets_the_earlier_failures(user: User) -> None:
    for _ in range(4):
        attempt(Client(), "mrossi", "sbagliata")
    assert attempt(Client(), "mrossi", PASSWORD) == "logged in"
    assert not LoginFailure.objects.filter(username="mrossi").exists()
    for _ in range(4):
        attempt(Client(), "mrossi", "sbagliata")
    assert attempt(Client(), "mrossi", PASSWORD) == "logged in"


def test_guesses_spread_over_many_accounts_hold_the_address(user: User) -> None:
    for number in range(20):
        attempt(Client(), f"utente{number}", "sbagliata", address="10.0.0.66")
    assert "Troppi tentativi" in attempt(Client(), "mrossi", PASSWORD, address="10.0.0.66")
    assert attempt(Client(), "mrossi", PASSWORD, address="10.0.0.7") == "logged in"


def test_the_admin_login_counts_the_same_failures(user: User) -> None:
    user.is_staff = True
    user.save()
    for _ in range(5):
        attempt(Client(), "mrossi", "sbagliata")
    response = Client().post(
        "/admin/login/", {"username": "mrossi", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200
    assert "Troppi tentativi" in response.content.decode()


def test_old_failures_are_removed_as_new_ones_are_written(user: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt(Client(), "mrossi", "sbagliata")
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        attempt(Client(), "mrossi", "sbagliata")
    assert LoginFailure.objects.count() == 1
