"""Bodies, staff counts and the gender balance."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "staff"

urlpatterns: list[URLPattern] = []
