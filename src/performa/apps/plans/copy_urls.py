"""Copying a cycle to a new year and reviewing the targets it carried over."""

from __future__ import annotations

from django.urls import URLPattern, path

from performa.apps.plans import copy_views as views

app_name = "plan_copy"

_BASE = "<slug:administration>/<int:year>/piano/"

urlpatterns: list[URLPattern] = [
    path(f"{_BASE}copia/", views.cycle_copy_view, name="copy"),
    path(f"{_BASE}target-da-verificare/", views.review_list, name="review"),
    path(
        f"{_BASE}target-da-verificare/<str:code>/verificato/",
        views.target_reviewed_view,
        name="reviewed",
    ),
]
