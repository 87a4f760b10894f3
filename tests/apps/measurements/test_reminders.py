"""Deadline reminders: who gets one, on which days, what it says, and never twice a day."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from performa.apps.cycles.models import Cycle, CycleState, MonitoringPeriod
from performa.apps.measurements.models import Measurement, MeasurementStatus, Reminder
from performa.apps.measurements.services import (
    MeasurementEntry,
    measurement_submit,
    reminder_is_due,
    reminders_send,
)
from performa.apps.plans.models import Indicator

from .conftest import DEADLINE, PROMOTION_NUMBER

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture
def emails(cycle: Cycle) -> None:
    """The officer and the manager have e-mail addresses; the others do not."""
    User.objects.filter(username="referente").update(email="referente@example.org")
    User.objects.filter(username="dirigente").update(email="dirigente@example.org")
    User.objects.filter(username="controllo").update(email="controllo@example.org")


@pytest.mark.parametrize(
    ("days", "due"),
    [
        (8, False),
        (7, True),
        (6, False),
        (2, False),
        (1, True),
        (0, True),
        (-1, True),
        (-2, False),
        (-3, False),
        (-4, True),
        (-7, True),
        (-9, False),
        (-10, True),
    ],
)
def test_reminders_go_out_7_and_1_days_before_on_the_day_and_every_3_days_after(
    days: int, due: bool
) -> None:
    assert reminder_is_due(days) is due


def test_a_week_before_the_deadline_each_owner_gets_the_list_with_direct_links(emails) -> None:
    sent = reminders_send(today=date(2024, 7, 24), base_url="https://performa.example.org/")
    assert sorted(reminder.user.username for reminder in sent) == ["dirigente", "referente"]
    assert len(mail.outbox) == 2
    message = next(item for item in mail.outbox if item.to == ["referente@example.org"])
    assert "Mancano 7 giorni alla scadenza del 31/07/2024" in message.subject
    assert "Primo semestre 2024" in message.subject
    assert message.body.startswith("Gentile Referente Promozione,")
    assert "Ti restano 64 indicatori da inserire o inviare" in message.body
    assert (
        "https://performa.example.org/cciaa-pistoia-prato/2024/indicatori/S1/"
        f"{PROMOTION_NUMBER}/" in message.body
    )
    assert "https://performa.example.org/cciaa-pistoia-prato/2024/indicatori/?periodo=S1" in (
        message.body
    )
    assert "01_04_CP01_I01" not in message.body  # another unit's indicator


def test_reminders_are_sent_once_a_day(emails) -> None:
    assert len(reminders_send(today=date(2024, 7, 30))) == 2
    assert reminders_send(today=date(2024, 7, 30)) == []
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2


def test_no_reminder_on_the_days_in_between(emails) -> None:
    for day in (date(2024, 7, 20), date(2024, 7, 25), date(2024, 7, 29), date(2024, 8, 2)):
        assert reminders_send(today=day) == []
    assert mail.outbox == []


def test_overdue_reminders_say_how_late_and_repeat_every_3_days(emails) -> None:
    days = [date(2024, 8, day) for day in range(1, 11)]
    sent_on = [day for day in days if reminders_send(today=day)]
    assert sent_on == [date(2024, 8, 1), date(2024, 8, 4), date(2024, 8, 7), date(2024, 8, 10)]
    assert "Scadenza superata da 1 giorno" in mail.outbox[0].subject
    assert "Scadenza superata da 10 giorni" in mail.outbox[-1].subject


def test_on_the_day_the_subject_says_today(emails) -> None:
    reminders_send(today=DEADLINE)
    assert all("Scade oggi" in message.subject for message in mail.outbox)


def test_only_figures_left_to_enter_are_listed(emails, actor, cycle: Cycle, period) -> None:
    referente = actor("referente")
    indicators = list(
        Indicator.objects.filter(cycle=cycle, links__node__owner_unit__code="PROMOZIONE")
        .distinct()
        .order_by("position")
    )
    submitted, *others = indicators
    measurement_submit(
        actor=referente,
        indicator=submitted,
        period=period,
        entry=MeasurementEntry(Decimal(10**6), deviation_explanation="x"),
        version=0,
    )
    Measurement.objects.create(
        administration=cycle.administration,
        indicator=others[0],
        period=period,
        value_number=Decimal(1),
        status=MeasurementStatus.RETURNED,
        review_comment="Controlla la fonte.",
    )
    reminders_send(today=date(2024, 7, 24))
    message = next(item for item in mail.outbox if item.to == ["referente@example.org"])
    assert "Ti restano 63 indicatori" in message.body
    assert f"/S1/{submitted.code}/" not in message.body
    assert "Rinviato per correzioni" in message.body
    assert "Controlla la fonte." in message.body


def test_whoever_has_nothing_left_gets_no_reminder(emails, cycle: Cycle, period) -> None:
    Measurement.objects.bulk_create(
        Measurement(
            administration=cycle.administration,
            indicator=indicator,
            period=period,
            value_number=Decimal(1),
            status=MeasurementStatus.SUBMITTED,
        )
        for indicator in Indicator.objects.filter(cycle=cycle)
    )
    assert reminders_send(today=date(2024, 7, 24)) == []


def test_closed_periods_and_validated_cycles_send_nothing(emails, cycle: Cycle) -> None:
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.VALIDATED)
    assert reminders_send(today=date(2024, 7, 24)) == []
    Cycle.objects.filter(pk=cycle.pk).update(state=CycleState.MONITORING)
    MonitoringPeriod.objects.filter(cycle=cycle).update(is_open=False)
    assert reminders_send(today=date(2024, 7, 24)) == []


def test_users_without_an_address_and_other_roles_are_skipped(cycle: Cycle) -> None:
    User.objects.filter(username="controllo").update(email="controllo@example.org")
    User.objects.filter(username="oiv").update(email="oiv@example.org")
    assert reminders_send(today=date(2024, 7, 24)) == []


def test_the_command_sends_todays_reminders(emails, time_machine) -> None:
    time_machine.move_to(datetime(2024, 7, 30, 7, 0, tzinfo=ROME), tick=False)
    output = io.StringIO()
    call_command("performa_send_reminders", stdout=output)
    assert "2 reminder(s) sent." in output.getvalue()
    assert "Manca 1 giorno alla scadenza" in mail.outbox[0].subject
    again = io.StringIO()
    call_command("performa_send_reminders", stdout=again)
    assert "0 reminder(s) sent." in again.getvalue()
    assert len(mail.outbox) == 2


def test_the_command_takes_a_date(emails) -> None:
    output = io.StringIO()
    call_command("performa_send_reminders", "--date", "2024-08-04", stdout=output)
    assert "2 reminder(s) sent." in output.getvalue()
    assert "Scadenza superata da 4 giorni" in mail.outbox[0].subject


def test_a_failed_sending_records_nothing_so_the_next_run_retries(emails, settings) -> None:
    locmem = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    assert reminders_send(today=date(2024, 7, 24)) == []
    assert not Reminder.objects.exists()
    settings.MAILERS = locmem
    assert len(reminders_send(today=date(2024, 7, 24))) == 2
