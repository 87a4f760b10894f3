"""The indicator library's pages."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "library"

urlpatterns: list[URLPattern] = []
