from django.contrib import admin

from performa.apps.evaluations.models import Override


@admin.register(Override)
class OverrideAdmin(admin.ModelAdmin[Override]):
    list_display = ["__str__", "cycle", "evaluator", "created_at"]
    list_filter = ["cycle"]
