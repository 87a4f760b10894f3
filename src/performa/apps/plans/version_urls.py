"""The plan's versions: revisions (variazioni), their acts, and the comparison of two versions."""

from __future__ import annotations

from django.urls import URLPattern, path

from performa.apps.plans import version_views as views

app_name = "plan_versions"

_BASE = "<slug:administration>/<int:year>/piano/versioni/"

urlpatterns: list[URLPattern] = [
    path(_BASE, views.version_list, name="list"),
    path(f"{_BASE}adozione/", views.version_adopt_view, name="adopt"),
    path(f"{_BASE}variazione/", views.revision_open_view, name="revision-open"),
    path(f"{_BASE}confronto/", views.version_compare, name="compare"),
    path(f"{_BASE}<int:number>/registrazione/", views.revision_record_view, name="record"),
    path(f"{_BASE}<int:number>/annullamento/", views.revision_cancel_view, name="cancel"),
    path(f"{_BASE}<int:number>/piano.xlsx", views.version_workbook, name="workbook"),
]
