"""The copy page and the list of targets to review: who may, what they show, what they do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from performa.apps.accounts.services import demo_accounts_ensure
from performa.apps.administrations.models import Administration, Membership, Role
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator

pytestmark = pytest.mark.django_db

COPY_URL = "/cciaa-pistoia-prato/2024/piano/copia/"
REVIEW_URL = "/cciaa-pistoia-prato/2025/piano/target-da-verificare/"


@pytest.fixture
def cast(demo_cycle: Cycle, settings) -> Cycle:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_accounts_ensure(administration=demo_cycle.administration)
    return demo_cycle


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_office_sees_what_will_be_copied(cast: Cycle) -> None:
    response = _client("controllo").get(COPY_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nuovo ciclo dal piano 2024" in page
    assert '<th scope="row">Indicatori</th><td class="text-end">379</td>' in page
    assert (
        '<th scope="row">Collegamenti indicatore-obiettivo</th><td class="text-end">389</td>'
        in page
    )
    assert 'value="2025"' in page
    assert '<label for="id_year"' in page


def test_copying_creates_the_cycle_and_lists_its_targets_to_review(cast: Cycle) -> None:
    client = _client("controllo")
    response = client.post(COPY_URL, {"year": "2025"})
    assert response.status_code == 302
    assert response["Location"] == REVIEW_URL
    assert Cycle.objects.filter(administration=cast.administration, year=2025).exists()
    page = client.get(REVIEW_URL).content.decode()
    assert "379 target da verificare" in page
    assert "Entro 31/01/2025" in page
    assert 'href="/cciaa-pistoia-prato/2025/"' in page


def test_marking_a_target_reviewed_takes_it_off_the_list(cast: Cycle) -> None:
    client = _client("controllo")
    client.post(COPY_URL, {"year": "2025"})
    response = client.post(f"{REVIEW_URL}OC_TD_02/verificato/")
    assert response.status_code == 302
    assert not Indicator.objects.get(cycle__year=2025, code="OC_TD_02").target_to_review
    assert "378 target da verificare" in client.get(REVIEW_URL).content.decode()
    assert client.post(f"{REVIEW_URL}NOPE/verificato/").status_code == 404


def test_an_existing_year_is_refused_on_the_page(cast: Cycle) -> None:
    client = _client("controllo")
    client.post(COPY_URL, {"year": "2025"})
    audits = AuditEntry.objects.count()
    response = client.post(COPY_URL, {"year": "2025"})
    assert response.status_code == 400
    assert "Il ciclo 2025 esiste già" in response.content.decode()
    assert client.post(COPY_URL, {"year": "due"}).status_code == 400
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize("username", ["segretario", "dirigente", "referente", "oiv", "lettore"])
def test_other_roles_are_forbidden(cast: Cycle, username: str) -> None:
    client = _client(username)
    assert client.get(COPY_URL).status_code == 403
    assert client.post(COPY_URL, {"year": "2025"}).status_code == 403
    assert client.get("/cciaa-pistoia-prato/2024/piano/target-da-verificare/").status_code == 403
    assert not Cycle.objects.filter(year=2025).exists()


def test_another_administration_gets_404(cast: Cycle) -> None:
    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    user = User.objects.create_user("estraneo")
    Membership.objects.create(administration=other, user=user, role=Role.OFFICE)
    client = Client()
    client.force_login(user)
    assert client.get(COPY_URL).status_code == 404
    assert client.post(COPY_URL, {"year": "2025"}).status_code == 404
    assert not Cycle.objects.filter(year=2025).exists()


def test_anonymous_users_are_sent_to_log_in(cast: Cycle) -> None:
    response = Client().get(COPY_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accesso/")
