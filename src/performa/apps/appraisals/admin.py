"""Admin pages: the schemes (the SMVP as data) are edited here; sheets are read-only here and
move only through the services (the web pages), so that every step is checked and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from performa.apps.appraisals.models import (
    Behaviour,
    Position,
    ScaleLevel,
    Scheme,
    ScoreBand,
    Sheet,
)


class BehaviourInline(admin.TabularInline[Behaviour, Scheme]):
    model = Behaviour
    extra = 0


class ScaleLevelInline(admin.TabularInline[ScaleLevel, Scheme]):
    model = ScaleLevel
    extra = 0


class ScoreBandInline(admin.TabularInline[ScoreBand, Scheme]):
    model = ScoreBand
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin[Scheme]):
    list_display = (
        "name",
        "administration",
        "category",
        "is_default",
        "organisational_weight",
        "objectives_weight",
        "behaviours_weight",
    )
    list_filter = ("administration", "category")
    inlines = (BehaviourInline, ScaleLevelInline, ScoreBandInline)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = ("person", "title", "unit", "category", "starts_on", "ends_on")
    list_filter = ("administration", "category")


@admin.register(Sheet)
class SheetAdmin(admin.ModelAdmin[Sheet]):
    """Listed for the office's overview; no rating or score is shown or editable here."""

    list_display = ("person", "cycle", "scheme", "state")
    list_filter = ("administration", "cycle", "state")
    fields = ("person", "cycle", "scheme", "evaluator", "evaluator_label", "state")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
