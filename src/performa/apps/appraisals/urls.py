"""Individual evaluation sheets (schede di valutazione)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "appraisals"

urlpatterns: list[URLPattern] = []
