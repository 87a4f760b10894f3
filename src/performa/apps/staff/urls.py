"""Pages of the organisation and staff data, under ``/<administration>/<year>/contesto/personale/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from performa.apps.staff import views

app_name = "staff"

_BASE = "<slug:administration>/<int:year>/contesto/personale/"
urlpatterns: list[URLPattern] = [
    path(_BASE, views.overview, name="overview"),
    path(f"{_BASE}dati/", views.figures_save, name="figures"),
    path(f"{_BASE}organi/", views.members_save, name="members"),
    path(f"{_BASE}indicatori/", views.source_save, name="source"),
]
