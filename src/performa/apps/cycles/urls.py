from django.urls import path

from performa.apps.cycles import views

app_name = "cycles"
urlpatterns = [
    path("<slug:administration>/<int:year>/", views.cycle_detail, name="detail"),
    path("<slug:administration>/nuovo-ciclo/", views.cycle_new, name="create"),
    path("<slug:administration>/<int:year>/periodi/", views.period_list, name="periods"),
    path(
        "<slug:administration>/<int:year>/periodi/<str:code>/apertura/",
        views.period_open_view,
        name="period-open",
    ),
    path(
        "<slug:administration>/<int:year>/periodi/<str:code>/chiusura/",
        views.period_close_view,
        name="period-close",
    ),
    path(
        "<slug:administration>/<int:year>/periodi/<str:code>/scadenza/",
        views.period_deadline_view,
        name="period-deadline",
    ),
    path(
        "<slug:administration>/<int:year>/validazione/", views.cycle_validation, name="validation"
    ),
]
