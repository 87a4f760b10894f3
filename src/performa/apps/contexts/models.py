"""Context and resources data of a cycle: tables the office enters (economy, organs, staff,
surveys, finances), shown in the Relazione as tables and, where chosen, as charts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle


class ContextSection(models.TextChoices):
    """Where the Relazione shows a context table."""

    ECONOMY = "economy", _("Contesto economico")
    ORGANISATION = "organisation", _("Organizzazione")
    STAFF = "staff", _("Personale")
    WELLBEING = "wellbeing", _("Benessere organizzativo")
    CUSTOMER_SATISFACTION = "customer_satisfaction", _("Customer satisfaction")
    RESOURCES = "resources", _("Risorse economiche")


class ChartKind(models.TextChoices):
    NONE = "", _("Nessun grafico")
    BAR = "bar", _("Barre orizzontali")
    COLUMN = "column", _("Colonne")
    PIE = "pie", _("Torta")
    LINE = "line", _("Linee")


class ContextTable(models.Model):
    """A table of context data with its column labels, source note and chart choice."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="context_tables")
    code = models.SlugField(_("codice"), max_length=64)
    title = models.CharField(_("titolo"), max_length=500)
    section = models.CharField(_("sezione"), max_length=32, choices=ContextSection.choices)
    columns = models.JSONField(_("colonne"), default=list)
    source = models.CharField(_("fonte"), max_length=500, blank=True)
    chart = models.CharField(_("grafico"), max_length=16, choices=ChartKind.choices, blank=True)
    unit = models.CharField(_("unità di misura"), max_length=32, blank=True)
    note = models.TextField(_("nota"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tabella di contesto")
        verbose_name_plural = _("tabelle di contesto")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="unique_context_table_code")
        ]

    def __str__(self) -> str:
        return self.title


class ContextTableRow(models.Model):
    """A row: its label, unit, and one value per column.

    ``values`` is a JSON list of ``{"number": "1779.4"}`` / ``{"text": "…"}`` / ``null``, so
    that decimals stay exact and a number is never confused with a text that looks like one.
    """

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    table = models.ForeignKey(ContextTable, on_delete=models.CASCADE, related_name="rows")
    label = models.CharField(_("etichetta"), max_length=500)
    unit = models.CharField(_("unità di misura"), max_length=32, blank=True)
    values = models.JSONField(_("valori"), default=list)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("riga di tabella di contesto")
        verbose_name_plural = _("righe di tabelle di contesto")
        ordering = ["table", "position"]

    def __str__(self) -> str:
        return self.label
