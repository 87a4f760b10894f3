"""The settings helpers fail loudly on bad values."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from performa.config.settings import database_from_url, env_flag, env_text


def test_sqlite_url_gives_an_absolute_path() -> None:
    database = database_from_url("sqlite:////srv/performa/db.sqlite3")
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == "/srv/performa/db.sqlite3"


def test_postgres_url_is_split_into_its_parts() -> None:
    database = database_from_url("postgres://user:p%40ss@db.example:5433/perf")
    assert database == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "perf",
        "USER": "user",
        "PASSWORD": "p@ss",
        "HOST": "db.example",
        "PORT": "5433",
    }


def test_unknown_database_scheme_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://localhost/db")


def test_flag_accepts_only_yes_or_no(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERFORMA_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="maybe"):
        env_flag("PERFORMA_TEST_FLAG", default=False)
    monkeypatch.setenv("PERFORMA_TEST_FLAG", "off")
    assert env_flag("PERFORMA_TEST_FLAG", default=True) is False


def test_secret_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.setenv("PERFORMA_TEST_SECRET_FILE", str(secret))
    assert env_text("PERFORMA_TEST_SECRET") == "s3cret"


def test_missing_required_variable_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERFORMA_TEST_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="PERFORMA_TEST_MISSING"):
        env_text("PERFORMA_TEST_MISSING")
