"""The tenant root: administrations (enti), their organisational units and the people who answer
for objectives. Every other tenant-owned row carries a direct ``administration`` foreign key."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Administration(models.Model):
    """A public administration (ente) using performa; ``code`` is its stable slug."""

    code = models.SlugField(_("codice"), max_length=64, unique=True)
    name = models.CharField(_("denominazione"), max_length=255)
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)

    class Meta:
        verbose_name = _("amministrazione")
        verbose_name_plural = _("amministrazioni")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationalUnit(models.Model):
    """An organisational unit (area, servizio) of an administration."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    code = models.CharField(_("codice"), max_length=64)
    name = models.CharField(_("denominazione"), max_length=255)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("unità organizzativa")
        verbose_name_plural = _("unità organizzative")
        ordering = ["administration", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "code"], name="unique_unit_code_per_administration"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone who answers for objectives: the Segretario Generale, a dirigente."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    code = models.CharField(_("codice"), max_length=64)
    name = models.CharField(_("nome"), max_length=255)
    title = models.CharField(_("incarico"), max_length=255, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("persone")
        ordering = ["administration", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "code"], name="unique_person_code_per_administration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name
