"""The plan editor's pages (tree, nodes, indicators and their links)."""

from __future__ import annotations

from django.urls import URLPattern, path

from performa.apps.plans import base_measure_views, views

app_name = "plans"

_BASE = "<slug:administration>/<int:year>/piano/"
_NODE = f"{_BASE}nodi/<str:code>/"

urlpatterns: list[URLPattern] = [
    path(_BASE, views.plan_tree, name="tree"),
    path(f"{_BASE}anteprima/", views.preview, name="preview"),
    path(f"{_BASE}nodi/nuovo/", views.node_create, name="node-create"),
    path(_NODE, views.node_edit, name="node-edit"),
    path(f"{_NODE}spostamento/", views.node_move, name="node-move"),
    path(f"{_NODE}eliminazione/", views.node_delete, name="node-delete"),
    path(f"{_NODE}indicatori/", views.link_create, name="link-create"),
    path(f"{_NODE}indicatori/<str:indicator>/", views.link_edit, name="link-edit"),
    path(f"{_NODE}indicatori/<str:indicator>/rimozione/", views.link_delete, name="link-delete"),
    path(
        f"{_BASE}misure-di-base/nuova/",
        base_measure_views.base_measure_new,
        name="base-measure-create",
    ),
    path(
        f"{_BASE}misure-di-base/<str:code>/",
        base_measure_views.base_measure_edit,
        name="base-measure-edit",
    ),
    path(
        f"{_BASE}misure-di-base/<str:code>/eliminazione/",
        base_measure_views.base_measure_remove,
        name="base-measure-delete",
    ),
    path(f"{_BASE}indicatori/nuovo/", views.indicator_new, name="indicator-create"),
    path(f"{_BASE}indicatori/<str:code>/", views.indicator_edit, name="indicator-edit"),
]
