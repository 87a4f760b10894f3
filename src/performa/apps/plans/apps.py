from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "performa.apps.plans"
    verbose_name = _("Piani")
