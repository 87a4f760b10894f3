from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "performa.apps.library"
    verbose_name = _("Libreria degli indicatori")
