"""Failed log-ins, read-only: who is being held by the login throttling, and from where."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from performa.apps.accounts.models import LoginFailure


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin[LoginFailure]):
    list_display = ("created_at", "username", "address")
    search_fields = ("username", "address")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LoginFailure | None = None) -> bool:
        return False
