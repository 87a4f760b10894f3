from django.urls import path

from performa.apps.measurements import base_value_views, views

app_name = "measurements"
_ENTRY = "<slug:administration>/<int:year>/indicatori/<str:period_code>/<str:indicator_code>/"
urlpatterns = [
    path(
        "<slug:administration>/<int:year>/indicatori/",
        views.my_indicators,
        name="my-indicators",
    ),
    path(
        "<slug:administration>/<int:year>/misure-di-base/",
        base_value_views.base_values,
        name="base-values",
    ),
    path(_ENTRY, views.measurement_entry, name="measurement-entry"),
    path(_ENTRY + "anteprima/", views.measurement_preview, name="measurement-preview"),
    path("<slug:administration>/<int:year>/revisione/", views.review, name="review"),
    path(
        "<slug:administration>/<int:year>/revisione/<int:measurement_id>/",
        views.measurement_review,
        name="measurement-review",
    ),
    path(
        "<slug:administration>/<int:year>/documenti/<int:evidence_id>/",
        views.evidence_download,
        name="evidence-download",
    ),
    path(
        "<slug:administration>/<int:year>/documenti/<int:evidence_id>/rimozione/",
        views.evidence_remove_view,
        name="evidence-remove",
    ),
]
