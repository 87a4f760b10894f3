"""Yearly performance cycles, the names of their tree levels and their monitoring periods."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration


def initial_data_version() -> int:
    """A version no earlier cycle row had: a re-created cycle never meets stale cached scores."""
    return time.time_ns() // 1000


class CycleState(models.TextChoices):
    """Where a cycle stands; only ``VALIDATED`` is read-only."""

    PLANNING = "planning", _("In pianificazione")
    MONITORING = "monitoring", _("In monitoraggio")
    EVALUATION = "evaluation", _("In valutazione")
    VALIDATED = "validated", _("Validato")


class Cycle(models.Model):
    """One year of an administration's performance cycle, with its rule set (SMVP settings)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    year = models.PositiveIntegerField(_("anno"))
    title = models.CharField(_("titolo"), max_length=255, blank=True)
    plan_act = models.CharField(_("atto di approvazione del piano"), max_length=255, blank=True)
    report_act = models.CharField(_("atto di adozione della relazione"), max_length=255, blank=True)
    state = models.CharField(
        _("stato"), max_length=16, choices=CycleState.choices, default=CycleState.PLANNING
    )
    data_version = models.PositiveBigIntegerField(
        default=initial_data_version,
        editable=False,
        help_text=_(
            "Incrementata a ogni modifica dei dati del ciclo: invalida i punteggi in cache."
        ),
    )
    rules = models.JSONField(
        _("regole di misurazione"),
        default=dict,
        blank=True,
        help_text=_("Impostazioni del sistema di misurazione (RuleSet.to_settings)."),
    )

    class Meta:
        verbose_name = _("ciclo")
        verbose_name_plural = _("cicli")
        ordering = ["administration", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "year"], name="unique_cycle_year")
        ]

    def __str__(self) -> str:
        return f"{self.administration} {self.year}"


class PlanLevel(models.Model):
    """A level of a cycle's tree with its configured name; depth 0 is the entity."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="levels")
    depth = models.PositiveSmallIntegerField(_("profondità"))
    key = models.SlugField(_("chiave"), max_length=64)
    name = models.CharField(_("nome"), max_length=128)

    class Meta:
        verbose_name = _("livello dell'albero")
        verbose_name_plural = _("livelli dell'albero")
        ordering = ["cycle", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="unique_level_key"),
            models.UniqueConstraint(fields=["cycle", "depth"], name="unique_level_depth"),
        ]

    def __str__(self) -> str:
        return self.name


class MonitoringPeriod(models.Model):
    """A monitoring period (rilevazione): first half, year end...; the final one feeds the report."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="periods")
    code = models.CharField(_("codice"), max_length=32)
    name = models.CharField(_("nome"), max_length=128)
    starts_on = models.DateField(_("inizio"))
    ends_on = models.DateField(_("fine"))
    is_final = models.BooleanField(_("rilevazione finale"), default=False)
    is_open = models.BooleanField(
        _("aperta all'inserimento"),
        default=False,
        help_text=_("Solo in un periodo aperto i referenti inseriscono e inviano i valori."),
    )
    deadline_on = models.DateField(
        _("scadenza per l'inserimento"),
        null=True,
        blank=True,
        help_text=_("Data entro cui i valori vanno inviati; i promemoria la richiamano."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("periodo di rilevazione")
        verbose_name_plural = _("periodi di rilevazione")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="unique_period_code"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ValidationAct(models.Model):
    """The OIV's validation of a cycle: after it the cycle is read-only and its results frozen.

    ``snapshot`` holds every figure as computed at validation time (the ``performa score``
    JSON), so later changes to rules or code cannot alter the validated results.
    """

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="validation")
    act_reference = models.CharField(_("estremi dell'atto"), max_length=255)
    act_on = models.DateField(_("data dell'atto"))
    text = models.TextField(_("testo della validazione"))
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    validated_at = models.DateTimeField(_("registrata il"), auto_now_add=True)
    snapshot = models.JSONField(_("risultati congelati"))

    class Meta:
        verbose_name = _("validazione dell'OIV")
        verbose_name_plural = _("validazioni dell'OIV")

    def __str__(self) -> str:
        return f"{self.cycle} – {self.act_reference}"
