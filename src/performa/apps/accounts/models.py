"""Failed log-ins, kept briefly so that password guessing is slowed down (login throttling)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """One failed log-in: the user name tried (lower case) and the client address.

    In the database rather than a per-process cache, so that every server process counts the
    same attempts. Old rows are removed as new ones are written.
    """

    username = models.CharField(_("nome utente"), max_length=150, db_index=True)
    address = models.GenericIPAddressField(_("indirizzo"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("quando"), db_index=True)

    class Meta:
        verbose_name = _("accesso non riuscito")
        verbose_name_plural = _("accessi non riusciti")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.address or ''}"
