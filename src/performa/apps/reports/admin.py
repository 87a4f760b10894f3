from django.contrib import admin

from performa.apps.reports.models import Narrative, ProcessStep


@admin.register(Narrative)
class NarrativeAdmin(admin.ModelAdmin[Narrative]):
    """The office writes the Relazione's texts here until the web app has its own editor."""

    list_display = ["key", "title", "cycle"]
    list_filter = ["cycle"]
    search_fields = ["key", "title", "text"]


@admin.register(ProcessStep)
class ProcessStepAdmin(admin.ModelAdmin[ProcessStep]):
    list_display = ["year", "what", "who", "when", "cycle"]
    list_filter = ["cycle", "year"]
