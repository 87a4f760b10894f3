"""Actual values of indicators per monitoring period, or N/D with its reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import MonitoringPeriod
from performa.apps.plans.models import BaseMeasure, Indicator


class MeasurementStatus(models.TextChoices):
    """Where a figure stands in the data-entry workflow."""

    DRAFT = "draft", _("Bozza")
    SUBMITTED = "submitted", _("Inviato")
    ACCEPTED = "accepted", _("Accettato")
    RETURNED = "returned", _("Rinviato per correzioni")


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
    status = models.CharField(
        _("stato"),
        max_length=16,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.ACCEPTED,
    )
    deviation_explanation = models.TextField(
        _("spiegazione dello scostamento"),
        blank=True,
        help_text=_("Obbligatoria quando il valore lascia l'indicatore sotto target."),
    )
    review_comment = models.TextField(_("nota del controllo di gestione"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("esaminato da"),
    )
    reviewed_at = models.DateTimeField(_("esaminato il"), null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Incrementata a ogni salvataggio (concorrenza).")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aggiornato da"),
    )
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)
    computation = models.JSONField(
        _("calcolo"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Per un indicatore con formula: la formula e i valori delle misure di base da cui "
            "il valore è stato calcolato."
        ),
    )

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


class BaseMeasureValue(models.Model):
    """A base measure's value in one period, entered once and read by every formula using it."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    measure = models.ForeignKey(BaseMeasure, on_delete=models.CASCADE, related_name="values")
    period = models.ForeignKey(MonitoringPeriod, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(
        _("valore"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Vuoto: non disponibile (N/D); le formule che la usano restano da calcolare."),
    )
    comment = models.TextField(_("commento"), blank=True)
    data_source = models.CharField(_("fonte dei dati"), max_length=500, blank=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Incrementata a ogni salvataggio (concorrenza).")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aggiornato da"),
    )
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        verbose_name = _("valore di una misura di base")
        verbose_name_plural = _("valori delle misure di base")
        ordering = ["period", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_base_measure_value")
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} @ {self.period.code}"


class Evidence(models.Model):
    """A supporting document uploaded with a figure (type and size checked by the service)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("nome del file"), max_length=255)
    content_type = models.CharField(_("tipo"), max_length=100)
    size = models.PositiveIntegerField(_("dimensione (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("caricato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("documento di supporto")
        verbose_name_plural = _("documenti di supporto")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """A reminder e-mail sent to a user about a period's figures: at most one a day each."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    period = models.ForeignKey(MonitoringPeriod, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("inviato il"))
    days_to_deadline = models.IntegerField(
        _("giorni alla scadenza"), help_text=_("Negativo quando la scadenza è passata.")
    )
    indicator_codes = models.JSONField(_("indicatori da inserire"), default=list)

    class Meta:
        verbose_name = _("promemoria inviato")
        verbose_name_plural = _("promemoria inviati")
        ordering = ["-sent_on", "period", "user"]
        constraints = [
            models.UniqueConstraint(fields=["period", "user", "sent_on"], name="one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period} {self.sent_on}"
