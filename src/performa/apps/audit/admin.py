from django.contrib import admin
from django.http import HttpRequest

from performa.apps.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the trail is written by services, never edited by hand."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_code"]
    list_filter = ["administration", "cycle", "action", "object_type"]
    search_fields = ["object_code", "actor_label", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
