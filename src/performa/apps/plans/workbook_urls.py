"""The plan as a workbook: template download, upload with a preview of the changes, export."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "plan_workbook"

urlpatterns: list[URLPattern] = []
