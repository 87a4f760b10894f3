"""The cycle page and the report downloads, through Django's test client."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client

from performa.apps.accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle

pytestmark = pytest.mark.django_db

CYCLE_URL = "/cciaa-pistoia-prato/2024/"


@pytest.fixture
def client_as(demo_cycle: Cycle):
    demo_accounts_ensure(administration=demo_cycle.administration)

    def login(username: str) -> Client:
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client

    return login


def test_anonymous_users_are_sent_to_the_login_page(demo_cycle: Cycle) -> None:
    response = Client().get(CYCLE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accesso/")


def test_the_cycle_page_shows_the_entity_score_and_a_button_per_format(client_as) -> None:
    response = client_as("lettore").get(CYCLE_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "96,41\u00a0%" in page
    for extension in ("pdf", "docx", "xlsx", "html"):
        assert f"/cciaa-pistoia-prato/2024/relazione.{extension}" in page


def test_a_user_of_another_administration_gets_404(client_as, demo_cycle: Cycle) -> None:
    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    outsider = User.objects.create_user("estraneo", password=DEMO_PASSWORD)
    from performa.apps.administrations.models import Membership, Role

    Membership.objects.create(administration=other, user=outsider, role=Role.OFFICE)
    client = Client()
    client.force_login(outsider)
    assert client.get(CYCLE_URL).status_code == 404
    assert client.get(CYCLE_URL + "relazione.xlsx").status_code == 404


def test_the_xlsx_download_is_a_real_workbook(client_as) -> None:
    response = client_as("oiv").get(CYCLE_URL + "relazione.xlsx")
    assert response.status_code == 200
    assert (
        'filename="relazione-performance-2024-cciaa-pistoia-prato.xlsx"'
        in response["Content-Disposition"]
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 3


def test_an_unknown_format_is_404(client_as) -> None:
    assert client_as("controllo").get(CYCLE_URL + "relazione.odt").status_code == 404
