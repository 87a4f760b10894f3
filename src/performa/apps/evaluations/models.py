"""Evaluators' interventions: a score that replaces a computed one, with its justification."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator, PlanNode


class Override(models.Model):
    """An evaluated score on a node or an indicator ("Intervieni"); the computed one is kept."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="overrides")
    node = models.OneToOneField(
        PlanNode, on_delete=models.CASCADE, null=True, blank=True, related_name="override"
    )
    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="override"
    )
    evaluated_percent = models.DecimalField(_("grado valutato %"), max_digits=9, decimal_places=4)
    justification = models.TextField(_("motivazione"))
    evaluator = models.CharField(_("valutatore"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(_("inserito il"), auto_now_add=True)

    class Meta:
        verbose_name = _("intervento del valutatore")
        verbose_name_plural = _("interventi dei valutatori")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(node__isnull=False, indicator__isnull=True)
                | models.Q(node__isnull=True, indicator__isnull=False),
                name="override_on_node_or_indicator",
            ),
            models.CheckConstraint(
                condition=models.Q(evaluated_percent__gte=0, evaluated_percent__lte=100),
                name="override_percent_in_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(justification=""), name="override_needs_justification"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_code}: {self.evaluated_percent} %"

    @property
    def target_code(self) -> str:
        """The code of the node or indicator this override is on."""
        target = self.node or self.indicator
        assert target is not None  # the check constraint guarantees one of the two
        return target.code
