"""Surveys of a cycle (customer satisfaction, organisational well-being): their anonymous
answers, the results of earlier years, and the indicators they feed."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from performa.apps.administrations.models import Administration
from performa.apps.cycles.models import Cycle
from performa.apps.plans.models import Indicator


class SurveyKind(models.TextChoices):
    """What a survey asks about."""

    CUSTOMER = "customer", _("Customer satisfaction")
    WELLBEING = "wellbeing", _("Benessere organizzativo")


class SurveyStatisticChoice(models.TextChoices):
    """Which statistic of a survey an indicator takes (``performa.scoring.surveys``)."""

    MEAN = "mean", _("Voto medio")
    SATISFACTION_PERCENT = "satisfaction_percent", _("Indice di soddisfazione (%)")
    DISSATISFIED_PERCENT = "dissatisfied_percent", _("Quota di insoddisfatti (%)")
    COUNT = "count", _("Numero di risposte")


class Survey(models.Model):
    """One survey of a cycle, with its method, scale and bands, and the file it came from."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(
        _("tipo"), max_length=16, choices=SurveyKind.choices, default=SurveyKind.CUSTOMER
    )
    title = models.CharField(_("titolo"), max_length=200)
    method_note = models.TextField(_("nota metodologica"), blank=True)
    scale_minimum = models.DecimalField(
        _("voto minimo"), max_digits=6, decimal_places=2, default=Decimal(1)
    )
    scale_maximum = models.DecimalField(
        _("voto massimo"), max_digits=6, decimal_places=2, default=Decimal(10)
    )
    satisfied_from = models.DecimalField(
        _("soddisfatti da"), max_digits=6, decimal_places=2, default=Decimal(7)
    )
    dissatisfied_up_to = models.DecimalField(
        _("insoddisfatti fino a"), max_digits=6, decimal_places=2, default=Decimal(4)
    )
    contacted_count = models.PositiveIntegerField(
        _("utenti invitati"), null=True, blank=True, help_text=_("Per il tasso di risposta.")
    )
    fielded_from = models.DateField(_("inizio della rilevazione"), null=True, blank=True)
    fielded_to = models.DateField(_("fine della rilevazione"), null=True, blank=True)
    service_header = models.CharField(_("colonna del servizio"), max_length=300, blank=True)
    key_question = models.CharField(_("domanda del giudizio complessivo"), max_length=500)
    questions = models.JSONField(
        _("domande"), default=list, help_text=_("[{header, is_mark}], nell'ordine del file.")
    )
    file_name = models.CharField(_("file importato"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("importato il"), auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("indagine")
        verbose_name_plural = _("indagini")
        ordering = ["cycle", "kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "title"], name="unique_survey_title")
        ]

    def __str__(self) -> str:
        return self.title


class SurveyAnswer(models.Model):
    """One questionnaire, anonymous: its service and its answers aligned to ``questions``
    (marks as decimal strings, text as written, ``None`` when not answered)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    row = models.PositiveIntegerField(_("riga del file"))
    service = models.CharField(_("servizio"), max_length=300, blank=True)
    values = models.JSONField(_("risposte"), default=list)

    class Meta:
        verbose_name = _("questionario")
        verbose_name_plural = _("questionari")
        ordering = ["survey", "row"]

    def __str__(self) -> str:
        return f"{self.survey} #{self.row}"


class EarlierYearResult(models.Model):
    """A published result of an earlier year, typed when its answers are not available.

    ``service`` blank: the whole survey. Any statistic may be missing.
    """

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    kind = models.CharField(
        _("tipo"), max_length=16, choices=SurveyKind.choices, default=SurveyKind.CUSTOMER
    )
    year = models.PositiveIntegerField(_("anno"))
    service = models.CharField(_("servizio"), max_length=300, blank=True)
    answer_count = models.PositiveIntegerField(_("risposte"), null=True, blank=True)
    mean = models.DecimalField(
        _("voto medio"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    satisfaction_percent = models.DecimalField(
        _("indice di soddisfazione (%)"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    dissatisfied_percent = models.DecimalField(
        _("insoddisfatti (%)"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(_("fonte"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("risultato di un anno precedente")
        verbose_name_plural = _("risultati degli anni precedenti")
        ordering = ["administration", "kind", "year", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "kind", "year", "service"],
                name="unique_earlier_year_result",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} {self.service}".strip()


class SurveyIndicatorLink(models.Model):
    """An indicator whose actual value is a statistic of a survey (of one service, or overall
    when ``service`` is blank)."""

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="survey_links")
    statistic = models.CharField(
        _("statistica"),
        max_length=32,
        choices=SurveyStatisticChoice.choices,
        default=SurveyStatisticChoice.MEAN,
    )
    service = models.CharField(_("servizio"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicatore alimentato da un'indagine")
        verbose_name_plural = _("indicatori alimentati da indagini")
        ordering = ["survey", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator"], name="one_survey_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} ← {self.survey}"
