"""The performance tree of a cycle: nodes at any depth, indicators and their weighted links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration, OrganisationalUnit, Person
from performa.apps.cycles.models import Cycle, PlanLevel
from performa.scoring.model import Comparator


class IndicatorComparator(models.TextChoices):
    """The comparators of ``performa.scoring.model.Comparator``, with Italian labels."""

    AT_LEAST = Comparator.AT_LEAST.value, _(">= (almeno)")
    MORE_THAN = Comparator.MORE_THAN.value, _("> (più di)")
    AT_MOST = Comparator.AT_MOST.value, _("<= (al massimo)")
    LESS_THAN = Comparator.LESS_THAN.value, _("< (meno di)")
    EQUAL = Comparator.EQUAL.value, _("= (uguale a)")
    BETWEEN = Comparator.BETWEEN.value, _("tra (intervallo)")
    DEADLINE = Comparator.DEADLINE.value, _("entro (scadenza)")
    YES_NO = Comparator.YES_NO.value, _("sì/no")


class PlanNode(models.Model):
    """A node of the tree below the entity: strategic area, strategic or operational objective."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="nodes")
    level = models.ForeignKey(PlanLevel, on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("codice"), max_length=64)
    name = models.CharField(_("denominazione"), max_length=500)
    description = models.TextField(_("descrizione"), blank=True)
    weight = models.DecimalField(_("peso %"), max_digits=9, decimal_places=4, null=True, blank=True)
    owner_unit = models.ForeignKey(
        OrganisationalUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("unità responsabile"),
    )
    manager = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("responsabile")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nodo dell'albero")
        verbose_name_plural = _("nodi dell'albero")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="unique_node_code"),
            models.CheckConstraint(
                condition=models.Q(weight__isnull=True) | models.Q(weight__gte=0),
                name="node_weight_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    """An indicator of a cycle with its target; its figures are ``Measurement`` rows."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("codice"), max_length=64)
    name = models.CharField(_("denominazione"), max_length=500)
    unit = models.CharField(_("unità di misura"), max_length=32, blank=True)
    comparator = models.CharField(_("operatore"), max_length=8, choices=IndicatorComparator.choices)
    target_value = models.DecimalField(
        _("target"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    target_upper = models.DecimalField(
        _("target (limite superiore)"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    target_due_on = models.DateField(_("scadenza"), null=True, blank=True)
    target_expected = models.BooleanField(_("risposta attesa"), null=True, blank=True)
    description = models.TextField(_("descrizione"), blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    baseline_year = models.PositiveIntegerField(_("anno della baseline"), null=True, blank=True)
    data_source = models.CharField(_("fonte dei dati"), max_length=500, blank=True)
    notes = models.TextField(_("note"), blank=True)
    position = models.PositiveIntegerField(default=0)
    formula = models.TextField(
        _("formula"),
        blank=True,
        help_text=_(
            "Se indicata, il valore effettivo si calcola dalle misure di base, per esempio "
            "«pagate_30gg / fatture_totali * 100»."
        ),
    )
    target_to_review = models.BooleanField(
        _("target da verificare"),
        default=False,
        help_text=_(
            "Target riportato da un ciclo precedente che l'ufficio deve ancora verificare."
        ),
    )

    class Meta:
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="unique_indicator_code"),
            models.CheckConstraint(
                condition=models.Q(comparator__in=IndicatorComparator.values),
                name="indicator_comparator_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BaseMeasure(models.Model):
    """A named figure entered once per period (invoices paid, staff in FTE…) that formula
    indicators combine; its code is the name formulas use."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="base_measures")
    code = models.CharField(_("codice"), max_length=64)
    name = models.CharField(_("denominazione"), max_length=500)
    unit = models.CharField(_("unità di misura"), max_length=32, blank=True)
    description = models.TextField(_("descrizione"), blank=True)
    data_source = models.CharField(_("fonte dei dati"), max_length=500, blank=True)
    responsible_unit = models.ForeignKey(
        OrganisationalUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("unità che la rileva"),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("misura di base")
        verbose_name_plural = _("misure di base")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="unique_base_measure_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorYearTarget(models.Model):
    """An indicator's target for a year after its cycle's (N+1, N+2): a strategic objective
    spans three years, the cycle's own target being the one in ``Indicator``."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="year_targets")
    year = models.PositiveIntegerField(_("anno"))
    comparator = models.CharField(_("operatore"), max_length=8, choices=IndicatorComparator.choices)
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=6, null=True, blank=True)
    upper = models.DecimalField(
        _("target (limite superiore)"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    due_on = models.DateField(_("scadenza"), null=True, blank=True)
    expected = models.BooleanField(_("risposta attesa"), null=True, blank=True)

    class Meta:
        verbose_name = _("target pluriennale")
        verbose_name_plural = _("target pluriennali")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_indicator_year"),
            models.CheckConstraint(
                condition=models.Q(comparator__in=IndicatorComparator.values),
                name="year_target_comparator_known",
            ),
            # The last line behind the services' checks: each operator has what it needs.
            models.CheckConstraint(
                condition=~models.Q(comparator=IndicatorComparator.BETWEEN)
                | (models.Q(value__isnull=False) & models.Q(upper__gte=models.F("value"))),
                name="year_target_between_bounds",
            ),
            models.CheckConstraint(
                condition=~models.Q(comparator=IndicatorComparator.DEADLINE)
                | models.Q(due_on__isnull=False),
                name="year_target_deadline_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(comparator=IndicatorComparator.YES_NO)
                | models.Q(expected__isnull=False),
                name="year_target_yes_no_answer",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    comparator__in=[
                        IndicatorComparator.BETWEEN,
                        IndicatorComparator.DEADLINE,
                        IndicatorComparator.YES_NO,
                    ]
                )
                | models.Q(value__isnull=False),
                name="year_target_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}"


class IndicatorLink(models.Model):
    """An indicator counted in an objective with a planned weight (an indicator may serve several)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="links")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="links")
    weight = models.DecimalField(_("peso %"), max_digits=9, decimal_places=4, null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("collegamento indicatore-obiettivo")
        verbose_name_plural = _("collegamenti indicatore-obiettivo")
        ordering = ["node", "position"]
        constraints = [
            models.UniqueConstraint(fields=["node", "indicator"], name="unique_link"),
            models.CheckConstraint(
                condition=models.Q(weight__isnull=True) | models.Q(weight__gte=0),
                name="link_weight_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node.code} ← {self.indicator.code}"


class Assignment(models.Model):
    """A person answering for an objective: the Relazione's individual objectives (section 4)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="assignments")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("obiettivo assegnato")
        verbose_name_plural = _("obiettivi assegnati")
        ordering = ["person", "position"]
        constraints = [models.UniqueConstraint(fields=["person", "node"], name="unique_assignment")]

    def __str__(self) -> str:
        return f"{self.person} → {self.node.code}"


class PlanNote(models.Model):
    """A remark recorded with a cycle's data, such as a discrepancy in a source document."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="notes")
    location = models.TextField(_("riferimento"))
    reference_value = models.TextField(_("valore nel documento"), blank=True)
    performa_value = models.TextField(_("valore in performa"), blank=True)
    note = models.TextField(_("nota"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nota")
        verbose_name_plural = _("note")
        ordering = ["cycle", "position"]

    def __str__(self) -> str:
        return self.location


class PlanVersionStatus(models.TextChoices):
    """A revision is opened, the plan edited, then the version recorded."""

    OPEN = "open", _("Variazione in corso")
    RECORDED = "recorded", _("Registrata")


class PlanVersion(models.Model):
    """A version of a cycle's plan: the adopted plan (number 1) and each revision (variazione).

    Once a cycle has left planning, its plan changes only through a revision: the office opens
    one with the act that approves it (act reference and date), edits the plan, and records
    it; recording keeps the whole plan as it then stands (``snapshot``: the plan workbook,
    figures left out), so every version can be shown, exported and compared with another.
    """

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField(_("versione"))
    status = models.CharField(
        _("stato"), max_length=16, choices=PlanVersionStatus.choices, default=PlanVersionStatus.OPEN
    )
    act_reference = models.CharField(
        _("atto"), max_length=255, help_text=_("Per esempio «Delibera di Giunta n. 12»")
    )
    act_on = models.DateField(_("data dell'atto"))
    reason = models.TextField(_("motivo della variazione"), blank=True)
    snapshot = models.BinaryField(_("piano registrato"), null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("aperta il"), auto_now_add=True)
    recorded_at = models.DateTimeField(_("registrata il"), null=True, blank=True)

    class Meta:
        verbose_name = _("versione del piano")
        verbose_name_plural = _("versioni del piano")
        ordering = ["cycle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="unique_plan_version"),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=models.Q(status="open"),
                name="one_open_revision_per_cycle",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} v{self.number} ({self.act_reference})"
