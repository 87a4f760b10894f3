"""Admin views of publications and API tokens: read-only, the office's pages make the changes
(through the audited services)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from performa.apps.publication.models import ApiToken, Publication


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Publication)
class PublicationAdmin(_ReadOnly):
    list_display = ("cycle", "kind", "published_at", "published_by", "withdrawn_at", "digest")
    list_filter = ("kind", "administration")
    exclude = ("snapshot",)


@admin.register(ApiToken)
class ApiTokenAdmin(_ReadOnly):
    list_display = (
        "name",
        "prefix",
        "administration",
        "user",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("administration",)
    exclude = ("key_hash",)
