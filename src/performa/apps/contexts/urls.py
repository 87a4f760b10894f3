"""Pages of the context and resources tables, under ``/<administration>/<year>/contesto/``."""

from django.urls import path

from performa.apps.contexts import views

app_name = "contexts"
_BASE = "<slug:administration>/<int:year>/contesto/"
urlpatterns = [
    path(_BASE, views.table_list, name="list"),
    path(f"{_BASE}nuova/", views.table_create, name="create"),
    path(f"{_BASE}importazione/", views.table_import, name="import"),
    path(f"{_BASE}tabelle/<slug:code>/", views.table_edit, name="edit"),
    path(f"{_BASE}tabelle/<slug:code>/eliminazione/", views.table_delete, name="delete"),
    path(f"{_BASE}tabelle/<slug:code>/spostamento/", views.table_move, name="move"),
]
