from django.urls import path

from performa.apps.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path(
        "<slug:administration>/<int:year>/interventi/<str:code>/",
        views.override_set_view,
        name="override-set",
    ),
    path(
        "<slug:administration>/<int:year>/interventi/<str:code>/rimozione/",
        views.override_remove_view,
        name="override-remove",
    ),
]
