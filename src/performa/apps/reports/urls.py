from django.urls import path

from performa.apps.reports import views

app_name = "reports"
urlpatterns = [
    path(
        "<slug:administration>/<int:year>/relazione.<str:format>",
        views.report_download,
        name="download",
    ),
]
