"""The organisation and its staff, per cycle: bodies (organi) and their members, staff figures
(counts, hours, days: never personal records) and the links of plan indicators to them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator


class BodyKind(models.TextChoices):
    """The bodies of a chamber of commerce (L. 580/1993) and the OIV."""

    COUNCIL = "council", _("Consiglio")
    EXECUTIVE_BOARD = "executive_board", _("Giunta")
    PRESIDENT = "president", _("Presidente")
    AUDITORS = "auditors", _("Collegio dei revisori")
    OIV = "oiv", _("OIV")
    SECRETARY_GENERAL = "secretary_general", _("Segretario generale")
    OTHER = "other", _("Altro organo")


class Body(models.Model):
    """A body of the administration in a cycle (Consiglio, Giunta…), shown in §2.2."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("tipo"), max_length=32, choices=BodyKind.choices)
    name = models.CharField(_("nome"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("organo")
        verbose_name_plural = _("organi")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="unique_body_name_per_cycle")
        ]

    def __str__(self) -> str:
        return self.name


class BodyMember(models.Model):
    """A member of a body with role, sector represented and term (dates optional)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("nome e cognome"), max_length=200)
    role = models.CharField(_("ruolo"), max_length=200, blank=True)
    sector = models.CharField(_("settore di appartenenza"), max_length=200, blank=True)
    starts_on = models.DateField(_("in carica dal"), null=True, blank=True)
    ends_on = models.DateField(_("in carica fino al"), null=True, blank=True)
    note = models.CharField(_("nota"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("componente di un organo")
        verbose_name_plural = _("componenti degli organi")
        ordering = ["body", "position"]

    def __str__(self) -> str:
        return self.name


class StaffMeasure(models.TextChoices):
    """What a staff figure counts."""

    HEADCOUNT = "headcount", _("personale in servizio")
    PART_TIME = "part_time", _("personale a tempo parziale")
    FTE = "fte", _("personale equivalente (FTE)")
    TRAINING_HOURS = "training_hours", _("ore di formazione")
    LEAVE_DAYS = "leave_days", _("giorni di congedo")


class StaffBreakdown(models.TextChoices):
    """The dimension a staff figure is broken down by."""

    TOTAL = "total", _("totale")
    CATEGORY = "category", _("categoria")
    POSITION = "position", _("incarico")
    EDUCATION = "education", _("titolo di studio")
    AGE_BAND = "age_band", _("fascia di età")
    LEAVE_TYPE = "leave_type", _("tipo di congedo")


class StaffGender(models.TextChoices):
    FEMALE = "F", _("donne")
    MALE = "M", _("uomini")
    ALL = "", _("tutti")


class StaffFigure(models.Model):
    """One staff figure of a cycle's year: a count, hours or days for one value of one
    dimension and one gender (``""`` = both). Aggregates only, never a person's record."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="staff_figures")
    measure = models.CharField(_("misura"), max_length=32, choices=StaffMeasure.choices)
    breakdown = models.CharField(_("dimensione"), max_length=32, choices=StaffBreakdown.choices)
    item = models.CharField(_("voce"), max_length=200)
    gender = models.CharField(_("genere"), max_length=1, choices=StaffGender.choices, blank=True)
    value = models.DecimalField(_("valore"), max_digits=14, decimal_places=2)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dato sul personale")
        verbose_name_plural = _("dati sul personale")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "measure", "breakdown", "item", "gender"],
                name="unique_staff_figure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.breakdown} {self.item} {self.gender}".strip()


class StaffIndicatorSource(models.Model):
    """A plan indicator whose actual comes from a staff figure (shown on the indicator)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="staff_source"
    )
    measure = models.CharField(_("misura"), max_length=32, choices=StaffMeasure.choices)
    breakdown = models.CharField(_("dimensione"), max_length=32, choices=StaffBreakdown.choices)
    item = models.CharField(_("voce"), max_length=200)
    gender = models.CharField(_("genere"), max_length=1, choices=StaffGender.choices, blank=True)

    class Meta:
        verbose_name = _("fonte del personale di un indicatore")
        verbose_name_plural = _("fonti del personale degli indicatori")

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.measure}/{self.breakdown}/{self.item}/{self.gender}"


class StaffFiguresInfo(models.Model):
    """What the report says of a cycle's staff figures: their reference date and provenance
    (e.g. which figures are examples)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="staff_info")
    as_of = models.CharField(_("data di riferimento"), max_length=32, blank=True)
    note = models.TextField(_("nota sui dati"), blank=True)

    class Meta:
        verbose_name = _("nota sui dati del personale")
        verbose_name_plural = _("note sui dati del personale")

    def __str__(self) -> str:
        return self.as_of
