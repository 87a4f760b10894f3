"""Reads of the audit trail: which entries make up an object's history, readable changes."""

from __future__ import annotations

import pytest

from performa.apps.administrations.models import Administration
from performa.apps.audit.selectors import audit_changes, audit_history_for
from performa.apps.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def administration() -> Administration:
    return Administration.objects.create(code="ente", name="Ente")


def record(administration: Administration, code: str, **values) -> None:
    audit_record(
        administration=administration,
        actor_label="x",
        action="override_set",
        object_type="node",
        object_code=code,
        **values,
    )


def test_an_object_history_takes_its_bare_and_qualified_codes_and_its_figures(
    administration: Administration,
) -> None:
    for code in (
        "A1",
        "ente/2024/A1",
        "ente/2024/A1/FY",
        "A1@S1",
        "ente/2023/A1",  # another cycle
        "A10",  # another object that starts alike
        "ente/2024/A10",
        "ente/2024",
    ):
        record(administration, code)
    items = audit_history_for(administration=administration, year=2024, codes=["A1"])
    assert sorted(item.entry.object_code for item in items) == [
        "A1",
        "A1@S1",
        "ente/2024/A1",
        "ente/2024/A1/FY",
    ]


def test_codes_are_matched_literally(administration: Administration) -> None:
    record(administration, "01X01")
    assert audit_history_for(administration=administration, year=2024, codes=["01_01"]) == []


def test_the_history_is_newest_first_and_limited(administration: Administration) -> None:
    for number in range(5):
        record(administration, "A1", reason=str(number))
    items = audit_history_for(administration=administration, year=2024, codes=["A1"], limit=3)
    assert [item.entry.reason for item in items] == ["4", "3", "2"]


def test_changes_list_the_fields_that_differ(administration: Administration) -> None:
    record(
        administration,
        "A1",
        before={"evaluated_percent": "80.5", "justification": "x", "evaluator": "E"},
        after={"evaluated_percent": "90", "justification": "x", "evaluator": "E", "new": [1, 2]},
    )
    [item] = audit_history_for(administration=administration, year=2024, codes=["A1"])
    assert [(c.field, c.before, c.after) for c in item.changes] == [
        ("punteggio valutato", "80,5", "90"),
        ("new", "—", "[1, 2]"),
    ]
    assert item.action_label == "Intervento sul punteggio"


def test_an_entry_with_no_values_changes_nothing(administration: Administration) -> None:
    record(administration, "A1")
    [item] = audit_history_for(administration=administration, year=2024, codes=["A1"])
    assert audit_changes(item.entry) == ()


def test_an_entry_that_repeats_the_same_values_shows_them_unchanged(
    administration: Administration,
) -> None:
    record(administration, "A1", before={"value": "1"}, after={"value": "1"})
    [item] = audit_history_for(administration=administration, year=2024, codes=["A1"])
    assert item.changes == ()
    assert item.has_values
