from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "performa.apps.staff"
    verbose_name = _("Organizzazione e personale")
