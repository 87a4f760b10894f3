"""Individual evaluation sheets (schede di valutazione)."""

from __future__ import annotations

from django.urls import URLPattern, path

from performa.apps.appraisals import views

app_name = "appraisals"

_BASE = "<slug:administration>/<int:year>/valutazioni-individuali/"

urlpatterns: list[URLPattern] = [
    path(_BASE, views.sheet_list_view, name="list"),
    path(f"{_BASE}nuova/", views.sheet_assign_view, name="assign"),
    path(f"{_BASE}riepilogo/", views.summary_view, name="summary"),
    path(f"{_BASE}<int:sheet_id>/", views.sheet_detail_view, name="detail"),
    path(f"{_BASE}<int:sheet_id>/scheda.pdf", views.sheet_pdf_view, name="pdf"),
    path(f"{_BASE}<int:sheet_id>/<slug:step>/", views.sheet_step_view, name="step"),
]
