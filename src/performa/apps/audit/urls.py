from django.urls import path

from performa.apps.audit import views

app_name = "audit"
urlpatterns = [
    path("<slug:administration>/<int:year>/registro/", views.audit_list, name="list"),
    path(
        "<slug:administration>/<int:year>/registro/registro.csv",
        views.audit_export,
        name="export",
    ),
    path(
        "<slug:administration>/<int:year>/registro/<str:code>/",
        views.audit_history,
        name="history",
    ),
]
