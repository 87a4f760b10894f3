"""The tenant root: administrations (enti), their organisational units and the people who answer
for objectives. Every other tenant-owned row carries a direct ``administration`` foreign key."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Administration(models.Model):
    """A public administration (ente) using performa; ``code`` is its stable slug."""

    code = models.SlugField(_("codice"), max_length=64, unique=True)
    name = models.CharField(_("denominazione"), max_length=255)
    branding = models.JSONField(
        _("personalizzazione della relazione"),
        default=dict,
        blank=True,
        help_text=_(
            "Colori (primary_colour, good_colour, warning_colour, bad_colour, neutral_colour), "
            "logo_svg e footer_text della Relazione; le chiavi assenti usano i valori predefiniti."
        ),
    )
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


class Role(models.TextChoices):
    """The roles of the performance cycle; permissions per role live in ``access.py``."""

    OFFICE = "office", _("Controllo di gestione")
    SECRETARY_GENERAL = "secretary_general", _("Segretario Generale")
    MANAGER = "manager", _("Dirigente")
    OFFICER = "officer", _("Referente per l'inserimento dati")
    OIV = "oiv", _("OIV")
    VIEWER = "viewer", _("Sola lettura")


class Membership(models.Model):
    """A user's role in one administration; managers and officers answer for some units."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("ruolo"), max_length=32, choices=Role.choices)
    units = models.ManyToManyField(
        OrganisationalUnit, blank=True, verbose_name=_("unità organizzative")
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("persona")
    )

    class Meta:
        verbose_name = _("ruolo di un utente")
        verbose_name_plural = _("ruoli degli utenti")
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "user"], name="one_membership_per_administration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.administration.code})"
