"""The API: public reads, token authentication, object-level permissions, writes through the
services, pagination, filtering and rate limiting."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client, override_settings

from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import MonitoringPeriod
from performa.apps.cycles.services import period_open
from performa.apps.measurements.models import Measurement
from performa.apps.plans.models import Indicator
from performa.apps.publication.models import ApiToken
from performa.apps.publication.services import api_token_create, api_token_revoke
from tests.access.cast import actor_of, indicators_own_and_other
from tests.apps.publication.conftest import ADMINISTRATION, YEAR

BASE = f"/api/v1/administrations/{ADMINISTRATION}"
PUBLIC = f"/api/v1/public/administrations/{ADMINISTRATION}/years/{YEAR}"


def _client(key: str) -> Client:
    return Client(headers={"authorization": f"Bearer {key}"})


def _token_of(role: str) -> str:
    """A token acting as the cast member ``role`` (created by the office, as the page does)."""
    token, key = api_token_create(actor=actor_of("office"), name=f"integrazione {role}")
    if role != "office":
        from django.contrib.auth.models import User

        from tests.access.cast import USERNAMES

        ApiToken.objects.filter(pk=token.pk).update(user=User.objects.get(username=USERNAMES[role]))
    return key


def _open_first_half(cycle) -> MonitoringPeriod:
    period = MonitoringPeriod.objects.select_related("cycle").get(cycle=cycle, code="S1")
    period_open(actor=actor_of("office"), period=period)
    period.refresh_from_db()
    return period


def test_tokens_are_stored_hashed_and_shown_once(cycle) -> None:
    token, key = api_token_create(actor=actor_of("office"), name="contabilità")
    assert key.startswith("pfm_")
    assert len(key) > 40
    assert key not in token.key_hash
    assert token.prefix == key[:12]
    assert AuditEntry.objects.filter(action="api_token_create", object_code=token.prefix).exists()


def test_a_token_reads_the_live_plan_with_pagination_and_filters(cycle) -> None:
    client = _client(_token_of("office"))
    page = client.get(f"{BASE}/cycles/{YEAR}/indicators?limit=10&offset=5").json()
    assert page["count"] == Indicator.objects.filter(cycle=cycle).count()
    assert len(page["items"]) == 10
    assert page["offset"] == 5
    only = client.get(f"{BASE}/cycles/{YEAR}/indicators?objective=01_01_0502&limit=500").json()
    assert 0 < only["count"] < page["count"]
    assert client.get(f"{BASE}/cycles").json()[0]["year"] == YEAR


def test_a_revoked_token_is_refused(cycle) -> None:
    token, key = api_token_create(actor=actor_of("office"), name="da revocare")
    client = _client(key)
    assert client.get(f"{BASE}/cycles").status_code == 200
    api_token_revoke(actor=actor_of("office"), token=token)
    assert client.get(f"{BASE}/cycles").status_code == 401
    assert _client("pfm_inventata").get(f"{BASE}/cycles").status_code == 401


def test_a_token_never_reaches_another_administration(cycle) -> None:
    key = _token_of("office")
    assert _client(key).get("/api/v1/administrations/altro-ente/cycles").status_code == 404


def test_an_officer_token_writes_only_its_own_indicators(cycle) -> None:
    period = _open_first_half(cycle)
    own, other = indicators_own_and_other(cycle)
    client = _client(_token_of("officer"))
    url = f"{BASE}/cycles/{YEAR}/periods/S1/measurements/"
    body = {
        "value": "12,5",
        "version": 0,
        "comment": "da contabilità",
        "deviation_explanation": "x",
    }
    refused = client.put(url + other.code, body, content_type="application/json")
    assert refused.status_code in {403, 404}
    if own.comparator in {"entro"}:
        body["value"] = "2024-03-01"
    elif own.comparator == "si/no":
        body["value"] = "true"
    saved = client.put(url + own.code, body, content_type="application/json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["status"] == "draft"
    assert saved.json()["version"] == 1
    measurement = Measurement.objects.get(indicator=own, period=period)
    assert measurement.comment == "da contabilità"
    assert AuditEntry.objects.filter(object_code=f"{own.code} @ S1").exists()
    stale = client.put(url + own.code, body, content_type="application/json")
    assert stale.status_code == 409  # version 0 again: someone else saved first
    listed = client.get(f"{BASE}/cycles/{YEAR}/periods/S1/measurements").json()
    assert [item["indicator_code"] for item in listed["items"]] == [own.code]


def test_a_figure_on_a_closed_period_is_refused_with_a_message(cycle) -> None:
    own, _other = indicators_own_and_other(cycle)
    client = _client(_token_of("office"))
    response = client.put(
        f"{BASE}/cycles/{YEAR}/periods/S1/measurements/{own.code}",
        {"value": "1", "version": 0},
        content_type="application/json",
    )
    assert response.status_code == 400  # the period is closed: refused by the service
    assert "chius" in response.json()["detail"]
    assert not Measurement.objects.filter(indicator=own, period__code="S1").exists()


def test_a_bad_value_is_a_located_400(cycle) -> None:
    _open_first_half(cycle)
    own = Indicator.objects.filter(cycle=cycle, comparator=">=").first()
    assert own is not None
    response = _client(_token_of("office")).put(
        f"{BASE}/cycles/{YEAR}/periods/S1/measurements/{own.code}",
        {"value": "dodici", "version": 0},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("value: ")


def test_the_office_changes_a_target_through_the_plan_editor(cycle) -> None:
    client = _client(_token_of("office"))
    item = client.get(f"{BASE}/cycles/{YEAR}/indicators?limit=1").json()["items"][0]
    url = f"{BASE}/cycles/{YEAR}/indicators/{item['code']}"
    body = {"fingerprint": item["fingerprint"], "name": "Nome dall'integrazione"}
    changed = client.patch(url, body, content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert Indicator.objects.get(cycle=cycle, code=item["code"]).name == "Nome dall'integrazione"
    assert client.patch(url, body, content_type="application/json").status_code == 409
    viewer = _client(_token_of("viewer"))
    fresh = changed.json()["fingerprint"]
    refused = viewer.patch(
        url, {"fingerprint": fresh, "name": "No"}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_public_reads_need_no_token_and_filter(results_published) -> None:
    client = Client()
    year = client.get(PUBLIC).json()
    assert year["kind"] == "results"
    assert round(Decimal(year["entity"]["evaluated_percent"]), 2) == Decimal("96.41")
    all_ = client.get(f"{PUBLIC}/indicators?limit=500").json()
    off = client.get(f"{PUBLIC}/indicators?status=off_target&limit=500").json()
    assert 0 < off["count"] < all_["count"]
    assert {item["status"] for item in off["items"]} == {"off_target"}
    found = client.get(f"{PUBLIC}/indicators?q=cassetto").json()
    assert found["count"] > 0
    assert all("cassetto" in i["name"].lower() for i in found["items"])
    assert client.get(f"{PUBLIC}/indicators?limit=0").status_code == 422


@override_settings(PERFORMA_API_THROTTLE={"anonymous_per_minute": 3, "token_per_minute": 5})
def test_too_many_requests_answer_429_with_retry_after(cycle) -> None:
    client = Client()
    answers = [client.get("/api/v1/public/administrations").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get("/api/v1/public/administrations")
    assert int(limited["Retry-After"]) > 0
    token_client = _client(_token_of("office"))
    assert token_client.get(f"{BASE}/cycles").status_code == 200  # counted per token


def test_the_docs_use_the_vendored_swagger_files(cycle) -> None:
    page = Client().get("/api/v1/docs").text
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")


def test_the_token_page_shows_the_key_once_and_revokes(cycle, client_as) -> None:
    office = client_as("office")
    posted = office.post(f"/{ADMINISTRATION}/token-api/", {"name": "sistema paghe"})
    assert posted.status_code == 302
    created = office.get(f"/{ADMINISTRATION}/token-api/")
    assert created.status_code == 200
    token = ApiToken.objects.get(name="sistema paghe")
    assert "no-store" in created["Cache-Control"]
    assert token.prefix in created.text
    assert "pfm_" in created.text
    listing = office.get(f"/{ADMINISTRATION}/token-api/").text
    assert "sistema paghe" in listing
    assert "pfm_" not in listing.replace(f"{token.prefix}…", "")  # the key only once
    revoked = office.post(f"/{ADMINISTRATION}/token-api/", {"revoke": token.pk})
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client_as("viewer").get(f"/{ADMINISTRATION}/token-api/").status_code == 403
    assert client_as("outsider").get(f"/{ADMINISTRATION}/token-api/").status_code == 404
