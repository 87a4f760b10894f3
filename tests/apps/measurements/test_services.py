"""The data-entry workflow: draft, submit, accept, send back; scope, state and version checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from performa.apps.administrations.access import Actor
from performa.apps.audit.models import AuditEntry
from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod
from performa.apps.cycles.selectors import cycle_scores
from performa.apps.measurements.models import Measurement, MeasurementStatus
from performa.apps.measurements.selectors import measurement_rows_for
from performa.apps.measurements.services import (
    MeasurementConflictError,
    MeasurementEntry,
    MeasurementError,
    MeasurementRefusedError,
    measurement_accept,
    measurement_return,
    measurement_save_draft,
    measurement_submit,
)
from performa.apps.plans.models import Indicator

from .conftest import OTHER_UNIT, PROMOTION_DEADLINE, PROMOTION_NUMBER, PROMOTION_PERCENT

pytestmark = pytest.mark.django_db

ON_TARGET = MeasurementEntry(value=Decimal(90), comment="dato dal gestionale")
BELOW_TARGET = MeasurementEntry(
    value=Decimal("66.544"), deviation_explanation="Meno imprese del previsto."
)


def save(
    actor: Actor,
    indicator: Indicator,
    period: MonitoringPeriod,
    entry: MeasurementEntry = ON_TARGET,
    version: int = 0,
    *,
    submit: bool = False,
) -> Measurement:
    service = measurement_submit if submit else measurement_save_draft
    return service(actor=actor, indicator=indicator, period=period, entry=entry, version=version)


def test_an_officer_saves_a_draft_for_an_indicator_of_their_unit(actor, indicator, period) -> None:
    measurement = save(actor("referente"), indicator(PROMOTION_NUMBER), period)
    assert measurement.status == MeasurementStatus.DRAFT
    assert measurement.value_number == Decimal(90)
    assert measurement.version == 1
    assert measurement.updated_by is not None
    assert measurement.updated_by.username == "referente"
    entry = AuditEntry.objects.get(action="measurement_save_draft")
    assert entry.object_type == "measurement"
    assert entry.object_code == f"{PROMOTION_NUMBER} @ S1"
    assert entry.before is None
    assert entry.after is not None
    assert entry.after["value"] == "90"
    assert entry.actor_label == "Referente Promozione"


def test_saving_again_bumps_the_version_and_records_before_and_after(
    actor, indicator, period
) -> None:
    first = save(actor("referente"), indicator(PROMOTION_NUMBER), period)
    second = save(actor("referente"), indicator(PROMOTION_NUMBER), period, BELOW_TARGET, 1)
    assert second.pk == first.pk
    assert second.version == 2
    entry = AuditEntry.objects.filter(action="measurement_save_draft").first()
    assert entry is not None
    assert entry.before is not None
    assert entry.after is not None
    assert (entry.before["value"], entry.after["value"]) == ("90", "66.544")
    assert entry.reason == "Meno imprese del previsto."


def test_a_manager_enters_figures_of_the_units_they_lead(actor, indicator, period) -> None:
    measurement = save(actor("dirigente"), indicator(PROMOTION_NUMBER), period, submit=True)
    assert measurement.status == MeasurementStatus.SUBMITTED


def test_the_office_accepts_a_submitted_figure(actor, indicator, period) -> None:
    submitted = save(actor("referente"), indicator(PROMOTION_NUMBER), period, submit=True)
    accepted = measurement_accept(
        actor=actor("controllo"), measurement=submitted, version=submitted.version
    )
    assert accepted.status == MeasurementStatus.ACCEPTED
    assert accepted.version == submitted.version + 1
    assert accepted.reviewed_by is not None
    assert accepted.reviewed_by.username == "controllo"
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["measurement_submit", "measurement_accept"]


def test_a_figure_sent_back_shows_the_comment_and_can_be_submitted_again(
    actor, indicator, period
) -> None:
    submitted = save(actor("referente"), indicator(PROMOTION_NUMBER), period, submit=True)
    returned = measurement_return(
        actor=actor("controllo"),
        measurement=submitted,
        version=submitted.version,
        comment="Il valore non coincide con il gestionale.",
    )
    assert returned.status == MeasurementStatus.RETURNED
    assert returned.review_comment == "Il valore non coincide con il gestionale."
    entry = AuditEntry.objects.get(action="measurement_return")
    assert entry.reason == "Il valore non coincide con il gestionale."
    again = save(
        actor("referente"),
        indicator(PROMOTION_NUMBER),
        period,
        MeasurementEntry(value=Decimal(85)),
        returned.version,
        submit=True,
    )
    assert again.status == MeasurementStatus.SUBMITTED
    assert again.value_number == Decimal(85)


def test_sending_back_needs_a_comment(actor, indicator, period) -> None:
    submitted = save(actor("referente"), indicator(PROMOTION_NUMBER), period, submit=True)
    with pytest.raises(MeasurementError, match="motivo del rinvio") as refusal:
        measurement_return(
            actor=actor("controllo"), measurement=submitted, version=submitted.version, comment=" "
        )
    assert refusal.value.field == "review_comment"
    assert Measurement.objects.get(pk=submitted.pk).status == MeasurementStatus.SUBMITTED


def test_only_submitted_figures_are_accepted(actor, indicator, period) -> None:
    draft = save(actor("referente"), indicator(PROMOTION_NUMBER), period)
    with pytest.raises(MeasurementError, match="Bozza"):
        measurement_accept(actor=actor("controllo"), measurement=draft, version=draft.version)


@pytest.mark.parametrize("username", ["referente", "dirigente", "oiv", "segretario", "lettore"])
def test_only_the_office_reviews(actor, indicator, period, username: str) -> None:
    submitted = save(actor("referente"), indicator(PROMOTION_NUMBER), period, submit=True)
    with pytest.raises(MeasurementRefusedError):
        measurement_accept(actor=actor(username), measurement=submitted, version=submitted.version)
    with pytest.raises(MeasurementRefusedError):
        measurement_return(
            actor=actor(username), measurement=submitted, version=submitted.version, comment="no"
        )


def test_a_forged_save_for_another_units_indicator_is_refused(actor, indicator, period) -> None:
    for username in ("referente", "dirigente"):
        with pytest.raises(MeasurementRefusedError, match=OTHER_UNIT):
            save(actor(username), indicator(OTHER_UNIT), period)
    assert not Measurement.objects.filter(period=period).exists()
    assert not AuditEntry.objects.filter(object_type="measurement").exists()


@pytest.mark.parametrize("username", ["oiv", "segretario", "lettore"])
def test_roles_that_do_not_enter_figures_are_refused(actor, indicator, period, username) -> None:
    with pytest.raises(MeasurementRefusedError):
        save(actor(username), indicator(PROMOTION_NUMBER), period)


def test_the_office_enters_any_indicator(actor, indicator, period) -> None:
    entry = MeasurementEntry(value=Decimal(200))
    assert save(actor("controllo"), indicator(OTHER_UNIT), period, entry).status == "draft"


def test_a_closed_period_refuses_figures(actor, indicator, final_period) -> None:
    with pytest.raises(MeasurementError, match="chiuso"):
        save(actor("referente"), indicator(PROMOTION_NUMBER), final_period)


def test_a_validated_cycle_refuses_every_change(actor, indicator, period, cycle: Cycle) -> None:
    submitted = save(actor("referente"), indicator(PROMOTION_NUMBER), period, submit=True)
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.VALIDATED)
    with pytest.raises(MeasurementError, match="validato"):
        save(actor("referente"), indicator(PROMOTION_NUMBER), period, version=submitted.version)
    with pytest.raises(MeasurementError, match="validato"):
        save(actor("controllo"), indicator(PROMOTION_NUMBER), period, version=submitted.version)
    with pytest.raises(MeasurementError, match="validato"):
        measurement_accept(
            actor=actor("controllo"), measurement=submitted, version=submitted.version
        )
    assert Measurement.objects.get(pk=submitted.pk).status == MeasurementStatus.SUBMITTED


def test_a_stale_version_is_refused_with_the_other_users_change(actor, indicator, period) -> None:
    entry = MeasurementEntry(Decimal(12), deviation_explanation="Pochi eventi.")
    save(actor("referente"), indicator(PROMOTION_NUMBER), period, entry)
    with pytest.raises(MeasurementConflictError) as conflict:
        save(actor("dirigente"), indicator(PROMOTION_NUMBER), period, ON_TARGET, version=0)
    message = conflict.value.message
    assert message.startswith("Il valore è stato modificato da Referente Promozione il ")
    assert "12,00\u00a0N." in message
    assert message.endswith("Ricarica per vedere la versione attuale.")
    assert conflict.value.current is not None
    assert Measurement.objects.get(period=period).value_number == Decimal(12)


def test_a_stale_version_is_refused_on_update_too(actor, indicator, period) -> None:
    first = save(actor("referente"), indicator(PROMOTION_NUMBER), period)
    save(actor("dirigente"), indicator(PROMOTION_NUMBER), period, BELOW_TARGET, first.version)
    with pytest.raises(MeasurementConflictError, match="Daniele Bosi"):
        save(actor("referente"), indicator(PROMOTION_NUMBER), period, ON_TARGET, first.version)


def test_accepting_a_figure_changed_meanwhile_is_refused(actor, indicator, period) -> None:
    submitted = save(actor("referente"), indicator(PROMOTION_NUMBER), period, submit=True)
    save(actor("referente"), indicator(PROMOTION_NUMBER), period, BELOW_TARGET, submitted.version)
    with pytest.raises(MeasurementConflictError):
        measurement_accept(
            actor=actor("controllo"), measurement=submitted, version=submitted.version
        )


def test_an_accepted_figure_is_locked_for_its_owner_but_not_for_the_office(
    actor, indicator, period
) -> None:
    submitted = save(actor("referente"), indicator(PROMOTION_NUMBER), period, submit=True)
    accepted = measurement_accept(
        actor=actor("controllo"), measurement=submitted, version=submitted.version
    )
    with pytest.raises(MeasurementError, match="già stato accettato"):
        save(actor("referente"), indicator(PROMOTION_NUMBER), period, version=accepted.version)
    corrected = save(
        actor("controllo"), indicator(PROMOTION_NUMBER), period, version=accepted.version
    )
    assert corrected.status == MeasurementStatus.DRAFT


def test_a_value_below_target_needs_a_deviation_explanation(actor, indicator, period) -> None:
    with pytest.raises(MeasurementError, match="83,18") as refusal:
        save(
            actor("referente"),
            indicator(PROMOTION_NUMBER),
            period,
            MeasurementEntry(Decimal("66.544")),
        )
    assert refusal.value.field == "deviation_explanation"
    saved = save(actor("referente"), indicator(PROMOTION_NUMBER), period, BELOW_TARGET)
    assert saved.deviation_explanation == "Meno imprese del previsto."


def test_an_explanation_is_not_kept_for_a_value_on_target(actor, indicator, period) -> None:
    entry = MeasurementEntry(value=Decimal(80), deviation_explanation="non serve")
    assert (
        save(actor("referente"), indicator(PROMOTION_NUMBER), period, entry).deviation_explanation
        == ""
    )


def test_not_available_needs_a_reason(actor, indicator, period) -> None:
    with pytest.raises(MeasurementError, match="motivo") as refusal:
        save(actor("referente"), indicator(PROMOTION_NUMBER), period, MeasurementEntry(None))
    assert refusal.value.field == "not_available_reason"
    saved = save(
        actor("referente"),
        indicator(PROMOTION_NUMBER),
        period,
        MeasurementEntry(None, not_available_reason="Dato non ancora pubblicato"),
    )
    assert saved.value_number is None
    assert saved.not_available_reason == "Dato non ancora pubblicato"


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        (PROMOTION_NUMBER, date(2024, 3, 1), "richiede un numero"),
        (PROMOTION_NUMBER, True, "richiede un numero"),
        (PROMOTION_PERCENT, Decimal("1000.5"), "fuori scala"),
        (PROMOTION_NUMBER, Decimal("1.1234567"), "troppe cifre"),
        (PROMOTION_DEADLINE, Decimal(3), "data di completamento"),
        (PROMOTION_DEADLINE, date(2999, 1, 1), "nel futuro"),
    ],
)
def test_values_are_checked_against_the_indicators_kind(
    actor, indicator, period, code, value, message
) -> None:
    with pytest.raises(MeasurementError, match=message) as refusal:
        save(
            actor("referente"),
            indicator(code),
            period,
            MeasurementEntry(value, deviation_explanation="x"),
        )
    assert refusal.value.field == "value"


def test_a_late_completion_date_scores_by_the_deadline_rule(actor, indicator, period) -> None:
    with pytest.raises(MeasurementError, match="78,95"):
        save(
            actor("referente"),
            indicator(PROMOTION_DEADLINE),
            period,
            MeasurementEntry(date(2024, 2, 8)),
        )
    saved = save(
        actor("referente"),
        indicator(PROMOTION_DEADLINE),
        period,
        MeasurementEntry(date(2024, 2, 8), deviation_explanation="Ritardo della delibera."),
    )
    assert saved.value_date == date(2024, 2, 8)


def test_only_accepted_figures_count_in_the_scores(actor, indicator, period) -> None:
    submitted = save(
        actor("referente"), indicator(PROMOTION_NUMBER), period, BELOW_TARGET, submit=True
    )
    assert not [row for row in measurement_rows_for(cycle=period.cycle) if row.period_code == "S1"]
    before = cycle_scores(cycle=period.cycle, period_code="S1").indicators[PROMOTION_NUMBER]
    assert before.computed_percent is None
    measurement_accept(actor=actor("controllo"), measurement=submitted, version=submitted.version)
    period.cycle.refresh_from_db()
    after = cycle_scores(cycle=period.cycle, period_code="S1").indicators[PROMOTION_NUMBER]
    assert after.computed_percent is not None
    assert round(after.computed_percent, 2) == Decimal("83.18")
