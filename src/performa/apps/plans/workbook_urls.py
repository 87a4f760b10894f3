"""The plan as a workbook: template download, upload with a preview of the changes, export."""

from __future__ import annotations

from django.urls import URLPattern, path

from performa.apps.plans import workbook_views as views

app_name = "plan_workbook"

_BASE = "<slug:administration>/<int:year>/piano/cartella/"

urlpatterns: list[URLPattern] = [
    path(_BASE, views.workbook_page, name="page"),
    path(f"{_BASE}piano.xlsx", views.plan_download, name="plan"),
    path(f"{_BASE}modello.xlsx", views.template_download, name="template"),
    path(f"{_BASE}caricamento/", views.workbook_upload, name="upload"),
    path(f"{_BASE}applicazione/", views.workbook_apply_view, name="apply"),
]
