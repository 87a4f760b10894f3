"""Each step of a sheet's workflow: who may take it, from which state, what it records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from performa.apps.appraisals.models import ReviewOutcome, Sheet, SheetState
from performa.apps.appraisals.services import (
    SheetInputError,
    SheetPermissionError,
    SheetStateError,
    sheet_acknowledge,
    sheet_decide_review,
    sheet_evaluate,
    sheet_propose,
    sheet_record_midyear,
    sheet_request_review,
    sheet_self_assess,
)
from performa.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = {"C1": 5, "C2": 4, "C3": 4, "C4": 5}


def test_the_office_assigns_a_sheet_with_its_objectives_and_an_audit_entry(fresh_sheet) -> None:
    sheet = fresh_sheet()
    assert sheet.state == SheetState.ASSIGNED
    assert [link.node.code for link in sheet.objectives.all()] == ["01_01_0501", "01_01_0502"]
    entry = AuditEntry.objects.get(action="appraisal_assigned")
    assert entry.actor is not None
    assert entry.actor.username == "controllo"
    assert entry.after == {"state": "assigned"}


def test_only_the_office_assigns_sheets(fresh_sheet, actor_as, cast) -> None:
    from performa.apps.administrations.models import Person
    from performa.apps.appraisals.models import Scheme
    from performa.apps.appraisals.services import sheet_assign

    fresh_sheet()  # the example schemes
    with pytest.raises(SheetPermissionError):
        sheet_assign(
            actor=actor_as("segretario"),
            cycle=cast,
            person=Person.objects.get(code="DIR-TUT"),
            scheme=Scheme.objects.get(code="dirigenti"),
            evaluator=Person.objects.get(code="SG"),
            objectives=[],
        )


def test_an_unknown_objective_is_refused_and_nothing_is_written(fresh_sheet, actor_as, cast):
    from performa.apps.administrations.models import Person
    from performa.apps.appraisals.models import Scheme, Sheet
    from performa.apps.appraisals.services import ObjectiveLink, sheet_assign

    fresh_sheet()
    count = Sheet.objects.count()
    with pytest.raises(SheetInputError, match="«99_99»"):
        sheet_assign(
            actor=actor_as("controllo"),
            cycle=cast,
            person=Person.objects.get(code="DIR-TUT"),
            scheme=Scheme.objects.get(code="dirigenti"),
            evaluator=Person.objects.get(code="SG"),
            objectives=[ObjectiveLink("01_01_0501"), ObjectiveLink("99_99")],
        )
    assert Sheet.objects.count() == count


def test_the_whole_direct_workflow_from_assignment_to_acknowledgement(fresh_sheet, actor_as):
    sheet = fresh_sheet()
    sheet = sheet_record_midyear(actor=actor_as("segretario"), sheet=sheet, note="In linea.")
    assert sheet.state == SheetState.MIDYEAR
    assert sheet.midyear_by is not None
    assert sheet.midyear_by.username == "segretario"
    sheet = sheet_self_assess(actor=actor_as("dirigente"), sheet=sheet, ratings=GOOD, note="")
    assert sheet.state == SheetState.SELF_ASSESSED
    sheet = sheet_evaluate(
        actor=actor_as("segretario"), sheet=sheet, ratings=GOOD, note="Ottimo anno."
    )
    assert sheet.state == SheetState.EVALUATED
    assert sheet.behaviours_percent == Decimal(90)
    assert sheet.organisational_percent is not None
    assert sheet.objectives_percent is not None
    assert sheet.total_percent == (
        Decimal("0.4") * sheet.organisational_percent
        + Decimal("0.3") * sheet.objectives_percent
        + Decimal("0.3") * Decimal(90)
    )
    sheet = sheet_acknowledge(actor=actor_as("dirigente"), sheet=sheet, note="Presa visione.")
    assert sheet.state == SheetState.ACKNOWLEDGED
    actions = list(
        AuditEntry.objects.filter(object_type="appraisal_sheet")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "appraisal_assigned",
        "appraisal_midyear",
        "appraisal_self_assessed",
        "appraisal_evaluated",
        "appraisal_acknowledged",
    ]


def test_audit_entries_never_hold_ratings_or_scores(fresh_sheet, actor_as) -> None:
    sheet = fresh_sheet()
    sheet = sheet_record_midyear(actor=actor_as("segretario"), sheet=sheet, note="In linea.")
    sheet_evaluate(actor=actor_as("segretario"), sheet=sheet, ratings=GOOD, note="Bene.")
    for entry in AuditEntry.objects.filter(object_type="appraisal_sheet"):
        assert set(entry.before or {}) | set(entry.after or {}) <= {"state"}


def test_self_assessment_is_optional(fresh_sheet, actor_as) -> None:
    sheet = fresh_sheet()
    sheet = sheet_record_midyear(actor=actor_as("segretario"), sheet=sheet, note="In linea.")
    sheet = sheet_evaluate(actor=actor_as("segretario"), sheet=sheet, ratings=GOOD, note="Bene.")
    assert sheet.state == SheetState.EVALUATED


def test_the_evaluation_waits_for_the_mid_year_talk(fresh_sheet, actor_as) -> None:
    sheet = fresh_sheet()
    with pytest.raises(SheetStateError, match="Obiettivi assegnati"):
        sheet_evaluate(actor=actor_as("segretario"), sheet=sheet, ratings=GOOD, note="Bene.")


def test_with_an_oiv_proposal_the_evaluator_decides_only_after_it(fresh_sheet, actor_as) -> None:
    sheet = fresh_sheet(oiv=True)
    sheet = sheet_record_midyear(actor=actor_as("segretario"), sheet=sheet, note="In linea.")
    with pytest.raises(SheetStateError):
        sheet_evaluate(actor=actor_as("segretario"), sheet=sheet, ratings=GOOD, note="Bene.")
    with pytest.raises(SheetPermissionError):
        sheet_propose(actor=actor_as("segretario"), sheet=sheet, ratings=GOOD, note="x")
    sheet = sheet_propose(actor=actor_as("oiv"), sheet=sheet, ratings=GOOD, note="Proposta.")
    assert sheet.state == SheetState.PROPOSED
    assert sheet.proposed_by is not None
    assert sheet.proposed_by.username == "oiv"
    sheet = sheet_evaluate(actor=actor_as("segretario"), sheet=sheet, ratings=GOOD, note="Sì.")
    assert sheet.state == SheetState.EVALUATED


def test_the_oiv_cannot_propose_on_a_sheet_without_a_proposal(fresh_sheet, actor_as) -> None:
    sheet = fresh_sheet()
    sheet = sheet_record_midyear(actor=actor_as("segretario"), sheet=sheet, note="In linea.")
    with pytest.raises(SheetPermissionError):
        sheet_propose(actor=actor_as("oiv"), sheet=sheet, ratings=GOOD, note="Proposta.")


@pytest.mark.parametrize("username", ["dirigente", "controllo", "oiv", "referente", "lettore"])
def test_only_the_evaluator_records_the_mid_year_talk(fresh_sheet, actor_as, username) -> None:
    sheet = fresh_sheet()
    with pytest.raises(SheetPermissionError):
        sheet_record_midyear(actor=actor_as(username), sheet=sheet, note="In linea.")
    sheet.refresh_from_db()
    assert sheet.state == SheetState.ASSIGNED


@pytest.mark.parametrize("username", ["segretario", "controllo", "oiv"])
def test_only_the_person_self_assesses_acknowledges_and_asks_for_review(
    fresh_sheet, actor_as, username
) -> None:
    sheet = fresh_sheet()
    sheet = sheet_record_midyear(actor=actor_as("segretario"), sheet=sheet, note="In linea.")
    with pytest.raises(SheetPermissionError):
        sheet_self_assess(actor=actor_as(username), sheet=sheet, ratings=GOOD)
    sheet = sheet_evaluate(actor=actor_as("segretario"), sheet=sheet, ratings=GOOD, note="Bene.")
    with pytest.raises(SheetPermissionError):
        sheet_acknowledge(actor=actor_as(username), sheet=sheet)
    with pytest.raises(SheetPermissionError):
        sheet_request_review(actor=actor_as(username), sheet=sheet, reason="No.")


@pytest.mark.parametrize(
    ("ratings", "message", "field"),
    [
        ({"C1": 5, "C2": 4, "C3": 4}, "Manca il voto di «Orientamento all'utenza»", "C4"),
        ({**GOOD, "C4": 6}, "deve essere tra 1 e 5", "C4"),
        ({**GOOD, "C9": 3}, "«C9» non è nello schema", "C9"),
    ],
)
def test_bad_ratings_are_refused_with_the_behaviour_named(
    fresh_sheet, actor_as, ratings, message, field
) -> None:
    sheet = fresh_sheet()
    sheet = sheet_record_midyear(actor=actor_as("segretario"), sheet=sheet, note="In linea.")
    with pytest.raises(SheetInputError, match=message) as raised:
        sheet_evaluate(actor=actor_as("segretario"), sheet=sheet, ratings=ratings, note="x")
    assert raised.value.field == field
    sheet.refresh_from_db()
    assert sheet.state == SheetState.MIDYEAR
    assert sheet.total_percent is None


def test_an_evaluation_needs_its_reasons(fresh_sheet, actor_as) -> None:
    sheet = fresh_sheet()
    sheet = sheet_record_midyear(actor=actor_as("segretario"), sheet=sheet, note="In linea.")
    with pytest.raises(SheetInputError, match="Motiva"):
        sheet_evaluate(actor=actor_as("segretario"), sheet=sheet, ratings=GOOD, note="  ")


def _evaluated(fresh_sheet: Any, actor_as: Any) -> Sheet:
    sheet = fresh_sheet()
    sheet = sheet_record_midyear(actor=actor_as("segretario"), sheet=sheet, note="In linea.")
    return sheet_evaluate(
        actor=actor_as("segretario"), sheet=sheet, ratings=dict.fromkeys(GOOD, 3), note="Così."
    )


def test_a_review_modified_recomputes_the_total(fresh_sheet, actor_as) -> None:
    sheet = _evaluated(fresh_sheet, actor_as)
    before = sheet.total_percent
    sheet = sheet_acknowledge(actor=actor_as("dirigente"), sheet=sheet)
    sheet = sheet_request_review(actor=actor_as("dirigente"), sheet=sheet, reason="Troppo basso.")
    assert sheet.state == SheetState.REVIEW_REQUESTED
    with pytest.raises(SheetPermissionError):
        sheet_decide_review(
            actor=actor_as("segretario"), sheet=sheet, outcome="confirmed", note="x"
        )
    sheet = sheet_decide_review(
        actor=actor_as("oiv"),
        sheet=sheet,
        outcome=ReviewOutcome.MODIFIED,
        note="Accolta in parte.",
        ratings=GOOD,
    )
    assert sheet.state == SheetState.REVIEW_DECIDED
    assert sheet.total_percent is not None
    assert before is not None
    assert sheet.total_percent > before
    assert sheet.review_decided_by is not None
    assert sheet.review_decided_by.username == "oiv"


def test_a_review_confirmed_keeps_the_total(fresh_sheet, actor_as) -> None:
    sheet = _evaluated(fresh_sheet, actor_as)
    sheet.refresh_from_db()
    total = sheet.total_percent
    sheet = sheet_request_review(actor=actor_as("dirigente"), sheet=sheet, reason="Perché?")
    sheet = sheet_decide_review(
        actor=actor_as("controllo"), sheet=sheet, outcome="confirmed", note="Confermata."
    )
    assert sheet.review_outcome == ReviewOutcome.CONFIRMED
    assert sheet.total_percent == total


def test_a_review_cannot_be_asked_before_the_evaluation(fresh_sheet, actor_as) -> None:
    sheet = fresh_sheet()
    with pytest.raises(SheetStateError):
        sheet_request_review(actor=actor_as("dirigente"), sheet=sheet, reason="Perché?")


def test_the_giunta_decides_through_the_office_with_its_act(demo_sheets, actor_as) -> None:
    from performa.apps.appraisals.models import Sheet

    sheet = demo_sheets["SG"]
    sheet.state = SheetState.PROPOSED
    sheet.save()
    sheet = Sheet.objects.get(pk=sheet.pk)
    with pytest.raises(SheetPermissionError):
        sheet_evaluate(actor=actor_as("oiv"), sheet=sheet, ratings=GOOD, note="x")
    with pytest.raises(SheetInputError, match="Giunta camerale"):
        sheet_evaluate(actor=actor_as("controllo"), sheet=sheet, ratings=GOOD, note="Sì.")
    sheet = sheet_evaluate(
        actor=actor_as("controllo"),
        sheet=sheet,
        ratings=GOOD,
        note="La Giunta accoglie la proposta.",
        act_reference="Delibera 12/2025",
    )
    assert sheet.state == SheetState.EVALUATED


def test_a_scheme_whose_weights_do_not_add_up_to_100_is_refused(fresh_sheet) -> None:
    from django.core.exceptions import ValidationError

    from performa.apps.appraisals.models import Scheme

    fresh_sheet()
    scheme = Scheme.objects.get(code="dirigenti")
    scheme.full_clean()
    scheme.behaviours_weight = Decimal(20)
    with pytest.raises(ValidationError, match="sommare a 100"):
        scheme.full_clean()
