"""Publications (frozen public snapshots of a cycle) and the API tokens of integrations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle


class PublicationKind(models.TextChoices):
    """What the law publishes in "Amministrazione trasparente > Performance"."""

    PLAN = "plan", _("Piano della performance")
    RESULTS = "results", _("Risultati e Relazione sulla performance")


class Publication(models.Model):
    """A frozen snapshot of what the office published: public pages and open data read only it.

    ``snapshot`` holds public data only (tree, indicators, targets and, for results, the
    validated figures): no drafts, comments, evidence, people or individual evaluations.
    ``digest`` is the SHA-256 of its canonical JSON: the ETag of every public page.
    """

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="publications")
    kind = models.CharField(_("contenuto"), max_length=16, choices=PublicationKind.choices)
    snapshot = models.JSONField(_("dati pubblicati"))
    digest = models.CharField(_("impronta"), max_length=64)
    published_at = models.DateTimeField(_("pubblicata il"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("ritirata il"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pubblicazione")
        verbose_name_plural = _("pubblicazioni")
        ordering = ["cycle", "kind", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_current_publication_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} – {self.get_kind_display()}"


class ApiToken(models.Model):
    """A key an integration sends as ``Authorization: Bearer <key>``; it acts as its user in
    its administration, with that user's role. Only the SHA-256 of the key is stored."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nome"), max_length=128)
    prefix = models.CharField(_("inizio della chiave"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("ultimo uso"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revocato il"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["administration", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
