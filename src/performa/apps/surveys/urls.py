"""Customer-satisfaction and well-being surveys: answer imports and statistics."""

from __future__ import annotations

from django.urls import URLPattern, path

from performa.apps.surveys import views

app_name = "surveys"

PREFIX = "<slug:administration>/<int:year>/indagini/"

urlpatterns: list[URLPattern] = [
    path(PREFIX, views.survey_list, name="list"),
    path(f"{PREFIX}importa/", views.survey_import_view, name="import"),
    path(f"{PREFIX}<int:pk>/", views.survey_detail, name="detail"),
    path(f"{PREFIX}<int:pk>/importa/", views.survey_import_view, name="reimport"),
    path(f"{PREFIX}<int:pk>/collegamenti/", views.survey_link_create_view, name="link-create"),
    path(
        f"{PREFIX}<int:pk>/collegamenti/<int:link>/rimozione/",
        views.survey_link_delete_view,
        name="link-delete",
    ),
    path(f"{PREFIX}<int:pk>/anni-precedenti/", views.earlier_year_save_view, name="earlier-save"),
]
