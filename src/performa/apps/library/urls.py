"""The indicator library's pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from performa.apps.library import views

app_name = "library"

urlpatterns: list[URLPattern] = [
    path("<slug:administration>/libreria/", views.library_list, name="list"),
    path("<slug:administration>/libreria/nuovo/", views.library_create, name="create"),
    path("<slug:administration>/libreria/<int:pk>/", views.library_detail, name="detail"),
    path("<slug:administration>/libreria/<int:pk>/modifica/", views.library_edit, name="edit"),
    path("<slug:administration>/libreria/<int:pk>/adozione/", views.library_adopt, name="adopt"),
    path("<slug:administration>/libreria/dal-piano/", views.library_from_plan, name="from-plan"),
    path(
        "<slug:administration>/libreria/dal-piano/<int:year>/",
        views.library_from_plan_add,
        name="from-plan-add",
    ),
]
