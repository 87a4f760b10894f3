from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalsConfig(AppConfig):
    name = "performa.apps.appraisals"
    verbose_name = _("Valutazione individuale")
