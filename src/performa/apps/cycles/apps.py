from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "performa.apps.cycles"
    verbose_name = _("Cicli della performance")

    def ready(self) -> None:
        from performa.apps.cycles.versioning import connect_cycle_signals

        connect_cycle_signals()
