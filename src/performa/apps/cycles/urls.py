from django.urls import path

from performa.apps.cycles import views

app_name = "cycles"
urlpatterns = [
    path("<slug:administration>/<int:year>/", views.cycle_detail, name="detail"),
]
