"""Library indicators (defined once, per administration or common to all) and their adoptions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.library.choices import (
    POLARITIES_FOR_TYPE,
    AdoptionOrigin,
    Polarity,
    ValueType,
)
from performa.apps.plans.formulas import formula_problem
from performa.apps.plans.models import Indicator


class LibraryIndicator(models.Model):
    """An indicator defined once, without targets (those belong to each cycle).

    ``owner`` is the administration whose library holds it, or ``NULL`` for the common library
    every administration reads (the Unioncamere "obiettivi comuni di sistema"), managed by a
    superuser in the admin.
    """

    owner = models.ForeignKey(
        Administration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_indicators",
        verbose_name=_("amministrazione"),
        help_text=_("Vuoto: libreria comune a tutte le amministrazioni."),
    )
    code = models.CharField(_("codice"), max_length=64)
    name = models.CharField(_("denominazione"), max_length=500)
    description = models.TextField(_("descrizione"), blank=True)
    unit = models.CharField(_("unità di misura"), max_length=32, blank=True)
    value_type = models.CharField(
        _("tipo di valore"), max_length=16, choices=ValueType.choices, default=ValueType.NUMBER
    )
    polarity = models.CharField(
        _("polarità"), max_length=16, choices=Polarity.choices, default=Polarity.HIGHER
    )
    formula = models.TextField(
        _("formula"),
        blank=True,
        help_text=_("Facoltativa: per esempio «(pratiche_evase / pratiche_ricevute) * 100»."),
    )
    data_source = models.CharField(_("fonte dei dati"), max_length=500, blank=True)
    responsible_unit = models.CharField(_("unità responsabile"), max_length=255, blank=True)
    notes = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    """Raised by every change, so that an edit based on a stale page is refused."""
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    class Meta:
        verbose_name = _("indicatore della libreria")
        verbose_name_plural = _("indicatori della libreria")
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "code"], name="unique_library_code"),
            # NULLs are distinct in a unique constraint: the common library needs its own.
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(owner__isnull=True),
                name="unique_common_library_code",
            ),
            models.CheckConstraint(
                condition=models.Q(value_type__in=ValueType.values),
                name="library_value_type_known",
            ),
            models.CheckConstraint(
                condition=models.Q(polarity__in=Polarity.values),
                name="library_polarity_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_common(self) -> bool:
        return self.owner_id is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        problem = formula_problem(self.formula)
        if problem:
            errors["formula"] = problem
        if self.polarity not in POLARITIES_FOR_TYPE.get(self.value_type, frozenset()):
            errors["polarity"] = gettext(
                "La polarità «%(polarity)s» non si applica a un indicatore di tipo «%(type)s»."
            ) % {
                "polarity": Polarity(self.polarity).label if self.polarity in Polarity else "",
                "type": ValueType(self.value_type).label if self.value_type in ValueType else "",
            }
        if errors:
            raise ValidationError(errors)


class Adoption(models.Model):
    """A cycle indicator linked to the library entry it was adopted from (or added as)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    library_indicator = models.ForeignKey(
        LibraryIndicator,
        on_delete=models.RESTRICT,
        related_name="adoptions",
        verbose_name=_("indicatore della libreria"),
    )
    cycle_indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        related_name="library_adoption",
        verbose_name=_("indicatore del ciclo"),
    )
    origin = models.CharField(
        _("origine"), max_length=16, choices=AdoptionOrigin.choices, default=AdoptionOrigin.ADOPTED
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adottato da"),
    )
    adopted_at = models.DateTimeField(_("adottato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("adozione")
        verbose_name_plural = _("adozioni")
        ordering = ["-adopted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.library_indicator.code} → {self.cycle_indicator}"
