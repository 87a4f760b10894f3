from django.contrib import admin
from django.http import HttpRequest

from performa.apps.surveys.models import (
    EarlierYearResult,
    Survey,
    SurveyIndicatorLink,
)


class SurveyIndicatorLinkInline(admin.TabularInline[SurveyIndicatorLink, Survey]):
    model = SurveyIndicatorLink
    extra = 0
    fields = ["indicator", "statistic", "service"]
    readonly_fields = ["indicator", "statistic", "service"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Survey | None = None) -> bool:
        return False  # links are made on the survey's page, which writes the figure too


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    """Read-mostly: answers come only through the import, which feeds the indicators."""

    list_display = ["title", "kind", "cycle", "file_name", "imported_at"]
    list_filter = ["cycle", "kind"]
    search_fields = ["title"]
    readonly_fields = ["questions", "key_question", "service_header", "file_name", "imported_by"]
    inlines = [SurveyIndicatorLinkInline]


@admin.register(EarlierYearResult)
class EarlierYearResultAdmin(admin.ModelAdmin[EarlierYearResult]):
    list_display = ["administration", "kind", "year", "service", "mean", "satisfaction_percent"]
    list_filter = ["administration", "kind"]
