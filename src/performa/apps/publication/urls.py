"""The public transparency pages and open data of published cycles."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "publication"

urlpatterns: list[URLPattern] = []
