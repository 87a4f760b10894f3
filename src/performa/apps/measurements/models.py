"""Actual values of indicators per monitoring period, or N/D with its reason."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import MonitoringPeriod
from performa.apps.plans.models import Indicator


class Measurement(models.Model):
    """One indicator's figure in one period: a number, a date, a yes/no, or N/D with a reason."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.ForeignKey(
        MonitoringPeriod, on_delete=models.CASCADE, related_name="measurements"
    )
    value_number = models.DecimalField(
        _("valore"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    value_date = models.DateField(_("data di completamento"), null=True, blank=True)
    value_bool = models.BooleanField(_("sì/no"), null=True, blank=True)
    not_available_reason = models.TextField(_("motivo N/D"), blank=True)
    comment = models.TextField(_("commento"), blank=True)
    data_source = models.CharField(_("fonte dei dati"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        verbose_name = _("rilevazione")
        verbose_name_plural = _("rilevazioni")
        ordering = ["period", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_measurement"),
            # At most one kind of value; no value (N/D) needs a reason.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        value_number__isnull=False, value_date__isnull=True, value_bool__isnull=True
                    )
                    | models.Q(
                        value_number__isnull=True, value_date__isnull=False, value_bool__isnull=True
                    )
                    | models.Q(
                        value_number__isnull=True, value_date__isnull=True, value_bool__isnull=False
                    )
                    | (
                        models.Q(
                            value_number__isnull=True,
                            value_date__isnull=True,
                            value_bool__isnull=True,
                        )
                        & ~models.Q(not_available_reason="")
                    )
                ),
                name="measurement_one_value_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} @ {self.period.code}"
