"""The demo shows something public: its 2024 plan adopted and published, idempotently, while
the cycle stays open for data entry."""

from __future__ import annotations

from django.test import Client

from performa.apps.cycles.models import CycleState
from performa.apps.publication.demo import publication_demo_publish
from performa.apps.publication.models import Publication


def test_the_demo_publishes_its_plan_once(demo_cycle) -> None:
    first = publication_demo_publish(cycle=demo_cycle)
    again = publication_demo_publish(cycle=demo_cycle)
    assert first.pk == again.pk
    assert Publication.objects.count() == 1
    demo_cycle.refresh_from_db()
    assert demo_cycle.state != CycleState.VALIDATED
    page = Client().get(f"/trasparenza/{demo_cycle.administration.code}/{demo_cycle.year}/")
    assert page.status_code == 200
    assert "Deliberazione di Giunta n. 05/24" in page.text
