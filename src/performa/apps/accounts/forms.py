"""The log-in forms (the site's and the admin's), with throttling of repeated failures."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import ngettext

from performa.apps.accounts.throttling import login_failure_record, login_failures_clear, login_wait


class ThrottledLoginMixin:
    """After repeated failures, refuse to check passwords for a while (see ``throttling``)."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = self.request.META.get("REMOTE_ADDR") if self.request is not None else None
        wait = login_wait(username=username, address=address)
        if wait.total_seconds() > 0:
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            raise forms.ValidationError(
                ngettext(
                    "Troppi tentativi di accesso non riusciti: riprova tra %(minutes)d minuto.",
                    "Troppi tentativi di accesso non riusciti: riprova tra %(minutes)d minuti.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            login_failure_record(username=username, address=address)
            raise
        login_failures_clear(username=username)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    """The site's log-in form."""


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin site's log-in form: the same limits, shared counts."""
