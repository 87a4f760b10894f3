from django.contrib import admin

from performa.apps.cycles.models import Cycle, MonitoringPeriod, PlanLevel


class PlanLevelInline(admin.TabularInline[PlanLevel, Cycle]):
    model = PlanLevel
    extra = 0


class MonitoringPeriodInline(admin.TabularInline[MonitoringPeriod, Cycle]):
    model = MonitoringPeriod
    extra = 0


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin[Cycle]):
    list_display = ["administration", "year", "title", "state"]
    list_filter = ["administration", "state"]
    inlines = [PlanLevelInline, MonitoringPeriodInline]


@admin.register(MonitoringPeriod)
class MonitoringPeriodAdmin(admin.ModelAdmin[MonitoringPeriod]):
    list_display = ["code", "name", "cycle", "starts_on", "ends_on", "is_final"]
    list_filter = ["cycle__administration", "cycle"]
