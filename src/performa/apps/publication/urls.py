"""The public transparency pages and open data (stable URLs), and the office's pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from performa.apps.publication import views

app_name = "publication"

_YEAR = "trasparenza/<slug:administration>/<int:year>/"

urlpatterns: list[URLPattern] = [
    path("trasparenza/", views.index, name="index"),
    path("trasparenza/<slug:administration>/", views.administration_page, name="administration"),
    path(_YEAR, views.year_page, name="year"),
    path(_YEAR + "obiettivi/<str:code>/", views.objective_page, name="objective"),
    path(_YEAR + "indicatori/<str:code>/", views.indicator_page, name="indicator"),
    path(_YEAR + "atti/<slug:document>/", views.document_page, name="document"),
    path(_YEAR + "relazione.<slug:extension>", views.report_file, name="report"),
    path("opendata/", views.catalogue, name="catalogue"),
    path("opendata/schema/<slug:dataset>.json", views.dataset_schema, name="dataset-schema"),
    path(
        "opendata/<slug:administration>/<int:year>/<slug:dataset>.<slug:extension>",
        views.dataset_file,
        name="dataset",
    ),
    path("<slug:administration>/<int:year>/pubblicazione/", views.manage, name="manage"),
    path("<slug:administration>/token-api/", views.tokens, name="tokens"),
]
