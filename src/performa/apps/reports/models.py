"""The Relazione's texts written by the office, its process phases, and the generated files."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle


class Narrative(models.Model):
    """A block of text for one place of the Relazione (premessa, overall evaluation...)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="narratives")
    key = models.SlugField(_("chiave"), max_length=64)
    title = models.CharField(_("titolo"), max_length=255)
    text = models.TextField(_("testo"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("testo della relazione")
        verbose_name_plural = _("testi della relazione")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="unique_narrative_key")
        ]

    def __str__(self) -> str:
        return self.title


class ProcessYear(models.TextChoices):
    MEASURED = "N", _("Anno N")
    REPORTING = "N+1", _("Anno N+1")


class ProcessStep(models.Model):
    """A phase of the measurement and evaluation process: what, who, how, when."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="process_steps")
    year = models.CharField(_("anno"), max_length=4, choices=ProcessYear.choices)
    what = models.TextField(_("cosa"))
    who = models.TextField(_("chi"), blank=True)
    how = models.TextField(_("come"), blank=True)
    when = models.CharField(_("quando"), max_length=255, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("fase del processo")
        verbose_name_plural = _("fasi del processo")
        ordering = ["cycle", "position"]

    def __str__(self) -> str:
        return self.what
