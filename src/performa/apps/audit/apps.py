from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "performa.apps.audit"
    verbose_name = _("Registro delle modifiche")
