"""``manage.py performa_send_reminders``: the daily e-mail reminders about data-entry deadlines.

Run it once a day (cron, systemd timer); running it twice the same day sends nothing new.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from performa.apps.measurements.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the users with figures left to enter in an open monitoring period: "
        "7 and 1 days before the deadline, on the day, and every 3 days after it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD", help="the day to act as (default: today)"
        )
        parser.add_argument(
            "--base-url",
            metavar="URL",
            help="address of the web app for the links (default: setting PERFORMA_BASE_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(f"--date {options['date']!r} is not YYYY-MM-DD") from None
        with translation.override(settings.LANGUAGE_CODE):
            sent = reminders_send(today=today or timezone.localdate(), base_url=options["base_url"])
        for reminder in sent:
            self.stdout.write(
                f"sent to {reminder.user.get_username()} ({reminder.user.email}): "
                f"{len(reminder.indicator_codes)} figures for {reminder.period.code}"
            )
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
