from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministrationsConfig(AppConfig):
    name = "performa.apps.administrations"
    verbose_name = _("Amministrazioni")
