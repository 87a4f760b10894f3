"""Yearly performance cycles, the names of their tree levels and their monitoring periods."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration


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
