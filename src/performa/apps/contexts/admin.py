from django.contrib import admin

from performa.apps.contexts.models import ContextTable, ContextTableRow


class ContextTableRowInline(admin.TabularInline[ContextTableRow, ContextTable]):
    model = ContextTableRow
    extra = 0
    fields = ["position", "label", "unit", "values"]


@admin.register(ContextTable)
class ContextTableAdmin(admin.ModelAdmin[ContextTable]):
    list_display = ["code", "title", "section", "chart", "cycle"]
    list_filter = ["cycle", "section"]
    search_fields = ["code", "title"]
    inlines = [ContextTableRowInline]
