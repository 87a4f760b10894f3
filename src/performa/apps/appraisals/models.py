"""Individual performance: positions over time, evaluation schemes (the SMVP as data) and the
yearly evaluation sheets (schede di valutazione) with their workflow state."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration, OrganisationalUnit, Person
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import PlanNode


class Category(models.TextChoices):
    """Who an evaluation scheme is for (DOMAIN.md §1.4, §3.4)."""

    MANAGER = "manager", _("Dirigenti e Segretario Generale")
    SENIOR_OFFICER = "senior_officer", _("Incarichi di Elevata Qualificazione")
    STAFF = "staff", _("Personale")


class OrganisationalSource(models.TextChoices):
    """Where the organisational component comes from: always the scoring engine."""

    ENTITY = "entity", _("Performance dell'ente")
    UNITS = "units", _("Obiettivi delle unità dirette nell'anno")
    LINKED = "linked", _("Obiettivi collegati alla scheda")


class ScaleConversion(models.TextChoices):
    """``performa.scoring.ScaleConversion`` with Italian labels."""

    PROPORTIONAL = "proportional", _("Proporzionale (voto ÷ massimo)")
    LINEAR = "linear", _("Lineare dal minimo al massimo")


class Position(models.Model):
    """A person's post in a unit for a period: who led what, and when (managers change)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="appraisal_positions",
        verbose_name=_("persona"),
    )
    unit = models.ForeignKey(
        OrganisationalUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisal_positions",
        verbose_name=_("unità organizzativa"),
    )
    category = models.CharField(_("categoria"), max_length=32, choices=Category.choices)
    title = models.CharField(_("incarico"), max_length=255)
    starts_on = models.DateField(_("dal"))
    ends_on = models.DateField(_("al"), null=True, blank=True)

    class Meta:
        verbose_name = _("incarico")
        verbose_name_plural = _("incarichi")
        ordering = ["person", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="position_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.title}"


class Scheme(models.Model):
    """An evaluation scheme of the SMVP: component weights, behaviour scale, bands.

    The shipped schemes are examples; the real values come from the administration's SMVP.
    """

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    code = models.SlugField(_("codice"), max_length=64)
    name = models.CharField(_("denominazione"), max_length=255)
    category = models.CharField(_("categoria"), max_length=32, choices=Category.choices)
    is_default = models.BooleanField(_("predefinito per la categoria"), default=False)
    organisational_weight = models.DecimalField(
        _("peso performance organizzativa %"), max_digits=7, decimal_places=4
    )
    objectives_weight = models.DecimalField(
        _("peso obiettivi individuali %"), max_digits=7, decimal_places=4
    )
    behaviours_weight = models.DecimalField(
        _("peso comportamenti %"), max_digits=7, decimal_places=4
    )
    organisational_source = models.CharField(
        _("fonte della performance organizzativa"),
        max_length=16,
        choices=OrganisationalSource.choices,
        default=OrganisationalSource.UNITS,
    )
    scale_minimum = models.PositiveSmallIntegerField(_("scala: minimo"), default=1)
    scale_maximum = models.PositiveSmallIntegerField(_("scala: massimo"), default=5)
    scale_conversion = models.CharField(
        _("conversione della scala"),
        max_length=16,
        choices=ScaleConversion.choices,
        default=ScaleConversion.PROPORTIONAL,
    )
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        verbose_name = _("schema di valutazione")
        verbose_name_plural = _("schemi di valutazione")
        ordering = ["administration", "category", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "code"], name="unique_scheme_code_per_administration"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The admin refuses weights that do not add up to 100 or a scale upside down."""
        from performa.scoring import AppraisalError, ComponentKind, check_component_weights

        weights = (self.organisational_weight, self.objectives_weight, self.behaviours_weight)
        if all(weight is not None for weight in weights):
            try:
                check_component_weights(dict(zip(ComponentKind, weights, strict=True)))
            except AppraisalError:
                raise ValidationError(
                    _("I pesi delle tre componenti devono essere positivi e sommare a 100.")
                ) from None
        if self.scale_minimum >= self.scale_maximum:
            raise ValidationError(_("Il minimo della scala deve essere minore del massimo."))


class Behaviour(models.Model):
    """A behaviour of a scheme's catalogue (comportamento organizzativo) with its weight."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="behaviours")
    code = models.CharField(_("codice"), max_length=32)
    name = models.CharField(_("comportamento"), max_length=255)
    description = models.TextField(_("descrizione"), blank=True)
    weight = models.DecimalField(_("peso"), max_digits=7, decimal_places=4, default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("comportamento")
        verbose_name_plural = _("comportamenti")
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unique_behaviour_code")
        ]

    def __str__(self) -> str:
        return self.name


class ScaleLevel(models.Model):
    """What a rating means on a scheme's scale (1 = inadeguato ... 5 = eccellente)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="scale_levels")
    value = models.PositiveSmallIntegerField(_("valore"))
    label = models.CharField(_("etichetta"), max_length=64)
    description = models.TextField(_("descrizione"), blank=True)

    class Meta:
        verbose_name = _("livello della scala")
        verbose_name_plural = _("livelli della scala")
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="unique_scale_level")
        ]

    def __str__(self) -> str:
        return f"{self.value} – {self.label}"


class ScoreBand(models.Model):
    """A band of totals (fascia di merito): from ``minimum_percent`` up to the next band."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="bands")
    minimum_percent = models.DecimalField(_("da %"), max_digits=7, decimal_places=4)
    label = models.CharField(_("fascia"), max_length=64)

    class Meta:
        verbose_name = _("fascia di punteggio")
        verbose_name_plural = _("fasce di punteggio")
        ordering = ["scheme", "-minimum_percent"]

    def __str__(self) -> str:
        return self.label


class SheetState(models.TextChoices):
    """The steps of a sheet; the services are the only way from one to the next."""

    ASSIGNED = "assigned", _("Obiettivi assegnati")
    MIDYEAR = "midyear", _("Colloquio intermedio svolto")
    SELF_ASSESSED = "self_assessed", _("Autovalutazione presentata")
    PROPOSED = "proposed", _("Proposta dell'OIV")
    EVALUATED = "evaluated", _("Valutata")
    ACKNOWLEDGED = "acknowledged", _("Presa visione")
    REVIEW_REQUESTED = "review_requested", _("Richiesta di riesame")
    REVIEW_DECIDED = "review_decided", _("Riesame deciso")


class ReviewOutcome(models.TextChoices):
    """How a conciliation ends."""

    CONFIRMED = "confirmed", _("Valutazione confermata")
    MODIFIED = "modified", _("Valutazione modificata")


class Sheet(models.Model):
    """One person's evaluation sheet for a cycle, from assignment to the review's outcome.

    ``evaluator`` decides the evaluation; without one, a collegial body (``evaluator_label``,
    the Giunta for the Segretario Generale) decides and the office records its act. With
    ``is_proposed_by_oiv`` the OIV proposes first (Segretario Generale, dirigenti). The
    component scores are frozen when the evaluation is recorded.
    """

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="appraisal_sheets")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appraisal_sheets", verbose_name=_("persona")
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sheets",
        verbose_name=_("incarico"),
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, verbose_name=_("schema"))
    evaluator = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisal_sheets_to_evaluate",
        verbose_name=_("valutatore"),
    )
    evaluator_label = models.CharField(_("organo valutatore"), max_length=255, blank=True)
    is_proposed_by_oiv = models.BooleanField(_("su proposta dell'OIV"), default=False)
    state = models.CharField(
        _("stato"), max_length=32, choices=SheetState.choices, default=SheetState.ASSIGNED
    )

    assigned_at = models.DateTimeField(_("assegnata il"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assignment_note = models.TextField(_("note dell'assegnazione"), blank=True)

    midyear_at = models.DateTimeField(_("colloquio intermedio il"), null=True, blank=True)
    midyear_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    midyear_note = models.TextField(_("esito del colloquio intermedio"), blank=True)

    self_assessed_at = models.DateTimeField(_("autovalutazione il"), null=True, blank=True)
    self_ratings = models.JSONField(_("autovalutazione"), default=dict, blank=True)
    self_note = models.TextField(_("note dell'autovalutazione"), blank=True)

    proposed_at = models.DateTimeField(_("proposta il"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_ratings = models.JSONField(_("valutazione proposta"), default=dict, blank=True)
    proposal_note = models.TextField(_("motivazione della proposta"), blank=True)

    evaluated_at = models.DateTimeField(_("valutata il"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ratings = models.JSONField(_("valutazione dei comportamenti"), default=dict, blank=True)
    evaluation_note = models.TextField(_("motivazione della valutazione"), blank=True)
    act_reference = models.CharField(_("atto"), max_length=255, blank=True)
    organisational_percent = models.DecimalField(
        max_digits=12, decimal_places=8, null=True, blank=True
    )
    objectives_percent = models.DecimalField(max_digits=12, decimal_places=8, null=True, blank=True)
    behaviours_percent = models.DecimalField(max_digits=12, decimal_places=8, null=True, blank=True)
    total_percent = models.DecimalField(max_digits=12, decimal_places=8, null=True, blank=True)
    band_label = models.CharField(_("fascia"), max_length=64, blank=True)

    acknowledged_at = models.DateTimeField(_("presa visione il"), null=True, blank=True)
    acknowledgement_note = models.TextField(_("osservazioni"), blank=True)

    review_requested_at = models.DateTimeField(_("riesame chiesto il"), null=True, blank=True)
    review_reason = models.TextField(_("motivi della richiesta di riesame"), blank=True)
    review_decided_at = models.DateTimeField(_("riesame deciso il"), null=True, blank=True)
    review_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    review_outcome = models.CharField(
        _("esito del riesame"), max_length=16, choices=ReviewOutcome.choices, blank=True
    )
    review_note = models.TextField(_("motivazione dell'esito"), blank=True)

    class Meta:
        verbose_name = _("scheda di valutazione")
        verbose_name_plural = _("schede di valutazione")
        ordering = ["cycle", "person__position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="one_sheet_per_person_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.cycle.year}"


class SheetObjective(models.Model):
    """An objective of the tree linked to a sheet with a relative weight.

    ``component`` says whether it counts for the individual objectives or, with a scheme whose
    organisational source is ``linked``, for the organisational component.
    """

    class Component(models.TextChoices):
        OBJECTIVES = "objectives", _("Obiettivo individuale")
        ORGANISATIONAL = "organisational", _("Performance organizzativa")

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="objectives")
    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, verbose_name=_("obiettivo"))
    component = models.CharField(
        max_length=16, choices=Component.choices, default=Component.OBJECTIVES
    )
    weight = models.DecimalField(_("peso"), max_digits=7, decimal_places=4, default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("obiettivo della scheda")
        verbose_name_plural = _("obiettivi della scheda")
        ordering = ["sheet", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "node", "component"], name="unique_sheet_objective"
            ),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="sheet_weight_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} → {self.node.code}"
