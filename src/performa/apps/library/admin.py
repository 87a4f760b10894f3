"""Admin of the library: the only place where the common library (owner empty) is managed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from performa.apps.library.models import Adoption, LibraryIndicator


@admin.register(LibraryIndicator)
class LibraryIndicatorAdmin(admin.ModelAdmin[LibraryIndicator]):
    list_display = ["code", "name", "owner", "value_type", "polarity", "unit"]
    list_filter = [("owner", admin.EmptyFieldListFilter), "owner", "value_type", "polarity"]
    search_fields = ["code", "name"]
    readonly_fields = ["version", "created_at", "updated_at"]

    def save_model(
        self, request: HttpRequest, obj: LibraryIndicator, form: Any, change: bool
    ) -> None:
        # Keep optimistic edits in the web pages honest: an admin change is a new version too.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin[Adoption]):
    list_display = ["library_indicator", "cycle_indicator", "origin", "adopted_by", "adopted_at"]
    list_filter = ["origin", "administration"]
    raw_id_fields = ["library_indicator", "cycle_indicator"]
    readonly_fields = ["adopted_at"]
