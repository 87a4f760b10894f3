"""URL map of the whole site."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from performa.api.main import api
from performa.apps.accounts.forms import (
    ThrottledAdminAuthenticationForm,
    ThrottledAuthenticationForm,
)

admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path(
        "accesso/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("uscita/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # First of the apps: the public pages take the most traffic, and their literal prefixes
    # (trasparenza/, opendata/) resolve before the other apps' patterns are tried.
    path("", include("performa.apps.publication.urls")),
    path("", include("performa.web.urls")),
    path("", include("performa.apps.reports.urls")),
    path("", include("performa.apps.dashboards.urls")),
    path("", include("performa.apps.evaluations.urls")),
    path("", include("performa.apps.audit.urls")),
    path("", include("performa.apps.cycles.urls")),
    path("", include("performa.apps.measurements.urls")),
    path("", include("performa.apps.plans.urls")),
    path("", include("performa.apps.plans.version_urls")),
    path("", include("performa.apps.plans.copy_urls")),
    path("", include("performa.apps.library.urls")),
    path("", include("performa.apps.plans.workbook_urls")),
    path("", include("performa.apps.contexts.urls")),
    path("", include("performa.apps.staff.urls")),
    path("", include("performa.apps.surveys.urls")),
    path("", include("performa.apps.appraisals.urls")),
]
