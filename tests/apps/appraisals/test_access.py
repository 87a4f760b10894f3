"""Who can see what: only the person, their evaluator, the office and the OIV read a sheet."""

from __future__ import annotations

import pytest

from performa.apps.administrations.access import Action, actor_for, can_appraisal
from performa.apps.appraisals.selectors import appraisal_summary, sheets_for
from performa.apps.appraisals.services import SheetPermissionError, sheet_view_record
from performa.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

# Who reads which demo sheet (SG: Baroncelli, evaluated by the Giunta on the OIV's proposal;
# DIR-PROM: Bosi (dirigente) and DIR-TUT: Morosi (morosi), both evaluated by Baroncelli).
READERS = {
    "SG": {"controllo", "segretario", "oiv"},
    "DIR-PROM": {"controllo", "segretario", "dirigente", "oiv"},
    "DIR-TUT": {"controllo", "segretario", "morosi", "oiv"},
}
USERS = ("controllo", "segretario", "dirigente", "morosi", "referente", "oiv", "lettore")


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("person", sorted(READERS))
def test_only_the_person_the_evaluator_the_office_and_the_oiv_read_a_sheet(
    demo_sheets, actor_as, person, username
) -> None:
    sheet = demo_sheets[person]
    allowed = username in READERS[person]
    assert can_appraisal(actor_as(username), Action.VIEW_APPRAISAL, sheet) is allowed


@pytest.mark.parametrize("username", USERS)
def test_the_lists_show_nobody_else_s_sheet(demo_sheets, actor_as, username) -> None:
    lists = sheets_for(actor=actor_as(username), cycle=demo_sheets["SG"].cycle)
    shown = {sheet.person.code for sheet in lists.own + lists.to_evaluate + lists.others}
    assert shown == {person for person, readers in READERS.items() if username in readers}


def test_the_evaluator_lists_the_sheets_she_evaluates_apart_from_her_own(demo_sheets, actor_as):
    lists = sheets_for(actor=actor_as("segretario"), cycle=demo_sheets["SG"].cycle)
    assert [sheet.person.code for sheet in lists.own] == ["SG"]
    assert sorted(sheet.person.code for sheet in lists.to_evaluate) == ["DIR-PROM", "DIR-TUT"]


def test_a_user_of_another_administration_reads_no_sheet(demo_sheets, actor_as) -> None:
    from django.contrib.auth.models import User

    from performa.apps.administrations.models import Administration, Membership, Role

    other = Administration.objects.create(code="altro-ente", name="Altro ente")
    user = User.objects.create_user("estraneo", password="not-used-here-2024")
    Membership.objects.create(administration=other, user=user, role=Role.OFFICE)
    outsider = actor_for(user, "altro-ente")
    assert not can_appraisal(outsider, Action.VIEW_APPRAISAL, demo_sheets["SG"])


def test_every_reading_is_recorded_and_a_refused_one_writes_nothing(demo_sheets, actor_as):
    sheet = demo_sheets["DIR-TUT"]
    sheet_view_record(actor=actor_as("oiv"), sheet=sheet)
    entry = AuditEntry.objects.get(action="appraisal_viewed")
    assert entry.actor is not None
    assert entry.actor.username == "oiv"
    assert entry.object_code.endswith("/scheda/DIR-TUT")
    with pytest.raises(SheetPermissionError):
        sheet_view_record(actor=actor_as("dirigente"), sheet=sheet)
    assert AuditEntry.objects.filter(action="appraisal_viewed").count() == 1


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("controllo", True),
        ("oiv", True),
        ("segretario", True),
        ("dirigente", False),
        ("referente", False),
        ("lettore", False),
    ],
)
def test_the_summary_is_for_the_office_the_oiv_and_the_segretario(
    demo_sheets, actor_as, username, visible
) -> None:
    summary = appraisal_summary(actor=actor_as(username), cycle=demo_sheets["SG"].cycle)
    assert (summary.sheet_count == 3) is visible


def test_the_summary_counts_bands_without_names(demo_sheets, actor_as) -> None:
    summary = appraisal_summary(actor=actor_as("controllo"), cycle=demo_sheets["SG"].cycle)
    assert summary.evaluated_count == 1
    assert summary.is_small  # one evaluated sheet: a cell would point at a person
    counts = {row.band: row.total for row in summary.rows}
    assert counts["Eccellente"] == 1
    assert "Catia" not in repr(summary)
