"""Customer-satisfaction and well-being surveys: answer imports and statistics."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "surveys"

urlpatterns: list[URLPattern] = []
