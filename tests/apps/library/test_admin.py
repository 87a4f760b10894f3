"""The admin: where a superuser manages the common library, with the same formula check."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from performa.apps.library.models import LibraryIndicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("common_library")]


@pytest.fixture
def admin_client_md5(settings) -> Client:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_superuser("radice", password="x")
    client = Client()
    client.force_login(user)
    return client


def test_the_superuser_edits_a_common_entry(admin_client_md5: Client) -> None:
    entry = LibraryIndicator.objects.get(owner=None, code="OC_TD_02")
    url = f"/admin/library/libraryindicator/{entry.pk}/change/"
    assert admin_client_md5.get("/admin/library/libraryindicator/").status_code == 200
    data = {
        "owner": "",
        "code": "OC_TD_02",
        "name": entry.name,
        "description": entry.description,
        "unit": "N.",
        "value_type": "number",
        "polarity": "higher",
        "formula": "azioni_pid",
        "data_source": "Rendicontazione PID",
        "responsible_unit": "",
        "notes": entry.notes,
    }
    response = admin_client_md5.post(url, {**data, "formula": "azioni_pid +"})
    assert response.status_code == 200
    assert "Formula non valida:" in response.content.decode()
    assert admin_client_md5.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert (entry.formula, entry.data_source, entry.version) == (
        "azioni_pid",
        "Rendicontazione PID",
        2,
    )
