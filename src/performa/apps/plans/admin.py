from django.contrib import admin
from django.http import HttpRequest

from performa.apps.plans.models import (
    Assignment,
    Indicator,
    IndicatorLink,
    IndicatorYearTarget,
    PlanNode,
    PlanNote,
)


class IndicatorLinkInline(admin.TabularInline[IndicatorLink, PlanNode]):
    model = IndicatorLink
    extra = 0
    autocomplete_fields = ["indicator"]


class IndicatorYearTargetInline(admin.TabularInline[IndicatorYearTarget, Indicator]):
    """The targets of the years after the cycle's, read-only: the editor's services check,
    audit and version them, which a raw admin save would bypass."""

    model = IndicatorYearTarget
    extra = 0
    fields = readonly_fields = ("year", "comparator", "value", "upper", "due_on", "expected")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Indicator | None = None) -> bool:
        return False


@admin.register(PlanNode)
class PlanNodeAdmin(admin.ModelAdmin[PlanNode]):
    list_display = ["code", "name", "level", "parent", "weight", "owner_unit", "manager"]
    list_filter = ["cycle", "level"]
    search_fields = ["code", "name"]
    inlines = [IndicatorLinkInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["code", "name", "comparator", "target_value", "target_due_on", "unit"]
    list_filter = ["cycle", "comparator", "unit"]
    search_fields = ["code", "name"]
    inlines = [IndicatorYearTargetInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin[Assignment]):
    list_display = ["person", "node"]
    list_filter = ["person"]


@admin.register(PlanNote)
class PlanNoteAdmin(admin.ModelAdmin[PlanNote]):
    list_display = ["location", "reference_value", "performa_value", "note"]
    list_filter = ["cycle"]
    search_fields = ["location", "note"]
