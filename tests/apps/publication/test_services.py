"""Publishing and withdrawing: who may, when, what is frozen, and the audit trail."""

from __future__ import annotations

import pytest
from django.test import Client

from performa.apps.audit.models import AuditEntry
from performa.apps.publication.models import Publication, PublicationKind
from performa.apps.publication.services import (
    PublicationPermissionError,
    PublicationStateError,
    publication_publish,
    publication_withdraw,
)
from tests.apps.publication.conftest import ADMINISTRATION, YEAR


def test_the_plan_is_published_only_once_adopted(cycle, actor) -> None:
    with pytest.raises(PublicationStateError, match="non è ancora stato adottato"):
        publication_publish(actor=actor("office"), cycle=cycle, kind=PublicationKind.PLAN)
    assert not Publication.objects.exists()


def test_results_are_published_only_once_validated(adopted, actor) -> None:
    with pytest.raises(PublicationStateError, match="non sono ancora validati"):
        publication_publish(actor=actor("office"), cycle=adopted, kind=PublicationKind.RESULTS)


@pytest.mark.parametrize("role", ["secretary_general", "manager", "officer", "oiv", "viewer"])
def test_only_the_office_publishes(adopted, actor, role) -> None:
    with pytest.raises(PublicationPermissionError):
        publication_publish(actor=actor(role), cycle=adopted, kind=PublicationKind.PLAN)


def test_publishing_again_withdraws_the_previous_snapshot_and_is_audited(adopted, actor) -> None:
    first = publication_publish(actor=actor("office"), cycle=adopted, kind=PublicationKind.PLAN)
    second = publication_publish(actor=actor("office"), cycle=adopted, kind=PublicationKind.PLAN)
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert second.withdrawn_at is None
    assert second.digest == first.digest  # same plan, same content, same ETag
    entries = AuditEntry.objects.filter(action="publication_publish", cycle=adopted)
    assert entries.count() == 2
    publication_withdraw(actor=actor("office"), publication=second, reason="errore materiale")
    assert AuditEntry.objects.get(action="publication_withdraw").reason == "errore materiale"
    with pytest.raises(PublicationStateError):
        publication_withdraw(actor=actor("office"), publication=second)


def test_the_snapshot_keeps_no_people_and_no_figures_for_the_plan(plan_published) -> None:
    snapshot = plan_published.snapshot
    assert snapshot["kind"] == "plan"
    assert snapshot["plan_act"]["reference"] == "Delibera di Giunta n. 5/2024"
    assert all(item["actual"] is None for item in snapshot["indicators"])
    assert all(item["evaluated_percent"] is None for item in snapshot["objectives"])
    assert "manager" not in snapshot["objectives"][0]
    assert "people" not in snapshot
    assert "assignments" not in snapshot


def test_the_office_page_publishes_and_withdraws(adopted, client_as) -> None:
    office = client_as("office")
    url = f"/{ADMINISTRATION}/{YEAR}/pubblicazione/"
    assert "Pubblica il piano" in office.get(url).text
    assert office.post(url, {"kind": "plan"}).status_code == 302
    assert Client().get(f"/trasparenza/{ADMINISTRATION}/{YEAR}/").status_code == 200
    refused = office.post(url, {"kind": "results"})
    assert refused.status_code == 400
    assert "non sono ancora validati" in refused.text
    publication = Publication.objects.get(withdrawn_at=None)
    assert office.post(url, {"withdraw": publication.pk}).status_code == 302
    assert Client().get(f"/trasparenza/{ADMINISTRATION}/{YEAR}/").status_code == 404
    assert client_as("viewer").get(url).status_code == 403
    assert client_as("outsider").get(url).status_code == 404
