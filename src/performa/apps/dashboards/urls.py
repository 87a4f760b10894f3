from django.urls import path

from performa.apps.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("<slug:administration>/<int:year>/cruscotto/", views.dashboard, name="dashboard"),
    path(
        "<slug:administration>/<int:year>/obiettivi/<str:code>/",
        views.objective_detail,
        name="objective",
    ),
    path(
        "<slug:administration>/<int:year>/obiettivi/<str:code>/indicatori/",
        views.objective_indicators,
        name="objective-indicators",
    ),
]
