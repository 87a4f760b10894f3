"""Login throttling: after a few failed log-ins a user name, or a client address, must wait.

Counts are per user name (someone guessing one account's password) and per address (someone
trying many accounts), over a sliding window. While an account is held, the password is not
even checked, so a right guess during the wait tells the guesser nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from performa.apps.accounts.models import LoginFailure


@dataclass(frozen=True, slots=True)
class ThrottleRule:
    """At most ``failures`` failed log-ins in ``window``; then a wait until the oldest ages out."""

    failures: int
    window: timedelta


def _rules() -> tuple[ThrottleRule, ThrottleRule]:
    """(per user name, per address), from settings ``PERFORMA_LOGIN_THROTTLE``."""
    config = settings.PERFORMA_LOGIN_THROTTLE
    window = timedelta(minutes=config["window_minutes"])
    return (
        ThrottleRule(config["per_username"], window),
        ThrottleRule(config["per_address"], window),
    )


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def login_wait(*, username: str, address: str | None, now: datetime | None = None) -> timedelta:
    """How long this user name or address must still wait before trying again (zero: may try)."""
    now = now or timezone.now()
    by_username, by_address = _rules()
    waits = [timedelta(0)]
    for rule, lookup in (
        (by_username, {"username": _key(username)}),
        (by_address, {"address": address} if address else None),
    ):
        if lookup is None:
            continue
        recent = LoginFailure.objects.filter(**lookup, created_at__gt=now - rule.window)
        times = list(
            recent.order_by("-created_at").values_list("created_at", flat=True)[: rule.failures]
        )
        if len(times) >= rule.failures:
            waits.append(times[-1] + rule.window - now)
    return max(waits)


def login_failure_record(
    *, username: str, address: str | None, now: datetime | None = None
) -> None:
    """Count a failed log-in; failures older than the window are dropped on the way."""
    now = now or timezone.now()
    window = max(rule.window for rule in _rules())
    LoginFailure.objects.filter(created_at__lte=now - window).delete()
    LoginFailure.objects.create(username=_key(username), address=address, created_at=now)


def login_failures_clear(*, username: str) -> None:
    """A successful log-in forgets the user name's failures (the address keeps its own)."""
    LoginFailure.objects.filter(username=_key(username)).delete()
