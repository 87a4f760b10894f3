"""Switching language: Italian by default, English after one POST, kept in the cookie."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from performa.apps.accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from performa.apps.cycles.models import Cycle

pytestmark = pytest.mark.django_db


def _switch(client: Client, language: str, next_url: str) -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def test_the_login_page_is_italian_and_turns_english_after_switching() -> None:
    client = Client()
    page = client.get("/accesso/").content.decode()
    assert '<html lang="it">' in page
    assert "Nome utente" in page
    assert 'action="/i18n/setlang/"' in page, "the login page offers the switcher"

    _switch(client, "en", "/accesso/")
    page = client.get("/accesso/").content.decode()
    assert '<html lang="en">' in page
    assert "Username" in page
    assert "Nome utente" not in page
    assert '<button type="submit" class="btn btn-primary">Sign in</button>' in page


def test_the_home_page_and_cycle_navigation_follow_the_chosen_language(demo_cycle: Cycle) -> None:
    demo_accounts_ensure(administration=demo_cycle.administration)
    client = Client()
    assert client.login(username="controllo", password=DEMO_PASSWORD)
    cycle_url = f"/{demo_cycle.administration.code}/{demo_cycle.year}/"
    assert "I tuoi cicli" in client.get("/").content.decode()

    _switch(client, "en", "/")
    home = client.get("/").content.decode()
    assert '<html lang="en">' in home
    assert "Your cycles" in home
    assert "Sign out" in home
    assert "I tuoi cicli" not in home
    cycle_page = client.get(cycle_url).content.decode()
    assert ">Dashboard</a>" in cycle_page
    assert ">Plan</a>" in cycle_page

    _switch(client, "it", "/")
    assert "I tuoi cicli" in client.get("/").content.decode()


def test_every_app_catalogue_is_loaded_at_run_time() -> None:
    """One string per catalogue: Django finds each app's locale folder by itself."""
    samples = {
        "Segretario Generale": "Secretary General",
        "Contesto economico": "Economic context",
        "Relazione sulla performance": "Performance Report",
        "Cruscotto": "Dashboard",
    }
    with translation.override("en"):
        for italian, english in samples.items():
            assert translation.gettext(italian) == english
        retry = translation.ngettext(
            "Troppi tentativi di accesso non riusciti: riprova tra %(minutes)d minuto.",
            "Troppi tentativi di accesso non riusciti: riprova tra %(minutes)d minuti.",
            5,
        )
        assert retry % {"minutes": 5} == "Too many failed sign-in attempts: try again in 5 minutes."
    with translation.override("it"):
        assert translation.gettext("Cruscotto") == "Cruscotto"
