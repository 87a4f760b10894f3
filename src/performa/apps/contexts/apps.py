from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContextsConfig(AppConfig):
    name = "performa.apps.contexts"
    verbose_name = _("Contesto e risorse")
