"""The plan's versions: revisions (variazioni), their acts, and the comparison of two versions."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "plan_versions"

urlpatterns: list[URLPattern] = []
