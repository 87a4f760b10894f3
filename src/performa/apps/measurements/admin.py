from django.contrib import admin

from performa.apps.measurements.models import Measurement


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin[Measurement]):
    list_display = [
        "indicator",
        "period",
        "value_number",
        "value_date",
        "value_bool",
        "not_available_reason",
        "updated_at",
    ]
    list_filter = ["period__cycle", "period"]
    search_fields = ["indicator__code", "indicator__name"]
