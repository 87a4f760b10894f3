"""The audit trail: who changed what, when, from which value to which, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle


class AuditEntry(models.Model):
    """One recorded action. Written only through ``performa.apps.audit.services.audit_record``."""

    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, null=True, blank=True
    )
    # SET_NULL: the trail outlives the cycle, and its object codes still name the year.
    cycle = models.ForeignKey(
        Cycle, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    actor_label = models.CharField(_("autore"), max_length=255)
    action = models.CharField(_("azione"), max_length=64)
    object_type = models.CharField(_("tipo di oggetto"), max_length=64)
    object_code = models.CharField(_("oggetto"), max_length=255, blank=True)
    before = models.JSONField(_("prima"), null=True, blank=True)
    after = models.JSONField(_("dopo"), null=True, blank=True)
    reason = models.TextField(_("motivo"), blank=True)
    created_at = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("voce del registro")
        verbose_name_plural = _("registro delle modifiche")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_code}"
        )
