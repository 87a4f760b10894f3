"""Reads of the audit trail: which entries make up a cycle's list and an object's history
(by the entry's cycle, or by its code for older entries without one), readable changes."""

from __future__ import annotations

import pytest

from performa.apps.administrations.models import Administration
from performa.apps.audit.models import AuditEntry
from performa.apps.audit.selectors import (
    AuditFilters,
    audit_actions_for,
    audit_changes,
    audit_entries_for,
    audit_history_for,
)
from performa.apps.audit.services import audit_record
from performa.apps.cycles.models import Cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def administration() -> Administration:
    return Administration.objects.create(code="ente", name="Ente")


@pytest.fixture
def cycle(administration: Administration) -> Cycle:
    return Cycle.objects.create(administration=administration, year=2024)


@pytest.fixture
def next_cycle(administration: Administration) -> Cycle:
    return Cycle.objects.create(administration=administration, year=2025)


def record(
    administration: Administration, code: str, *, cycle: Cycle | None = None, **values
) -> None:
    audit_record(
        administration=administration,
        cycle=cycle,
        actor_label="x",
        action="override_set",
        object_type="node",
        object_code=code,
        **values,
    )


def codes_of(items) -> list[str]:
    return sorted(item.entry.object_code for item in items)


def test_an_object_history_takes_its_bare_and_qualified_codes_and_its_figures(
    administration: Administration, cycle: Cycle
) -> None:
    for code in (
        "A1",
        "ente/2024/A1",
        "ente/2024/A1/FY",
        "A1@S1",
        "A1 @ S1",
        "ente/2023/A1",  # another cycle
        "A10",  # another object that starts alike
        "ente/2024/A10",
        "ente/2024",
    ):
        record(administration, code)
    items = audit_history_for(cycle=cycle, codes=["A1"])
    assert codes_of(items) == [
        "A1",
        "A1 @ S1",
        "A1@S1",
        "ente/2024/A1",
        "ente/2024/A1/FY",
    ]


def test_codes_are_matched_literally(administration: Administration, cycle: Cycle) -> None:
    record(administration, "01X01")
    record(administration, "01X01", cycle=cycle)
    assert audit_history_for(cycle=cycle, codes=["01_01"]) == []


def test_the_history_is_newest_first_and_limited(
    administration: Administration, cycle: Cycle
) -> None:
    for number in range(5):
        record(administration, "A1", cycle=cycle, reason=str(number))
    items = audit_history_for(cycle=cycle, codes=["A1"], limit=3)
    assert [item.entry.reason for item in items] == ["4", "3", "2"]


def test_changes_list_the_fields_that_differ(administration: Administration, cycle: Cycle) -> None:
    record(
        administration,
        "A1",
        before={"evaluated_percent": "80.5", "justification": "x", "evaluator": "E"},
        after={"evaluated_percent": "90", "justification": "x", "evaluator": "E", "new": [1, 2]},
    )
    [item] = audit_history_for(cycle=cycle, codes=["A1"])
    assert [(c.field, c.before, c.after) for c in item.changes] == [
        ("punteggio valutato", "80,5", "90"),
        ("new", "—", "[1, 2]"),
    ]
    assert item.action_label == "Intervento sul punteggio"


def test_an_entry_with_no_values_changes_nothing(
    administration: Administration, cycle: Cycle
) -> None:
    record(administration, "A1")
    [item] = audit_history_for(cycle=cycle, codes=["A1"])
    assert audit_changes(item.entry) == ()


def test_an_entry_that_repeats_the_same_values_shows_them_unchanged(
    administration: Administration, cycle: Cycle
) -> None:
    record(administration, "A1", before={"value": "1"}, after={"value": "1"})
    [item] = audit_history_for(cycle=cycle, codes=["A1"])
    assert item.changes == ()
    assert item.has_values


def test_two_cycles_with_the_same_codes_never_mix(
    administration: Administration, cycle: Cycle, next_cycle: Cycle
) -> None:
    for year_cycle in (cycle, next_cycle):
        for code in ("01_01", "01_01_I01 @ S1", f"ente/{year_cycle.year}/01_01"):
            record(administration, code, cycle=year_cycle, reason=str(year_cycle.year))
    for year_cycle in (cycle, next_cycle):
        history = audit_history_for(cycle=year_cycle, codes=["01_01", "01_01_I01"])
        listed = audit_entries_for(cycle=year_cycle, filters=AuditFilters())
        assert [item.entry.reason for item in history] == [str(year_cycle.year)] * 3
        assert [entry.reason for entry in listed] == [str(year_cycle.year)] * 3


def test_entries_without_a_cycle_are_placed_by_their_code(
    administration: Administration, cycle: Cycle, next_cycle: Cycle
) -> None:
    record(administration, "ente/2024/01_01")
    record(administration, "ente/2024")
    record(administration, "ente/2025/01_01")
    record(administration, "01_01_I01 @ S1")  # no year in the code: every cycle shows it
    record(administration, "01_01", cycle=next_cycle)
    assert codes_of(audit_history_for(cycle=cycle, codes=["01_01", "01_01_I01"])) == [
        "01_01_I01 @ S1",
        "ente/2024/01_01",
    ]
    assert sorted(
        entry.object_code for entry in audit_entries_for(cycle=next_cycle, filters=AuditFilters())
    ) == ["01_01", "01_01_I01 @ S1", "ente/2025/01_01"]


def test_the_actions_offered_are_those_of_the_cycle(
    administration: Administration, cycle: Cycle, next_cycle: Cycle
) -> None:
    audit_record(
        administration=administration,
        cycle=next_cycle,
        actor_label="x",
        action="cycle_validate",
        object_type="cycle",
    )
    record(administration, "A1", cycle=cycle)
    assert audit_actions_for(cycle=cycle) == [("override_set", "Intervento sul punteggio")]


def test_an_entry_outlives_its_cycle(administration: Administration, cycle: Cycle) -> None:
    record(administration, "ente/2024/A1", cycle=cycle)
    cycle.delete()
    entry = AuditEntry.objects.get()
    assert entry.cycle is None
    assert entry.object_code == "ente/2024/A1"
    later = Cycle.objects.create(administration=administration, year=2025)
    assert audit_history_for(cycle=later, codes=["A1"]) == []


def test_a_cycle_of_another_administration_is_refused(cycle: Cycle) -> None:
    other = Administration.objects.create(code="altro", name="Altro")
    with pytest.raises(ValueError, match="another administration"):
        record(other, "A1", cycle=cycle)


def test_every_action_the_services_record_has_an_italian_name() -> None:
    """An audit list in Italian: a new service's action must come with its label."""
    import re
    from pathlib import Path

    from performa.apps.audit.selectors import ACTION_LABELS

    source = Path(__file__).resolve().parents[3] / "src" / "performa" / "apps"
    recorded = set()
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "audit_record(" in text:
            recorded |= set(re.findall(r'\baction="([a-z_]+)"', text))
    assert recorded, "no audited action found: the scan is broken"
    assert sorted(recorded - ACTION_LABELS.keys()) == []
